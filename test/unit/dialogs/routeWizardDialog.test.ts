import assert from 'node:assert/strict';
import sinon from 'sinon';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';
import {
    RouteWizardDialog,
    WIZARD_INVALID_ANSWER_MESSAGE,
    WIZARD_OUTDATED_MESSAGE,
    WIZARD_STOPPED_MESSAGE,
} from '../../../dialogs/routeWizardDialog';

const kb = loadKnowledgeBase();

interface CardAction {
    type: string;
    title: string;
    url?: string;
    data?: Record<string, unknown>;
}

function card(reply: Partial<Activity> | undefined): Record<string, unknown> {
    const content: unknown = reply?.attachments?.[0]?.content;
    assert.ok(typeof content === 'object' && content !== null, `expected a card, got ${JSON.stringify(reply?.text)}`);
    return content as Record<string, unknown>;
}

/** All actions anywhere in a card (body ActionSets, containers and the action bar). */
function actions(c: unknown): CardAction[] {
    const found: CardAction[] = [];
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (typeof node === 'object' && node !== null) {
            const o = node as Record<string, unknown>;
            if (typeof o.type === 'string' && o.type.startsWith('Action.')) found.push(o as unknown as CardAction);
            Object.values(o).forEach(walk);
        }
    };
    walk(c);
    return found;
}

function texts(c: unknown): string[] {
    const found: string[] = [];
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (typeof node === 'object' && node !== null) {
            const o = node as Record<string, unknown>;
            if (o.type === 'TextBlock' && typeof o.text === 'string') found.push(o.text);
            Object.values(o).forEach(walk);
        }
    };
    walk(c);
    return found;
}

function askedQuestion(reply: Partial<Activity> | undefined): string | undefined {
    const answer = actions(card(reply)).find((a) => a.data?.action === 'routeWizard.answer');
    return answer?.data?.questionId as string | undefined;
}

/** Route names on an advice card, in order ("1. Alarmnummer 112" -> "Alarmnummer 112"). */
function routes(reply: Partial<Activity> | undefined): string[] {
    return texts(card(reply))
        .filter((t) => /^\d+\. /.test(t))
        .map((t) => t.replace(/^\d+\. /, ''));
}

const submit = (value: Record<string, unknown>): Partial<Activity> => ({ type: 'message', text: '', value });
const answer = (questionId: string, value: string) => submit({ action: 'routeWizard.answer', questionId, value });

async function start(client: DialogTestClient): Promise<Partial<Activity>> {
    const reply = await client.sendActivity('waar meld ik dit?');
    assert.equal(askedQuestion(reply), 'acuteDanger');
    return reply;
}

async function walk(client: DialogTestClient, steps: [string, string][]): Promise<Partial<Activity>> {
    await start(client);
    let reply: Partial<Activity> | undefined;
    for (const [q, v] of steps) reply = await client.sendActivity(answer(q, v));
    assert.ok(reply);
    return reply;
}

describe('RouteWizardDialog', () => {
    let client: DialogTestClient;

    beforeEach(() => {
        client = new DialogTestClient('msteams', new RouteWizardDialog(kb));
    });

    it('has the id the router uses', () => {
        assert.equal(RouteWizardDialog.id, 'routeWizard');
        assert.equal(new RouteWizardDialog(kb).id, 'routeWizard');
    });

    it('acute danger: advises 112 first, at once, and the report button ends with a prefill', async () => {
        const advice = await walk(client, [['acuteDanger', 'ja']]);
        assert.deepEqual(routes(advice), ['Alarmnummer 112', 'Aandachtfunctionaris mensenhandel van je gemeente']);
        assert.ok(actions(card(advice)).some((a) => a.type === 'Action.OpenUrl' && a.url === 'tel:112'));
        const report = actions(card(advice)).find((a) => a.title === 'Ook melden bij de aandachtfunctionaris');
        assert.deepEqual(report?.data, { action: 'menu.melden', prefill: { acuteDanger: true } });

        await client.sendActivity(submit({ action: 'menu.melden', prefill: { acuteDanger: true } }));
        assert.equal(client.dialogTurnResult.status, DialogTurnStatus.complete);
        assert.deepEqual(client.dialogTurnResult.result, { startReport: true, prefill: { acuteDanger: true } });
    });

    it('place with labour exploitation: aandachtfunctionaris, then Arbeidsinspectie; other input ends without a report', async () => {
        const advice = await walk(client, [
            ['acuteDanger', 'nee'],
            ['subject', 'plek'],
            ['form', 'arbeid'],
            ['anonymous', 'nee'],
        ]);
        assert.deepEqual(routes(advice), ['Aandachtfunctionaris mensenhandel van je gemeente', 'Nederlandse Arbeidsinspectie']);
        assert.ok(actions(card(advice)).some((a) => a.url === 'tel:08005151'));
        await client.sendActivity('bedankt');
        assert.equal(client.dialogTurnResult.status, DialogTurnStatus.complete);
        // No report; the turn goes back to the router, so a question typed after the advice is still answered.
        assert.deepEqual(client.dialogTurnResult.result, { passOn: true });
    });

    it('place with sexual exploitation or an unknown form', async () => {
        let advice = await walk(client, [
            ['acuteDanger', 'nee'],
            ['subject', 'plek'],
            ['form', 'seksueel'],
            ['anonymous', 'nee'],
        ]);
        assert.deepEqual(routes(advice), ['Aandachtfunctionaris mensenhandel van je gemeente', 'Politie (geen spoed)']);
        client = new DialogTestClient('msteams', new RouteWizardDialog(kb));
        advice = await walk(client, [
            ['acuteDanger', 'nee'],
            ['subject', 'plek'],
            ['form', 'onbekend'],
            ['anonymous', 'nee'],
        ]);
        assert.deepEqual(routes(advice), ['Aandachtfunctionaris mensenhandel van je gemeente']);
    });

    it('a foreign minor who wants help: Veilig Thuis first, CoMensha, and a prefill from the answers', async () => {
        const advice = await walk(client, [
            ['acuteDanger', 'nee'],
            ['subject', 'persoon'],
            ['minor', 'ja'],
            ['form', 'seksueel'],
            ['foreign', 'buitenEu'],
            ['wantsHelp', 'ja'],
            ['anonymous', 'nee'],
        ]);
        assert.deepEqual(routes(advice), [
            'Veilig Thuis Noord Oost Gelderland (Meldpunt Mensenhandel en Jeugdprostitutie)',
            'Aandachtfunctionaris mensenhandel van je gemeente',
            'Politie (geen spoed)',
            'Moviera, zorgcoördinatie mensenhandel',
            'CoMensha (Coördinatiecentrum tegen Mensenhandel)',
        ]);
        // A forged prefill in the submit is ignored: the server's own answers decide.
        await client.sendActivity(submit({ action: 'menu.melden', prefill: { forms: ['orgaan'], minor: 'nee' } }));
        assert.deepEqual(client.dialogTurnResult.result, {
            startReport: true,
            prefill: { forms: ['seksueel'], minor: 'ja', acuteDanger: false },
        });
    });

    it('an adult in labour exploitation who does not want help: a note and the care routes left out', async () => {
        const advice = await walk(client, [
            ['acuteDanger', 'nee'],
            ['subject', 'persoon'],
            ['minor', 'nee'],
            ['form', 'arbeid'],
            ['foreign', 'nederland'],
            ['wantsHelp', 'nee'],
            ['anonymous', 'nee'],
        ]);
        assert.deepEqual(routes(advice), ['Aandachtfunctionaris mensenhandel van je gemeente', 'Nederlandse Arbeidsinspectie']);
        assert.ok(texts(card(advice)).some((t) => t.startsWith('Hulp is vrijwillig')));
        assert.ok(texts(card(advice)).some((t) => t.includes('Uit een oudere bron') || t.includes('Gecontroleerd')));
    });

    it('unknown age, criminal exploitation, unknown answers: Veilig Thuis for advice and the police', async () => {
        const advice = await walk(client, [
            ['acuteDanger', 'nee'],
            ['subject', 'persoon'],
            ['minor', 'onbekend'],
            ['form', 'crimineel'],
            ['foreign', 'onbekend'],
            ['wantsHelp', 'onbekend'],
            ['anonymous', 'nee'],
        ]);
        assert.deepEqual(routes(advice), [
            'Aandachtfunctionaris mensenhandel van je gemeente',
            'Veilig Thuis Noord Oost Gelderland (Meldpunt Mensenhandel en Jeugdprostitutie)',
            'Politie (geen spoed)',
        ]);
    });

    it('an adult sex worker who wants help gets care, the exit programme, and unverified contacts marked as such', async () => {
        const advice = await walk(client, [
            ['acuteDanger', 'nee'],
            ['subject', 'persoon'],
            ['minor', 'nee'],
            ['form', 'seksueel'],
            ['foreign', 'nederland'],
            ['wantsHelp', 'ja'],
            ['anonymous', 'nee'],
        ]);
        const names = routes(advice);
        assert.equal(names[names.length - 1], 'Uitstapprogramma prostitutie Noordoost Gelderland (Rebelz, Het Scharlakenkoord en Moviera)');
        assert.ok(texts(card(advice)).some((t) => t.startsWith('Niet bevestigd')));
    });

    it('accepts typed answers', async () => {
        await start(client);
        let reply = await client.sendActivity('nee');
        assert.equal(askedQuestion(reply), 'subject');
        reply = await client.sendActivity('Een persoon');
        assert.equal(askedQuestion(reply), 'minor');
        reply = await client.sendActivity('weet ik niet');
        assert.equal(askedQuestion(reply), 'form');
    });

    it('re-asks with a Dutch message on a forged or unexpected value, and changes nothing', async () => {
        await start(client);
        for (const forged of [
            answer('acuteDanger', 'misschien'),
            answer('form', 'arbeid'),
            submit({ action: 'routeWizard.answer', questionId: 'acuteDanger', value: { $ne: 1 } }),
            submit({ action: 'menu.melden', prefill: { acuteDanger: false } }),
            { type: 'message', text: '', value: 'geen object' } as Partial<Activity>,
            'geen idee eigenlijk',
        ]) {
            const message = await client.sendActivity(forged);
            assert.equal(message.text, WIZARD_INVALID_ANSWER_MESSAGE);
            assert.equal(askedQuestion(client.getNextReply()), 'acuteDanger');
            assert.equal(client.dialogTurnResult.status, DialogTurnStatus.waiting);
        }
        const reply = await client.sendActivity(answer('acuteDanger', 'nee'));
        assert.equal(askedQuestion(reply), 'subject');
    });

    it('stops on the stop button or a typed "stop", without a report', async () => {
        await start(client);
        await client.sendActivity(answer('acuteDanger', 'nee'));
        const reply = await client.sendActivity(submit({ action: 'routeWizard.stop' }));
        assert.equal(reply.text, WIZARD_STOPPED_MESSAGE);
        assert.equal(client.dialogTurnResult.status, DialogTurnStatus.complete);
        assert.equal(client.dialogTurnResult.result, undefined);

        client = new DialogTestClient('msteams', new RouteWizardDialog(kb));
        await start(client);
        const typed = await client.sendActivity('Stop');
        assert.equal(typed.text, WIZARD_STOPPED_MESSAGE);
        assert.equal(client.dialogTurnResult.result, undefined);
    });
});

describe('RouteWizardDialog in place (Teams names the pressed card in replyToId)', () => {
    afterEach(() => sinon.restore());
    it('asks every question and gives the advice in one card; an older card changes nothing and turns read-only', async () => {
        const client = new DialogTestClient('msteams', new RouteWizardDialog(kb));
        const updates: Partial<Activity>[] = [];
        sinon.stub(TestAdapter.prototype, 'updateActivity').callsFake(async (_context: TurnContext, activity: Partial<Activity>) => {
            updates.push(activity);
        });
        const first = await start(client);
        const id = first.id;
        assert.ok(id);
        const press = async (q: string, v: string, replyToId = id) => {
            const reply = await client.sendActivity({ ...answer(q, v), replyToId });
            return reply;
        };
        assert.equal(await press('acuteDanger', 'nee'), undefined, 'no new message');
        assert.equal(updates.at(-1)?.id, id);
        assert.equal(askedQuestion(updates.at(-1)), 'subject');

        // An answer on a card that is not the wizard's card now: nothing changes.
        const hint = await press('subject', 'persoon', 'an-older-card');
        assert.equal(hint?.text, WIZARD_OUTDATED_MESSAGE);
        assert.equal(client.getNextReply(), undefined);
        assert.equal(updates.at(-1)?.id, 'an-older-card');
        assert.equal(actions(card(updates.at(-1))).length, 0, 'the older card has nothing left to press');

        assert.equal(await press('subject', 'plek'), undefined);
        assert.equal(askedQuestion(updates.at(-1)), 'form', 'the wizard is where it was: the older card did not answer');
        await press('form', 'arbeid');
        await press('anonymous', 'nee');
        assert.equal(updates.at(-1)?.id, id);
        assert.deepEqual(routes(updates.at(-1)), ['Aandachtfunctionaris mensenhandel van je gemeente', 'Nederlandse Arbeidsinspectie']);
    });
});
