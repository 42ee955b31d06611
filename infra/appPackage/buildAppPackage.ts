import { renderColorIcon, renderOutlineIcon } from './icons';
import { validateManifest } from './manifestSchema';
import { type JsonObject, readManifestTemplate, renderManifest } from './manifestTemplate';
import type { AppPackageSettings } from './packageSettings';
import { createZip } from './zip';

export class AppPackageError extends Error {
    constructor(
        public readonly code: 'PACKAGE_INVALID_MANIFEST',
        public readonly problems: readonly string[],
    ) {
        super(`Het manifest voldoet niet aan het Teams-schema:\n- ${problems.join('\n- ')}`);
        this.name = 'AppPackageError';
    }
}

export interface AppPackage {
    manifest: JsonObject;
    zip: Buffer;
    /** Suggested file name, e.g. signaalbot-mensenhandel-0.1.0.zip. */
    fileName: string;
}

/**
 * Builds the Teams app package: the filled-in manifest at the root of the zip with the two icons
 * beside it (Teams refuses a package with a folder around them). The manifest is checked against the
 * official schema first, so an admin never uploads a package Teams would reject for its form.
 */
export function buildAppPackage(settings: AppPackageSettings, template: JsonObject = readManifestTemplate()): AppPackage {
    const manifest = renderManifest(settings, template);
    const problems = validateManifest(manifest);
    if (problems.length > 0) throw new AppPackageError('PACKAGE_INVALID_MANIFEST', problems);
    const zip = createZip([
        { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
        { name: 'color.png', data: renderColorIcon() },
        { name: 'outline.png', data: renderOutlineIcon() },
    ]);
    return { manifest, zip, fileName: `signaalbot-mensenhandel-${settings.version}.zip` };
}
