import fs from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Validates a manifest against Microsoft's official Teams manifest JSON schema. The schemas come from
 * the npm package @microsoft/app-manifest (the Agents Toolkit's own copy), so validation needs no
 * network. The schemas are written for JSON Schema draft-04, hence ajv-draft-04.
 */

export class ManifestSchemaError extends Error {
    constructor(
        public readonly code: 'MANIFEST_SCHEMA_VERSION' | 'MANIFEST_SCHEMA_MISSING',
        message: string,
    ) {
        super(message);
        this.name = 'ManifestSchemaError';
    }
}

export function manifestSchemaPath(manifestVersion: string): string {
    if (!/^1\.\d+$/.test(manifestVersion)) {
        throw new ManifestSchemaError('MANIFEST_SCHEMA_VERSION', `Onbekende manifestVersion "${manifestVersion}"`);
    }
    try {
        return require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`);
    } catch {
        throw new ManifestSchemaError(
            'MANIFEST_SCHEMA_MISSING',
            `Het schema voor manifestVersion ${manifestVersion} is niet gevonden; draai eerst npm ci`,
        );
    }
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(manifestVersion: string): ValidateFunction {
    let validate = validators.get(manifestVersion);
    if (validate === undefined) {
        const schema: unknown = JSON.parse(fs.readFileSync(manifestSchemaPath(manifestVersion), 'utf8'));
        // strict: false because Microsoft's schema uses keywords (e.g. "const", "deprecated") beyond draft-04.
        const ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(ajv);
        validate = ajv.compile(schema as object);
        validators.set(manifestVersion, validate);
    }
    return validate;
}

function describeError(e: ErrorObject): string {
    return `${e.instancePath === '' ? '(manifest)' : e.instancePath}: ${e.message ?? e.keyword}`;
}

/** Returns the schema violations as readable lines; an empty list means the manifest is valid. */
export function validateManifest(manifest: unknown): string[] {
    const version =
        manifest !== null && typeof manifest === 'object' && 'manifestVersion' in manifest ? manifest.manifestVersion : undefined;
    if (typeof version !== 'string') return ['(manifest): manifestVersion ontbreekt'];
    const validate = validatorFor(version);
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map(describeError);
}
