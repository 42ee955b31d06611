import assert from 'node:assert/strict';
import { FOREIGN_TENANT, PIETER, SANNE, botAddedToTeam } from '../../support/activities';
import type { TestBot } from '../../support/botHarness';
import {
    ANNE,
    KIM,
    cardPut,
    current,
    deliveredReport,
    invoke,
    press,
    putCard,
    putVersion,
    reporterMessages,
    settle,
    startCaseBot,
    threadLines,
    type Delivered,
} from './caseTestKit';
import { cardText } from '../../support/botHarness';

const CARD = 'application/vnd.microsoft.card.adaptive';

describe('Case actions over HTTP (Universal Actions on the channel card)', () => {
    let bot: TestBot;
    before(async () => {
        bot = await startCaseBot();
    });
    after(async () => bot.close());

    /** Nothing changed: same version, and no card update, thread line or reporter message was sent. */
    async function assertUnchanged(d: Delivered, before: { version: number; calls: number }) {
        await settle(bot);
        const now = await current(bot, d);
        assert.equal(now.handling?.version ?? 0, before.version, 'version unchanged');
        const sends = bot.connector.calls.slice(before.calls).filter((c) => c.method === 'PUT' || (c.method === 'POST' && c.path.includes('/activities')));
        assert.deepEqual(sends.map((c) => `${c.method} ${c.path}`), [], 'nothing sent to Teams');
    }
    const snapshot = async (d: Delivered) => ({ version: (await current(bot, d)).handling?.version ?? 0, calls: bot.connector.calls.length });

    it('posts the new report read-only for everyone, with a refresh for the coordinators whose Teams ids it learned from the roster', async () => {
        bot.connector.members = [
            { id: SANNE.id, name: SANNE.name, aadObjectId: SANNE.aadObjectId, userRole: 'user' },
            { id: KIM.id, name: KIM.name, aadObjectId: KIM.aadObjectId, userRole: 'user' },
        ];
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
        assert.ok(bot.connector.calls.some((c) => c.method === 'GET' && /\/pagedmembers$/.test(c.path)), 'the roster was read');
        const d = await deliveredReport(bot);
        const post = bot.connector.calls.find((c) => c.path === '/v3/conversations' && JSON.stringify(c.body).includes(d.report.reference));
        assert.ok(post);
        const json = JSON.stringify(post.body);
        for (const verb of ['case.oppakken', 'case.toewijzen', 'case.notitie', 'case.geschiedenis', 'case.doorzetten', 'case.afsluiten', 'case.heropenen']) {
            assert.doesNotMatch(json, new RegExp(`"verb":"${verb}"`), `no ${verb} on the card everyone sees`);
        }
        const card = putCard({ ...post, body: post.body.activity as Record<string, unknown> });
        const refresh = card.refresh as { action: { verb: string; data: unknown }; userIds: string[] };
        assert.equal(refresh.action.verb, 'case.kaartVerversen');
        assert.deepEqual(refresh.action.data, { reportId: d.report.reportId, version: 0 });
        assert.ok(refresh.userIds.includes(SANNE.id), 'a Brummen coordinator from the roster');
        assert.ok(!refresh.userIds.includes(KIM.id), 'nobody who is not a coordinator');
        assert.match(cardText(card), /Arbeidsuitbuiting · Brummen · niet acuut/);
        assert.match(cardText(card), /Alleen de aandachtfunctionarissen van Brummen kunnen deze melding behandelen/);
    });

    it('answers the refresh with the buttons of the state for a coordinator and the read-only card for anyone else', async () => {
        const d = await deliveredReport(bot);
        const refresh = (from: typeof SANNE, trigger: 'manual' | 'automatic') =>
            invoke(bot, from, 'case.kaartVerversen', { reportId: d.report.reportId, version: 0 }, { thread: d.thread, trigger });
        const coordinator = await refresh(SANNE, 'automatic');
        assert.equal(coordinator.statusCode, 200);
        const json = JSON.stringify(coordinator.card);
        for (const verb of ['case.oppakken', 'case.toewijzen', 'case.notitie', 'case.geschiedenis']) assert.match(json, new RegExp(`"verb":"${verb}"`));
        for (const verb of ['case.doorzetten', 'case.afsluiten', 'case.heropenen']) assert.doesNotMatch(json, new RegExp(`"verb":"${verb}"`));
        assert.match(json, new RegExp(ANNE.aadObjectId), 'Brummen coordinators to assign to');
        assert.doesNotMatch(json, new RegExp(PIETER.aadObjectId), 'only coordinators of Brummen to assign to');

        for (const person of [KIM, PIETER]) {
            const quiet = await refresh(person, 'automatic');
            assert.equal(quiet.statusCode, 200);
            assert.deepEqual(quiet.card.actions, [], 'nothing to press');
            assert.match(quiet.text, new RegExp(`Melding ${d.report.reference}`));
            assert.doesNotMatch(quiet.text, /Jij ziet de kaart alleen om te lezen/, 'an automatic refresh says nothing');
            const pressed = await refresh(person, 'manual');
            assert.deepEqual(pressed.card.actions, []);
            assert.match(pressed.text, /Alleen de aandachtfunctionarissen mensenhandel van Brummen kunnen deze melding behandelen\. Jij ziet de kaart alleen om te lezen\./);
        }
        // After a pick-up: no Oppakken, Doorzetten is the primary action.
        await press(bot, SANNE, d, 'case.oppakken');
        const after = await refresh(ANNE, 'automatic');
        const actions = after.card.actions as { verb?: string; style?: string; card?: { actions: { verb: string }[] } }[];
        assert.doesNotMatch(JSON.stringify(after.card), /"verb":"case.oppakken"/);
        assert.equal(actions[0].card?.actions[0].verb, 'case.doorzetten');
        assert.equal(actions[0].style, 'positive');
        assert.equal((await current(bot, d)).handling?.version, 1, 'a refresh changes nothing');
        // Anne was never in a roster the bot read: her first activity taught it her Teams id.
        await press(bot, SANNE, d, 'case.notitie', { note: 'Gebeld.' });
        const put = await cardPut(bot, d, 2);
        const userIds = (putCard(put).refresh as { userIds?: string[] }).userIds ?? [];
        assert.ok(userIds.includes(ANNE.id) && userIds.includes(SANNE.id), userIds.join(','));
    });

    it('walks every allowed transition: card PUT for everyone, a thread line, the reporter told the status (no notes, no partner), history complete', async () => {
        const d = await deliveredReport(bot);
        const startCalls = bot.connector.calls.length;

        // nieuw -> in_behandeling (Oppakken)
        let answer = await press(bot, SANNE, d, 'case.oppakken');
        assert.equal(answer.status, 200);
        assert.equal(answer.statusCode, 200);
        assert.equal(answer.type, CARD);
        assert.match(answer.text, /In behandeling/);
        assert.match(answer.text, /Sanne Jansen/);
        let put = await cardPut(bot, d, 1);
        assert.equal(put.conversationId, d.thread);
        assert.match(cardText(putCard(put)), /In behandeling/);
        assert.match(cardText(putCard(put)), /Opgepakt door Sanne Jansen/);

        // a note (status stays; the reporter hears nothing)
        answer = await press(bot, ANNE, d, 'case.notitie', { note: 'Gebeld met wijkagent; **geheim** adres bekend.' });
        assert.equal(answer.statusCode, 200);
        await cardPut(bot, d, 2);

        // toewijzen within in_behandeling
        answer = await press(bot, SANNE, d, 'case.toewijzen', { assignee: ANNE.aadObjectId });
        assert.match(answer.text, /Anne de Vries/);
        await cardPut(bot, d, 3);

        // in_behandeling -> doorgezet (politie, with a note)
        answer = await press(bot, ANNE, d, 'case.doorzetten', { partner: 'politie', forwardNote: 'Zaaknummer 123 bij de recherche.' });
        assert.match(answer.text, /Doorgezet naar ketenpartner: Politie/);
        await cardPut(bot, d, 4);

        // doorgezet -> afgesloten (reason)
        answer = await press(bot, ANNE, d, 'case.afsluiten', { closeReason: 'afgehandeld_door_partner', closeNote: 'Politie neemt het over.' });
        assert.match(answer.text, /Afgesloten/);
        put = await cardPut(bot, d, 5);
        assert.match(cardText(putCard(put)), /Afgesloten/);
        assert.doesNotMatch(JSON.stringify(putCard(put)), /"verb":"case.heropenen"/, 'the shared card stays read-only');
        const closedCard = JSON.stringify(answer.card);
        assert.match(closedCard, /"verb":"case.heropenen"/);
        assert.doesNotMatch(closedCard, /"verb":"case.oppakken"/);

        // afgesloten -> in_behandeling (Heropenen)
        answer = await press(bot, SANNE, d, 'case.heropenen');
        assert.match(answer.text, /Heropend door Sanne Jansen/);
        await cardPut(bot, d, 6);
        await settle(bot);

        const report = await current(bot, d);
        assert.equal(report.status, 'in_behandeling');
        assert.equal(report.handling?.version, 6);
        assert.equal(report.handling?.assigneeName, 'Sanne Jansen');
        assert.equal(report.handling?.closedAt, undefined, 'reopening stops the retention clock');

        // The last PUT shows the latest state.
        const puts = bot.connector.calls.slice(startCalls).filter((c) => c.method === 'PUT' && c.activityId === d.activityId);
        assert.equal(putVersion(puts.at(-1)!), 6);

        // One thread line per action, without note text.
        const lines = threadLines(bot, d);
        assert.equal(lines.length, 6, lines.join(' | '));
        assert.match(lines[0], /Opgepakt door Sanne Jansen\. Status: In behandeling/);
        assert.match(lines[3], /Doorgezet naar Politie/);
        assert.ok(lines.every((l) => !/wijkagent|Zaaknummer|neemt het over/.test(l)), 'notes stay out of the thread');

        // The reporter hears each new status, never notes, partner or reason.
        const told = reporterMessages(bot).filter((t) => t.includes(d.report.reference));
        assert.equal(told.length, 4, told.join(' | ')); // in behandeling, doorgezet, afgesloten, in behandeling
        assert.match(told[0], /in behandeling/);
        assert.match(told[1], /doorgezet naar een ketenpartner/);
        assert.match(told[2], /afgerond/);
        for (const t of told) assert.doesNotMatch(t, /Politie|wijkagent|Zaaknummer|afgehandeld|Anne|Sanne/);

        // Geschiedenis: complete, with notes, only for coordinators; viewing is audited.
        const history = await press(bot, ANNE, d, 'case.geschiedenis');
        assert.equal(history.statusCode, 200);
        const text = history.text;
        for (const expected of [/Melding ontvangen/, /Opgepakt/, /Notitie: Gebeld met wijkagent/, /Toegewezen aan Anne de Vries/, /Doorgezet naar Politie/, /Afgesloten: Overgedragen en afgehandeld/, /Heropend/]) {
            assert.match(text, expected);
        }
        assert.match(JSON.stringify(history.card), /\\\\\*\\\\\*geheim/, 'typed markdown is escaped');
        const audit = await bot.app.cases.audit.listMonth(new Date().toISOString().slice(0, 7));
        assert.ok(audit.some((a) => a.event === 'history_viewed' && a.reportId === d.report.reportId && a.actor === ANNE.aadObjectId));
        // "Terug naar de melding" shows the card again, changing nothing.
        const back = await press(bot, ANNE, d, 'case.kaart');
        assert.match(back.text, new RegExp(d.report.reference));
        assert.equal((await current(bot, d)).handling?.version, 6);
    });

    it('toewijzen from nieuw puts the report in behandeling with the chosen coordinator', async () => {
        const d = await deliveredReport(bot);
        // Anne has been in touch with the bot, so it knows her Teams id: the mention names that.
        await press(bot, ANNE, d, 'case.kaart');
        const answer = await press(bot, SANNE, d, 'case.toewijzen', { assignee: ANNE.aadObjectId.toUpperCase() });
        assert.match(answer.text, /Toegewezen aan Anne de Vries door Sanne Jansen/);
        const report = await current(bot, d);
        assert.equal(report.status, 'in_behandeling');
        assert.equal(report.handling?.assigneeAadObjectId, ANNE.aadObjectId);
        await cardPut(bot, d, 1);
        // The thread line mentions the assignee, so Teams notifies her.
        const line = await bot.connector.waitFor((c) => c.method === 'POST' && c.conversationId === `${d.thread.split(';')[0]};messageid=${d.activityId}` && /Toegewezen/.test(String(c.body.text)));
        assert.match(String(line.body.text), /Toegewezen aan <at>Anne de Vries<\/at> door Sanne Jansen/);
        assert.deepEqual(line.body.entities, [{ type: 'mention', text: '<at>Anne de Vries</at>', mentioned: { id: ANNE.id, name: 'Anne de Vries' } }]);
    });

    it('refuses actions that do not fit the state, and changes nothing', async () => {
        const d = await deliveredReport(bot);
        let before = await snapshot(d);
        for (const [verb, inputs] of [
            ['case.afsluiten', { closeReason: 'geen_mensenhandel' }],
            ['case.doorzetten', { partner: 'riec' }],
            ['case.heropenen', {}],
        ] as const) {
            const answer = await press(bot, SANNE, d, verb, inputs);
            assert.equal(answer.statusCode, 200);
            assert.match(answer.text, /Dat kan niet bij de huidige status van de melding \(Nieuw\)\. Er is niets veranderd\./, verb);
        }
        await assertUnchanged(d, before);

        await press(bot, SANNE, d, 'case.oppakken');
        await press(bot, SANNE, d, 'case.afsluiten', { closeReason: 'dubbele_melding' });
        await settle(bot);
        before = await snapshot(d);
        for (const [verb, inputs] of [
            ['case.oppakken', {}],
            ['case.notitie', { note: 'nog iets' }],
            ['case.doorzetten', { partner: 'politie' }],
            ['case.toewijzen', { assignee: ANNE.aadObjectId }],
        ] as const) {
            const answer = await press(bot, SANNE, d, verb, inputs);
            assert.match(answer.text, /huidige status van de melding \(Afgesloten\)/, verb);
        }
        await assertUnchanged(d, before);

        // Taking over what one already has.
        await press(bot, SANNE, d, 'case.heropenen');
        await settle(bot);
        before = await snapshot(d);
        const again = await press(bot, SANNE, d, 'case.oppakken');
        assert.match(again.text, /Er is niets veranderd/);
        await assertUnchanged(d, before);
    });

    it('refuses anyone who is not a coordinator of the report\'s municipality, also for Geschiedenis', async () => {
        const d = await deliveredReport(bot);
        const before = await snapshot(d);
        for (const person of [PIETER, KIM]) {
            for (const verb of ['case.oppakken', 'case.notitie', 'case.geschiedenis']) {
                const answer = await press(bot, person, d, verb, { note: 'x' });
                assert.equal(answer.statusCode, 200);
                assert.match(answer.text, /Alleen de aandachtfunctionarissen mensenhandel van Brummen kunnen deze melding behandelen\. Er is niets veranderd\./);
                assert.doesNotMatch(answer.text, /Geschiedenis van melding/);
            }
        }
        await assertUnchanged(d, before);
        const audit = await bot.app.cases.audit.listMonth(new Date().toISOString().slice(0, 7));
        assert.ok(!audit.some((a) => a.reportId === d.report.reportId), 'a refused history view is no view');
    });

    it('refuses a coordinator id coming from a foreign tenant, without showing the card', async () => {
        const d = await deliveredReport(bot);
        const before = await snapshot(d);
        const answer = await invoke(bot, SANNE, 'case.oppakken', { reportId: d.report.reportId, version: 0 }, { thread: d.thread, tenantId: FOREIGN_TENANT });
        assert.equal(answer.statusCode, 200);
        assert.match(answer.text, /alleen vanuit de eigen organisatie/);
        assert.doesNotMatch(answer.text, new RegExp(d.report.reference));
        await assertUnchanged(d, before);
    });

    it('refuses forged verbs and data with a clear Dutch message and changes nothing', async () => {
        const d = await deliveredReport(bot);
        await press(bot, SANNE, d, 'case.oppakken');
        await settle(bot);
        const before = await snapshot(d);
        const id = d.report.reportId;
        const forged: [string, Record<string, unknown>][] = [
            ['case.verwijderen', { reportId: id, version: 1 }],
            ['menu.melden', { reportId: id, version: 1 }],
            ['case.oppakken', { reportId: 'x'.repeat(32), version: 1 }],
            ['case.oppakken', { reportId: id }],
            ['case.oppakken', { reportId: id, version: 'een' }],
            ['case.oppakken', { reportId: id, version: -1 }],
            ['case.doorzetten', { reportId: id, version: 1, partner: 'fbi' }],
            ['case.afsluiten', { reportId: id, version: 1, closeReason: 'weggegooid' }],
            ['case.toewijzen', { reportId: id, version: 1, assignee: "'; DROP TABLE" }],
            ['case.notitie', { reportId: id, version: 1, note: { text: 'object' } }],
        ];
        for (const [verb, data] of forged) {
            const answer = await invoke(bot, SANNE, verb, data, { thread: d.thread });
            assert.equal(answer.statusCode, 200, verb);
            assert.equal(answer.type, CARD);
            assert.match(answer.text, /Er is niets veranderd/, `${verb} ${JSON.stringify(data)}`);
            assert.doesNotMatch(answer.text, /Dorpsstraat|Busje/, 'no report content in a refusal of forged data');
        }
        // A real report id, but not the card in this conversation.
        const other = await invoke(bot, SANNE, 'case.notitie', { reportId: id, version: 1, note: 'x' }, { thread: '19:ander-kanaal@thread.tacv2;messageid=9' });
        assert.match(other.text, /hoort niet bij deze kaart\. Er is niets veranderd/);
        assert.doesNotMatch(other.text, new RegExp(d.report.reference));
        // A well-formed id of someone who is no coordinator of Brummen.
        const notCoordinator = await press(bot, SANNE, d, 'case.toewijzen', { assignee: PIETER.aadObjectId });
        assert.match(notCoordinator.text, /Die persoon is geen aandachtfunctionaris van Brummen/);
        // Fields left empty: the card again, with what is missing.
        const empty = await press(bot, SANNE, d, 'case.notitie', { note: '   ' });
        assert.match(empty.text, /Typ eerst een notitie\. Er is niets veranderd/);
        assert.match(empty.text, new RegExp(d.report.reference));
        const noOther = await press(bot, SANNE, d, 'case.doorzetten', { partner: 'anders' });
        assert.match(noOther.text, /Bij "Anders" hoort een toelichting/);
        const tooLong = await press(bot, SANNE, d, 'case.notitie', { note: 'x'.repeat(1001) });
        assert.match(tooLong.text, /hoogstens 1000 tekens/);
        await assertUnchanged(d, before);
    });

    it('two coordinators at once: one wins, the other gets the current card and what happened', async () => {
        const d = await deliveredReport(bot);
        const [a, b] = await Promise.all([press(bot, SANNE, d, 'case.oppakken', {}, 0), press(bot, ANNE, d, 'case.oppakken', {}, 0)]);
        const answers = [a, b];
        const lost = answers.filter((x) => /Iemand was je net voor/.test(x.text));
        assert.equal(lost.length, 1, answers.map((x) => x.text).join('\n---\n'));
        assert.equal(lost[0].statusCode, 200);
        assert.match(lost[0].text, /Opgepakt door (Sanne Jansen|Anne de Vries)/, 'says what happened');
        assert.match(lost[0].text, /In behandeling/, 'shows the current state');
        const report = await current(bot, d);
        assert.equal(report.handling?.version, 1);
        await settle(bot);
        const history = await press(bot, SANNE, d, 'case.geschiedenis');
        assert.equal((history.text.match(/Opgepakt\./g) ?? []).length, 1);

        // A card that was already out of date (pressed after someone else's change): not acted on.
        const stale = await press(bot, ANNE, d, 'case.afsluiten', { closeReason: 'geen_mensenhandel' }, 0);
        assert.match(stale.text, /Iemand was je net voor/);
        assert.equal((await current(bot, d)).status, 'in_behandeling');

        // Notes commute: both are kept even when they race.
        const notes = await Promise.all([
            press(bot, SANNE, d, 'case.notitie', { note: 'notitie van Sanne' }, 1),
            press(bot, ANNE, d, 'case.notitie', { note: 'notitie van Anne' }, 1),
        ]);
        assert.ok(notes.every((n) => !/Iemand was je net voor/.test(n.text)));
        await settle(bot);
        const after = await press(bot, SANNE, d, 'case.geschiedenis');
        assert.match(after.text, /notitie van Sanne/);
        assert.match(after.text, /notitie van Anne/);
        assert.equal((await current(bot, d)).handling?.version, 3);
        // The shared card ends on the latest state.
        const lastPut = bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === d.activityId).at(-1);
        assert.equal(putVersion(lastPut!), 3);
    });

    it('keeps the change when the card update fails once, and updates the card on the retry', async () => {
        const d = await deliveredReport(bot);
        bot.connector.failNext(1, 503, {}, (method) => method === 'PUT');
        const answer = await press(bot, SANNE, d, 'case.oppakken');
        assert.equal(answer.statusCode, 200);
        const put = await cardPut(bot, d, 1);
        assert.equal(put.failedWith, undefined);
        assert.equal((await current(bot, d)).status, 'in_behandeling');
    });
});
