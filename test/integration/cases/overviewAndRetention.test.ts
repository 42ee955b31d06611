import assert from 'node:assert/strict';
import { computeStatistics, protectedStatistics } from '../../../bot/cases/caseStatistics';
import { statisticsCsvFile } from '../../../bot/cases/statisticsCsvFile';
import { exportCsvFile } from '../../support/fileConsent';
import { SANNE, cardSubmit, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, type TestBot } from '../../support/botHarness';
import { ManualClock } from '../reports/reportTestKit';
import { ANNE, KIM, current, deliveredReport, press, settle, startCaseBot, type Delivered } from './caseTestKit';

const DAY = 24 * 3600 * 1000;
const month = () => new Date().toISOString().slice(0, 7);

describe('Overzicht over HTTP: numbers that match the stored reports of the own municipality, coordinators only, audited CSV', () => {
    let bot: TestBot;
    before(async () => {
        bot = await startCaseBot();
        await deliveredReport(bot, { municipality: 'Brummen', forms: ['arbeid', 'seksueel'], indicators: ['alg_woonplek'] });
        await deliveredReport(bot, { municipality: 'Zutphen', forms: ['crimineel'], indicators: ['alg_woonplek'] });
        const d = await deliveredReport(bot, { municipality: 'Brummen', forms: ['onbekend'], indicators: ['alg_woonplek'] });
        await press(bot, SANNE, d, 'case.oppakken');
        await deliveredReport(bot, { municipality: 'Lochem', forms: ['arbeid'] });
        await settle(bot);
    });
    after(async () => bot.close());

    const chat = (p: Person) => `a:personal-${p.aadObjectId}`;
    const lastCard = (p: Person) => cardsIn(bot.connector.sentTo(chat(p))).at(-1);
    const lastText = (p: Person) => String(bot.connector.sentTo(chat(p)).at(-1)?.text ?? '');

    it('gives a Brummen coordinator a card with counts equal to the stored Brummen reports (tables: too few for whole-number chart axes)', async () => {
        await bot.post(personalMessage('overzicht', { serviceUrl: bot.connector.url, from: SANNE }));
        const card = lastCard(SANNE);
        assert.ok(card);
        const json = JSON.stringify(card);
        assert.doesNotMatch(json, /"type":"Chart\./, 'two reports: a chart would show 0,25 on its axis');
        assert.doesNotMatch(json, /"msteams"/, 'a normal-width card');
        const stored = (await bot.app.reporting.store.listReports()).map((s) => s.report);
        const expected = computeStatistics(stored, 'kwartaal', ['Brummen']);
        assert.equal(expected.totalReports, 2);
        const text = cardText(card);
        assert.match(text, new RegExp(`Meldingen in totaal\\n${expected.totalReports}`));
        assert.match(text, /Brummen\n2\nNieuw\n1\nIn behandeling\n1/);
        assert.doesNotMatch(text, /Lochem|Voorst|Zutphen/, 'only the municipality she coordinates');
        // Per form counts (a report with two forms counts under each).
        assert.match(text, /Meldingen per vorm van uitbuiting\nSeksuele uitbuiting\n1\nCriminele uitbuiting\n0\nArbeidsuitbuiting\n1\nGedwongen orgaanverwijdering \(orgaanhandel\)\n0\nWeet ik niet\n1\n/);
        assert.doesNotMatch(json, /Busje|Dorpsstraat|Kim Balie|MH-\d{4}/, 'no content, names or references');
        const audit = await bot.app.cases.audit.listMonth(month());
        assert.ok(audit.some((a) => a.event === 'overview_viewed' && a.actor === SANNE.aadObjectId));
    });

    it('switches to months and exports the aggregated numbers as CSV (audited, no personal data)', async () => {
        await bot.post(cardSubmit({ action: 'overzicht.maand' }, { serviceUrl: bot.connector.url, from: ANNE }));
        assert.match(cardText(lastCard(ANNE)), /per maand/);
        const file = await exportCsvFile(bot, ANNE, 'maand');
        const code = file.csv.replace(/\r\n/g, '\n');
        const expected = statisticsCsvFile(protectedStatistics((await bot.app.reporting.store.listReports()).map((s) => s.report), 'maand', ['Brummen'])).replace(/\r\n/g, '\n');
        assert.equal(code, expected);
        assert.match(code, /;Brummen;Arbeidsuitbuiting;Nieuw;< 5\n/);
        assert.match(code, /^\uFEFFPeriode;Gemeente;Vorm van uitbuiting;Status;Aantal\n/);
        assert.match(file.name, /^meldingen-per-maand-brummen-\d{4}-\d{2}-\d{2}\.csv$/);
        assert.equal(file.fileInfo?.name, file.name, 'the file card shows the uploaded file');
        assert.doesNotMatch(code, /Busje|Dorpsstraat|Kim|MH-/);
        const audit = await bot.app.cases.audit.listMonth(month());
        assert.ok(audit.some((a) => a.event === 'export' && a.actor === ANNE.aadObjectId && /csv;maand/.test(a.detail ?? '')));
        // A forged granularity changes nothing and exports nothing.
        const exportsBefore = audit.filter((a) => a.event === 'export').length;
        await bot.post(cardSubmit({ action: 'overzicht.csv', granularity: 'jaar' }, { serviceUrl: bot.connector.url, from: ANNE }));
        assert.match(lastText(ANNE), /Die keuze ken ik niet/);
        assert.equal((await bot.app.cases.audit.listMonth(month())).filter((a) => a.event === 'export').length, exportsBefore);
    });

    it('refuses the overview and the export to colleagues who are not coordinators', async () => {
        await bot.post(personalMessage('overzicht', { serviceUrl: bot.connector.url, from: KIM }));
        assert.match(lastText(KIM), /alleen voor de aandachtfunctionarissen/);
        await bot.post(cardSubmit({ action: 'overzicht.csv', granularity: 'kwartaal' }, { serviceUrl: bot.connector.url, from: KIM }));
        assert.match(lastText(KIM), /alleen voor de aandachtfunctionarissen/);
        assert.ok(!JSON.stringify(bot.connector.sentTo(chat(KIM))).includes('file.consent'), 'no file offered');
        const audit = await bot.app.cases.audit.listMonth(month());
        assert.ok(!audit.some((a) => a.actor === KIM.aadObjectId));
    });
});

describe('Retention: purges exactly the closed reports past RETENTION_DAYS, keeps the numbers', () => {
    let bot: TestBot;
    const clock = new ManualClock(Date.now());
    before(async () => {
        bot = await startCaseBot({ RETENTION_DAYS: '30' }, clock.now);
    });
    after(async () => bot.close());

    async function close(d: Delivered, note = 'Vertrouwelijke notitie over de situatie.') {
        await press(bot, SANNE, d, 'case.oppakken');
        await press(bot, SANNE, d, 'case.notitie', { note });
        await press(bot, SANNE, d, 'case.afsluiten', { closeReason: 'anders', closeNote: 'Toelichting bij afsluiten.' });
    }

    it('removes personal and free-text fields and notes of old closed reports only; audit, card and numbers follow', async () => {
        const old = await deliveredReport(bot, { description: 'Oude tekst met details.', location: 'Kerkstraat 2', informed: ['anders'], informedOther: 'buurvrouw' });
        const openOne = await deliveredReport(bot, { description: 'Open melding blijft.' });
        const reopened = await deliveredReport(bot, { description: 'Heropende melding blijft.' });
        await close(old);
        await close(reopened);
        await press(bot, SANNE, reopened, 'case.heropenen');
        await press(bot, SANNE, openOne, 'case.oppakken');
        clock.advance(20 * DAY);
        const recent = await deliveredReport(bot, { description: 'Recent gesloten blijft.' });
        await close(recent);
        await settle(bot);
        const statsBefore = computeStatistics((await bot.app.reporting.store.listReports()).map((s) => s.report), 'maand');
        const mineBefore = await bot.app.reporting.service.listByReporter(KIM.aadObjectId);
        assert.ok(mineBefore.some((r) => r.reportId === old.report.reportId));

        clock.advance(11 * DAY); // old: closed 31 days ago; recent: 11 days ago
        const result = await bot.app.cases.purger.run();
        assert.deepEqual(result.purged, [old.report.reportId]);
        assert.equal(result.skipped, 0);

        const purged = await current(bot, old);
        assert.equal(purged.description, '');
        assert.equal(purged.location, undefined);
        assert.equal(purged.informedOther, undefined);
        assert.equal(purged.estimatedAge, undefined);
        assert.equal(purged.reporter.aadObjectId, '');
        assert.equal(purged.reporter.displayName, undefined);
        assert.ok(purged.purgedAt);
        // What the numbers need stays.
        assert.equal(purged.municipality, old.report.municipality);
        assert.deepEqual(purged.forms, old.report.forms);
        assert.equal(purged.status, 'afgesloten');
        assert.equal(purged.submittedAt, old.report.submittedAt);
        assert.deepEqual(purged.indicators, old.report.indicators);

        // Notes gone from the history; who did what stays.
        const history = await bot.app.cases.service.act(
            { aadObjectId: SANNE.aadObjectId, tenantId: purged.reporter.tenantId, conversationId: old.thread },
            { reportId: old.report.reportId, cardVersion: 0, request: { kind: 'geschiedenis' } },
        );
        assert.equal(history.kind, 'history');
        if (history.kind === 'history') {
            assert.equal(history.entries.length, 3);
            assert.ok(history.entries.every((e) => e.note === undefined));
            assert.ok(history.entries.every((e) => e.actorName === 'Sanne Jansen'));
        }

        // The others are untouched.
        for (const d of [openOne, reopened, recent]) {
            const r = await current(bot, d);
            assert.equal(r.description, d.report.description);
            assert.equal(r.purgedAt, undefined);
            assert.equal(r.reporter.aadObjectId, KIM.aadObjectId);
        }

        // Mijn meldingen no longer lists it; the numbers did not change.
        const mineAfter = await bot.app.reporting.service.listByReporter(KIM.aadObjectId);
        assert.ok(!mineAfter.some((r) => r.reportId === old.report.reportId));
        assert.equal(mineAfter.length, mineBefore.length - 1);
        const statsAfter = computeStatistics((await bot.app.reporting.store.listReports()).map((s) => s.report), 'maand');
        assert.deepEqual(statsAfter, statsBefore);

        // Every run is in the audit trail, by count: no list of which reports existed.
        const audit = await bot.app.cases.audit.listMonth(clock.now().toISOString().slice(0, 7));
        const purges = audit.filter((a) => a.event === 'purge');
        assert.deepEqual(purges.map((a) => [a.actor, a.detail, a.reportId]), [['system:retention', `${result.purged.length} meldingen na 30 dagen`, undefined]]);

        // The channel card loses the text too, and offers no actions any more.
        await bot.connector.waitFor((c) => c.method === 'PUT' && c.activityId === old.activityId && /bewaartermijn/.test(JSON.stringify(c.body)));
        const last = bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === old.activityId).at(-1)!;
        const lastJson = JSON.stringify(last.body);
        assert.doesNotMatch(lastJson, /Oude tekst|Kerkstraat|buurvrouw|Kim Balie/);
        assert.doesNotMatch(lastJson, /case\.heropenen/);

        // A purged report cannot be acted on.
        const refused = await press(bot, SANNE, old, 'case.heropenen');
        assert.match(refused.text, /na de bewaartermijn verwijderd/);

        // Running again purges nothing more.
        const again = await bot.app.cases.purger.run();
        assert.deepEqual(again.purged, []);
    });
});
