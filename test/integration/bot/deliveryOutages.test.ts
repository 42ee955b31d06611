/**
 * Delivery through Teams faults, against the running bot: real server, real CloudAdapter and Connector
 * client, Azurite, and a fake Bot Connector that fails for a while. The worker's backoff is scaled down
 * (200 ms base, 1 s cap instead of 2 s and 45 s); the Connector client retries up to 3 times inside each
 * attempt on its own (about 1, 2, 4 s), which is not scaled. test/unit/reports/outboxReliability.test.ts
 * walks the same scenarios with production timings in virtual time.
 */
import assert from 'node:assert/strict';
import { ANNE, PIETER, botAddedToTeam, cardSubmit, channelMessage, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';

const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
const isChannelPost = (method: string, p: string) => method === 'POST' && p === '/v3/conversations';

describe('Delivery through Teams outages (running bot, fake Connector failing for a while)', function () {
    this.timeout(30_000);
    let bot: TestBot;

    beforeEach(async () => {
        bot = await startTestBot({ env: { REPORT_RATE_LIMIT_PER_HOUR: '100' }, app: { outbox: { baseDelayMs: 200, maxDelayMs: 1000, pollIntervalMs: 500 } } });
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
    });
    afterEach(async () => bot.close());

    const personal = (p: Person) => `a:personal-${p.aadObjectId}`;
    const posts = (reference: string) => bot.connector.calls.filter((c) => isChannelPost(c.method, c.path) && c.failedWith === undefined && JSON.stringify(c.body).includes(reference));

    async function report(from: Person): Promise<string> {
        const serviceUrl = bot.connector.url;
        await bot.post(personalMessage('ik wil iets melden', { serviceUrl, from }));
        await bot.post(cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl, from }));
        await bot.post(cardSubmit({ action: 'report.details', municipality: 'Brummen', forms: 'arbeid', description: 'Busje haalt elke ochtend mensen op.', observedOn: yesterday(), workContext: 'handhaving' }, { serviceUrl, from }));
        await bot.post(cardSubmit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', minor: 'nee', informed: 'niemand' }, { serviceUrl, from }));
        const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(cardsIn(bot.connector.sentTo(personal(from))).at(-1)))?.[1];
        assert.ok(submissionId);
        await bot.post(cardSubmit({ action: 'report.send', submissionId }, { serviceUrl, from }));
        const reference = /MH-\d{4}-\d{4}/.exec(cardText(cardsIn(bot.connector.sentTo(personal(from))).at(-1)))?.[0];
        assert.ok(reference, 'stored and confirmed while Teams is down');
        return reference;
    }

    async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const value = probe();
            if (value !== undefined) return value;
            if (Date.now() > deadline) throw new Error('timed out');
            await new Promise((r) => setTimeout(r, 20));
        }
    }

    it('Teams answering 503 to every channel post for 3 s: posted once, soon after it is back', async () => {
        const backAt = Date.now() + 3000;
        bot.connector.failNext(1000, 503, {}, (m, p) => isChannelPost(m, p) && Date.now() < backAt);
        const reference = await report(ANNE);
        const posted = await until(() => posts(reference)[0], 15_000);
        const afterMs = posted.at - backAt;
        console.log(`      Teams down 3 s: posted ${(afterMs / 1000).toFixed(2)} s after it was back, once`);
        // The worker's backoff is scaled (cap 1 s); the Connector client's own retries inside one attempt
        // (up to 3, about 1, 2 and 4 s) are not, so they bound this figure here.
        assert.ok(afterMs <= 9000, `${afterMs} ms`);
        await new Promise((r) => setTimeout(r, 1000));
        assert.equal(posts(reference).length, 1);
        const failed = bot.connector.calls.filter((c) => c.failedWith === 503);
        assert.ok(failed.length >= 2 && (failed.at(-1)?.at ?? 0) > backAt - 2500, 'the outage really happened, and the bot kept trying through it');
    });

    it('429 with Retry-After: 1 waits the second and posts once', async () => {
        bot.connector.failNext(1, 429, { 'Retry-After': '1' }, isChannelPost);
        const reference = await report(ANNE);
        const throttled = await until(() => bot.connector.calls.find((c) => c.failedWith === 429), 5000);
        const posted = await until(() => posts(reference)[0], 10_000);
        assert.ok(posted.at - throttled.at >= 1000, `waited ${posted.at - throttled.at} ms`);
        assert.equal(posts(reference).length, 1);
    });

    it('403 on every channel: niet bezorgd, the admin hears it 1:1, the reporter sees it, and koppel sends it again', async () => {
        const serviceUrl = bot.connector.url;
        await bot.post(personalMessage('hallo', { serviceUrl, from: ANNE })); // the admin has a 1:1 chat with the bot
        let refusing = true;
        bot.connector.failNext(1000, 403, {}, (m, p) => isChannelPost(m, p) && refusing);
        const reference = await report(PIETER);
        const alert = await until(() => bot.connector.sentTo(personal(ANNE)).find((a) => String(a.text ?? '').includes(reference)), 10_000);
        assert.match(String(alert.text), /NIET bij de aandachtfunctionaris aangekomen/);
        assert.doesNotMatch(String(alert.text), /Busje/, 'no report content in the alert');
        assert.equal(bot.connector.calls.filter((c) => c.failedWith === 403).length, 2, 'own channel, then the fallback channel');

        await bot.post(personalMessage('mijn meldingen', { serviceUrl, from: PIETER }));
        assert.match(cardText(cardsIn(bot.connector.sentTo(personal(PIETER))).at(-1)), /beheerders zijn gewaarschuwd/);

        await bot.post(personalMessage('onbezorgd', { serviceUrl, from: ANNE }));
        assert.match(cardText(cardsIn(bot.connector.sentTo(personal(ANNE))).at(-1)), new RegExp(reference));
        await bot.post(personalMessage('onbezorgd', { serviceUrl, from: PIETER }));
        assert.match(String(bot.connector.sentTo(personal(PIETER)).at(-1)?.text), /Alleen een beheerder/);

        refusing = false;
        await bot.post(channelMessage('koppel Brummen', { serviceUrl, from: ANNE }));
        assert.ok(bot.connector.calls.some((c) => JSON.stringify(c.body).includes('1 melding die eerder niet bezorgd kon worden')));
        await until(() => posts(reference)[0], 10_000);
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(posts(reference).length, 1);
    });
});
