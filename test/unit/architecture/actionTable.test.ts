import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ACTIONS, EXECUTE_VERBS } from '../../../cards/actions';
import { recogniseIntent } from '../../../bot/teams/intents';
import { EXECUTE_ROUTES, INTENT_ROUTES, SUBMIT_ROUTES } from '../../../bot/teams/routeTable';

/**
 * Every button on every card reaches a route, and every route is reached by a card (or a command): a
 * renamed action id, a card button nobody handles or a route left behind after a card changed fails here.
 */
const ROOT = path.resolve(__dirname, '../../..');

function cardFiles(dir: string, out: string[] = []): string[] {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) cardFiles(full, out);
        else if (entry.name.endsWith('.json')) out.push(full);
    }
    return out;
}

/** Submit action ids and Execute verbs anywhere in a card (also inside ShowCard and ActionSet). */
function actionsIn(node: unknown, found: { submits: Set<string>; verbs: Set<string> }): void {
    if (Array.isArray(node)) {
        for (const item of node) actionsIn(item, found);
        return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Submit') {
        const action = (record.data as { action?: unknown } | undefined)?.action;
        assert.equal(typeof action, 'string', `an Action.Submit without data.action: ${JSON.stringify(record).slice(0, 120)}`);
        found.submits.add(action as string);
    }
    if (record.type === 'Action.Execute') {
        assert.equal(typeof record.verb, 'string', `an Action.Execute without a verb: ${JSON.stringify(record).slice(0, 120)}`);
        found.verbs.add(record.verb as string);
    }
    for (const value of Object.values(record)) actionsIn(value, found);
}

function allCardActions() {
    const found = { submits: new Set<string>(), verbs: new Set<string>() };
    const files = cardFiles(path.join(ROOT, 'cards'));
    for (const file of files) actionsIn(JSON.parse(fs.readFileSync(file, 'utf8')), found);
    return { ...found, files };
}

describe('the action table', () => {
    const cards = allCardActions();
    const declared = new Set<string>(Object.values(ACTIONS).flatMap((group) => Object.values(group) as string[]));

    it('finds the cards', () => {
        assert.ok(cards.files.length >= 10 && cards.submits.size > 0 && cards.verbs.size > 0);
    });

    it('routes every Action.Submit on every card, and declares it in cards/actions.ts', () => {
        const unrouted = [...cards.submits].filter((a) => !Object.prototype.hasOwnProperty.call(SUBMIT_ROUTES, a));
        assert.deepEqual(unrouted, [], 'card actions without a route');
        assert.deepEqual([...cards.submits].filter((a) => !declared.has(a)), [], 'card actions not declared in cards/actions.ts');
    });

    it('routes every Action.Execute verb on every card', () => {
        assert.deepEqual([...cards.verbs].filter((v) => !Object.prototype.hasOwnProperty.call(EXECUTE_ROUTES, v)), []);
    });

    it('has no route that no card uses', () => {
        assert.deepEqual(Object.keys(SUBMIT_ROUTES).filter((a) => !cards.submits.has(a)), [], 'submit routes no card sends');
        assert.deepEqual(Object.keys(EXECUTE_ROUTES).filter((v) => !cards.verbs.has(v)), [], 'verbs no card sends');
        assert.deepEqual(new Set(Object.keys(SUBMIT_ROUTES)), declared, 'the table and cards/actions.ts list the same ids');
        assert.deepEqual(new Set(Object.keys(EXECUTE_ROUTES)), new Set(Object.values(EXECUTE_VERBS)));
    });

    it('routes every command of the Teams manifest to a command, not to the question search', () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'infra/appPackage/manifest.json'), 'utf8')) as {
            bots: { commandLists: { commands: { title: string }[] }[] }[];
        };
        const titles = manifest.bots.flatMap((b) => b.commandLists.flatMap((l) => l.commands.map((c) => c.title)));
        assert.ok(titles.length > 0);
        for (const title of titles) {
            const kind = recogniseIntent(title).kind;
            assert.notEqual(kind, 'question', `manifest command "${title}"`);
            assert.ok(Object.prototype.hasOwnProperty.call(INTENT_ROUTES, kind), `manifest command "${title}" -> ${kind}`);
        }
    });
});
