import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layering of the house, read from the imports themselves, so a change that breaks it fails here
 * instead of being found in review (see README, "Hoe het in elkaar zit"):
 * - the domain (bot/reports, bot/cases, bot/knowledge, bot/domain) knows no SDK, no storage and no
 *   Teams: it imports only itself and bot/paths;
 * - cards/ render domain types, never the flows or the edge;
 * - storage implements the domain's ports and knows nothing of cards or flows.
 */
const ROOT = path.resolve(__dirname, '../../..');
const DOMAIN = ['bot/reports', 'bot/cases', 'bot/knowledge', 'bot/domain', 'bot/questions', 'bot/learning'];

interface Rule {
    /** Folders (repo-relative) whose files the rule covers. */
    covers: string[];
    /** Package names (or prefixes ending in '/' or '-') that these files may not import. */
    forbiddenPackages: string[];
    /** Repo-relative folders or files (without .ts) that relative imports may reach; anything else is refused. */
    mayReach?: string[];
    /** Repo-relative folders that relative imports may not reach. */
    mayNotReach?: string[];
}

const SDK_PACKAGES = ['@azure/', '@opentelemetry/', 'botbuilder', 'botframework-', 'restify', 'pino', 'adaptivecards'];

export const RULES: Record<string, Rule> = {
    'the domain imports no SDK, storage, Teams or cards': {
        covers: DOMAIN,
        forbiddenPackages: SDK_PACKAGES,
        mayReach: [...DOMAIN, 'bot/paths'],
    },
    'cards import the domain only': {
        covers: ['cards'],
        forbiddenPackages: ['@azure/', 'botbuilder', 'botframework-', 'restify', 'pino'],
        mayReach: ['cards', ...DOMAIN, 'bot/paths'],
    },
    'storage knows nothing of cards, flows or Teams routing': {
        covers: ['bot/storage'],
        forbiddenPackages: ['restify', 'adaptivecards'],
        mayNotReach: ['cards', 'dialogs', 'bot/channels', 'bot/teams', 'bot/http', 'bot/app'],
    },
};

function walk(dir: string, out: string[] = []): string[] {
    if (!fs.existsSync(dir)) return out;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full, out);
        else if (entry.name.endsWith('.ts')) out.push(full);
    }
    return out;
}

const within = (target: string, folder: string) => target === folder || target.startsWith(`${folder}/`);

/** The violations of one rule in one file's text (exported shape kept small so the self-test can feed it). */
export function violations(rule: Rule, file: string, text: string): string[] {
    const found: string[] = [];
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
        if (spec.startsWith('.')) {
            const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(ts|json)$/, '');
            if (rule.mayReach && !rule.mayReach.some((folder) => within(target, folder))) found.push(`${file} -> ${spec}`);
            if (rule.mayNotReach?.some((folder) => within(target, folder))) found.push(`${file} -> ${spec}`);
        } else if (rule.forbiddenPackages.some((p) => (p.endsWith('/') || p.endsWith('-') ? spec.startsWith(p) : spec === p || spec.startsWith(`${p}/`) || spec.startsWith(`${p}-`)))) {
            found.push(`${file} -> ${spec}`);
        }
    }
    return found;
}

describe('import rules (the layering of the house)', () => {
    for (const [name, rule] of Object.entries(RULES)) {
        it(name, () => {
            const files = rule.covers.flatMap((folder) => walk(path.join(ROOT, folder)));
            assert.ok(files.length > 0, `no files found under ${rule.covers.join(', ')}`);
            const broken = files.flatMap((abs) => {
                const file = path.relative(ROOT, abs).split(path.sep).join('/');
                return violations(rule, file, fs.readFileSync(abs, 'utf8'));
            });
            assert.deepEqual(broken, []);
        });
    }

    it('catches what it is meant to catch', () => {
        const domain = RULES['the domain imports no SDK, storage, Teams or cards'];
        assert.deepEqual(violations(domain, 'bot/cases/x.ts', "import { odata } from '@azure/data-tables';"), ['bot/cases/x.ts -> @azure/data-tables']);
        assert.deepEqual(violations(domain, 'bot/reports/x.ts', "import type { A } from '../../cards/renderCard';"), ['bot/reports/x.ts -> ../../cards/renderCard']);
        assert.deepEqual(violations(domain, 'bot/cases/x.ts', "export { y } from '../storage/tables/t';"), ['bot/cases/x.ts -> ../storage/tables/t']);
        assert.deepEqual(violations(domain, 'bot/cases/x.ts', "const m = require('botbuilder');"), ['bot/cases/x.ts -> botbuilder']);
        assert.deepEqual(violations(domain, 'bot/cases/x.ts', "import { z } from 'zod';\nimport { a } from '../reports/ports';\nimport { p } from '../paths';"), []);
        const storage = RULES['storage knows nothing of cards, flows or Teams routing'];
        assert.deepEqual(violations(storage, 'bot/storage/tables/x.ts', "import { c } from '../../../cards/renderCard';"), ['bot/storage/tables/x.ts -> ../../../cards/renderCard']);
    });
});
