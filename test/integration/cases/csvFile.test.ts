/** The CSV export as a real file through Teams' file consent (issue 15, part 5), and its refusals. */
import assert from 'node:assert/strict';
import { isMicrosoftUploadUrl, OVERVIEW_TEXTS } from '../../../bot/teams/handlers/overviewResponder';
import { cardSubmit, SANNE, type Person } from '../../support/activities';
import type { TestBot } from '../../support/botHarness';
import { exportCsvFile } from '../../support/fileConsent';
import { KIM, deliveredReport, startCaseBot } from './caseTestKit';

const month = () => new Date().toISOString().slice(0, 7);

describe('CSV export as a file (file consent in the personal chat)', function () {
    this.timeout(30_000);
    let bot: TestBot;
    before(async () => {
        bot = await startCaseBot({ REPORT_RATE_LIMIT_PER_HOUR: '0' });
        await deliveredReport(bot);
    });
    after(async () => bot?.close());

    const consentInvoke = (who: Person, value: Record<string, unknown>) => bot.post({ ...cardSubmit({}, { serviceUrl: bot.connector.url, from: who }), type: 'invoke', name: 'fileConsent/invoke', value });
    const lastText = (who: Person) => String(bot.connector.sentTo(`a:personal-${who.aadObjectId}`).filter((a) => a.text).at(-1)?.text ?? '');
    const exports = async () => (await bot.app.cases.audit.listMonth(month())).filter((a) => a.event === 'export').length;

    it('offers the file without auditing it; the upload is audited once and shows the file card', async () => {
        const before = await exports();
        await bot.post(cardSubmit({ action: 'overzicht.csv', granularity: 'kwartaal' }, { serviceUrl: bot.connector.url, from: SANNE }));
        assert.equal(await exports(), before, 'an offer is no export');
        const file = await exportCsvFile(bot, SANNE, 'kwartaal');
        assert.equal(await exports(), before + 1);
        assert.match(file.csv, /^\uFEFFPeriode;Gemeente;Vorm van uitbuiting;Status;Aantal\r\n/);
        assert.doesNotMatch(file.csv, /Busje|Dorpsstraat|Kim|MH-/);
        assert.deepEqual((file.fileInfo?.content as { fileType?: string }).fileType, 'csv');
    });

    it('decline, a forged context and a non-coordinator upload nothing and audit nothing', async () => {
        const uploads = bot.connector.uploads.length;
        const before = await exports();
        const uploadInfo = { name: 'x.csv', uploadUrl: `${bot.connector.url}/uploads/forged`, contentUrl: 'https://contoso.sharepoint.com/x.csv', uniqueId: 'u', fileType: 'csv' };
        assert.equal((await consentInvoke(SANNE, { type: 'fileUpload', action: 'decline', context: { kind: 'overzichtCsv', granularity: 'maand' } })).status, 200);
        assert.equal(lastText(SANNE), OVERVIEW_TEXTS.csvDeclined);
        await consentInvoke(SANNE, { type: 'fileUpload', action: 'accept', context: { kind: 'iets anders' }, uploadInfo });
        assert.equal(lastText(SANNE), OVERVIEW_TEXTS.unknownChoice);
        await consentInvoke(KIM, { type: 'fileUpload', action: 'accept', context: { kind: 'overzichtCsv', granularity: 'maand' }, uploadInfo });
        assert.equal(lastText(KIM), OVERVIEW_TEXTS.notCoordinator);
        assert.equal(bot.connector.uploads.length, uploads);
        assert.equal(await exports(), before);
    });

    it('in production only Microsoft file hosts take the bytes', () => {
        assert.equal(isMicrosoftUploadUrl('https://contoso-my.sharepoint.com/personal/x/_api/uploadSession?guid=1'), true);
        assert.equal(isMicrosoftUploadUrl('http://contoso-my.sharepoint.com/x'), false);
        assert.equal(isMicrosoftUploadUrl('https://sharepoint.com.evil.example/x'), false);
        assert.equal(isMicrosoftUploadUrl('not a url'), false);
    });
});
