import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { localCacheDir, repoRoot } from '../paths';

/**
 * YAML parsing of the knowledge and learning content (~350 KB) was the largest single cost of building
 * the app at start (~0.4 s CPU, `npm run bench:startup`); JSON.parse of the same data costs a few ms.
 * The cache (node_modules/.cache/signaalbot-yaml) is keyed by a hash of the text itself and of the yaml version, so an edited file can never
 * be served stale: it simply misses and is parsed (and checked) as before. Only what JSON can carry
 * exactly is cached (a YAML .inf or a date object is not, and is parsed every time). Everything after the
 * parse, the schema checks included, runs on every start as before.
 */
/** bot/paths.ts: inside node_modules; none without it. */
function defaultCacheDir(): string | undefined {
    return localCacheDir('signaalbot-yaml');
}

let yamlVersion: string | undefined;

function parserVersion(): string {
    if (yamlVersion === undefined) {
        try {
            yamlVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'yaml', 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
        } catch {
            yamlVersion = '?';
        }
    }
    return yamlVersion;
}

/**
 * YAML.parse(text), from the cache when this exact text was parsed before. Throws as YAML.parse does.
 * `cacheDir: undefined` parses without a cache.
 */
export function parseYamlCached(text: string, cacheDir: string | undefined = defaultCacheDir()): unknown {
    if (cacheDir === undefined) return parseYaml(text);
    const key = createHash('sha256').update(parserVersion()).update('\0').update(text).digest('hex');
    const file = path.join(cacheDir, `${key}.json`);
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch {
        /* not cached yet (or unreadable): parse */
    }
    const parsed: unknown = parseYaml(text);
    const json = JSON.stringify(parsed);
    if (json !== undefined && isDeepStrictEqual(JSON.parse(json), parsed)) {
        try {
            fs.mkdirSync(cacheDir, { recursive: true });
            // Two starts at once: write aside and rename, so nobody reads half a file.
            const aside = `${file}.${process.pid}`;
            fs.writeFileSync(aside, json);
            fs.renameSync(aside, file);
        } catch {
            /* a cache that cannot be written only costs the next start the parse */
        }
    }
    return parsed;
}
