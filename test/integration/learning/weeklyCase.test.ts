import assert from 'node:assert/strict';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import { botAddedToTeam, personalMessage } from '../../support/activities';
import { cardText, type TestBot } from '../../support/botHarness';
import {
    ANNE,
    JOOST,
    KIM,
    MONDAY_0900,
    MONDAY_1000,
    WEEK_MS,
    chat,
    executeData,
    lastText,
    movableClock,
    optIn,
    pressPersonal,
    say,
    startLearningBot,
    submit,
    weeklyCases,
} from './learningKit';

/** The case ids the bot sent to a person, in order (the Execute data of their "A" button). */
function sentCaseIds(bot: TestBot, who: typeof ANNE): string[] {
    return weeklyCases(bot, who).map((c) => String(executeData(c, 'A').caseId));
}

describe('learning: the casus van de week on the running bot', function () {
    this.timeout(60_000);
    let bot: TestBot;
    let clock: ReturnType<typeof movableClock>;

    beforeEach(async () => {
        clock = movableClock(MONDAY_0900);
        bot = await startLearningBot(clock.now);
    });
    afterEach(async () => bot.close());

    it('opts in from the welcome card button with a role and municipality, asked once and changeable', async () => {
        await say(bot, ANNE, 'hallo');
        const welcome = chat(bot, ANNE).cards.at(-1);
        assert.match(cardText(welcome), /Casus van de week/);
        await submit(bot, ANNE, { action: 'leren.aan' });
        assert.match(cardText(chat(bot, ANNE).cards.at(-1)), /Meedoen met de casus van de week/);
        // Pressed on the settings card, as Teams sends it (replyToId = that card): the card shows what is saved.
        const settingsCardId = bot.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === `a:personal-${ANNE.aadObjectId}` && JSON.stringify(c.body).includes('Meedoen met de casus')).at(-1)?.responseId;
        assert.ok(settingsCardId);
        await bot.post({ ...personalMessage('', { serviceUrl: bot.connector.url, from: ANNE }), replyToId: settingsCardId, value: { action: 'leren.opslaan', role: 'baliemedewerker', municipality: 'Brummen' } });
        assert.match(lastText(bot, ANNE), /Je doet mee/);
        const updated = bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === settingsCardId).at(-1);
        assert.ok(updated, 'the settings card was updated in place');
        assert.match(JSON.stringify(updated.body), /Je rol en gemeente voor de casus van de week/);
        assert.match(JSON.stringify(updated.body), /"value":"baliemedewerker"/);
        await say(bot, ANNE, 'mijn rol');
        assert.match(cardText(chat(bot, ANNE).cards.at(-1)), /Pas je rol of gemeente aan/);
        await submit(bot, ANNE, { action: 'leren.opslaan', role: 'leerplicht', municipality: 'Brummen' });
        assert.match(lastText(bot, ANNE), /Opgeslagen/);
        const stored = await bot.app.learning.store.getParticipant(ANNE.aadObjectId);
        assert.equal(stored?.participant.role, 'leerplicht');
        assert.equal(stored?.participant.optedIn, true);
    });

    it('refuses settings with a municipality or role that does not exist, in Dutch, and stores nothing', async () => {
        await say(bot, KIM, 'leren aan');
        await submit(bot, KIM, { action: 'leren.opslaan', municipality: 'Amsterdam' });
        assert.match(lastText(bot, KIM), /Kies een gemeente uit de lijst/);
        await submit(bot, KIM, { action: 'leren.opslaan', municipality: 'Brummen', role: 'burgemeester' });
        assert.match(lastText(bot, KIM), /Kies een gemeente uit de lijst/);
        await submit(bot, KIM, { action: 'leren.opslaan', municipality: 'x'.repeat(10_000) });
        assert.equal(await bot.app.learning.store.getParticipant(KIM.aadObjectId), undefined);
    });

    it('sends Monday 10:00 Amsterdam, not before, once, and a case fitted to the role (general without one)', async () => {
        await optIn(bot, ANNE, 'Brummen', 'baliemedewerker');
        await optIn(bot, JOOST, 'Lochem', 'leerplicht');
        await optIn(bot, KIM, 'Voorst');
        assert.equal(await bot.app.learning.weekly.runDue(), 0, 'not before 10:00');
        clock.set(MONDAY_1000);
        assert.equal(await bot.app.learning.weekly.runDue(), 3);
        assert.equal(await bot.app.learning.weekly.runDue(), 0, 'the week is done');
        await bot.app.learning.outbox.drainOnce();
        const rolesOf = (id: string | undefined) => bot.app.learning.content.cases.find((c) => c.id === id)?.roles ?? [];
        assert.equal(sentCaseIds(bot, ANNE).length, 1);
        assert.ok(rolesOf(sentCaseIds(bot, ANNE)[0]).includes('baliemedewerker'), 'a case for her role');
        assert.ok(rolesOf(sentCaseIds(bot, JOOST)[0]).includes('leerplicht'));
        assert.ok(rolesOf(sentCaseIds(bot, KIM)[0]).includes('algemeen'), 'no role: a general case');
        // Later in the same week (a restart on Wednesday) nothing more.
        clock.advance(2 * 24 * 3600 * 1000);
        assert.equal(await bot.app.learning.weekly.runDue(), 0);
        await bot.app.learning.outbox.drainOnce();
        assert.equal(weeklyCases(bot, ANNE).length, 1);
    });

    it('never sends the same case twice, and stops when every case was had', async () => {
        await optIn(bot, ANNE, 'Brummen', 'baliemedewerker');
        clock.set(MONDAY_1000);
        const total = bot.app.learning.content.cases.length;
        for (let week = 0; week < total + 1; week++) {
            await bot.app.learning.weekly.runDue();
            await bot.app.learning.outbox.drainOnce();
            clock.advance(WEEK_MS);
        }
        const ids = sentCaseIds(bot, ANNE);
        assert.equal(ids.length, total, 'one a week until none is left');
        assert.equal(new Set(ids).size, ids.length, 'no repeats');
        // Opting out and in again does not start over.
        await say(bot, ANNE, 'leren uit');
        await optIn(bot, ANNE, 'Brummen', 'baliemedewerker');
        await bot.app.learning.weekly.runDue();
        await bot.app.learning.outbox.drainOnce();
        assert.equal(sentCaseIds(bot, ANNE).length, total);
    });

    it('opting out stops the next send, also when the case was already queued', async () => {
        await optIn(bot, ANNE, 'Brummen', 'baliemedewerker');
        await optIn(bot, KIM, 'Brummen');
        await say(bot, KIM, 'leren uit');
        assert.match(lastText(bot, KIM), /geen casus van de week meer/);
        clock.set(MONDAY_1000);
        assert.equal(await bot.app.learning.weekly.runDue(), 1, 'only Anne is queued');
        // Anne opts out between queueing and sending: the row is dropped when it runs.
        await say(bot, ANNE, 'leren uit');
        const result = await bot.app.learning.outbox.drainOnce();
        assert.equal(result.sent, 0);
        assert.equal(result.dropped, 1);
        assert.equal(weeklyCases(bot, ANNE).length, 0);
        assert.equal(weeklyCases(bot, KIM).length, 0);
        assert.deepEqual(await bot.app.learning.store.listPending(), [], 'the dropped row is gone');
    });

    it('answers a weekly case in place with why, signals, route, source and knowledge links; twice counts once; forged payloads change nothing', async () => {
        await optIn(bot, ANNE, 'Brummen', 'baliemedewerker');
        clock.set(MONDAY_1000);
        await bot.app.learning.weekly.runDue();
        await bot.app.learning.outbox.drainOnce();
        const card = weeklyCases(bot, ANNE)[0];
        const sent = bot.app.learning.content.cases.find((c) => c.id === executeData(card, 'A').caseId);
        const right = 'ABC'[sent?.options.findIndex((o) => o.correct) ?? 0] ?? 'A';
        const wrong = right === 'A' ? 'B' : 'A';
        const first = await pressPersonal(bot, ANNE, 'leren.antwoord', executeData(card, right));
        assert.equal(first.status, 200);
        assert.match(first.text, new RegExp(`Goed gekozen: ${right}`));
        assert.match(first.text, /Signalen in deze casus/);
        assert.match(first.text, /Welke route past/);
        assert.match(first.text, /Bron: Beleidsplan Mensenhandel IJsselstreek/);
        assert.ok(JSON.stringify(first.card).includes('"knowledge.entry"'), 'knowledge entry buttons');
        const again = await pressPersonal(bot, ANNE, 'leren.antwoord', executeData(card, wrong));
        assert.match(again.text, /al beantwoord/);
        const months = ['2026-12'];
        const casus = (await bot.app.learning.store.counts(months)).filter((c) => c.kind === 'casus');
        assert.equal(casus.length, 1, 'answering twice counts once');
        const before = await bot.app.learning.store.getParticipant(ANNE.aadObjectId);
        for (const forged of [{ caseId: 'bestaat-niet', choice: 0 }, { caseId: sent?.id, choice: 7 }, { caseId: sent?.id, choice: -1 }, { caseId: { $ne: 1 }, choice: 'A' }, {}]) {
            const answer = await pressPersonal(bot, ANNE, 'leren.antwoord', forged);
            assert.equal(answer.status, 200);
            assert.match(answer.text, /Dat antwoord ken ik niet/);
        }
        const after = await bot.app.learning.store.getParticipant(ANNE.aadObjectId);
        assert.deepEqual(after?.participant, before?.participant, 'forged answers change nothing');
    });

    it('retries a weekly case when Teams throttles (backing off) and gives up on a refusal, once', async () => {
        await optIn(bot, ANNE, 'Brummen', 'baliemedewerker');
        await optIn(bot, KIM, 'Brummen');
        clock.set(MONDAY_1000);
        await bot.app.learning.weekly.runDue();
        // 429 without Retry-After: the Connector client does not retry it itself, so the outbox backs off.
        bot.connector.failNext(2, 429);
        const first = await bot.app.learning.outbox.drainOnce();
        assert.equal(first.retried, 2);
        assert.equal((await bot.app.learning.outbox.drainOnce()).skipped, 2, 'not before the back-off');
        clock.advance(10 * 60_000);
        const second = await bot.app.learning.outbox.drainOnce();
        assert.equal(second.sent, 2);
        assert.equal(weeklyCases(bot, ANNE).length, 1);
        assert.equal(weeklyCases(bot, KIM).length, 1);
        // Next week Teams refuses (403: the bot was removed from the chat): given up, not retried, not sent twice.
        clock.advance(WEEK_MS);
        await bot.app.learning.weekly.runDue();
        bot.connector.failNext(2, 403);
        assert.equal((await bot.app.learning.outbox.drainOnce()).failed, 2);
        assert.deepEqual(await bot.app.learning.store.listPending(), []);
        assert.equal(weeklyCases(bot, ANNE).length, 1);
    });

    it('removes the learning data a configured time after opting out, and keeps the counts', async () => {
        await bot.close();
        bot = await startLearningBot(clock.now, undefined, { LEARNING_RETENTION_DAYS: '30' });
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
        await optIn(bot, ANNE, 'Brummen', 'baliemedewerker');
        await say(bot, ANNE, 'leren uit');
        clock.advance(29 * 24 * 3600 * 1000);
        assert.deepEqual(await bot.app.learning.retention.run(), { purged: 0, quizzes: 0 });
        clock.advance(2 * 24 * 3600 * 1000);
        assert.deepEqual(await bot.app.learning.retention.run(), { purged: 1, quizzes: 0 });
        assert.equal(await bot.app.learning.store.getParticipant(ANNE.aadObjectId), undefined);
        const counts = await bot.app.learning.store.counts(['2026-12']);
        assert.ok(counts.some((c) => c.kind === 'deelnemer' && c.municipality === 'Brummen'), 'the count stays');
    });
});

describe('learning: exactly once across two instances', function () {
    this.timeout(60_000);

    it('two bots on the same storage queue and send each participant one case', async () => {
        const clock = movableClock(MONDAY_0900);
        const one = await startLearningBot(clock.now);
        const two = await startLearningBot(clock.now, one.tables);
        try {
            await optIn(one, ANNE, 'Brummen', 'baliemedewerker');
            await optIn(one, KIM, 'Zutphen');
            clock.set(MONDAY_1000);
            const queued = await Promise.all([one.app.learning.weekly.runDue(), two.app.learning.weekly.runDue(), one.app.learning.weekly.runDue()]);
            assert.equal(queued.reduce((a, b) => a + b, 0), 2, `queued ${queued.join('+')}`);
            const sent = await Promise.all([one.app.learning.outbox.drainOnce(), two.app.learning.outbox.drainOnce()]);
            assert.equal(sent[0].sent + sent[1].sent, 2);
            // Both bots send through the serviceUrl the chats were seen on: the first connector.
            assert.equal(weeklyCases(one, ANNE).length, 1);
            assert.equal(weeklyCases(one, KIM).length, 1);
            assert.equal(two.connector.calls.filter((c) => c.method === 'POST').length, 0);
            // A restart of both (new instances, new ids) in the same week sends nothing more.
            const three = await startLearningBot(clock.now, one.tables);
            try {
                assert.equal(await three.app.learning.weekly.runDue(), 0);
                assert.equal((await three.app.learning.outbox.drainOnce()).sent, 0);
            } finally {
                await three.close();
            }
        } finally {
            await two.close();
            await one.close();
        }
    });

    it('30 participants on two bots at once: each gets exactly one case (and the time it takes)', async () => {
        const clock = movableClock(MONDAY_0900);
        const one = await startLearningBot(clock.now);
        const two = await startLearningBot(clock.now, one.tables);
        try {
            const people = Array.from({ length: 30 }, (_, i) => ({
                id: `29:colleague-${i}`,
                name: `Collega ${i}`,
                aadObjectId: `0000${String(i).padStart(4, '0')}-1111-4222-8333-444455556666`,
            }));
            for (const [i, p] of people.entries()) {
                await say(one, p, 'hallo');
                await one.app.learning.service.optIn({ aadObjectId: p.aadObjectId, tenantId: LOCAL_TENANT_ID }, { municipality: (['Brummen', 'Lochem', 'Voorst', 'Zutphen'] as const)[i % 4] });
            }
            clock.set(MONDAY_1000);
            const started = Date.now();
            const queued = await Promise.all([one.app.learning.weekly.runDue(), two.app.learning.weekly.runDue()]);
            const queuedMs = Date.now() - started;
            const sent = await Promise.all([one.app.learning.outbox.drainOnce(), two.app.learning.outbox.drainOnce()]);
            const totalMs = Date.now() - started;
            assert.equal(queued[0] + queued[1], 30);
            assert.equal(sent[0].sent + sent[1].sent, 30);
            for (const p of people) assert.equal(weeklyCases(one, p).length, 1, p.name);
            process.stdout.write(`      30 weekly cases: queued in ${queuedMs} ms, all sent in ${totalMs} ms (split ${sent[0].sent}/${sent[1].sent} over two bots)\n`);
        } finally {
            await two.close();
            await one.close();
        }
    });
});
