/**
 * Issue 14 item 5: nothing a person or a caller wrote reaches the logs, at any level. A run of the real
 * server (restify, CloudAdapter, Tables on Azurite, outbox worker, fake connector) with the logger at
 * trace into a buffer; every input carries a unique marker: form fields, notes, questions, display
 * names, activity fields (type, name, locale, channelData, entities, attachments, ...), card and invoke
 * data, the URL path. The run must really carry them (the stored report and case history hold them),
 * and no marker may appear in any log line.
 *
 * Ids (activity, conversation, aadObjectId) are what the log is for and carry no marker here.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { CASE_VERBS } from '../../../bot/cases/caseModel';
import { createLogger } from '../../../bot/logger';
import {
    BOT,
    BRUMMEN_CHANNEL,
    SANNE,
    botAddedToTeam,
    cardActionInvoke,
    cardSubmit,
    channelActivityBase,
    channelMessage,
    personalInstall,
    personalMessage,
    type Person,
} from '../../support/activities';
import { cardsIn, startTestBot, type TestBot } from '../../support/botHarness';

function yesterday(): string {
    return new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

describe('No input reaches the logs, at any level (issue 14 item 5)', function () {
    this.timeout(60_000);
    let bot: TestBot;
    const logLines: string[] = [];
    const planted: string[] = [];
    const byWhat = new Map<string, string>();
    /** A fresh marker: lower case letters and digits, so no cleaning, stemming or validation changes it. */
    const marker = (what: string): string => {
        const m = `zqmk${planted.length.toString().padStart(2, '0')}${what.replace(/[^a-z]/g, '').slice(0, 10)}x`;
        planted.push(m);
        byWhat.set(what, m);
        return m;
    };

    before(async () => {
        const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) });
        bot = await startTestBot({ logger: createLogger('trace', sink) });
    });
    after(async () => bot?.close());

    it('plants a marker in every input of a full run and finds none in the logs', async () => {
        const serviceUrl = bot.connector.url;
        const reporter: Person = { id: '29:colleague-marker', name: `Anne ${marker('reportername')}`, aadObjectId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e' };
        const coordinator: Person = { ...SANNE, name: `Sanne ${marker('coordname')}` };
        /** Activity fields Teams sends that the bot does not use; a caller can fill them with anything. */
        const decorate = <T extends Record<string, unknown>>(activity: T): T => ({
            ...activity,
            recipient: { ...BOT, name: `Bot ${marker('recipientname')}` },
            conversation: { ...(activity.conversation as object), name: marker('conversationname') },
            locale: marker('locale'),
            localTimezone: marker('timezone'),
            textFormat: marker('textformat'),
            summary: marker('summary'),
            entities: [{ type: 'clientInfo', locale: marker('entitylocale'), platform: marker('platform') }],
            attachments: [{ contentType: 'text/html', content: `<p>${marker('attachment')}</p>`, name: marker('attachmentname') }],
            channelData: { ...(activity.channelData as object), source: { name: marker('sourcename') }, extra: marker('channeldata') },
        });
        const post = async (activity: Record<string, unknown>) => bot.post(decorate(activity));

        // The team and channel, with names.
        const added = botAddedToTeam({ serviceUrl });
        await post({
            ...added,
            channelData: { ...added.channelData, team: { ...added.channelData.team, name: `Team ${marker('teamname')}` }, channel: { id: BRUMMEN_CHANNEL, name: `Kanaal ${marker('channelname')}` } },
            membersAdded: [{ id: BOT.id, name: marker('membername') }],
        });
        await post(personalInstall({ serviceUrl, from: reporter }));

        // Questions: an ordinary one, one with danger, one nobody can answer, a typed command with junk.
        for (const question of [
            `Wat zijn signalen van arbeidsuitbuiting bij ${marker('question')}?`,
            `Help, hij slaat haar nu, bij ${marker('danger')}`,
            `${marker('nomatch')} ${marker('nomatchtwo')}`,
            `melden ${marker('command')}`,
            'stop',
        ]) {
            assert.equal((await post(personalMessage(question, { serviceUrl, from: reporter }))).status, 200);
        }

        // The report, every free-text field marked, plus card data the form never had.
        const submit = (value: Record<string, unknown>) => post(cardSubmit(value, { serviceUrl, from: reporter }));
        await post(personalMessage('ik wil iets melden', { serviceUrl, from: reporter }));
        await submit({ action: 'report.safety', acuteDanger: false, [marker('extrakey')]: marker('extravalue') });
        await submit({
            action: 'report.details',
            municipality: 'Brummen',
            forms: 'arbeid',
            description: `Busje haalt elke ochtend mensen op bij ${marker('description')} in een overvol huis.`,
            location: `Dorpsstraat bij ${marker('location')}`,
            observedOn: yesterday(),
            workContext: 'anders',
            workContextOther: `Team ${marker('workcontext')}`,
        });
        await submit({
            action: 'report.signals',
            indicators_arbeid: 'arb_huisvesting,anders',
            otherIndicator: `Ook ${marker('otherindicator')}`,
            peopleCount: '12',
            estimatedAge: '',
            minor: 'nee',
            informed: 'anders',
            informedOther: `Gemeld bij ${marker('informed')}`,
        });
        const summary = JSON.stringify(cardsIn(bot.connector.sentTo(`a:personal-${reporter.aadObjectId}`)).at(-1) ?? {});
        const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(summary)?.[1];
        assert.ok(submissionId, 'the marked report reached the summary');
        await submit({ action: 'report.send', submissionId });
        // Card data the bot does not know: an unknown action, a forged submission, a menu that does not exist.
        await submit({ action: marker('action') });
        await submit({ action: 'report.send', submissionId: marker('submission') });
        await submit({ action: `menu.${marker('menu')}` });

        // The report is delivered to the channel; the coordinator works on it with marked notes.
        const deadline = Date.now() + 10_000;
        let reportId: string | undefined;
        let thread: string | undefined;
        while (Date.now() < deadline && thread === undefined) {
            const mine = await bot.app.reporting.service.listByReporter(reporter.aadObjectId);
            reportId = mine[0]?.reportId;
            const stored = reportId === undefined ? undefined : await bot.app.reporting.store.get(reportId);
            thread = stored?.report.delivery.conversationId;
            if (thread === undefined) await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(reportId && thread, 'the report was stored and posted in the channel');
        const press = async (verb: string, data: Record<string, unknown>) => {
            const version = (await bot.app.reporting.store.get(reportId!))?.report.handling?.version ?? 0;
            return post(cardActionInvoke(verb, { reportId, version, ...data }, { serviceUrl, from: coordinator, threadConversationId: thread, channelId: BRUMMEN_CHANNEL }));
        };
        await press(CASE_VERBS.oppakken, { [marker('invokekey')]: marker('invokevalue') });
        await press(CASE_VERBS.notitie, { note: `Gebeld met ${marker('note')}` });
        await press(CASE_VERBS.doorzetten, { partner: 'anders', forwardNote: `Naar ${marker('forwardnote')}` });
        await press(CASE_VERBS.afsluiten, { closeReason: 'anders', closeNote: `Klaar want ${marker('closenote')}` });
        const historyAnswer = await press(CASE_VERBS.geschiedenis, {});
        await press(`case.${marker('verb')}`, {});
        await bot.app.reporting.worker.idle();

        // In the channel: a mention with text, and a binding attempt by someone who is not an admin.
        await post(channelMessage(`koppel ${marker('bindtext')}`, { serviceUrl, from: coordinator }));

        // Activity fields the caller chooses: type, invoke and event names, codes, a malformed invoke.
        const base = personalMessage('', { serviceUrl, from: reporter });
        await post({ ...base, type: marker('type') });
        await post({ ...base, type: 'event', name: marker('eventname'), value: marker('eventvalue') });
        await post({ ...base, type: 'invoke', name: marker('invokename'), value: { x: marker('invokedata') } });
        await post({ ...base, type: 'invoke', name: 'adaptiveCard/action', value: marker('malformedinvoke') });
        await post({ ...base, type: 'endOfConversation', code: marker('code'), text: marker('endtext') });
        await post({ ...base, type: 'messageReaction', reactionsAdded: [{ type: marker('reaction') }] });
        await post({ ...base, type: 'installationUpdate', action: marker('installaction') });
        // Refused at the door or by the tenant guard, with the marker in the refused field.
        await post({ ...base, channelId: marker('channelid') });
        await post({ ...base, serviceUrl: `https://${marker('serviceurl')}.trafficmanager.net/` });
        const foreign = marker('tenant');
        await post({ ...base, conversation: { ...base.conversation, tenantId: foreign }, channelData: { tenant: { id: foreign } } });
        await post({ ...channelActivityBase({ serviceUrl, from: reporter }), type: 'message', text: marker('channeltext') });
        // Paths and bodies the server does not know.
        await fetch(`${bot.url}/${marker('path')}?q=${marker('query')}`);
        await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"${marker('badjson')}"` });
        await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-extra': marker('header') }, body: JSON.stringify({ text: marker('notype') }) });

        // The markers really went through the bot: they are in storage, in the card, in the history.
        const stored = (await bot.app.reporting.store.get(reportId!))?.report;
        assert.ok(stored, 'the report is stored');
        const storedJson = JSON.stringify(stored);
        for (const what of ['reportername', 'description', 'location', 'workcontext', 'otherindicator', 'informed']) {
            const m = byWhat.get(what)!;
            assert.ok(storedJson.includes(m), `the stored report holds the ${what} marker`);
        }
        for (const what of ['note', 'forwardnote', 'closenote']) {
            const m = byWhat.get(what)!;
            assert.ok(JSON.stringify(historyAnswer.body).includes(m), `the case history shows the ${what} marker`);
        }

        const logs = logLines.join('').toLowerCase();
        assert.ok(logLines.length >= 50, `the run logged (${logLines.length} lines)`);
        const leaked = planted.filter((m) => logs.includes(m));
        assert.deepEqual(leaked, [], `markers found in the logs: ${leaked.join(', ')}\n${logLines.filter((l) => leaked.some((m) => l.toLowerCase().includes(m))).slice(0, 5).join('')}`);
        assert.ok(planted.length >= 50, `${planted.length} markers planted`);
    });
});
