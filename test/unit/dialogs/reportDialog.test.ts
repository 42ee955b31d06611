import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ActivityTypes, AutoSaveStateMiddleware, ConversationState, MemoryStorage, TestAdapter, UserState, type Activity, type TurnContext } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { createSilentLogger } from '../../../bot/logger';
import { ReportError } from '../../../bot/reports/reportErrors';
import type { ReporterPreferences } from '../../../bot/reports/reportModel';
import type { ReportService, SubmitResult } from '../../../bot/reports/reportService';
import type { ReportPrefill } from '../../../bot/domain/vocabulary';
import { REPORT_TEXTS, ReportDialog } from '../../../dialogs/reportDialog';
import { MY_REPORTS_TEXTS, MyReportsResponder } from '../../../bot/teams/handlers/myReportsResponder';
import { FIXED_NOW, sampleReport } from '../reports/reportFixtures';

const USER = { id: '29:user', name: 'Sam Toezicht', aadObjectId: '00000000-0000-4000-8000-000000000001' };
const CONVERSATION = { id: 'a:personal-chat', tenantId: 'tenant-ijsselstreek', isGroup: false, conversationType: 'personal', name: '' };

const DETAILS = {
    action: 'report.details',
    municipality: 'Voorst',
    forms: 'arbeid',
    description: 'Busje haalt elke ochtend om 5 uur mensen op bij een overvol huis.',
    location: 'Dorpsstraat, Twello',
    observedOn: '2026-03-12',
    workContext: 'handhaving',
};
const SIGNALS = { action: 'report.signals', indicators_algemeen: 'alg_afhankelijk', indicators_arbeid: 'arb_huisvesting,arb_lange_dagen', peopleCount: '12', estimatedAge: '', minor: 'nee', informed: 'niemand' };

function stubService(): sinon.SinonStubbedInstance<ReportService> & ReportService {
    return {
        submit: sinon.stub<Parameters<ReportService['submit']>, Promise<SubmitResult>>().callsFake(async (draft, reporter, submissionId) => ({
            report: sampleReport({ ...draft, reporter, submissionId, reference: 'MH-2026-0007' }),
            created: true,
            coordinator: { name: 'Aandachtfunctionaris Voorst', email: 'mensenhandel@voorst.nl' },
        })),
        findSubmission: sinon.stub<Parameters<ReportService['findSubmission']>, Promise<SubmitResult | undefined>>().resolves(undefined),
        listByReporter: sinon.stub<Parameters<ReportService['listByReporter']>, ReturnType<ReportService['listByReporter']>>().resolves([]),
        get: sinon.stub<Parameters<ReportService['get']>, ReturnType<ReportService['get']>>().resolves(undefined),
    };
}

interface Harness {
    client: DialogTestClient;
    service: ReturnType<typeof stubService>;
    userState: UserState;
    dialog: ReportDialog;
    send(value?: Record<string, unknown> | string, overrides?: Partial<Activity>): Promise<Partial<Activity>[]>;
}

let submissionCounter = 0;

function harness(prefill?: ReportPrefill, shared?: { storage: MemoryStorage; service?: ReturnType<typeof stubService> }): Harness {
    const storage = shared?.storage ?? new MemoryStorage();
    const userState = new UserState(storage);
    const conversationState = new ConversationState(storage);
    const service = shared?.service ?? stubService();
    const dialog = new ReportDialog(service, userState.createProperty<ReporterPreferences>('reporterPreferences'), createSilentLogger(), {
        clock: () => FIXED_NOW,
        newSubmissionId: () => `sub-test-${String(++submissionCounter).padStart(6, '0')}`,
    });
    const client = new DialogTestClient('msteams', dialog, prefill ? { prefill } : undefined, [new AutoSaveStateMiddleware(userState, conversationState)], conversationState);
    const send = async (value?: Record<string, unknown> | string, overrides: Partial<Activity> = {}) => {
        const activity: Partial<Activity> = {
            type: ActivityTypes.Message,
            from: USER,
            conversation: CONVERSATION,
            ...(typeof value === 'string' ? { text: value } : { text: '', value }),
            ...overrides,
        };
        const replies: Partial<Activity>[] = [];
        let reply: Partial<Activity> | undefined = await client.sendActivity(activity);
        while (reply) {
            replies.push(reply);
            reply = client.getNextReply();
        }
        return replies;
    };
    return { client, service, userState, dialog, send };
}

function card(reply: Partial<Activity> | undefined): string {
    const content: unknown = reply?.attachments?.[0]?.content;
    assert.ok(content, `expected a card, got ${JSON.stringify(reply?.text)}`);
    return JSON.stringify(content);
}

function submissionIdOf(reply: Partial<Activity> | undefined): string {
    const m = /"action":"report\.send","submissionId":"([^"]+)"/.exec(card(reply));
    assert.ok(m, 'summary has a submissionId');
    return m[1] as string;
}

async function toSummary(h: Harness, acute = false): Promise<string> {
    await h.send('ik wil iets melden');
    await h.send({ action: 'report.safety', acuteDanger: acute });
    await h.send(DETAILS);
    const replies = await h.send(SIGNALS);
    assert.match(card(replies[0]), /Controleer je melding/);
    return submissionIdOf(replies[0]);
}

describe('ReportDialog', () => {
    it('happy path: safety, two form steps, summary, Versturen stores once and confirms', async () => {
        const h = harness();
        const [safety] = await h.send('ik wil iets melden');
        assert.match(card(safety), /acuut gevaar/);

        const [form1] = await h.send({ action: 'report.safety', acuteDanger: false });
        assert.match(card(form1), /stap 1 van 2/);

        const [form2] = await h.send(DETAILS);
        const step2 = card(form2);
        assert.match(step2, /stap 2 van 2/);
        assert.match(step2, /indicators_arbeid/);
        assert.ok(!step2.includes('indicators_seksueel'));

        const [summary] = await h.send(SIGNALS);
        const summaryJson = card(summary);
        assert.match(summaryJson, /Voorst/);
        assert.match(summaryJson, /Lange werkdagen|lange werkdagen/);
        const submissionId = submissionIdOf(summary);

        const [confirmation, ...rest] = await h.send({ action: 'report.send', submissionId });
        assert.equal(rest.length, 0);
        assert.match(card(confirmation), /MH-2026-0007/);
        assert.match(card(confirmation), /Aandachtfunctionaris Voorst/);
        assert.equal(h.client.dialogTurnResult.status, DialogTurnStatus.complete);
        assert.deepEqual(h.client.dialogTurnResult.result, { outcome: 'submitted', reportId: sampleReport().reportId, reference: 'MH-2026-0007' });

        sinon.assert.calledOnce(h.service.submit);
        const [draft, reporter, sentId] = h.service.submit.firstCall.args;
        assert.deepEqual(reporter, { aadObjectId: USER.aadObjectId, tenantId: CONVERSATION.tenantId, displayName: USER.name });
        assert.equal(sentId, submissionId);
        assert.deepEqual(draft, {
            municipality: 'Voorst',
            forms: ['arbeid'],
            description: DETAILS.description,
            location: DETAILS.location,
            observedOn: '2026-03-12',
            workContext: 'handhaving',
            indicators: ['alg_afhankelijk', 'arb_huisvesting', 'arb_lange_dagen'],
            peopleCount: 12,
            minor: 'nee',
            informed: ['niemand'],
            acuteDanger: false,
        });
    });

    it('remembers the municipality for the next report', async () => {
        const storage = new MemoryStorage();
        const first = harness(undefined, { storage });
        const id = await toSummary(first);
        await first.send({ action: 'report.send', submissionId: id });
        const second = harness(undefined, { storage });
        await second.send('melden');
        const [form] = await second.send({ action: 'report.safety', acuteDanger: false });
        assert.match(card(form), /"id":"municipality"[^}]*"value":"Voorst"/);
    });

    it('acute danger: 112 advice first, then the form; the draft carries acuteDanger', async () => {
        const h = harness();
        await h.send('melden');
        const [advice, form] = await h.send({ action: 'report.safety', acuteDanger: true });
        assert.match(card(advice), /Bel nu 112/);
        assert.match(card(advice), /0900-8844/);
        assert.match(card(form), /stap 1 van 2/);
        await h.send(DETAILS);
        const [summary] = await h.send(SIGNALS);
        await h.send({ action: 'report.send', submissionId: submissionIdOf(summary) });
        assert.equal(h.service.submit.firstCall.args[0].acuteDanger, true);
    });

    it('prefill from the route wizard: acute danger skips the question, forms and minor are preselected', async () => {
        const h = harness({ acuteDanger: true, forms: ['seksueel'], minor: 'ja' });
        const [advice, form] = await h.send('melden');
        assert.match(card(advice), /Bel nu 112/);
        assert.match(card(form), /"id":"forms"[^}]*"value":"seksueel"/);
        const [form2] = await h.send({ ...DETAILS, forms: 'seksueel' });
        assert.match(card(form2), /"id":"minor"[^}]*"value":"ja"/);
    });

    it('prefill from the route wizard without acute danger: no second safety question, straight to the form', async () => {
        const h = harness({ acuteDanger: false, forms: ['arbeid'] });
        const replies = await h.send('melden');
        assert.equal(replies.length, 1);
        assert.doesNotMatch(card(replies[0]), /report\.safety/);
        assert.match(card(replies[0]), /report\.details/);
        assert.match(card(replies[0]), /"id":"forms"[^}]*"value":"arbeid"/);
    });

    it('refuses to start without a Teams identity', async () => {
        const h = harness();
        const [reply] = await h.send('melden', { from: { id: 'x', name: 'Anoniem' } });
        assert.equal(reply?.text, REPORT_TEXTS.unidentified);
        assert.deepEqual(h.client.dialogTurnResult.result, { outcome: 'unidentified' });
    });

    it('takes the tenant from channelData when conversation.tenantId is absent', async () => {
        const h = harness();
        const overrides: Partial<Activity> = { conversation: { id: 'a:personal-chat', isGroup: false, conversationType: 'personal', name: '' }, channelData: { tenant: { id: 'tenant-from-channeldata' } } };
        await h.send('melden', overrides);
        await h.send({ action: 'report.safety', acuteDanger: false }, overrides);
        await h.send(DETAILS, overrides);
        const [summary] = await h.send(SIGNALS, overrides);
        await h.send({ action: 'report.send', submissionId: submissionIdOf(summary) }, overrides);
        assert.equal(h.service.submit.firstCall.args[1].tenantId, 'tenant-from-channeldata');
    });

    describe('invalid and forged payloads', () => {
        async function atDetails(): Promise<Harness> {
            const h = harness();
            await h.send('melden');
            await h.send({ action: 'report.safety', acuteDanger: false });
            return h;
        }

        it('missing fields: the form comes back with an error beside each field and the values kept', async () => {
            const h = await atDetails();
            const [form] = await h.send({ action: 'report.details', municipality: 'Lochem', description: 'kort' });
            const json = card(form);
            assert.match(json, /stap 1 van 2/);
            assert.match(json, /Nog niet alles is goed ingevuld/);
            assert.match(json, /Kies minstens één vorm/);
            assert.match(json, /Schrijf iets meer/);
            assert.match(json, /Vul de datum in/);
            assert.match(json, /"id":"municipality"[^}]*"value":"Lochem"/);
            assert.match(json, /"id":"description"[^}]*"value":"kort"/);
        });

        it('wrong types and unknown values change nothing and are named', async () => {
            const h = await atDetails();
            const [form] = await h.send({ action: 'report.details', municipality: ['Voorst'], forms: 'arbeid,slavernij', description: { text: 'x' }, observedOn: '2099-01-01', workContext: 'spion' });
            const json = card(form);
            assert.match(json, /stap 1 van 2/);
            assert.match(json, /klopt niet/);
            assert.match(json, /Kies alleen vormen/);
            assert.match(json, /toekomst/);
            assert.match(json, /werkterrein uit de lijst/);
            // Still at step 1: a correct submission moves on.
            const [next] = await h.send(DETAILS);
            assert.match(card(next), /stap 2 van 2/);
        });

        it('100 KB of text is refused with the length named, and the card stays small', async () => {
            const h = await atDetails();
            const [form] = await h.send({ ...DETAILS, description: 'x'.repeat(100 * 1024) });
            const json = card(form);
            assert.match(json, /maximaal 2\.000 tekens, je tekst heeft er 102\.400/);
            assert.ok(json.length < 28 * 1024, `card is ${json.length} bytes`);
        });

        it('an indicator of a form not chosen is refused at step 2', async () => {
            const h = await atDetails();
            await h.send(DETAILS);
            const [form] = await h.send({ ...SIGNALS, indicators_seksueel: 'sek_hotel' });
            assert.match(card(form), /hoort niet bij de gekozen vorm/);
            assert.match(card(form), /stap 2 van 2/);
        });

        it('a forged safety answer, an action out of step or an unknown action shows the current card again', async () => {
            const h = harness();
            await h.send('melden');
            const [hint1, again1] = await h.send({ action: 'report.safety', acuteDanger: 'misschien' });
            assert.equal(hint1?.text, REPORT_TEXTS.staleCard);
            assert.match(card(again1), /acuut gevaar/);
            const [hint2, again2] = await h.send({ action: 'report.send', submissionId: 'sub-forged-0001' });
            assert.equal(hint2?.text, REPORT_TEXTS.staleCard);
            assert.match(card(again2), /acuut gevaar/);
            const [hint3] = await h.send({ action: 'admin.deleteAll' });
            assert.equal(hint3?.text, REPORT_TEXTS.staleCard);
            sinon.assert.notCalled(h.service.submit);
        });

        it('a Versturen with another submissionId (old or forged summary) stores nothing', async () => {
            const h = harness();
            await toSummary(h);
            const [hint, summary] = await h.send({ action: 'report.send', submissionId: 'sub-someone-else' });
            assert.equal(hint?.text, REPORT_TEXTS.staleCard);
            assert.match(card(summary), /Controleer je melding/);
            sinon.assert.notCalled(h.service.submit);
        });
    });

    it('typed text instead of a card answer gets a hint and the card again; "stop" cancels', async () => {
        const h = harness();
        await h.send('melden');
        await h.send({ action: 'report.safety', acuteDanger: false });
        const [hint, form] = await h.send('Lochem');
        assert.equal(hint?.text, REPORT_TEXTS.typedInstead);
        assert.match(card(form), /stap 1 van 2/);
        const [bye] = await h.send('stop');
        assert.equal(bye?.text, REPORT_TEXTS.cancelled);
        assert.deepEqual(h.client.dialogTurnResult.result, { outcome: 'cancelled' });
    });

    it('Annuleren at the summary ends without storing', async () => {
        const h = harness();
        await toSummary(h);
        const [bye] = await h.send({ action: 'report.cancel' });
        assert.equal(bye?.text, REPORT_TEXTS.cancelled);
        assert.equal(h.client.dialogTurnResult.status, DialogTurnStatus.complete);
        sinon.assert.notCalled(h.service.submit);
    });

    it('Wijzigen goes back to the form with the values, and a new summary gets a new submissionId', async () => {
        const h = harness();
        const firstId = await toSummary(h);
        const [form] = await h.send({ action: 'report.edit' });
        assert.match(card(form), /stap 1 van 2/);
        assert.match(card(form), /"id":"location"[^}]*"value":"Dorpsstraat, Twello"/);
        await h.send({ ...DETAILS, municipality: 'Zutphen' });
        const [summary] = await h.send(SIGNALS);
        const secondId = submissionIdOf(summary);
        assert.notEqual(secondId, firstId);
        await h.send({ action: 'report.send', submissionId: secondId });
        assert.equal(h.service.submit.firstCall.args[0].municipality, 'Zutphen');
    });

    it('Vorige stap on step 2 returns to step 1 with the values', async () => {
        const h = harness();
        await h.send('melden');
        await h.send({ action: 'report.safety', acuteDanger: false });
        await h.send(DETAILS);
        const [form] = await h.send({ action: 'report.back' });
        assert.match(card(form), /stap 1 van 2/);
        assert.match(card(form), /"id":"workContext"[^}]*"value":"handhaving"/);
    });

    it('storage down on Versturen: says NIET opgeslagen, keeps everything, and the same submissionId works again', async () => {
        const h = harness();
        const id = await toSummary(h, true);
        h.service.submit.onFirstCall().rejects(new ReportError('STORAGE_UNAVAILABLE', 'down'));
        const [text, summary] = await h.send({ action: 'report.send', submissionId: id });
        assert.match(text?.text ?? '', /NIET opgeslagen/);
        assert.match(text?.text ?? '', /112/);
        assert.match(card(summary), /NIET opgeslagen/);
        assert.equal(submissionIdOf(summary), id);
        assert.equal(h.client.dialogTurnResult.status, DialogTurnStatus.waiting);

        const [confirmation] = await h.send({ action: 'report.send', submissionId: id });
        assert.match(card(confirmation), /MH-2026-0007/);
        sinon.assert.calledTwice(h.service.submit);
        assert.equal(h.service.submit.secondCall.args[2], id);
    });

    it('any unexpected failure on Versturen is never confirmed', async () => {
        const h = harness();
        const id = await toSummary(h);
        h.service.submit.rejects(new TypeError('boom'));
        const [text] = await h.send({ action: 'report.send', submissionId: id });
        assert.match(text?.text ?? '', /NIET opgeslagen/);
    });

    it('a draft refused by the service sends the colleague back to the form', async () => {
        const h = harness();
        const id = await toSummary(h);
        h.service.submit.rejects(new ReportError('INVALID_REPORT', 'x'));
        const [text, form] = await h.send({ action: 'report.send', submissionId: id });
        assert.equal(text?.text, REPORT_TEXTS.invalidOnServer);
        assert.match(card(form), /stap 1 van 2/);
    });

    describe('handleOrphanAction (report card clicked with no dialog active)', () => {
        async function orphan(dialog: ReportDialog, value: Record<string, unknown>): Promise<{ handled: boolean; replies: Partial<Activity>[] }> {
            const adapter = new TestAdapter(async (context: TurnContext) => {
                result.handled = await dialog.handleOrphanAction(context);
            });
            const result = { handled: false, replies: [] as Partial<Activity>[] };
            await adapter.send({ type: 'message', text: '', value, from: USER, conversation: CONVERSATION });
            result.replies = adapter.activeQueue.splice(0);
            return result;
        }

        it('a second Versturen after the report was stored shows the same reference', async () => {
            const h = harness();
            h.service.findSubmission.resolves({ report: sampleReport({ reference: 'MH-2026-0042' }), created: false });
            const { handled, replies } = await orphan(h.dialog, { action: 'report.send', submissionId: 'sub-test-000001' });
            assert.equal(handled, true);
            assert.match(card(replies[0]), /MH-2026-0042/);
            assert.deepEqual(h.service.findSubmission.firstCall.args, [{ aadObjectId: USER.aadObjectId, tenantId: CONVERSATION.tenantId, displayName: USER.name }, 'sub-test-000001']);
        });

        it('an unknown submission or an old form card gets an honest text; other actions are left to the router', async () => {
            const h = harness();
            assert.equal((await orphan(h.dialog, { action: 'report.send', submissionId: 'sub-unknown-01' })).replies[0]?.text, REPORT_TEXTS.orphanSend);
            assert.equal((await orphan(h.dialog, { action: 'report.details' })).replies[0]?.text, REPORT_TEXTS.orphanOther);
            const menu = await orphan(h.dialog, { action: 'menu.vraag' });
            assert.equal(menu.handled, false);
            assert.equal(menu.replies.length, 0);
            h.service.findSubmission.rejects(new ReportError('STORAGE_UNAVAILABLE', 'down'));
            assert.equal((await orphan(h.dialog, { action: 'report.send', submissionId: 'sub-unknown-02' })).replies[0]?.text, REPORT_TEXTS.orphanUnknown);
        });
    });
});

describe('MyReportsResponder', () => {
    async function show(service: ReturnType<typeof stubService>, from: Partial<typeof USER> = USER): Promise<Partial<Activity>[]> {
        const responder = new MyReportsResponder(service, createSilentLogger());
        const adapter = new TestAdapter(async (context) => responder.show(context));
        await adapter.send({ type: 'message', text: '', value: { action: 'menu.mijnMeldingen' }, from: { id: '29:x', name: 'x', ...from }, conversation: CONVERSATION });
        return adapter.activeQueue.splice(0);
    }

    it("lists only the caller's reports, asked by their Teams identity", async () => {
        const service = stubService();
        service.listByReporter.resolves([{ reportId: 'r1', reference: 'MH-2026-0003', submittedAt: '2026-03-14T10:00:00Z', municipality: 'Lochem', status: 'in_behandeling', deliveryState: 'bezorgd' }]);
        const [reply] = await show(service);
        assert.match(card(reply), /MH-2026-0003/);
        assert.match(card(reply), /In behandeling/);
        sinon.assert.calledOnceWithExactly(service.listByReporter, USER.aadObjectId);
    });

    it('is honest when storage is down, and refuses without identity', async () => {
        const service = stubService();
        service.listByReporter.rejects(new ReportError('STORAGE_UNAVAILABLE', 'down'));
        assert.equal((await show(service))[0]?.text, MY_REPORTS_TEXTS.unavailable);
        assert.equal((await show(stubService(), { aadObjectId: '' }))[0]?.text, MY_REPORTS_TEXTS.unidentified);
    });
});

describe('ReportDialog in place (Teams names the pressed card in replyToId)', () => {
    afterEach(() => sinon.restore());

    /** Records the card updates instead of the TestAdapter (which only replaces activities still queued). */
    function recordUpdates(_h: Harness): Partial<Activity>[] {
        const updates: Partial<Activity>[] = [];
        sinon.stub(TestAdapter.prototype, 'updateActivity').callsFake(async (_context: TurnContext, activity: Partial<Activity>) => {
            updates.push(activity);
        });
        return updates;
    }

    it('one card per report: each step replaces the pressed card; only the confirmation is a new message', async () => {
        const h = harness();
        const updates = recordUpdates(h);
        const [safety] = await h.send('melden');
        const id = safety?.id;
        assert.ok(id);
        const press = (value: Record<string, unknown>) => h.send(value, { replyToId: id });

        assert.deepEqual(await press({ action: 'report.safety', acuteDanger: false }), [], 'no new message');
        assert.equal(updates.at(-1)?.id, id);
        assert.match(card(updates.at(-1)), /stap 1 van 2/);
        assert.deepEqual(await press({ ...DETAILS, observedOn: '2026-03-16' }), [], 'an error comes in the same card');
        assert.match(card(updates.at(-1)), /De datum ligt in de toekomst/);
        assert.deepEqual(await press(DETAILS), []);
        assert.match(card(updates.at(-1)), /stap 2 van 2/);
        assert.deepEqual(await press(SIGNALS), []);
        const submissionId = submissionIdOf(updates.at(-1));

        const [confirmation, ...rest] = await press({ action: 'report.send', submissionId });
        assert.equal(rest.length, 0);
        assert.match(card(confirmation), /MH-2026-0007/);
        const retired = updates.at(-1);
        assert.equal(retired?.id, id);
        assert.match(card(retired), /Melding MH-2026-0007 is verstuurd/);
        assert.doesNotMatch(card(retired), /Action\./, 'the old card has nothing left to press');
        sinon.assert.calledOnce(h.service.submit);
    });

    it('a Volgende on an older card changes nothing, says so in Dutch and turns that card read-only', async () => {
        const h = harness();
        const updates = recordUpdates(h);
        const [safety] = await h.send('melden');
        const id = safety?.id ?? '';
        await h.send({ action: 'report.safety', acuteDanger: false }, { replyToId: id });
        const [hint, ...more] = await h.send(DETAILS, { replyToId: 'card-of-an-earlier-report' });
        assert.equal(hint?.text, REPORT_TEXTS.outdatedCard);
        assert.equal(more.length, 0);
        assert.equal(updates.at(-1)?.id, 'card-of-an-earlier-report');
        assert.match(card(updates.at(-1)), /niet meer actueel/);
        assert.doesNotMatch(card(updates.at(-1)), /Action\./);
        // Nothing moved on: the current card still takes step 1.
        await h.send(DETAILS, { replyToId: id });
        assert.match(card(updates.at(-1)), /stap 2 van 2/);
        sinon.assert.notCalled(h.service.submit);
    });

    it('acute danger: the safety card becomes the 112 advice and the form follows below it as the flow card', async () => {
        const h = harness();
        const updates = recordUpdates(h);
        const [safety] = await h.send('melden');
        const [form] = await h.send({ action: 'report.safety', acuteDanger: true }, { replyToId: safety?.id });
        assert.match(card(updates.at(-1)), /112/);
        assert.equal(updates.at(-1)?.id, safety?.id);
        assert.match(card(form), /stap 1 van 2/);
        assert.deepEqual(await h.send(DETAILS, { replyToId: form?.id }), []);
        assert.match(card(updates.at(-1)), /stap 2 van 2/);
        assert.equal(updates.at(-1)?.id, form?.id);
    });
});

describe('report form step 2: the most telling signals first', () => {
    it('shows at most six signals for the chosen form and the rest behind "Meer signalen"', async () => {
        const h = harness();
        await h.send('melden');
        await h.send({ action: 'report.safety', acuteDanger: false });
        const [form2] = await h.send(DETAILS);
        const content = JSON.parse(card(form2)) as { body: unknown[] };
        const inputs: { id: string; choices: { value: string }[] }[] = [];
        const containers: { id?: unknown; isVisible?: unknown }[] = [];
        const toggles: { title: string; targetElements: string[] }[] = [];
        const walk = (n: unknown) => {
            if (Array.isArray(n)) n.forEach(walk);
            else if (n && typeof n === 'object') {
                const o = n as Record<string, unknown>;
                if (o.type === 'Input.ChoiceSet' && typeof o.id === 'string' && o.id.startsWith('indicators_') && Array.isArray(o.choices)) {
                    inputs.push({ id: o.id, choices: o.choices.map((c: { value?: unknown }) => ({ value: String(c.value) })) });
                }
                if (o.type === 'Container') containers.push({ id: o.id, isVisible: o.isVisible });
                if (o.type === 'Action.ToggleVisibility' && typeof o.title === 'string' && Array.isArray(o.targetElements)) {
                    toggles.push({ title: o.title, targetElements: o.targetElements.map(String) });
                }
                Object.values(o).forEach(walk);
            }
        };
        walk(content.body);
        const top = inputs.find((i) => i.id === 'indicators_top');
        assert.ok(top);
        assert.ok(top.choices.length <= 6 && top.choices.length >= 4, `${top.choices.length} on top`);
        assert.deepEqual(top.choices.slice(0, 2).map((c) => c.value), ['arb_huisvesting', 'arb_lange_dagen'], "the form's own strongest first");
        const more = containers.find((c) => c.id === 'meerSignalen');
        assert.equal(more?.isVisible, false, 'the rest is folded away');
        assert.equal(toggles.length, 1);
        assert.deepEqual(toggles[0].targetElements, ['meerSignalen']);
        const rest = inputs.filter((i) => i.id !== 'indicators_top').flatMap((i) => i.choices.map((c) => c.value));
        assert.match(toggles[0].title, new RegExp(`^Meer signalen \\(${rest.length}\\)$`));
        assert.ok(!rest.some((c) => top.choices.some((t) => t.value === c)), 'no signal twice');
        // Ticked in the top list and in the rest: both are read; a ticked hidden one opens the rest.
        const [summary] = await h.send({ ...SIGNALS, indicators_top: 'arb_huisvesting', indicators_arbeid: 'arb_zwart' });
        assert.match(card(summary), /Woont via werkgever/);
        assert.match(card(summary), /Zwart betaald/);
    });
});
