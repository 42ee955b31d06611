import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found from this file's location so it works both from the TypeScript sources
 * (tsx, tests) and from the compiled output in dist/.
 */
function findRepoRoot(start: string): string {
    let dir = start;
    for (;;) {
        if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) return start;
        dir = parent;
    }
}

export const repoRoot = findRepoRoot(__dirname);
