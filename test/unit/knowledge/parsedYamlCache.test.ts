import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CONTENT_DIR } from '../../../bot/knowledge/knowledgeBase';
import { parseYamlCached } from '../../../bot/knowledge/parsedYamlCache';

describe('parsed YAML cache (start-up)', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-yaml-cache-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('gives what YAML.parse gives, for every content file, from the parse and from the cache', () => {
        const files = ['.', 'onderwerpen', 'leren'].flatMap((sub) => fs.readdirSync(path.join(DEFAULT_CONTENT_DIR, sub)).map((f) => path.join(DEFAULT_CONTENT_DIR, sub, f)));
        for (const file of files.filter((f) => f.endsWith('.yaml'))) {
            const text = fs.readFileSync(file, 'utf8');
            assert.deepEqual(parseYamlCached(text, dir), parseYaml(text), `${path.basename(file)}, first parse`);
            assert.deepEqual(parseYamlCached(text, dir), parseYaml(text), `${path.basename(file)}, from the cache`);
        }
        assert.ok(fs.readdirSync(dir).length > 0, 'the parses were cached');
    });

    it('never serves an edited text from the cache: the key is the text itself', () => {
        assert.deepEqual(parseYamlCached('a: 1\n', dir), { a: 1 });
        assert.deepEqual(parseYamlCached('a: 2\n', dir), { a: 2 });
        assert.equal(fs.readdirSync(dir).length, 2);
    });

    it('uses what is in the cache for the same text (the cache is what is read, not the YAML)', () => {
        parseYamlCached('a: 1\n', dir);
        const [entry] = fs.readdirSync(dir);
        fs.writeFileSync(path.join(dir, entry!), JSON.stringify({ a: 'from the cache' }));
        assert.deepEqual(parseYamlCached('a: 1\n', dir), { a: 'from the cache' });
    });

    it('does not cache what JSON cannot carry exactly, and still parses it', () => {
        assert.deepEqual(parseYamlCached('a: .inf\n', dir), { a: Infinity });
        assert.equal(fs.readdirSync(dir).length, 0);
    });

    it('throws on invalid YAML as YAML.parse does, and caches nothing', () => {
        assert.throws(() => parseYamlCached('a: [1,\n', dir));
        assert.equal(fs.readdirSync(dir).length, 0);
    });

    it('parses without a cache when there is no cache folder', () => {
        assert.deepEqual(parseYamlCached('a: 1\n', undefined), { a: 1 });
    });
});
