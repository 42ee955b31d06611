/**
 * Removes a colleague's learning data (profile, cases seen and answered, queued sends) a configurable
 * time after they opted out (LEARNING_RETENTION_DAYS), and quizzes left unfinished for a day. The counts
 * for the overview stay: they carry a random learner id, not the person.
 */
import type { Clock, Logger } from '../domain/ports';
import type { LearningStore } from './ports';
import { QUIZ_KEEP_MS } from './learningService';

const DAY_MS = 24 * 3600 * 1000;

export class LearningRetention {
    constructor(private readonly deps: { store: LearningStore; retentionDays: number; logger: Logger; clock?: Clock }) {}

    async run(): Promise<{ purged: number; quizzes: number }> {
        const now = (this.deps.clock ?? (() => new Date()))().getTime();
        const cutoff = now - this.deps.retentionDays * DAY_MS;
        let purged = 0;
        for (const { participant } of await this.deps.store.listParticipants()) {
            if (participant.optedIn || !participant.optedOutAt || Date.parse(participant.optedOutAt) > cutoff) continue;
            await this.deps.store.purge(participant.aadObjectId);
            purged++;
        }
        let quizzes = 0;
        for (const stale of await this.deps.store.staleQuizzes(new Date(now - QUIZ_KEEP_MS))) {
            if (await this.deps.store.deleteQuiz(stale.aadObjectId, stale.etag)) quizzes++;
        }
        if (purged + quizzes > 0) this.deps.logger.info({ job: 'learning-retention', purged, quizzes, event: 'learning.purged' }, 'learning data removed');
        return { purged, quizzes };
    }
}
