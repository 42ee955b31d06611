import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../bot/paths';
import { AppPackageError, buildAppPackage } from './buildAppPackage';
import { renderColorIcon, renderOutlineIcon } from './icons';
import { APP_PACKAGE_DIR } from './manifestTemplate';
import { PackageConfigError, USAGE, resolvePackageSettings, usesFallbackLinks } from './packageSettings';

/**
 * `npm run package`: builds the Teams app package for one installation. This is a build tool run by
 * an admin or the pipeline, so it reads its own options from the environment (the bot never does).
 */

function packageVersion(): string {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    if (pkg !== null && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
    return '1.0.0';
}

function writeIcons(): void {
    fs.writeFileSync(path.join(APP_PACKAGE_DIR, 'color.png'), renderColorIcon());
    fs.writeFileSync(path.join(APP_PACKAGE_DIR, 'outline.png'), renderOutlineIcon());
    process.stdout.write(`Pictogrammen geschreven in ${path.relative(process.cwd(), APP_PACKAGE_DIR) || '.'}\n`);
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
    if (argv.includes('--help')) {
        process.stdout.write(USAGE);
        return 0;
    }
    try {
        if (argv.includes('--write-icons')) {
            writeIcons();
            return 0;
        }
        const settings = resolvePackageSettings(env, argv, packageVersion());
        const pkg = buildAppPackage(settings);
        const outFile = path.resolve(settings.outFile ?? path.join(APP_PACKAGE_DIR, 'build', pkg.fileName));
        fs.mkdirSync(path.dirname(outFile), { recursive: true });
        fs.writeFileSync(outFile, pkg.zip);
        fs.writeFileSync(path.join(path.dirname(outFile), 'manifest.json'), `${JSON.stringify(pkg.manifest, null, 2)}\n`);
        process.stdout.write(
            `Teams-app-pakket gemaakt: ${outFile}\n` +
                `  app-id bot: ${settings.botId}\n  Teams-app-id: ${settings.teamsAppId}\n` +
                `  domein: ${settings.botDomain}\n  versie: ${settings.version}\n` +
                'Upload dit bestand in het Teams-beheercentrum (Teams-apps > Apps beheren > Uploaden).\n',
        );
        if (usesFallbackLinks(settings)) {
            process.stdout.write(
                'Let op: de links naar privacyverklaring en gebruiksvoorwaarden wijzen nog naar de bot zelf. ' +
                    'Geef bij voorkeur de pagina van de gemeente op met --privacy-url en --terms-url.\n',
            );
        }
        return 0;
    } catch (error) {
        if (error instanceof PackageConfigError || error instanceof AppPackageError) {
            process.stderr.write(`${error.message}\n\n${USAGE}`);
            return 1;
        }
        throw error;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), process.env);
}
