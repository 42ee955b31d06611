import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../bot/paths';
import type { AppPackageSettings } from './packageSettings';

/**
 * The manifest template uses the Agents Toolkit's `${{NAME}}` placeholders, so the same file works
 * with `npm run package` and with the Toolkit (m365agents.yml).
 */

/** Found from the repository root so it also resolves when this module runs compiled from dist/. */
export const APP_PACKAGE_DIR = path.join(repoRoot, 'infra', 'appPackage');
export const MANIFEST_TEMPLATE_PATH = path.join(APP_PACKAGE_DIR, 'manifest.json');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export class ManifestTemplateError extends Error {
    constructor(
        public readonly code: 'MANIFEST_PLACEHOLDER' | 'MANIFEST_TEMPLATE',
        message: string,
    ) {
        super(message);
        this.name = 'ManifestTemplateError';
    }
}

const PLACEHOLDER = /\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g;

export function placeholderValues(settings: AppPackageSettings): Record<string, string> {
    return {
        APP_VERSION: settings.version,
        TEAMS_APP_ID: settings.teamsAppId,
        BOT_ID: settings.botId,
        BOT_DOMAIN: settings.botDomain,
        DEVELOPER_NAME: settings.developerName,
        WEBSITE_URL: settings.websiteUrl,
        PRIVACY_URL: settings.privacyUrl,
        TERMS_URL: settings.termsUrl,
    };
}

/** Replaces placeholders inside string values only, so a value can never break the JSON structure. */
export function fillPlaceholders(value: JsonValue, values: Readonly<Record<string, string>>): JsonValue {
    if (typeof value === 'string') {
        return value.replace(PLACEHOLDER, (_match, name: string) => {
            const replacement = values[name];
            if (replacement === undefined) {
                throw new ManifestTemplateError('MANIFEST_PLACEHOLDER', `Geen waarde voor \${{${name}}} in het manifest`);
            }
            return replacement;
        });
    }
    if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, values));
    if (value !== null && typeof value === 'object') {
        const out: JsonObject = {};
        for (const [k, v] of Object.entries(value)) out[k] = fillPlaceholders(v, values);
        return out;
    }
    return value;
}

export function readManifestTemplate(file: string = MANIFEST_TEMPLATE_PATH): JsonObject {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new ManifestTemplateError('MANIFEST_TEMPLATE', `${file} bevat geen JSON-object`);
    }
    return parsed as JsonObject;
}

export function renderManifest(settings: AppPackageSettings, template: JsonObject = readManifestTemplate()): JsonObject {
    return fillPlaceholders(template, placeholderValues(settings)) as JsonObject;
}
