import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import type { Municipality } from '../../../bot/domain/vocabulary';
import type { ExploitationForm } from '../../../bot/domain/vocabulary';
import { SANNE, cardSubmit, channelActivityBase, channelMessage, personalMessage, type Person } from '../../support/activities';
import { exportCsvFile } from '../../support/fileConsent';
import { cardText, cardsIn, type TestBot } from '../../support/botHarness';
import { KIM, draft, settle, startCaseBot } from './caseTestKit';

/** On the `regional` list of bot/organisation/organisation.local.yml. */
const ILSE: Person = { id: '29:colleague-ilse', name: 'Ilse Mulder', aadObjectId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a' };

const month = () => new Date().toISOString().slice(0, 7);
const ALL: Municipality[] = ['Brummen', 'Lochem', 'Voorst', 'Zutphen'];

/**
 * Brummen 6 + 1, Lochem 5, Zutphen 5, Voorst 2 (this quarter): the regional total minus three
 * municipalities would give Voorst back, and Brummen's one "seksueel" report is a cell of 1.
 */
const SPEC: { municipality: Municipality; n: number; forms: ExploitationForm[] }[] = [
    { municipality: 'Brummen', n: 6, forms: ['arbeid'] },
    { municipality: 'Brummen', n: 1, forms: ['seksueel'] },
    { municipality: 'Lochem', n: 5, forms: ['arbeid'] },
    { municipality: 'Zutphen', n: 5, forms: ['arbeid'] },
    { municipality: 'Voorst', n: 2, forms: ['crimineel'] },
];

describe('Overzicht for the right eyes: personal chat only, own municipality in detail, regional view protected', () => {
    let bot: TestBot;
    before(async () => {
        bot = await startCaseBot({ REPORT_RATE_LIMIT_PER_HOUR: '0' });
        for (const s of SPEC) {
            for (let i = 0; i < s.n; i++) {
                await bot.app.reporting.service.submit(draft({ municipality: s.municipality, forms: s.forms, indicators: ['alg_woonplek'] }), { aadObjectId: KIM.aadObjectId, tenantId: LOCAL_TENANT_ID, displayName: KIM.name }, `sub-${randomUUID()}`);
            }
        }
        await settle(bot);
    });
    after(async () => bot.close());

    const chat = (p: Person) => `a:personal-${p.aadObjectId}`;
    const lastCard = (p: Person) => cardsIn(bot.connector.sentTo(chat(p))).at(-1);
    const lastText = (p: Person) => String(bot.connector.sentTo(chat(p)).at(-1)?.text ?? '');
    const audit = async () => bot.app.cases.audit.listMonth(month());
    const numbersAudited = async () => (await audit()).filter((a) => a.event === 'overview_viewed' || a.event === 'export').length;
    /** Every fact value and table text of a card that is a count. */
    const countsIn = (card: Record<string, unknown>) => cardText(card).split('\n').filter((t) => /^(\d+|< 5|x)$/.test(t));

    /** Posts an activity and returns what the bot sent in reply (after the outbox is idle, so nothing else interleaves). */
    async function replies(activity: Record<string, unknown>): Promise<Record<string, unknown>[]> {
        await settle(bot);
        const before = bot.connector.calls.length;
        await bot.post(activity);
        return bot.connector.calls.slice(before).filter((c) => c.method === 'POST' && c.path.includes('/activities')).map((c) => c.body);
    }

    it('refuses overzicht in a channel, also to the regional person and a coordinator, and shows no numbers', async () => {
        const audited = await numbersAudited();
        for (const who of [ILSE, SANNE]) {
            const sent = await replies(channelMessage('overzicht', { serviceUrl: bot.connector.url, from: who }));
            assert.equal(sent.length, 1);
            assert.match(String(sent[0].text), /alleen zien in je 1-op-1-chat/);
            assert.equal(cardsIn(sent).length, 0);
            assert.doesNotMatch(JSON.stringify(sent), /Meldingen in totaal|Brummen\b.*\d/);
        }
        // A group chat is no personal chat either.
        const group = await replies({ ...personalMessage('overzicht', { serviceUrl: bot.connector.url, from: ILSE }), conversation: { id: '19:groupchat@thread.v2', conversationType: 'groupChat', tenantId: LOCAL_TENANT_ID, isGroup: true } });
        assert.match(String(group[0]?.text), /alleen zien in je 1-op-1-chat/);
        assert.equal(cardsIn(group).length, 0);
        assert.equal(await numbersAudited(), audited, 'nothing was viewed');
    });

    it('shows a Brummen coordinator Brummen only, with exact counts, and says so on the card', async () => {
        await bot.post(personalMessage('overzicht', { serviceUrl: bot.connector.url, from: SANNE }));
        const card = lastCard(SANNE);
        assert.ok(card);
        const text = cardText(card);
        assert.match(text, /Deze cijfers gaan alleen over Brummen/);
        assert.match(text, /Meldingen in totaal\n7\nBrummen\n7\n/);
        assert.doesNotMatch(text, /Lochem|Voorst|Zutphen/);
        // Her own municipality in detail: the single "seksueel" report is a 1, not "< 5".
        assert.match(text, /· Brummen · Seksuele uitbuiting · Nieuw\n1\n/);
        // Seven reports: a chart's axis would step in fractions, so the card shows the exact numbers as tables.
        assert.doesNotMatch(JSON.stringify(card), /"type":"Chart\./);
        const entry = (await audit()).filter((a) => a.event === 'overview_viewed' && a.actor === SANNE.aadObjectId).at(-1);
        assert.equal(entry?.detail, 'kwartaal;gemeente:Brummen;exact');
    });

    it('shows the regional person all four municipalities with small counts as "< 5" and no way to subtract them back', async () => {
        await bot.post(personalMessage('overzicht', { serviceUrl: bot.connector.url, from: ILSE }));
        const card = lastCard(ILSE);
        assert.ok(card);
        const text = cardText(card);
        assert.match(text, /Regionaal overzicht: deze cijfers gaan over Brummen, Lochem, Voorst en Zutphen/);
        assert.match(text, /staan er als "< 5"/);
        for (const m of ALL) assert.match(text, new RegExp(`\\n${m}\\n`));
        assert.match(text, /\nVoorst\n< 5\n/);
        const counts = countsIn(card);
        assert.ok(counts.includes('< 5'));
        assert.deepEqual(counts.filter((c) => /^[1-4]$/.test(c)), [], 'no count of 1 to 4 anywhere on the card');
        // Total minus the shown municipalities must not give a single one back.
        const facts = text.split('\n');
        const after = (title: string) => facts[facts.indexOf(title) + 1];
        const total = after('Meldingen in totaal');
        const notExact = ALL.filter((m) => !/^\d+$/.test(after(m)));
        assert.ok(!/^\d+$/.test(total) || notExact.length >= 2, `total ${total}, not exact: ${notExact.join(', ')}`);
        assert.ok(!JSON.stringify(card).includes('"type":"Chart.'), 'charts cannot show "< 5"');
        const entry = (await audit()).filter((a) => a.event === 'overview_viewed' && a.actor === ILSE.aadObjectId).at(-1);
        assert.equal(entry?.detail, 'kwartaal;regionaal:Brummen+Lochem+Voorst+Zutphen;afgeschermd');
    });

    it('suppresses small cells in every CSV: the regional one and the Brummen coordinator\'s own', async () => {
        const regionalFile = await exportCsvFile(bot, ILSE, 'kwartaal');
        const regional = regionalFile.csv.replace(/\r\n/g, '\n');
        assert.match(regional, /^\uFEFFPeriode;Gemeente;Vorm van uitbuiting;Status;Aantal\n/);
        assert.match(regional, /;Voorst;Criminele uitbuiting;Nieuw;< 5\n/);
        assert.doesNotMatch(regional, /;[1-4]\n/);
        assert.match(regionalFile.name, /-regio-/, 'the scope is in the file name');

        const own = (await exportCsvFile(bot, SANNE, 'maand')).csv.replace(/\r\n/g, '\n');
        assert.match(own, /;Brummen;Seksuele uitbuiting;Nieuw;< 5\n/, 'exact on her card, protected in her CSV');
        assert.doesNotMatch(own, /;[1-4]\n|Lochem|Voorst|Zutphen/);
        const exports = (await audit()).filter((a) => a.event === 'export');
        assert.ok(exports.some((a) => a.actor === ILSE.aadObjectId && /^csv;kwartaal;regionaal:Brummen\+Lochem\+Voorst\+Zutphen;\d+ rijen$/.test(a.detail ?? '')));
        assert.ok(exports.some((a) => a.actor === SANNE.aadObjectId && /^csv;maand;gemeente:Brummen;\d+ rijen$/.test(a.detail ?? '')));
    });

    it('a forged overview button from a non-coordinator, or from a channel, shows nothing and records nothing', async () => {
        const audited = await numbersAudited();
        for (const action of ['overzicht.maand', 'overzicht.kwartaal', 'overzicht.csv']) {
            const sent = await replies(cardSubmit({ action, granularity: 'kwartaal' }, { serviceUrl: bot.connector.url, from: KIM }));
            assert.equal(cardsIn(sent).length, 0, action);
            assert.match(lastText(KIM), /alleen voor de aandachtfunctionarissen/);
        }
        for (const who of [ILSE, SANNE]) {
            for (const action of ['overzicht.maand', 'overzicht.csv']) {
                const sent = await replies({ ...channelActivityBase({ serviceUrl: bot.connector.url, from: who }), type: 'message', text: '', value: { action, granularity: 'kwartaal' } });
                assert.equal(cardsIn(sent).length, 0, `${who.name} ${action}`);
                assert.match(String(sent[0]?.text), /alleen zien in je 1-op-1-chat/);
            }
        }
        assert.equal(await numbersAudited(), audited);
        assert.ok(!(await audit()).some((a) => a.actor === KIM.aadObjectId));
    });
});
