import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../bot/paths';

/**
 * npm scripts run on the Node the repo brings (devDependency `node`, whose binary npm puts first on
 * PATH), whatever Node the machine has. This prints the version the tests run on and fails outside engines.
 */
describe('the Node the tests run on', () => {
    it('is inside package.json engines, and npm scripts use the pinned devDependency', () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
        const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
        console.log(`      Node ${process.version} (${process.execPath})`);
        const range = /^>=(\d+)\.(\d+)\.\d+ <(\d+)$/.exec(pkg.engines.node);
        assert.ok(range, `engines.node ${pkg.engines.node} has the expected shape`);
        const [, fromMajor, fromMinor, below] = range.map(Number);
        assert.ok(major > Number(fromMajor) || (major === Number(fromMajor) && minor >= Number(fromMinor)), `Node ${process.version} is older than ${pkg.engines.node}`);
        assert.ok(major < Number(below), `Node ${process.version} is not below ${below}`);
        const pinned = pkg.devDependencies.node;
        assert.match(pinned ?? '', /^22\.\d+\.\d+$/, 'the repo pins a Node 22 LTS of its own');
        if (process.env.npm_lifecycle_event !== undefined) assert.equal(process.versions.node, pinned, 'an npm script runs on the pinned Node');
    });
});
