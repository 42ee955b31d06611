/**
 * Issue 13, item 7 ("Honest errors"), measured the way a colleague meets it: the real bot over HTTP,
 * its Table client pointed at a fault proxy in front of Azurite, so storage refuses connections, answers
 * 500 or answers late, for everything or only for the request a scenario is about. Each test prints the
 * figure it measured.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { REPORT_TEXTS } from '../../../dialogs/reportDialog';
import { createTableClientFactory, type TableClientFactory } from '../../../bot/storage/tableClientFactory';
import { TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import { botAddedToTeam, cardSubmit, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';
import { StorageFaultProxy, WRITES, onTable } from '../../support/storageFaultProxy';
import { testAzurite, uniquePrefix } from '../../support/testAzurite';

const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

/** Short limits so a test waits no longer than needed; production keeps DEFAULT_TABLE_CALL_LIMITS. */
const LIMITS = { requestTimeoutMs: 400, maxRetries: 2, retryDelayMs: 20 };

let colleagues = 0;
const colleague = (): Person => ({ id: `29:faults-${++colleagues}`, name: `Collega ${colleagues}`, aadObjectId: randomUUID() });

describe('Honest errors: storage failing under the running bot (fault proxy in front of Azurite)', function () {
    this.timeout(30_000);
    let proxy: StorageFaultProxy;
    let bot: TestBot;
    let direct: TableClientFactory;

    before(async () => {
        const azurite = await testAzurite();
        const endpoint = /TableEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1];
        assert.ok(endpoint);
        proxy = await StorageFaultProxy.start(endpoint);
        const prefix = uniquePrefix('faults');
        const viaProxy = createTableClientFactory({ kind: 'connectionString', connectionString: proxy.connectionString(azurite.connectionString) }, prefix, LIMITS);
        // The test's own view of storage, past the proxy: what is really stored.
        direct = createTableClientFactory({ kind: 'connectionString', connectionString: azurite.connectionString }, prefix);
        bot = await startTestBot({ tables: viaProxy, env: { REPORT_RATE_LIMIT_PER_HOUR: '100' } });
        assert.equal((await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }))).status, 200);
    });
    after(async () => {
        await bot?.close();
        await proxy?.close();
    });
    afterEach(async () => {
        await proxy.pass();
    });

    const personal = (p: Person) => `a:personal-${p.aadObjectId}`;
    const say = (p: Person, text: string) => bot.post(personalMessage(text, { serviceUrl: bot.connector.url, from: p }));
    const submit = (p: Person, value: Record<string, unknown>) => bot.post(cardSubmit(value, { serviceUrl: bot.connector.url, from: p }));
    /** Everything the colleague can read since the last reset: message texts and card texts. */
    const visible = (p: Person) => {
        const sent = bot.connector.sentTo(personal(p));
        return { texts: sent.map((a) => String(a.text ?? '')).filter(Boolean), cards: cardsIn(sent).map(cardText) };
    };
    const referenceIn = (text: string) => /MH-\d{4}-\d{4,}/.exec(text)?.[0];
    const storedReportsOf = async (p: Person) =>
        (await new TableReportStore(direct).listReports()).filter((r) => r.report.reporter.aadObjectId === p.aadObjectId);

    async function fillUntilSummary(p: Person): Promise<string> {
        await say(p, 'ik wil iets melden');
        await submit(p, { action: 'report.safety', acuteDanger: false });
        await submit(p, {
            action: 'report.details',
            municipality: 'Brummen',
            forms: 'arbeid',
            description: 'Busje haalt elke ochtend om 5 uur mensen op bij een overvol huis.',
            observedOn: yesterday(),
            workContext: 'handhaving',
        });
        await submit(p, { action: 'report.signals', indicators_arbeid: 'arb_huisvesting', minor: 'nee', informed: 'niemand' });
        const id = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(cardsIn(bot.connector.sentTo(personal(p))).at(-1)))?.[1];
        assert.ok(id, 'summary card with Versturen reached');
        bot.connector.reset();
        return id;
    }

    /** Versturen once more after recovery: must confirm (not "het gesprek was verlopen") and leave exactly one report. */
    async function sendAgainAfterRecovery(p: Person, submissionId: string): Promise<{ reference: string; reports: number }> {
        await proxy.pass();
        bot.connector.reset();
        assert.equal((await submit(p, { action: 'report.send', submissionId })).status, 200);
        const { texts, cards } = visible(p);
        assert.ok(!texts.includes(REPORT_TEXTS.orphanSend), 'the form survived the failure: no "gesprek was verlopen"');
        const reference = referenceIn(cards.join('\n'));
        assert.ok(reference, `a confirmation with a reference after recovery (got: ${texts.join(' | ')})`);
        const stored = await storedReportsOf(p);
        assert.equal(stored.length, 1, 'exactly one report: none lost, none duplicated');
        assert.equal(stored[0].report.reference, reference);
        return { reference, reports: stored.length };
    }

    /** The turn at Versturen while storage fails: NIET opgeslagen with the 112 line, no restart, nothing stored. */
    async function versturenWhileDown(p: Person, submissionId: string): Promise<number> {
        const started = Date.now();
        const res = await submit(p, { action: 'report.send', submissionId });
        const ms = Date.now() - started;
        assert.equal(res.status, 200);
        const { texts, cards } = visible(p);
        const said = texts.join('\n');
        assert.match(said, /NIET opgeslagen/);
        assert.ok(said.includes(REPORT_TEXTS.acuteReminder), `the 112 line (got: ${said})`);
        assert.doesNotMatch(said, /opnieuw begonnen/, 'no "Het gesprek is opnieuw begonnen"');
        assert.equal(referenceIn(cards.join('\n')), undefined, 'no confirmation');
        assert.equal((await storedReportsOf(p)).length, 0);
        return ms;
    }

    it('storage refusing connections at Versturen: NIET opgeslagen and 112, input kept, Versturen after recovery stores one report', async () => {
        const anne = colleague();
        const id = await fillUntilSummary(anne);
        await proxy.refuse();
        const ms = await versturenWhileDown(anne, id);
        const { reports } = await sendAgainAfterRecovery(anne, id);
        console.log(`  storage refusing connections at Versturen: NIET opgeslagen + 112 shown after ${ms} ms, input kept, ${reports} report stored after recovery`);
    });

    it('storage answering 500 to every request at Versturen: NIET opgeslagen and 112, input kept, one report after recovery', async () => {
        const anne = colleague();
        const id = await fillUntilSummary(anne);
        proxy.fail({ kind: 'status', status: 500 });
        const ms = await versturenWhileDown(anne, id);
        const attempts = proxy.faulted();
        assert.ok(attempts >= LIMITS.maxRetries + 1, 'the client retried the 500 within its bound');
        const { reports } = await sendAgainAfterRecovery(anne, id);
        console.log(`  storage answering 500 at Versturen: NIET opgeslagen + 112 shown after ${ms} ms (${attempts} failed requests), ${reports} report stored after recovery`);
    });

    it('storage answering late (2 s) at Versturen: the turn gives up after its timeout with NIET opgeslagen, one report after recovery', async () => {
        const anne = colleague();
        const id = await fillUntilSummary(anne);
        proxy.fail({ kind: 'delay', ms: 2000 });
        const ms = await versturenWhileDown(anne, id);
        assert.ok(ms < 1500, `the turn waited ${ms} ms for storage that answers after 2000 ms`);
        // The late requests still reach Azurite later (this activity's dedupe claim, a state read): neither
        // touches the next Versturen, which is a new activity.
        const { reports } = await sendAgainAfterRecovery(anne, id);
        console.log(`  storage 2000 ms late at Versturen: NIET opgeslagen + 112 after ${ms} ms (timeout ${LIMITS.requestTimeoutMs} ms per try), ${reports} report stored after recovery`);
    });

    it('only the dedupe claim failing at Versturen: NIET opgeslagen, the form is not thrown away, Versturen again stores one report', async () => {
        const anne = colleague();
        const id = await fillUntilSummary(anne);
        const claim = onTable('Dedupe', 'insert');
        proxy.fail({ kind: 'status', status: 500 }, { when: claim });
        await versturenWhileDown(anne, id);
        assert.ok(proxy.faulted(claim) > 0, 'the claim was what failed');
        assert.equal(proxy.faulted((r) => !claim(r)), 0, 'and nothing else');
        const { reports } = await sendAgainAfterRecovery(anne, id);
        console.log(`  only the dedupe claim failing at Versturen: NIET opgeslagen shown, state kept, ${reports} report stored by the next Versturen`);
    });

    it('only the conversation-state write failing after a stored, confirmed report: says it is stored (kenmerk), never "niet opgeslagen"', async () => {
        const anne = colleague();
        const id = await fillUntilSummary(anne);
        const stateWrite = onTable('BotState', ...WRITES);
        proxy.fail({ kind: 'status', status: 500 }, { when: stateWrite });
        assert.equal((await submit(anne, { action: 'report.send', submissionId: id })).status, 200);
        assert.ok(proxy.faulted(stateWrite) > 0, 'the state write was what failed');
        const { texts, cards } = visible(anne);
        const reference = referenceIn(cards.join('\n'));
        assert.ok(reference, 'the confirmation card went out');
        assert.ok(texts.some((t) => t.startsWith(`Je melding is opgeslagen (kenmerk ${reference})`)), `says it is stored, with the reference (got: ${texts.join(' | ')})`);
        assert.doesNotMatch([...texts, ...cards].join('\n'), /niet opgeslagen/i);
        const stored = await storedReportsOf(anne);
        assert.equal(stored.length, 1);
        // The state still shows the summary (its write failed): Versturen on it finds the same report.
        const again = await sendAgainAfterRecovery(anne, id);
        assert.equal(again.reference, reference);
        console.log(`  state write failing after a stored report: "Je melding is opgeslagen (kenmerk ${reference})" shown, 0 "niet opgeslagen", ${again.reports} report after a second Versturen`);
    });

    it('a report write that times out but lands later: Versturen again gives the same report, 0 lost and 0 duplicated', async () => {
        const anne = colleague();
        const id = await fillUntilSummary(anne);
        const reportWrite = onTable('reports', 'batch');
        proxy.fail({ kind: 'delay', ms: 700 }, { when: reportWrite, times: 1 });
        await submit(anne, { action: 'report.send', submissionId: id });
        assert.equal(proxy.faulted(reportWrite), 1, 'the report batch was the late one');
        assert.match(visible(anne).texts.join('\n'), /NIET opgeslagen/, 'the bot could not know it would land');
        await new Promise((r) => setTimeout(r, 800));
        const landed = await storedReportsOf(anne);
        assert.equal(landed.length, 1, 'the late write landed');
        const { reference, reports } = await sendAgainAfterRecovery(anne, id);
        assert.equal(reference, landed[0].report.reference, 'the landed report, not a second one');
        console.log(`  report write landing after the timeout: ${reports} report, same reference ${reference} on the next Versturen (0 lost, 0 duplicated)`);
    });

    it('the Bot Connector failing the confirmation after the report is stored: says it is stored (kenmerk), never "niet opgeslagen"', async () => {
        const anne = colleague();
        const id = await fillUntilSummary(anne);
        // Teams throttling the bot: a 429 without Retry-After is not retried by the connector client, so
        // the confirmation card fails once and the handler's own message gets through.
        bot.connector.failNext(1, 429, undefined, (method, path) => method === 'POST' && path.includes(encodeURIComponent(personal(anne))));
        assert.equal((await submit(anne, { action: 'report.send', submissionId: id })).status, 200);
        assert.equal(bot.connector.calls.filter((c) => c.failedWith === 429).length, 1, 'the confirmation card was refused');
        const stored = await storedReportsOf(anne);
        assert.equal(stored.length, 1);
        const { texts, cards } = visible(anne);
        assert.equal(referenceIn(cards.join('\n')), undefined, 'no confirmation card arrived');
        const said = texts.filter((t) => /opgeslagen/i.test(t));
        assert.equal(said.length, 1);
        assert.ok(said[0].startsWith(`Je melding is opgeslagen (kenmerk ${stored[0].report.reference}).`), said[0]);
        assert.doesNotMatch(texts.join('\n'), /niet opgeslagen/i);
        console.log(`  confirmation refused by the Bot Connector (429): "Je melding is opgeslagen (kenmerk ${stored[0].report.reference})" shown instead, 0 "niet opgeslagen", ${stored.length} report`);
    });
});
