/**
 * Delivers the questions' outbox rows (ports.ts): the question card into its channel, card updates,
 * the answer to the asker and the lines in the question's thread, including the recall that is due
 * 2 working days after a turn was asked. The same guarantees as the reports' outbox, kept small:
 * - a row is claimed with an eTag-conditional lease before it is sent, so two instances never send the
 *   same row; after a crash the lease runs out and another pass sends it;
 * - a sent row is removed with its eTag; the post is recorded on the question in the same transaction
 *   as its row is completed, so a question is posted once (the one window left is the same as for
 *   reports: a crash between Teams accepting the post and that transaction);
 * - transient failures (bot/domain/retryPolicy.ts) back off exponentially until 72 hours; anything else
 *   is final and logged with ids only.
 * Rows are sent one at a time: questions are few, and a question's post then always goes before its
 * card update and thread lines in the same pass.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock, Logger } from '../domain/ports';
import { isRetryable } from '../domain/retryPolicy';
import { isDeliveryError, type SentMessage } from '../reports/ports';
import { MAX_ALERTED_ADMINS } from '../reports/deliveryAlerts';
import { threadLineText } from './questionTexts';
import { keptUntilPurge, type NewQuestionRow, type QuestionOutboxRow, type QuestionPost, type QuestionSender, type QuestionStore } from './ports';

export interface QuestionOutboxOptions {
    clock?: Clock;
    leaseMs?: number;
    pollIntervalMs?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    instanceId?: string;
    random?: () => number;
}

export interface QuestionDrainResult {
    sent: number;
    moot: number;
    retried: number;
    failed: number;
    skipped: number;
    nextDueAt?: number;
}

type Outcome = 'sent' | 'moot' | 'retried' | 'failed' | 'skipped';

export class QuestionOutbox {
    private readonly clock: Clock;
    private readonly leaseMs: number;
    private readonly pollIntervalMs: number;
    private readonly baseDelayMs: number;
    private readonly maxDelayMs: number;
    private readonly instanceId: string;
    private readonly random: () => number;
    private draining: Promise<unknown> = Promise.resolve();
    private running?: Promise<void>;
    private stopped = false;
    private kicked = false;
    private wake?: () => void;
    private lastScanAt = Number.NEGATIVE_INFINITY;
    private readonly touched = new Set<string>();

    constructor(
        private readonly deps: {
            store: QuestionStore;
            sender: QuestionSender;
            logger: Logger;
            /** Who hears of a question that reached no channel (the organisation file's admins). */
            admins?: () => readonly string[];
        },
        options: QuestionOutboxOptions = {},
    ) {
        this.clock = options.clock ?? (() => new Date());
        // Not renewed while sending: longer than one send can take (30 s timeout plus the Connector client's own
        // retries), so a slow Teams never lets a second instance send the same row. A crash costs 2 minutes here.
        this.leaseMs = options.leaseMs ?? 120_000;
        this.pollIntervalMs = options.pollIntervalMs ?? 10_000;
        this.baseDelayMs = options.baseDelayMs ?? 2000;
        this.maxDelayMs = options.maxDelayMs ?? 45_000;
        this.instanceId = options.instanceId ?? randomUUID();
        this.random = options.random ?? Math.random;
    }

    start(): void {
        if (this.running) return;
        this.stopped = false;
        this.running = this.loop();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.wake?.();
        await this.running;
        await this.draining;
        this.running = undefined;
    }

    /** Sends what was just queued for this question now, instead of at the next scan. */
    deliverQueued(questionId: string): void {
        this.touched.add(questionId);
        this.kicked = true;
        this.wake?.();
    }

    /** Resolves once nothing handed to this instance waits to be sent now (for tests and shutdown). */
    async idle(): Promise<void> {
        for (let round = 0; round < 1000; round++) {
            await this.draining;
            if (!this.kicked && this.touched.size === 0) {
                await new Promise((resolve) => setImmediate(resolve));
                if (!this.kicked && this.touched.size === 0) return void (await this.draining);
            }
            if (!this.running) return void (await this.drainOnce());
            await delay(5);
        }
    }

    /** One pass over every due row (a scan). */
    drainOnce(): Promise<QuestionDrainResult> {
        return this.serialised(() => this.pass(true));
    }

    private serialised(run: () => Promise<QuestionDrainResult>): Promise<QuestionDrainResult> {
        const pass = this.draining.then(run);
        this.draining = pass.catch(() => undefined);
        return pass;
    }

    private async loop(): Promise<void> {
        while (!this.stopped) {
            this.kicked = false;
            let result: QuestionDrainResult | undefined;
            try {
                const scan = this.clock().getTime() - this.lastScanAt >= this.pollIntervalMs || this.touched.size === 0;
                result = await this.serialised(() => this.pass(scan));
            } catch (err) {
                this.deps.logger.warn({ event: 'questionOutbox.passFailed', code: (err as { code?: unknown }).code }, 'question outbox pass failed; will retry');
            }
            if (this.stopped) break;
            if (this.kicked) continue;
            const now = this.clock().getTime();
            const wait = result?.nextDueAt === undefined ? this.pollIntervalMs : Math.min(this.pollIntervalMs, Math.max(0, result.nextDueAt - now));
            await this.waitOrWake(wait);
        }
    }

    private async waitOrWake(ms: number): Promise<void> {
        if (this.kicked || this.stopped) return;
        const abort = new AbortController();
        const woken = new Promise<void>((resolve) => {
            this.wake = resolve;
        });
        await Promise.race([delay(ms, undefined, { signal: abort.signal }).catch(() => undefined), woken]);
        abort.abort();
        this.wake = undefined;
    }

    private async pass(scan: boolean): Promise<QuestionDrainResult> {
        const result: QuestionDrainResult = { sent: 0, moot: 0, retried: 0, failed: 0, skipped: 0 };
        const touched = [...this.touched];
        this.touched.clear();
        let rows: QuestionOutboxRow[] = [];
        if (scan) {
            this.lastScanAt = this.clock().getTime();
            rows = await this.deps.store.listPending();
        } else {
            for (const id of touched) rows.push(...(await this.deps.store.listPending(id)));
        }
        // Posts first, so a question's other rows in this pass find its card.
        rows.sort((a, b) => Number(b.purpose === 'post') - Number(a.purpose === 'post') || a.nextAttemptAt.localeCompare(b.nextAttemptAt));
        for (const row of rows) {
            if (this.stopped) break;
            const now = this.clock().getTime();
            const dueAt = row.nextAttemptAt ? Date.parse(row.nextAttemptAt) || 0 : 0;
            const leaseUntil = row.leaseUntil ? Date.parse(row.leaseUntil) || 0 : 0;
            if (dueAt > now || leaseUntil > now) {
                result.skipped++;
                const at = Math.max(dueAt, leaseUntil);
                result.nextDueAt = result.nextDueAt === undefined ? at : Math.min(result.nextDueAt, at);
                continue;
            }
            let outcome: Outcome;
            try {
                outcome = await this.deliver(row);
            } catch (err) {
                this.deps.logger.warn({ event: 'questionOutbox.rowFailed', questionId: row.questionId, purpose: row.purpose, code: (err as { code?: unknown }).code }, 'question row not sent; next pass tries again');
                outcome = 'skipped';
            }
            result[outcome]++;
        }
        return result;
    }

    private async deliver(row: QuestionOutboxRow): Promise<Outcome> {
        const now = this.clock();
        const claimed = await this.deps.store.updateRow(row, { leaseOwner: this.instanceId, leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString() });
        if (!claimed) return 'skipped';
        const stored = await this.deps.store.get(row.questionId);
        if (!stored) {
            await this.deps.store.completeRow(claimed);
            return 'moot';
        }
        const q = stored.question;
        const posted = q.delivery.activityId !== undefined;
        // Only the send itself may count as a failed delivery: a storage error after a send that went
        // out must not send it again.
        let send: () => Promise<'sent' | 'moot' | SentMessage>;
        switch (claimed.purpose) {
            case 'post': {
                if (posted) return this.complete(claimed, 'moot');
                let post: QuestionPost;
                try {
                    post = await this.deps.sender.post(q);
                } catch (err) {
                    return this.failed(claimed, err);
                }
                const recorded = await this.afterSend(() =>
                    this.deps.store.recordPosted(stored, claimed, { conversationId: post.conversationId, activityId: post.activityId, channelKind: post.kind }),
                );
                if (!recorded) this.deps.logger.error({ event: 'questionOutbox.recordFailed', questionId: q.questionId }, 'question posted but not recorded');
                this.deps.logger.info({ event: 'questionOutbox.posted', questionId: q.questionId, channelKind: post.kind }, 'question posted');
                return 'sent';
            }
            case 'card':
                if (!posted) return this.wait(claimed);
                send = () => this.deps.sender.updateCard(q);
                break;
            case 'answer':
                if (q.purgedAt) return this.complete(claimed, 'moot');
                send = () => this.deps.sender.answerToAsker(q, claimed.turn ?? 0);
                break;
            case 'undelivered':
                if (q.purgedAt || posted) return this.complete(claimed, 'moot');
                send = () => this.deps.sender.undeliveredToAsker(q);
                break;
            case 'alert':
                if (q.purgedAt || posted || !claimed.recipient) return this.complete(claimed, 'moot');
                send = () => this.deps.sender.alertAdmin(q, claimed.recipient ?? '', claimed.causeStatus);
                break;
            case 'thread': {
                const text = threadLineText(q, claimed.line ?? 'followUp', claimed.turn ?? 0);
                if (!text) return this.complete(claimed, 'moot');
                if (!posted) return this.wait(claimed);
                send = () => this.deps.sender.threadLine(q, text);
                break;
            }
            case 'redact':
                send = () => this.deps.sender.redact(claimed.sentConversationId ?? '', claimed.sentActivityId ?? '');
                break;
        }
        let sent: 'sent' | 'moot' | SentMessage;
        try {
            sent = await send();
        } catch (err) {
            return this.failed(claimed, err);
        }
        const result = typeof sent === 'object' ? 'sent' : sent;
        // What someone typed (an answer, a follow-up) stays on record where it landed, for retention to overwrite.
        const kept = typeof sent === 'object' && sent.activityId && keptUntilPurge(claimed) ? sent : undefined;
        return (await this.afterSend(() => this.complete(claimed, result, kept))) ?? result;
    }

    /** A storage write after a send that went out: tried a few times, never a reason to send again. */
    private async afterSend<T>(write: () => Promise<T>): Promise<T | undefined> {
        for (let attempt = 1; attempt <= 3; attempt++) {
            try {
                return await write();
            } catch (err) {
                this.deps.logger.warn({ event: 'questionOutbox.afterSendFailed', attempt, code: (err as { code?: unknown }).code }, 'write after send failed');
                await delay(200 * attempt);
            }
        }
        return undefined;
    }

    /**
     * Marks the question undelivered and queues the 1:1 message to the asker and one to each admin, in one
     * write (once: the row keys are fixed).
     */
    private async tellAsker(questionId: string, causeStatus: string): Promise<void> {
        const stored = await this.deps.store.get(questionId);
        if (!stored || stored.question.delivery.failed) return;
        const q = stored.question;
        const marked = { ...q, version: q.version + 1, delivery: { ...q.delivery, failed: true } };
        // Capped like the reports' alerts: the rows share one Table transaction with the mark.
        const admins = [...new Set((this.deps.admins?.() ?? []).map((id) => id.toLowerCase()))].slice(0, MAX_ALERTED_ADMINS);
        const rows: NewQuestionRow[] = [{ purpose: 'undelivered' }, ...admins.map((recipient): NewQuestionRow => ({ purpose: 'alert', recipient, causeStatus }))];
        const written = await this.deps.store.replace(marked, stored.etag, rows, this.clock());
        if (written) this.deliverQueued(questionId);
    }

    private async complete(row: QuestionOutboxRow, result: 'sent' | 'moot', kept?: SentMessage): Promise<Outcome> {
        if (await this.deps.store.completeRow(row, kept)) {
            this.deps.logger.info({ event: 'questionOutbox.sent', questionId: row.questionId, purpose: row.purpose, result, kept: kept !== undefined }, 'question row sent');
            if (kept) await this.redactIfPurgedMeanwhile(row, kept);
            return result;
        }
        // Queued again while we sent (a newer card): free it so the next pass puts the newest state.
        const again = await this.deps.store.getRow(row.questionId, row.rowKey);
        if (again && again.leaseOwner === this.instanceId) await this.deps.store.updateRow(again, { leaseOwner: '', leaseUntil: '' });
        this.deliverQueued(row.questionId);
        return result;
    }

    /** Retention purged the question while this message was on its way: it is overwritten now (once). */
    private async redactIfPurgedMeanwhile(row: QuestionOutboxRow, sent: SentMessage): Promise<void> {
        try {
            const stored = await this.deps.store.get(row.questionId);
            if (!stored?.question.purgedAt) return;
            await this.deps.sender.redact(sent.conversationId, sent.activityId);
            // The record just kept would otherwise outlive the purge (it names the asker's chat).
            const record = await this.deps.store.getRow(row.questionId, row.rowKey);
            if (record) await this.deps.store.completeRow(record);
            this.deps.logger.info({ event: 'questionOutbox.redactedAfterPurge', questionId: row.questionId }, 'message sent during the purge overwritten');
        } catch (err) {
            this.deps.logger.error({ event: 'questionOutbox.redactFailed', questionId: row.questionId, status: isDeliveryError(err) ? err.status : undefined }, 'message sent during the purge not overwritten');
        }
    }

    /** The card is not in the channel yet: try again soon (the post goes first in the next pass). */
    private async wait(row: QuestionOutboxRow): Promise<Outcome> {
        await this.deps.store.updateRow(row, { leaseOwner: '', leaseUntil: '', nextAttemptAt: new Date(this.clock().getTime() + this.baseDelayMs).toISOString() });
        return 'skipped';
    }

    private async failed(row: QuestionOutboxRow, err: unknown): Promise<Outcome> {
        const status = isDeliveryError(err) ? err.status : undefined;
        const lastStatus = status === undefined ? 'network' : String(status);
        const now = this.clock().getTime();
        const attempts = row.attempts + 1;
        const pastDeadline = now >= (Date.parse(row.giveUpAt) || Number.POSITIVE_INFINITY);
        if (isRetryable(status) && !pastDeadline) {
            const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
            const retryAfter = isDeliveryError(err) ? err.retryAfterMs : undefined;
            const wait = retryAfter ?? Math.round(step / 2 + this.random() * (step / 2));
            await this.deps.store.updateRow(row, { attempts, lastStatus, nextAttemptAt: new Date(now + wait).toISOString(), leaseOwner: '', leaseUntil: '' });
            this.deps.logger.warn({ event: 'questionOutbox.retryScheduled', questionId: row.questionId, purpose: row.purpose, status: lastStatus, attempts, waitMs: wait }, 'question row failed; retry scheduled');
            return 'retried';
        }
        // A post stays as 'failed' (the question shows it was not delivered) and the asker hears it, through
        // a row written with the change; other rows are removed.
        if (row.purpose === 'post') {
            await this.tellAsker(row.questionId, lastStatus);
            await this.deps.store.updateRow(row, { state: 'failed', attempts, lastStatus, leaseOwner: '', leaseUntil: '' });
        } else {
            await this.deps.store.completeRow(row);
        }
        this.deps.logger.error({ event: 'questionOutbox.givenUp', questionId: row.questionId, purpose: row.purpose, status: lastStatus, attempts }, 'question row given up');
        return 'failed';
    }
}
