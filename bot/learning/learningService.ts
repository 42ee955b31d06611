/**
 * Taking part in learning (issue 18): opting in and out, the role and municipality, answering a case
 * (the weekly one in the 1:1 chat or a campaign card in a channel) and the quiz. Every input is checked
 * here, against the content and the stored state, never trusted from card data: an unknown case, an
 * option that does not exist or a quiz step that is not the current one changes nothing.
 * Scores are never stored per person: a quiz in progress keeps its running count until the result is
 * shown, then the run is removed and only "one quiz answered" is counted.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../domain/ports';
import type { Municipality } from '../domain/vocabulary';
import type { LearningCase, LearningContent, LearningRole, QuizQuestion } from './learningContent';
import { drawQuiz, monthOf, type Participant, type StoredParticipant } from './learningModel';
import type { LearningStore, QuizRun } from './ports';

export interface LearnerIdentity {
    aadObjectId: string;
    tenantId: string;
}

export type CaseAnswerOutcome =
    | { kind: 'answered'; case: LearningCase; choice: number; counted: boolean }
    | { kind: 'alreadyAnswered'; case: LearningCase; choice: number }
    | { kind: 'unknownCase' }
    | { kind: 'badChoice' };

export type QuizStepOutcome =
    | { kind: 'next'; run: QuizRun; previous: { question: QuizQuestion; choice: number } ; question: QuizQuestion }
    | { kind: 'finished'; questions: QuizQuestion[]; answers: number[]; correct: number }
    | { kind: 'stale' }
    | { kind: 'badChoice' };

/** A quiz not finished within this time is removed by the clean-up. */
export const QUIZ_KEEP_MS = 24 * 3600 * 1000;
const WRITE_ATTEMPTS = 4;

export class LearningService {
    private readonly casesById: Map<string, LearningCase>;
    private readonly questionsById: Map<string, QuizQuestion>;

    constructor(
        private readonly deps: { store: LearningStore; content: LearningContent; logger: Logger; clock?: Clock; random?: () => number },
    ) {
        this.casesById = new Map(deps.content.cases.map((c) => [c.id, c]));
        this.questionsById = new Map(deps.content.quiz.map((q) => [q.id, q]));
    }

    private now(): Date {
        return (this.deps.clock ?? (() => new Date()))();
    }

    get content(): LearningContent {
        return this.deps.content;
    }

    caseById(id: unknown): LearningCase | undefined {
        return typeof id === 'string' ? this.casesById.get(id) : undefined;
    }

    participant(aadObjectId: string): Promise<StoredParticipant | undefined> {
        return this.deps.store.getParticipant(aadObjectId);
    }

    /**
     * Opts in with this role and municipality (a later call changes them; the role stays optional). The
     * cases seen before stay seen: opting out and in again never repeats a case.
     */
    async optIn(who: LearnerIdentity, settings: { role?: LearningRole; municipality: Municipality }): Promise<Participant> {
        const at = this.now();
        const result = await this.change(who, (p) => ({
            ...p,
            optedIn: true,
            municipality: settings.municipality,
            ...(settings.role ? { role: settings.role } : { role: undefined }),
            optedInAt: p.optedIn && p.optedInAt ? p.optedInAt : at.toISOString(),
            optedOutAt: undefined,
        }));
        await this.deps.store.count(monthOf(at), 'deelnemer', settings.municipality, result.learnerId);
        // Outcome only: a role with a municipality and a time could point at one colleague.
        this.deps.logger.info({ event: 'learning.optedIn' }, 'colleague opted in to learning');
        return result;
    }

    /** Opts out: the next weekly send skips them, a queued one is dropped; retention removes the data later. */
    async optOut(who: LearnerIdentity): Promise<'optedOut' | 'notIn'> {
        const stored = await this.deps.store.getParticipant(who.aadObjectId);
        if (!stored?.participant.optedIn) return 'notIn';
        const at = this.now().toISOString();
        await this.change(who, (p) => ({ ...p, optedIn: false, optedOutAt: at }));
        this.deps.logger.info({ event: 'learning.optedOut' }, 'colleague opted out of learning');
        return 'optedOut';
    }

    /**
     * An answer to a case, from the weekly card or a campaign card. Counted once per person and case
     * (the count row is keyed by the learner and the case, written before the profile, so a retry after a
     * failed write counts nothing twice). Someone without a profile gets the feedback and is not counted:
     * the counts are per municipality, and only participants told us theirs.
     */
    async answerCase(who: LearnerIdentity, caseIdRaw: unknown, choiceRaw: unknown): Promise<CaseAnswerOutcome> {
        const learningCase = this.caseById(caseIdRaw);
        if (!learningCase) return { kind: 'unknownCase' };
        const choice = optionIndex(choiceRaw, learningCase.options.length);
        if (choice === undefined) return { kind: 'badChoice' };
        const stored = await this.deps.store.getParticipant(who.aadObjectId);
        if (!stored) return { kind: 'answered', case: learningCase, choice, counted: false };
        if (stored.participant.answered.includes(learningCase.id)) return { kind: 'alreadyAnswered', case: learningCase, choice };
        const at = this.now();
        const municipality = stored.participant.municipality;
        if (municipality) {
            const month = monthOf(at);
            await this.deps.store.count(month, 'casus', municipality, `${stored.participant.learnerId}-${learningCase.id}`.slice(0, 80));
            await this.deps.store.count(month, 'deelnemer', municipality, stored.participant.learnerId);
        }
        await this.change(who, (p) => ({
            ...p,
            answered: p.answered.includes(learningCase.id) ? p.answered : [...p.answered, learningCase.id],
            seen: p.seen.includes(learningCase.id) ? p.seen : [...p.seen, learningCase.id],
        }));
        this.deps.logger.info({ event: 'learning.caseAnswered', caseId: learningCase.id, counted: Boolean(municipality) }, 'case answered');
        return { kind: 'answered', case: learningCase, choice, counted: Boolean(municipality) };
    }

    /** A new quiz for the person's role (general without one); replaces a quiz left unfinished. */
    async startQuiz(who: LearnerIdentity): Promise<{ run: QuizRun; question: QuizQuestion } | undefined> {
        const stored = await this.deps.store.getParticipant(who.aadObjectId);
        const questions = drawQuiz(this.deps.content.quiz, stored?.participant.role, this.deps.random);
        const first = questions[0];
        if (!first) return undefined;
        const run: QuizRun = { runId: randomUUID(), questionIds: questions.map((q) => q.id), step: 0, correct: 0, answers: [], startedAt: this.now().toISOString() };
        await this.deps.store.putQuiz(who.aadObjectId, run);
        this.deps.logger.info({ event: 'learning.quizStarted', questions: questions.length }, 'quiz started');
        return { run, question: first };
    }

    /**
     * One answer in a quiz. Only the current step of the current run counts: an old card, a step pressed
     * twice or a forged run id is 'stale' and changes nothing. At the end the run is removed and one quiz
     * is counted for the municipality (when the person told us theirs).
     */
    async answerQuiz(who: LearnerIdentity, runIdRaw: unknown, stepRaw: unknown, choiceRaw: unknown): Promise<QuizStepOutcome> {
        const current = await this.deps.store.getQuiz(who.aadObjectId);
        if (!current || current.quiz.runId !== runIdRaw || current.quiz.step !== stepRaw) return { kind: 'stale' };
        const run = current.quiz;
        const question = this.questionsById.get(run.questionIds[run.step] ?? '');
        if (!question) return { kind: 'stale' };
        const choice = optionIndex(choiceRaw, question.options.length);
        if (choice === undefined) return { kind: 'badChoice' };
        const next: QuizRun = {
            ...run,
            step: run.step + 1,
            correct: run.correct + (question.options[choice]?.correct ? 1 : 0),
            answers: [...run.answers, choice],
        };
        const following = this.questionsById.get(next.questionIds[next.step] ?? '');
        if (following) {
            const written = await this.deps.store.putQuiz(who.aadObjectId, next, current.etag);
            if (written === undefined) return { kind: 'stale' };
            return { kind: 'next', run: next, previous: { question, choice }, question: following };
        }
        // The last answer: count first (keyed by the run, so a retry counts once), then remove the run.
        const stored = await this.deps.store.getParticipant(who.aadObjectId);
        const municipality = stored?.participant.municipality;
        if (municipality && stored) {
            const month = monthOf(this.now());
            await this.deps.store.count(month, 'quiz', municipality, run.runId);
            if (stored.participant.optedIn) await this.deps.store.count(month, 'deelnemer', municipality, stored.participant.learnerId);
        }
        if (!(await this.deps.store.deleteQuiz(who.aadObjectId, current.etag))) return { kind: 'stale' };
        this.deps.logger.info({ event: 'learning.quizFinished', questions: next.questionIds.length, counted: Boolean(municipality) }, 'quiz finished');
        return {
            kind: 'finished',
            questions: next.questionIds.map((id) => this.questionsById.get(id)).filter((q): q is QuizQuestion => q !== undefined),
            answers: next.answers,
            correct: next.correct,
        };
    }

    /** The question a quiz card shows, for re-rendering the current step. */
    quizQuestion(id: string): QuizQuestion | undefined {
        return this.questionsById.get(id);
    }

    /** Reads, changes and writes the profile with its eTag (creating it the first time); retried on a conflict. */
    private async change(who: LearnerIdentity, update: (p: Participant) => Participant): Promise<Participant> {
        for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            const stored = await this.deps.store.getParticipant(who.aadObjectId);
            if (!stored) {
                const fresh = update({ aadObjectId: who.aadObjectId, tenantId: who.tenantId, learnerId: randomUUID(), optedIn: false, seen: [], answered: [] });
                const created = await this.deps.store.createParticipant(clean(fresh));
                if (created !== 'exists') return created.participant;
                continue;
            }
            const next = clean(update(stored.participant));
            const written = await this.deps.store.replaceParticipant(next, stored.etag);
            if (written) return written.participant;
        }
        throw Object.assign(new Error('learning profile kept changing'), { code: 'CONFLICT' });
    }
}

/** Optional fields that were cleared are left out, not stored as undefined. */
function clean(p: Participant): Participant {
    return {
        aadObjectId: p.aadObjectId,
        tenantId: p.tenantId,
        learnerId: p.learnerId,
        optedIn: p.optedIn,
        seen: p.seen,
        answered: p.answered,
        ...(p.municipality && { municipality: p.municipality }),
        ...(p.role && { role: p.role }),
        ...(p.optedInAt && { optedInAt: p.optedInAt }),
        ...(p.optedOutAt && { optedOutAt: p.optedOutAt }),
        ...(p.lastWeek && { lastWeek: p.lastWeek }),
    };
}

function optionIndex(raw: unknown, count: number): number | undefined {
    const n = typeof raw === 'string' && /^\d{1,2}$/.test(raw) ? Number(raw) : raw;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < count ? n : undefined;
}
