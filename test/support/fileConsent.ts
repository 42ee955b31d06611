import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cardSubmit, type Person } from './activities';
import type { TestBot } from './botHarness';

/**
 * The whole file-consent round as Teams plays it: press the CSV button, find the consent card, answer it
 * with a fileConsent/invoke that carries an upload URL on the fake connector, and return what was uploaded.
 */
export async function exportCsvFile(bot: TestBot, who: Person, granularity: string): Promise<{ csv: string; name: string; fileInfo?: Record<string, unknown> }> {
    const chat = `a:personal-${who.aadObjectId}`;
    await bot.post(cardSubmit({ action: 'overzicht.csv', granularity }, { serviceUrl: bot.connector.url, from: who }));
    const consent = bot.connector
        .sentTo(chat)
        .flatMap((a) => (a.attachments as { contentType: string; name?: string; content: Record<string, unknown> }[] | undefined) ?? [])
        .filter((att) => att.contentType === 'application/vnd.microsoft.teams.card.file.consent')
        .at(-1);
    assert.ok(consent, 'a file consent card in the personal chat');
    const uploadsBefore = bot.connector.uploads.length;
    const uniqueId = randomUUID();
    const base = cardSubmit({}, { serviceUrl: bot.connector.url, from: who });
    const res = await bot.post({
        ...base,
        type: 'invoke',
        name: 'fileConsent/invoke',
        value: {
            type: 'fileUpload',
            action: 'accept',
            context: consent.content.acceptContext,
            uploadInfo: { name: consent.name, uploadUrl: `${bot.connector.url}/uploads/${uniqueId}`, contentUrl: `https://contoso.sharepoint.com/personal/${uniqueId}.csv`, uniqueId, fileType: 'csv' },
        },
    });
    assert.equal(res.status, 200);
    const upload = bot.connector.uploads.slice(uploadsBefore).at(-1);
    assert.ok(upload, 'the bot uploaded the file');
    const size = upload.body.length;
    assert.equal(upload.headers['content-range'], `bytes 0-${size - 1}/${size}`);
    const fileInfo = bot.connector
        .sentTo(chat)
        .flatMap((a) => (a.attachments as { contentType: string }[] | undefined) ?? [])
        .filter((att) => att.contentType === 'application/vnd.microsoft.teams.card.file.info')
        .at(-1) as Record<string, unknown> | undefined;
    return { csv: upload.body.toString('utf8'), name: String(consent.name), ...(fileInfo && { fileInfo }) };
}
