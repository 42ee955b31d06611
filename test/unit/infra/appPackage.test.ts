import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { repoRoot } from '../../../bot/paths';
import { AppPackageError, buildAppPackage } from '../../../infra/appPackage/buildAppPackage';
import { ACCENT_COLOR, renderColorIcon, renderOutlineIcon } from '../../../infra/appPackage/icons';
import { ManifestSchemaError, manifestSchemaPath, validateManifest } from '../../../infra/appPackage/manifestSchema';
import { type JsonObject, readManifestTemplate, renderManifest } from '../../../infra/appPackage/manifestTemplate';
import { main } from '../../../infra/appPackage/packageCli';
import { type AppPackageSettings, PackageConfigError, resolvePackageSettings } from '../../../infra/appPackage/packageSettings';
import { createZip, ZipError } from '../../../infra/appPackage/zip';
import { readPngInfo, readRgbaPixels } from './pngReader';
import { readZip } from './zipReader';

const BOT_ID = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const DOMAIN = 'signaalbot-prd-abc123.azurewebsites.net';

const SETTINGS: AppPackageSettings = {
    botId: BOT_ID,
    teamsAppId: BOT_ID,
    botDomain: DOMAIN,
    version: '1.2.3',
    developerName: 'Gemeenten IJsselstreek',
    websiteUrl: 'https://www.example.nl/',
    privacyUrl: 'https://www.example.nl/privacy',
    termsUrl: 'https://www.example.nl/voorwaarden',
};

type BotEntry = { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] };

function bots(manifest: JsonObject): BotEntry[] {
    return manifest.bots as unknown as BotEntry[];
}

function errorOf(fn: () => unknown): unknown {
    try {
        fn();
    } catch (error) {
        return error;
    }
    assert.fail('expected an error');
}

describe('Teams app package', () => {
    describe('manifest', () => {
        it('uses the newest manifest schema that @microsoft/app-manifest ships (1.25 or newer), available offline', () => {
            const template = readManifestTemplate();
            const [major, minor] = String(template.manifestVersion).split('.').map(Number);
            assert.equal(major, 1);
            assert.ok(minor >= 25, `manifestVersion ${String(template.manifestVersion)} is older than 1.25 (no supportsChannelFeatures)`);
            assert.ok(fs.existsSync(manifestSchemaPath(String(template.manifestVersion))));
            assert.match(String(template.$schema), new RegExp(`/v${String(template.manifestVersion)}/MicrosoftTeams\\.schema\\.json$`));
            const schemaDir = path.dirname(path.dirname(manifestSchemaPath(String(template.manifestVersion))));
            const shipped = fs
                .readdirSync(schemaDir)
                .map((name) => /^v1\.(\d+)$/.exec(name))
                .filter((m): m is RegExpExecArray => m !== null)
                .map((m) => Number(m[1]));
            assert.equal(minor, Math.max(...shipped), `the package ships schema 1.${Math.max(...shipped)}; move the manifest up`);
        });

        it('declares support for private and shared channels (supportsChannelFeatures tier1), which the schema accepts', () => {
            const manifest = renderManifest(SETTINGS);
            assert.equal(manifest.supportsChannelFeatures, 'tier1');
            assert.deepEqual(validateManifest(manifest), []);
            const wrongTier = validateManifest({ ...manifest, supportsChannelFeatures: 'tier9' });
            assert.ok(wrongTier.some((p) => p.includes('/supportsChannelFeatures')), wrongTier.join('\n'));
        });

        it('validates against the official Teams manifest JSON schema once filled in', () => {
            assert.deepEqual(validateManifest(renderManifest(SETTINGS)), []);
        });

        it('is rejected by the schema validator when it breaks the schema (the check is not vacuous)', () => {
            const manifest = renderManifest(SETTINGS);
            const broken: JsonObject = { ...manifest, accentColor: 'blauw', id: 'geen-guid' };
            delete broken.developer;
            const problems = validateManifest(broken);
            assert.ok(problems.some((p) => p.includes('/accentColor')), problems.join('\n'));
            assert.ok(problems.some((p) => p.includes('/id')), problems.join('\n'));
            assert.ok(problems.some((p) => p.includes('developer')), problems.join('\n'));
            assert.throws(
                () => validateManifest({ ...manifest, manifestVersion: '1.99' }),
                (e: unknown) => e instanceof ManifestSchemaError && e.code === 'MANIFEST_SCHEMA_MISSING',
            );
        });

        it('the unfilled template is not valid on its own (placeholders must be filled)', () => {
            assert.ok(validateManifest(readManifestTemplate()).length > 0);
        });

        it('has the Dutch name, a bot in personal and team scope, and the command lists', () => {
            const manifest = renderManifest(SETTINGS);
            assert.deepEqual(manifest.name, { short: 'Signaalbot Mensenhandel', full: 'Signaalbot Mensenhandel (Brummen, Lochem, Voorst, Zutphen)' });
            const description = manifest.description as { short: string; full: string };
            for (const gemeente of ['Brummen', 'Lochem', 'Voorst', 'Zutphen']) assert.ok(description.full.includes(gemeente));
            assert.equal((manifest.localizationInfo as { defaultLanguageTag: string }).defaultLanguageTag, 'nl-nl');
            const [bot] = bots(manifest);
            assert.equal(bot.botId, BOT_ID);
            assert.deepEqual([...bot.scopes].sort(), ['personal', 'team']);
            const personal = bot.commandLists.find((l) => l.scopes.includes('personal'));
            const team = bot.commandLists.find((l) => l.scopes.includes('team'));
            assert.deepEqual(
                personal?.commands.map((c) => c.title),
                ['melden', 'vraag', 'waar meld ik', 'mijn meldingen', 'overzicht', 'leren aan', 'quiz'],
            );
            // overzicht is for the personal chat only: a channel would show the numbers to everyone in it.
            assert.deepEqual(team?.commands.map((c) => c.title), ['koppel', 'campagne']);
            for (const list of bot.commandLists) {
                for (const c of list.commands) assert.ok(c.title.length <= 32, `command title too long for Teams: ${c.title}`);
            }
            assert.deepEqual(manifest.validDomains, [DOMAIN]);
            assert.equal(manifest.id, BOT_ID);
            assert.equal(manifest.version, '1.2.3');
            assert.equal(manifest.accentColor, ACCENT_COLOR);
            assert.deepEqual(manifest.icons, { color: 'color.png', outline: 'outline.png' });
        });

        it('leaves no placeholder behind and keeps values inside strings', () => {
            const manifest = renderManifest({ ...SETTINGS, developerName: 'Naam met "quotes" }' });
            const text = JSON.stringify(manifest);
            assert.doesNotMatch(text, /\$\{\{/);
            assert.equal((manifest.developer as { name: string }).name, 'Naam met "quotes" }');
        });
    });

    describe('icons', () => {
        it('colour icon is a 192x192 PNG', () => {
            const info = readPngInfo(renderColorIcon());
            assert.equal(info.width, 192);
            assert.equal(info.height, 192);
        });

        it('outline icon is a 32x32 PNG, white on a transparent background', () => {
            const { info, pixels } = readRgbaPixels(renderOutlineIcon());
            assert.equal(info.width, 32);
            assert.equal(info.height, 32);
            assert.ok(info.hasAlpha);
            let transparent = 0;
            let opaque = 0;
            for (let i = 0; i < pixels.length; i += 4) {
                const alpha = pixels[i + 3];
                if (alpha === 0) transparent++;
                if (alpha === 255) opaque++;
                if (alpha > 0) assert.deepEqual([pixels[i], pixels[i + 1], pixels[i + 2]], [255, 255, 255], `pixel ${i / 4} is not white`);
            }
            assert.equal(pixels[3], 0, 'the corner is transparent');
            assert.ok(transparent > 32 * 32 * 0.4, `only ${transparent} transparent pixels`);
            assert.ok(opaque > 50, `only ${opaque} opaque pixels: the glyph is missing`);
        });

        it('the icons committed beside the manifest are exactly what the generator draws', () => {
            const dir = path.join(repoRoot, 'infra', 'appPackage');
            assert.ok(fs.readFileSync(path.join(dir, 'color.png')).equals(renderColorIcon()), 'run: npm run package -- --write-icons');
            assert.ok(fs.readFileSync(path.join(dir, 'outline.png')).equals(renderOutlineIcon()), 'run: npm run package -- --write-icons');
        });
    });

    describe('zip', () => {
        it('holds manifest.json, color.png and outline.png at the root, readable by an independent reader', () => {
            const pkg = buildAppPackage(SETTINGS);
            const files = readZip(pkg.zip);
            assert.deepEqual(files.map((f) => f.name).sort(), ['color.png', 'manifest.json', 'outline.png']);
            const byName = new Map(files.map((f) => [f.name, f.data]));
            const manifest: unknown = JSON.parse(byName.get('manifest.json')?.toString('utf8') ?? '');
            assert.deepEqual(manifest, pkg.manifest);
            assert.deepEqual(validateManifest(manifest), []);
            const color = readPngInfo(byName.get('color.png') ?? Buffer.alloc(0));
            assert.deepEqual([color.width, color.height], [192, 192]);
            const outline = readPngInfo(byName.get('outline.png') ?? Buffer.alloc(0));
            assert.deepEqual([outline.width, outline.height, outline.hasAlpha], [32, 32, true]);
            assert.equal(pkg.fileName, 'signaalbot-mensenhandel-1.2.3.zip');
        });

        it('is byte-for-byte reproducible', () => {
            assert.ok(buildAppPackage(SETTINGS).zip.equals(buildAppPackage(SETTINGS).zip));
        });

        it('refuses unsafe or duplicate entry names', () => {
            assert.throws(() => createZip([{ name: '../x', data: Buffer.from('x') }]), (e: unknown) => e instanceof ZipError && e.code === 'ZIP_NAME');
            assert.throws(
                () => createZip([{ name: 'a', data: Buffer.alloc(0) }, { name: 'a', data: Buffer.alloc(0) }]),
                (e: unknown) => e instanceof ZipError && e.code === 'ZIP_DUPLICATE',
            );
        });

        it('a manifest that breaks the schema stops the build with the schema problems', () => {
            const error = errorOf(() => buildAppPackage({ ...SETTINGS, websiteUrl: 'ftp://voorbeeld' }));
            assert.ok(error instanceof AppPackageError);
            assert.equal(error.code, 'PACKAGE_INVALID_MANIFEST');
            assert.ok(error.problems.some((p) => p.includes('/developer/websiteUrl')));
        });
    });

    describe('configuration', () => {
        it('reads app id and domain from the environment', () => {
            const s = resolvePackageSettings({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: DOMAIN }, [], '0.1.0');
            assert.equal(s.botId, BOT_ID);
            assert.equal(s.teamsAppId, BOT_ID);
            assert.equal(s.botDomain, DOMAIN);
            assert.equal(s.version, '0.1.0');
            assert.equal(s.privacyUrl, `https://${DOMAIN}/`);
        });

        it('command-line options win over the environment, in both --x y and --x=y form', () => {
            const other = '0a0b0c0d-1111-4222-8333-444455556666';
            const s = resolvePackageSettings(
                { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'ander.example.nl' },
                ['--app-id', other, `--domain=https://${DOMAIN}/`, '--teams-app-id', BOT_ID, '--version', '2.0.0'],
                '0.1.0',
            );
            assert.equal(s.botId, other);
            assert.equal(s.teamsAppId, BOT_ID);
            assert.equal(s.botDomain, DOMAIN);
            assert.equal(s.version, '2.0.0');
        });

        it('explains in Dutch what is missing', () => {
            const error = errorOf(() => resolvePackageSettings({}, [], '0.1.0'));
            assert.ok(error instanceof PackageConfigError);
            assert.equal(error.code, 'PACKAGE_CONFIG');
            assert.equal(error.problems.length, 2);
            assert.match(error.problems[0], /de app-id van de bot ontbreekt: geef --app-id of MicrosoftAppId/);
            assert.match(error.problems[1], /het domein van de bot ontbreekt: geef --domain of BOT_DOMAIN/);
            assert.match(error.message, /^De configuratie van het app-pakket is niet compleet/);
        });

        it('rejects malformed values with Dutch messages', () => {
            const error = errorOf(() =>
                resolvePackageSettings(
                    {},
                    ['--app-id', 'abc', '--domain', 'https://x.nl/pad', '--version', 'v1', '--privacy-url', 'http://x.nl', '--kleur', 'rood'],
                    '0.1.0',
                ),
            );
            assert.ok(error instanceof PackageConfigError);
            const text = error.problems.join('\n');
            assert.match(text, /onbekende optie "--kleur"/);
            assert.match(text, /"abc"\) is geen geldige GUID/);
            assert.match(text, /het domein "https:\/\/x\.nl\/pad" is geen geldige hostnaam/);
            assert.match(text, /de versie "v1" moet de vorm 1\.2\.3 hebben/);
            assert.match(text, /moet een https-adres zijn \("http:\/\/x\.nl"\)/);
        });
    });

    describe('command line', () => {
        let tmp: string;
        beforeEach(() => {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apppkg-'));
        });
        afterEach(() => {
            sinon.restore();
            fs.rmSync(tmp, { recursive: true, force: true });
        });

        it('writes the zip and the filled-in manifest where --out says', () => {
            const out: string[] = [];
            sinon.stub(process.stdout, 'write').callsFake((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
            const zipPath = path.join(tmp, 'app.zip');
            const code = main(['--out', zipPath, '--privacy-url', 'https://www.example.nl/privacy'], {
                BOT_ID,
                BOT_DOMAIN: DOMAIN,
                TERMS_URL: 'https://www.example.nl/voorwaarden',
            });
            sinon.restore();
            assert.equal(code, 0, out.join(''));
            assert.deepEqual(readZip(fs.readFileSync(zipPath)).map((f) => f.name).sort(), ['color.png', 'manifest.json', 'outline.png']);
            assert.ok(fs.existsSync(path.join(tmp, 'manifest.json')));
            assert.match(out.join(''), /Teams-app-pakket gemaakt/);
            assert.doesNotMatch(out.join(''), /Let op/);
        });

        it('`npm run package` without configuration exits 1 with a Dutch explanation', function () {
            this.timeout(30000);
            const env: NodeJS.ProcessEnv = { ...process.env };
            for (const name of ['MicrosoftAppId', 'BOT_ID', 'BOT_DOMAIN', 'TEAMS_APP_ID', 'APP_VERSION']) delete env[name];
            const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, env, encoding: 'utf8' });
            assert.equal(result.status, 1, result.stderr);
            assert.match(result.stderr, /de app-id van de bot ontbreekt/);
            assert.match(result.stderr, /het domein van de bot ontbreekt/);
        });
    });
});
