/**
 * The casus van de week: at the configured day and time (Monday 10:00 Europe/Amsterdam by default) each
 * participant who opted in gets one case fitted to their role, one they never had, in their 1:1 chat.
 *
 * Exactly once across instances and restarts, in two steps:
 * 1. Queueing: the week is a scheduled run (ScheduledRuns, an eTag-leased row in `schedule`). The
 *    instance holding it writes, per participant, that week's outbox row and the case as seen in one
 *    transaction on the participant's partition, conditional on the profile's eTag; a participant whose
 *    profile already names this week is skipped, so a run taken over after a crash queues nobody twice.
 * 2. Sending (learningOutbox.ts): each row is claimed with an eTag lease, checked against the profile at
 *    send time (opted out since: dropped, not sent), sent through the shared Teams pacer and removed
 *    with its eTag. Transient failures back off until 72 hours; anything else is dropped and logged.
 */
import type { Clock, Logger } from '../domain/ports';
import type { ScheduledRuns } from '../reports/weeklyDigest';
import type { LearningContent } from './learningContent';
import { learningWeekOf, monthOf, nextCaseFor, type Participant, type WeeklySchedule } from './learningModel';
import type { LearningStore } from './ports';

export interface WeeklyCasesDeps {
    runs: ScheduledRuns;
    store: LearningStore;
    content: LearningContent;
    schedule: WeeklySchedule;
    instanceId: string;
    logger: Logger;
    clock?: Clock;
    /** Called after rows were queued, so the outbox sends them now instead of at its next scan. */
    onQueued?: () => void;
}

export class WeeklyCases {
    constructor(private readonly deps: WeeklyCasesDeps) {}

    /** Queues this week's cases if the week is due and nobody did; returns how many were queued. */
    async runDue(): Promise<number> {
        const now = (this.deps.clock ?? (() => new Date()))();
        const week = learningWeekOf(now, this.deps.schedule);
        if (!week) return 0;
        const key = `learning_${week}`;
        // The lease outlasts a run over every participant (a few Table writes each).
        if (!(await this.deps.runs.claim(key, this.deps.instanceId, new Date(now.getTime() + 10 * 60_000)))) return 0;
        let queued = 0;
        try {
            for (const stored of await this.deps.store.listParticipants()) {
                if (await this.queueFor(stored.participant, stored.etag, week, now)) queued++;
            }
            await this.deps.runs.complete(key, this.deps.instanceId);
            this.deps.logger.info({ job: 'learning', week, queued, event: 'learning.weekQueued' }, 'weekly cases queued');
        } catch (err) {
            await this.deps.runs.release(key, this.deps.instanceId).catch(() => undefined);
            this.deps.logger.warn({ job: 'learning', week, code: (err as { code?: unknown }).code, event: 'learning.weekFailed' }, 'weekly cases not all queued; will retry');
        }
        if (queued > 0) this.deps.onQueued?.();
        return queued;
    }

    private async queueFor(first: Participant, firstEtag: string, week: string, now: Date): Promise<boolean> {
        let participant = first;
        let etag = firstEtag;
        for (let attempt = 1; attempt <= 3; attempt++) {
            if (!participant.optedIn || participant.lastWeek === week) return false;
            const next = nextCaseFor(this.deps.content.cases, participant.role, participant.seen);
            if (!next) {
                this.deps.logger.info({ job: 'learning', week, event: 'learning.noCaseLeft' }, 'participant has had every case');
                return false;
            }
            const updated: Participant = { ...participant, lastWeek: week, seen: [...participant.seen, next.id] };
            if (await this.deps.store.queueWeekly(updated, etag, { week, caseId: next.id }, now)) {
                if (participant.municipality) await this.deps.store.count(monthOf(now), 'deelnemer', participant.municipality, participant.learnerId);
                return true;
            }
            // The profile changed meanwhile (a role change, an opt-out): read it again and decide again.
            const fresh = await this.deps.store.getParticipant(participant.aadObjectId);
            if (!fresh) return false;
            participant = fresh.participant;
            etag = fresh.etag;
        }
        return false;
    }
}
