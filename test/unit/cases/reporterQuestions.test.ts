import assert from 'node:assert/strict';
import { parseCaseAction } from '../../../bot/cases/caseActionValidation';
import { followUpsOfChange } from '../../../bot/cases/caseFollowUps';
import { CaseError, type CaseActor } from '../../../bot/cases/caseModel';
import { CaseService } from '../../../bot/cases/caseService';
import { applyCommand } from '../../../bot/cases/caseStateMachine';
import type { CoordinatorRoster } from '../../../bot/cases/ports';
import {
    ANSWER_MAX_LENGTH,
    ReporterAnswerService,
    answerThreadLine,
    applyReporterAnswer,
    checkAnswerText,
    followUpsOfReporterQuestion,
    questionStillOpen,
    questionVersionOf,
    refusalOfAnswer,
} from '../../../bot/cases/reporterQuestions';
import { createSilentLogger } from '../../../bot/logger';
import { newFollowUpRow, type FollowUp } from '../../../bot/reports/ports';
import type { Report } from '../../../bot/reports/reportModel';
import { fromEntity, outboxFromEntity, outboxToEntity, toEntity } from '../../../bot/storage/tables/reportRows';
import { renderReportChannelCard } from '../../../cards/reportChannelCard';
import { renderReporterQuestionCard } from '../../../cards/reporterQuestionCard';
import { MemoryAuditLog, MemoryCaseHistory, MemoryReportStore } from '../../support/memoryPorts';
import { FIXED_NOW, REPORTER, allStrings, sampleReport } from '../reports/reportFixtures';

/** Vraag aan melder (issue 15, part 3): the domain's rules, the rows, and the two cards. */
const logger = createSilentLogger();
const SANNE: CaseActor = { aadObjectId: '11111111-2222-4333-8444-555555555555', name: 'Sanne Jansen', tenantId: REPORTER.tenantId.toLowerCase() };
const CHANNEL = '19:brummen@thread.tacv2';
const delivered = (overrides: Partial<Report> = {}) =>
    sampleReport({ municipality: 'Brummen', delivery: { state: 'bezorgd', attempts: 1, conversationId: `${CHANNEL};messageid=7`, activityId: '7' }, ...overrides });
const asked = (question = 'Hoe laat was het?', base = delivered({ status: 'in_behandeling', handling: { version: 3 } })) =>
    applyCommand(base, { kind: 'vraagMelder', question }, SANNE, FIXED_NOW);

describe('Vraag aan melder (domain)', () => {
    it('reads the question from card data: trimmed, not empty, at most 1000 characters, a string', () => {
        const data = { reportId: 'a'.repeat(32), version: 3 };
        const ok = parseCaseAction('case.vraagMelder', { ...data, reporterQuestion: '  Hoe laat?  ' });
        assert.deepEqual(ok.ok && ok.value.request, { kind: 'vraagMelder', question: 'Hoe laat?' });
        for (const empty of [undefined, '', '  \n ']) {
            const r = parseCaseAction('case.vraagMelder', { ...data, reporterQuestion: empty });
            assert.equal(!r.ok && r.reason, 'incomplete');
        }
        const long = parseCaseAction('case.vraagMelder', { ...data, reporterQuestion: 'x'.repeat(1001) });
        assert.ok(!long.ok && long.reason === 'incomplete' && /hoogstens 1000/.test(long.message));
        assert.equal(parseCaseAction('case.vraagMelder', { ...data, reporterQuestion: 'x'.repeat(1000) }).ok, true);
        const forged = parseCaseAction('case.vraagMelder', { ...data, reporterQuestion: ['x'] });
        assert.equal(!forged.ok && forged.reason, 'forged');
    });

    it('a question keeps the status, opens the question at its own version and keeps the text in the history line only', () => {
        const { next, entry, statusChanged } = asked();
        assert.equal(statusChanged, false);
        assert.equal(next.status, 'in_behandeling');
        assert.equal(entry.action, 'vraagMelder');
        assert.equal(entry.version, 4);
        assert.equal(entry.note, 'Hoe laat was het?');
        assert.deepEqual([next.handling?.questionVersion, next.handling?.questionState], [4, 'open']);
        assert.equal(next.handling?.lastChangeSummary, 'Vraag aan de melder gesteld door Sanne Jansen');
        assert.ok(!JSON.stringify(next).includes('Hoe laat was het?'), 'the report row carries no question text');
    });

    it('a second question replaces the open one and says so', () => {
        const second = asked('Nog een', asked().next);
        assert.equal(second.next.handling?.questionVersion, 5);
        assert.match(second.next.handling?.lastChangeSummary ?? '', /vervangt de open vraag/);
        const afterAnswer = asked('Weer een', applyReporterAnswer(asked().next, 'Om vijf uur', FIXED_NOW).next);
        assert.doesNotMatch(afterAnswer.next.handling?.lastChangeSummary ?? '', /vervangt/);
    });

    it('no question on a closed or purged report, nor one without a reporter', () => {
        const refused = (report: Report) => assert.throws(() => asked('Vraag?', report), (err: unknown) => err instanceof CaseError && err.code === 'WRONG_STATE');
        refused(delivered({ status: 'afgesloten', handling: { version: 2 } }));
        refused(delivered({ purgedAt: FIXED_NOW.toISOString() }));
        refused(delivered({ reporter: { aadObjectId: '', tenantId: REPORTER.tenantId } }));
    });

    it('queues card, thread line (escaped) and the 1:1 question card, which carries the question only; no status line', () => {
        const { next, entry, statusChanged } = asked('Zag je **kinderen**? [link](https://x)');
        const queued = followUpsOfChange(next, entry, statusChanged, FIXED_NOW);
        assert.deepEqual(queued.items.map((i) => i.purpose), ['card', 'thread', 'person']);
        const thread = queued.items[1] as Extract<FollowUp, { purpose: 'thread' }>;
        assert.ok(thread.text.includes('Zag je \\*\\*kinderen\\*\\*? \\[link\\]\\(https://x\\)'));
        const person = queued.items[2] as Extract<FollowUp, { purpose: 'person' }>;
        assert.deepEqual(person, { purpose: 'person', key: 'v0000004', recipient: REPORTER.aadObjectId, text: 'Zag je **kinderen**? [link](https://x)', questionVersion: 4, keepUntilPurge: true });
        assert.equal(newFollowUpRow(next, person, FIXED_NOW, '').questionVersion, 4);
        // Both carry typed text: once sent, they stay on record for retention to overwrite in Teams.
        assert.equal(thread.keepUntilPurge, true);
        assert.equal(newFollowUpRow(next, person, FIXED_NOW, '').keepUntilPurge, true);
        assert.deepEqual(followUpsOfReporterQuestion(next, entry, FIXED_NOW).items.length, 3);
    });

    it('the answer closes the question, keeps the status and names nobody', () => {
        const { next, entry } = applyReporterAnswer(asked().next, 'Om vijf uur', FIXED_NOW);
        assert.deepEqual([next.status, next.handling?.version, next.handling?.questionState, next.handling?.questionVersion], ['in_behandeling', 5, 'beantwoord', 4]);
        assert.deepEqual([entry.action, entry.note, entry.actorAadObjectId, entry.actorName], ['antwoordMelder', 'Om vijf uur', '', 'de melder']);
        assert.match(answerThreadLine(next, 'Ze sloten hem *op* in de kelder'), /^\*\*MOGELIJK ACUUT GEVAAR in dit antwoord\.\*\* \*\*Antwoord van de melder\*\*/);
        assert.match(answerThreadLine({ ...next, status: 'afgesloten' }, 'x'), /Heropenen/);
    });

    it('decides which answers may be stored: only to the open question, once', () => {
        const open = asked().next;
        assert.equal(refusalOfAnswer(open, 4), undefined);
        assert.equal(refusalOfAnswer(open, 9)?.kind, 'noSuchQuestion');
        assert.equal(refusalOfAnswer(delivered(), 1)?.kind, 'noSuchQuestion');
        assert.equal(refusalOfAnswer(asked('Nieuw', open).next, 4)?.kind, 'replaced');
        assert.equal(refusalOfAnswer(applyReporterAnswer(open, 'ja', FIXED_NOW).next, 4)?.kind, 'alreadyAnswered');
        assert.equal(questionStillOpen(open, 4), true);
        assert.equal(questionStillOpen(open, 3), false);
        assert.equal(questionStillOpen({ ...open, purgedAt: FIXED_NOW.toISOString() }, 4), false);
        assert.equal(questionStillOpen(applyReporterAnswer(open, 'ja', FIXED_NOW).next, 4), false);
    });

    it('checks the answer text and the version in card data', () => {
        assert.deepEqual(checkAnswerText('  ja  '), { ok: true, text: 'ja' });
        assert.deepEqual(checkAnswerText(' '), { ok: false, reason: 'empty' });
        assert.deepEqual(checkAnswerText('x'.repeat(ANSWER_MAX_LENGTH + 1)), { ok: false, reason: 'tooLong' });
        assert.deepEqual(checkAnswerText({}), { ok: false, reason: 'forged' });
        assert.deepEqual([questionVersionOf(4), questionVersionOf('4'), questionVersionOf(0), questionVersionOf('4; x'), questionVersionOf(4.5), questionVersionOf(null)], [4, 4, undefined, undefined, undefined, undefined]);
    });

    it('stores the question state and the question card row in Tables and reads them back', () => {
        const { next } = asked();
        const back = fromEntity(toEntity(next));
        assert.deepEqual([back.handling?.questionVersion, back.handling?.questionState], [4, 'open']);
        assert.throws(() => fromEntity({ ...toEntity(next), caseQuestionState: 'vergeten' }), /unreadable: caseQuestionState/);
        const row = newFollowUpRow(next, { purpose: 'person', key: 'v0000004', recipient: 'AB', text: 'Vraag?', questionVersion: 4 }, FIXED_NOW, '');
        const read = outboxFromEntity({ ...outboxToEntity(row, FIXED_NOW.toISOString()), etag: 'e' });
        assert.deepEqual([read.questionVersion, read.text, read.recipient], [4, 'Vraag?', 'ab']);
    });
});

describe('Vraag aan melder (services on in-memory ports)', () => {
    const roster: CoordinatorRoster = {
        isCoordinator: (id, m) => id?.toLowerCase() === SANNE.aadObjectId && m === 'Brummen',
        coordinatorsOf: (m) => (m === 'Brummen' ? [{ aadObjectId: SANNE.aadObjectId, name: SANNE.name }] : []),
        municipalitiesOf: () => ['Brummen'],
        isRegional: () => false,
    };
    async function setup(hasPersonalChat?: (id: string) => Promise<boolean>) {
        const store = new MemoryReportStore();
        const history = new MemoryCaseHistory(store);
        const report = delivered({ status: 'in_behandeling', handling: { version: 1 } });
        await store.createWithOutbox(report, FIXED_NOW.toISOString());
        const cases = new CaseService({
            store: history,
            reports: store,
            roster,
            audit: new MemoryAuditLog(() => FIXED_NOW),
            allowedTenantIds: [REPORTER.tenantId.toLowerCase()],
            logger,
            clock: () => FIXED_NOW,
            sameChannel: (a, b) => a?.split(';')[0] === b.split(';')[0],
            ...(hasPersonalChat && { hasPersonalChat }),
        });
        const answers = new ReporterAnswerService({ store: history, logger, clock: () => FIXED_NOW });
        const ask = (question: string, version: number) =>
            cases.act({ aadObjectId: SANNE.aadObjectId, tenantId: SANNE.tenantId, conversationId: `${CHANNEL};messageid=7` }, { reportId: report.reportId, cardVersion: version, request: { kind: 'vraagMelder', question } });
        return { store, history, report, ask, answers };
    }

    it('refuses a question to a reporter the bot cannot reach, and without the check at all', async () => {
        for (const reach of [async () => false, undefined]) {
            const { ask, store, report } = await setup(reach);
            const outcome = await ask('Vraag?', 1);
            assert.equal(outcome.kind === 'refused' && outcome.code, 'NO_PERSONAL_CHAT');
            assert.equal((await store.get(report.reportId))?.report.handling?.version, 1);
        }
    });

    it('asks, queues the question card for the reporter, and takes exactly one answer from the reporter only', async () => {
        const asked: string[] = [];
        const { ask, answers, store, history, report } = await setup(async (id) => (asked.push(id), true));
        const outcome = await ask('Hoe laat?', 1);
        assert.equal(outcome.kind, 'applied');
        assert.deepEqual(asked, [REPORTER.aadObjectId.toLowerCase()]);
        const pending = await store.listPendingOutbox(report.reportId);
        const card = pending.find((r) => r.purpose === 'person');
        assert.deepEqual([card?.questionVersion, card?.text], [2, 'Hoe laat?']);

        const other = await answers.answer({ aadObjectId: SANNE.aadObjectId, tenantId: SANNE.tenantId }, report.reportId, 2, 'vals');
        assert.equal(other.kind, 'notYours');
        const foreign = await answers.answer({ aadObjectId: REPORTER.aadObjectId, tenantId: 'other-tenant' }, report.reportId, 2, 'vals');
        assert.equal(foreign.kind, 'notYours');
        const first = await answers.answer(REPORTER, report.reportId, 2, 'Om vijf uur');
        assert.equal(first.kind, 'answered');
        const again = await answers.answer(REPORTER, report.reportId, 2, 'Om vijf uur');
        assert.equal(again.kind, 'alreadyAnswered');
        const entries = await history.history(report.reportId);
        assert.deepEqual(entries.map((e) => e.action), ['vraagMelder', 'antwoordMelder']);
        assert.ok((await store.listPendingOutbox(report.reportId)).some((r) => r.purpose === 'thread' && r.text?.includes('Om vijf uur')));
    });

    it('an answer that loses a race is stored on the fresh row, checked again', async () => {
        const { ask, answers, history, report } = await setup(async () => true);
        await ask('Hoe laat?', 1);
        const commit = history.commit.bind(history);
        let lost = false;
        history.commit = async (next, etag, entry, followUps) => {
            if (!lost) {
                lost = true;
                return undefined;
            }
            return commit(next, etag, entry, followUps);
        };
        const outcome = await answers.answer(REPORTER, report.reportId, 2, 'ja');
        assert.equal(outcome.kind, 'answered');
        assert.equal(lost, true);
    });
});

describe('Vraag aan melder (cards)', () => {
    it('the channel card shows the question state and offers a replacement while one is open; a purged card neither', () => {
        const open = asked().next;
        const json = JSON.stringify(renderReportChannelCard(open, { coordinators: [{ aadObjectId: SANNE.aadObjectId, name: SANNE.name }] }));
        assert.match(json, /"title":"Vraag aan melder","value":"Vraag aan melder gesteld — wacht op antwoord"/);
        assert.match(json, /"title":"Nieuwe vraag aan melder…"/);
        assert.match(json, /Een nieuwe vraag vervangt die/);
        const answered = JSON.stringify(renderReportChannelCard(applyReporterAnswer(open, 'ja', FIXED_NOW).next));
        assert.match(answered, /Vraag aan melder beantwoord/);
        assert.match(answered, /"title":"Vraag aan melder…"/);
        const purged = JSON.stringify(renderReportChannelCard({ ...open, status: 'afgesloten', purgedAt: FIXED_NOW.toISOString() }));
        assert.doesNotMatch(purged, /Vraag aan melder/);
        // Seven buttons in this state (with Toewijzen): Geschiedenis moves to Teams' "…" menu; six fit.
        assert.match(json, /"title":"Geschiedenis","verb":"case.geschiedenis","data":\{[^}]*\},"mode":"secondary"/);
        assert.match(JSON.stringify(renderReportChannelCard(open)), /"verb":"case.geschiedenis","data":\{[^}]*\},"mode":"primary"/);
    });

    it("the reporter's card has the question (escaped), an answer field and reportId + questionVersion, and nothing of the case", () => {
        const report = delivered({ status: 'doorgezet', handling: { version: 4, partner: 'riec', assigneeName: 'Sanne Jansen', lastChangeSummary: 'Doorgezet naar RIEC' } });
        const card = renderReporterQuestionCard(report, 'Zag je **iets**?', 4);
        const json = JSON.stringify(card);
        assert.match(json, /Zag je \\\\\*\\\\\*iets\\\\\*\\\\\*\?/);
        assert.match(json, /"id":"antwoord"/);
        assert.match(json, /"data":\{"action":"melderVraag.antwoorden","reportId":"0123456789abcdef0123456789abcdef","questionVersion":4\}/);
        for (const hidden of ['RIEC', 'riec', 'Sanne', 'Doorgezet', report.description]) assert.ok(!json.includes(hidden), hidden);
        assert.deepEqual(allStrings(card).filter((s) => s.includes('${')), []);
    });
});
