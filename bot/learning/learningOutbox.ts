/**
 * Sends the weekly cases that WeeklyCases (weeklyCases.ts) queued: each outbox row is claimed with an
 * eTag lease, checked against the profile at send time (opted out since: dropped, never sent), sent
 * through the shared Teams pacer and removed with its eTag. Transient failures (429, 5xx, network) back
 * off until 72 hours; anything else is dropped and logged with ids only.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../domain/ports';
import { isRetryable } from '../domain/retryPolicy';
import { isDeliveryError } from '../reports/ports';
import type { LearningCase, LearningContent } from './learningContent';
import type { Participant } from './learningModel';
import type { LearningOutboxRow, LearningStore } from './ports';

/** The Teams side: the case card into the participant's 1:1 chat; 'moot' when the bot knows no such chat. */
export interface LearningSender {
    sendCase(participant: Participant, learningCase: LearningCase): Promise<'sent' | 'moot'>;
}

export interface LearningOutboxOptions {
    clock?: Clock;
    leaseMs?: number;
    pollIntervalMs?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    instanceId?: string;
    random?: () => number;
}

export interface LearningDrainResult {
    sent: number;
    dropped: number;
    retried: number;
    failed: number;
    skipped: number;
}

type Outcome = keyof LearningDrainResult;

export class LearningOutbox {
    private readonly clock: Clock;
    private readonly leaseMs: number;
    private readonly pollIntervalMs: number;
    private readonly baseDelayMs: number;
    private readonly maxDelayMs: number;
    private readonly instanceId: string;
    private readonly random: () => number;
    private draining: Promise<unknown> = Promise.resolve();
    private timer?: NodeJS.Timeout;
    private stopped = true;
    /**
     * Rows this instance sent but could not remove (storage failing right after the send): the next pass
     * only removes them, never sends again.
     */
    private readonly sentNotRemoved = new Set<string>();

    constructor(
        private readonly deps: { store: LearningStore; sender: LearningSender; content: LearningContent; logger: Logger },
        options: LearningOutboxOptions = {},
    ) {
        this.clock = options.clock ?? (() => new Date());
        // Not renewed while sending: longer than one send with the Connector client's own retries.
        this.leaseMs = options.leaseMs ?? 120_000;
        this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
        this.baseDelayMs = options.baseDelayMs ?? 2000;
        this.maxDelayMs = options.maxDelayMs ?? 60_000;
        this.instanceId = options.instanceId ?? randomUUID();
        this.random = options.random ?? Math.random;
    }

    start(): void {
        if (!this.stopped) return;
        this.stopped = false;
        this.timer = setInterval(() => this.kick(), this.pollIntervalMs);
        this.timer.unref();
        // What waited while the bot was down goes out now, not a poll interval later.
        this.kick();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        if (this.timer) clearInterval(this.timer);
        await this.draining;
    }

    /** Sends what is due now, in the background (after queueing). */
    kick(): void {
        if (this.stopped) return;
        void this.drainOnce().catch((err: unknown) => this.deps.logger.warn({ event: 'learningOutbox.passFailed', code: (err as { code?: unknown }).code }, 'learning outbox pass failed; will retry'));
    }

    /** One pass over every due row; passes of this instance never overlap. */
    drainOnce(): Promise<LearningDrainResult> {
        const pass = this.draining.then(() => this.pass());
        this.draining = pass.catch(() => undefined);
        return pass;
    }

    private async pass(): Promise<LearningDrainResult> {
        const result: LearningDrainResult = { sent: 0, dropped: 0, retried: 0, failed: 0, skipped: 0 };
        for (const row of await this.deps.store.listPending()) {
            const now = this.clock().getTime();
            if ((Date.parse(row.nextAttemptAt) || 0) > now || (Date.parse(row.leaseUntil ?? '') || 0) > now) {
                result.skipped++;
                continue;
            }
            let outcome: Outcome;
            try {
                outcome = await this.deliver(row);
            } catch (err) {
                this.deps.logger.warn({ event: 'learningOutbox.rowFailed', week: row.week, code: (err as { code?: unknown }).code }, 'learning row not sent; next pass tries again');
                outcome = 'skipped';
            }
            result[outcome]++;
        }
        return result;
    }

    private async deliver(row: LearningOutboxRow): Promise<Outcome> {
        const key = `${row.aadObjectId}|${row.rowKey}`;
        if (this.sentNotRemoved.has(key)) {
            if (await this.deps.store.completeRow(row)) this.sentNotRemoved.delete(key);
            return 'skipped';
        }
        const now = this.clock();
        const claimed = await this.deps.store.updateRow(row, { leaseOwner: this.instanceId, leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString() });
        if (!claimed) return 'skipped';
        const stored = await this.deps.store.getParticipant(row.aadObjectId);
        const learningCase = this.deps.content.cases.find((c) => c.id === row.caseId);
        // Opted out (or removed) since it was queued, or the case left the content: dropped, never sent.
        if (!stored?.participant.optedIn || !learningCase) {
            await this.deps.store.completeRow(claimed);
            this.deps.logger.info({ event: 'learningOutbox.dropped', week: row.week, reason: !learningCase ? 'unknownCase' : 'optedOut' }, 'weekly case dropped');
            return 'dropped';
        }
        let result: 'sent' | 'moot';
        try {
            result = await this.deps.sender.sendCase(stored.participant, learningCase);
        } catch (err) {
            return this.failed(claimed, err);
        }
        // Removed after the send; a storage error here must not send it again: the lease keeps others off,
        // and the next pass of this instance finds the row and tries the removal again.
        for (let attempt = 1; attempt <= 3; attempt++) {
            try {
                await this.deps.store.completeRow(claimed);
                break;
            } catch {
                if (attempt === 3) {
                    this.sentNotRemoved.add(key);
                    this.deps.logger.error({ event: 'learningOutbox.completeFailed', week: row.week }, 'weekly case sent but its row not removed');
                }
            }
        }
        this.deps.logger.info({ event: 'learningOutbox.sent', week: row.week, caseId: row.caseId, result }, 'weekly case sent');
        return result === 'sent' ? 'sent' : 'dropped';
    }

    private async failed(row: LearningOutboxRow, err: unknown): Promise<Outcome> {
        const status = isDeliveryError(err) ? err.status : undefined;
        const now = this.clock().getTime();
        const attempts = row.attempts + 1;
        if (isRetryable(status) && now < (Date.parse(row.giveUpAt) || Number.POSITIVE_INFINITY)) {
            const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
            const retryAfter = isDeliveryError(err) ? err.retryAfterMs : undefined;
            const wait = retryAfter ?? Math.round(step / 2 + this.random() * (step / 2));
            await this.deps.store.updateRow(row, { attempts, nextAttemptAt: new Date(now + wait).toISOString(), leaseOwner: '', leaseUntil: '' });
            this.deps.logger.warn({ event: 'learningOutbox.retryScheduled', week: row.week, status: status ?? 'network', attempts, waitMs: wait }, 'weekly case failed; retry scheduled');
            return 'retried';
        }
        await this.deps.store.completeRow(row);
        this.deps.logger.error({ event: 'learningOutbox.givenUp', week: row.week, status: status ?? 'network', attempts }, 'weekly case given up');
        return 'failed';
    }
}
