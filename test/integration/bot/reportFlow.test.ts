import assert from 'node:assert/strict';
import { ANNE, BRUMMEN_CHANNEL, PIETER, botAddedToTeam, cardSubmit, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';

/** Yesterday in the Netherlands as YYYY-MM-DD: never in the future, whatever day the test runs. */
function yesterday(): string {
    return new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

const details = (municipality: string) => ({
    action: 'report.details',
    municipality,
    forms: 'arbeid',
    description: 'Busje haalt elke ochtend om 5 uur mensen op bij een overvol huis.',
    location: 'Dorpsstraat',
    observedOn: yesterday(),
    workContext: 'handhaving',
});
const SIGNALS = { action: 'report.signals', indicators_arbeid: 'arb_huisvesting', peopleCount: '12', estimatedAge: '', minor: 'nee', informed: 'niemand' };

describe('Report flow over HTTP (real server, Azurite, fake connector, outbox worker)', () => {
    let bot: TestBot;
    before(async () => {
        bot = await startTestBot();
        // The bot learns the channel's serviceUrl when it is added to the team.
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
    });
    after(async () => bot.close());
    beforeEach(() => bot.connector.reset());

    const personal = (p: Person) => `a:personal-${p.aadObjectId}`;
    const lastCard = (p: Person) => cardsIn(bot.connector.sentTo(personal(p))).at(-1);
    const say = (text: string, from: Person = ANNE) => bot.post(personalMessage(text, { serviceUrl: bot.connector.url, from }));
    const submit = (value: Record<string, unknown>, from: Person = ANNE) => bot.post(cardSubmit(value, { serviceUrl: bot.connector.url, from }));

    async function fillUntilSummary(municipality: string, from: Person = ANNE): Promise<string> {
        await say('ik wil iets melden', from);
        assert.match(cardText(lastCard(from)), /acuut gevaar/i);
        await submit({ action: 'report.safety', acuteDanger: false }, from);
        await submit(details(municipality), from);
        await submit(SIGNALS, from);
        const summary = JSON.stringify(lastCard(from));
        const m = /"action":"report\.send","submissionId":"([^"]+)"/.exec(summary);
        assert.ok(m, 'the summary card has a Versturen button with a submissionId');
        return m[1];
    }

    it('as Teams sends it (replyToId = the pressed card): one card for the whole report, updated in place, plus the confirmation', async () => {
        await say('ik wil iets melden');
        const posted = () => bot.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === personal(ANNE) && cardsIn([c.body]).length > 0);
        const first = posted().at(-1);
        assert.ok(first?.responseId);
        const sent = first.body;
        const cardId = first.responseId;
        const pressed = (value: Record<string, unknown>) => bot.post({ ...cardSubmit(value, { serviceUrl: bot.connector.url, from: ANNE }), replyToId: cardId });
        const puts = () => bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === cardId).map((c) => cardText(cardsIn([c.body])[0]));
        assert.match(cardText(cardsIn([sent])[0]), /acuut gevaar/i);

        await pressed({ action: 'report.safety', acuteDanger: false });
        await pressed({ ...details('Voorst'), observedOn: '2999-01-01' });
        assert.match(puts().at(-1) ?? '', /De datum ligt in de toekomst/);
        await pressed(details('Voorst'));
        await pressed(SIGNALS);
        const summary = puts().at(-1) ?? '';
        assert.match(summary, /Controleer je melding/);
        const put = bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === cardId).at(-1);
        const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(put?.body))?.[1];
        assert.ok(submissionId);
        await pressed({ action: 'report.send', submissionId });
        assert.match(puts().at(-1) ?? '', /is verstuurd/);
        const cards = posted().map((c) => cardText(cardsIn([c.body])[0]));
        assert.equal(cards.length, 2, cards.join('\n---\n'));
        assert.match(cards[1], /Je melding is opgeslagen/);
        assert.ok(puts().length >= 5, 'every step in the same card');

        // An old Versturen pressed again: answered with the stored report, nothing stored twice.
        const again = await pressed({ action: 'report.send', submissionId });
        assert.equal(again.status, 200);
        assert.equal((await bot.app.reporting.service.listByReporter(ANNE.aadObjectId)).filter((r) => r.municipality === 'Voorst').length, 1);
    });

    it("preselects the municipality of the colleague's last report in the next one (kept in the personal chat's state)", async () => {
        const submissionId = await fillUntilSummary('Lochem', PIETER);
        await submit({ action: 'report.send', submissionId }, PIETER);
        await say('ik wil iets melden', PIETER);
        await submit({ action: 'report.safety', acuteDanger: false }, PIETER);
        const inputOf = (node: unknown, id: string): Record<string, unknown> | undefined => {
            if (!node || typeof node !== 'object') return undefined;
            const o = node as Record<string, unknown>;
            if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) return o;
            for (const v of Object.values(o)) {
                const found = inputOf(v, id);
                if (found) return found;
            }
            return undefined;
        };
        assert.equal(inputOf(lastCard(PIETER), 'municipality')?.value, 'Lochem');
    });

    it('guides a colleague to a stored report, confirms with a reference, and posts one card in the channel', async () => {
        const submissionId = await fillUntilSummary('Brummen');
        const res = await submit({ action: 'report.send', submissionId });
        assert.equal(res.status, 200);
        const confirmation = cardText(lastCard(ANNE));
        const reference = /MH-\d{4}-\d{4}/.exec(confirmation)?.[0];
        assert.ok(reference, 'confirmation shows the reference');
        assert.match(confirmation, /Sanne Jansen/, 'names the aandachtfunctionaris of Brummen');

        const post = await bot.connector.waitFor((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.failedWith === undefined);
        const channelData = post.body.channelData as { channel?: { id?: string } };
        assert.equal(channelData.channel?.id, BRUMMEN_CHANNEL);
        const channelCard = cardText(cardsIn([post.body.activity as Record<string, unknown>])[0]);
        assert.match(channelCard, new RegExp(reference));
        assert.match(channelCard, /Brummen/);

        // A double click on Versturen: the same reference again, no second report, no second post.
        await submit({ action: 'report.send', submissionId });
        assert.match(cardText(lastCard(ANNE)), new RegExp(reference));
        await new Promise((r) => setTimeout(r, 400));
        assert.equal(bot.connector.calls.filter((c) => c.path === '/v3/conversations' && c.failedWith === undefined).length, 1);

        // Mijn meldingen shows it to Anne...
        await say('mijn meldingen');
        assert.match(cardText(lastCard(ANNE)), new RegExp(reference));
        // ...and not to Pieter.
        await say('mijn meldingen', PIETER);
        assert.doesNotMatch(JSON.stringify(bot.connector.sentTo(personal(PIETER))), new RegExp(reference));
    });

    it('shows 112 before the summary when the description reads like danger now, and marks the channel card', async () => {
        await say('ik wil iets melden');
        await submit({ action: 'report.safety', acuteDanger: false });
        await submit({ ...details('Brummen'), description: 'De werknemers zitten opgesloten in een container achter de loods, de deur is van buiten dicht.' });
        bot.connector.reset();
        await submit(SIGNALS);
        const cards = cardsIn(bot.connector.sentTo(personal(ANNE)));
        assert.equal((cards[0] as { body: { style?: string }[] }).body[0].style, 'attention', 'the 112 card comes before the summary');
        assert.match(cardText(cards.at(-1)), /de beschrijving wijst op direct gevaar/);
        const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(cards.at(-1)))?.[1];
        assert.ok(submissionId);
        await submit({ action: 'report.send', submissionId });
        const post = await bot.connector.waitFor((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.failedWith === undefined);
        assert.match(cardText(cardsIn([post.body.activity as Record<string, unknown>])[0]), /MOGELIJK ACUUT GEVAAR/);
    });

    it('sends a municipality without its own channel to the fallback channel and says so', async () => {
        const submissionId = await fillUntilSummary('Lochem');
        await submit({ action: 'report.send', submissionId });
        assert.match(cardText(lastCard(ANNE)), /geen eigen Teams-kanaal/);
        const post = await bot.connector.waitFor((c) => c.path === '/v3/conversations' && c.failedWith === undefined);
        assert.equal((post.body.channelData as { channel?: { id?: string } }).channel?.id, BRUMMEN_CHANNEL);
    });

    it('503 twice then OK on the channel post gives exactly one post', async () => {
        bot.connector.failNext(2, 503, {}, (method, path) => method === 'POST' && path === '/v3/conversations');
        const submissionId = await fillUntilSummary('Brummen');
        await submit({ action: 'report.send', submissionId });
        const ok = await bot.connector.waitFor((c) => c.path === '/v3/conversations' && c.failedWith === undefined, 10000);
        assert.ok(ok);
        const failed = bot.connector.calls.filter((c) => c.path === '/v3/conversations' && c.failedWith === 503).length;
        assert.equal(failed, 2);
        await new Promise((r) => setTimeout(r, 400));
        assert.equal(bot.connector.calls.filter((c) => c.path === '/v3/conversations' && c.failedWith === undefined).length, 1);
    });

    it('shows an invalid form again with the errors and keeps what was typed', async () => {
        await say('melden');
        await submit({ action: 'report.safety', acuteDanger: false });
        await submit({ ...details('Brummen'), municipality: 'Apeldoorn', description: '' });
        const again = JSON.stringify(lastCard(ANNE));
        assert.match(again, /Dorpsstraat/, 'typed location kept');
        assert.match(cardText(lastCard(ANNE)), /gemeente/i);
    });

    it('lets the welcome buttons interrupt a half-finished report', async () => {
        await say('melden');
        await submit({ action: 'menu.waarMeldIk' });
        assert.match(cardText(lastCard(ANNE)), /Waar meld ik dit\? Vraag 1/);
    });

    it('"stop" typed in the middle of a report ends it; "help" shows the options and keeps it open', async () => {
        await say('melden');
        await submit({ action: 'report.safety', acuteDanger: false });
        await say('help');
        assert.match(String(bot.connector.sentTo(personal(ANNE)).at(-2)?.text), /nog bezig/);
        await submit(details('Brummen'));
        assert.match(JSON.stringify(lastCard(ANNE)), /report\.signals/, 'the report went on after "help"');
        await say('stop');
        assert.match(String(bot.connector.sentTo(personal(ANNE)).at(-2)?.text), /gestopt/);
        await submit(SIGNALS);
        assert.match(String(bot.connector.sentTo(personal(ANNE)).at(-1)?.text ?? ''), /afgerond of (geannuleerd|gestopt)/);
    });
});
