/**
 * Delivers outbox notifications to the coordinators' channel: at least once in the face of crashes
 * and Teams outages, and never twice in normal operation.
 *
 * - State is checked before sending: a report that already has a channel activity id is completed
 *   without posting again.
 * - A row is claimed with an eTag-conditional lease before sending, so two bot instances never post
 *   the same notification. A report stored by this instance is created already leased to it and
 *   handed over as written (deliverNow), so its first delivery costs no reads and no claim.
 * - Attempts and the next attempt time are stored on the row, so a restart continues the schedule.
 * - Retryable failures (bot/domain/retryPolicy.ts: 412, 429, 5xx gateway errors, network) back off exponentially with jitter,
 *   429 waits at least Retry-After and pauses the whole pass; after N attempts, or on a permanent
 *   failure (403, 404, other 4xx), the report is marked 'niet_bezorgd' where coordinators can see it.
 *
 * Remaining gap: a crash after the post succeeded but before it was recorded posts once more after the
 * lease expires. The Bot Connector offers no idempotent "create thread", so this is the smallest window.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../domain/ports';
import { isRetryable } from '../domain/retryPolicy';
import { isDeliveryError, type ChannelCard, type ChannelPost, type CreatedReport, type OutboxLease, type OutboxRow, type ReportChannelSender, type ReportOutbox, type StoredReport } from './ports';
import { isReportError } from './reportErrors';
import type { Report } from './reportModel';


export interface OutboxWorkerOptions {
    /** Attempts before giving up (default 6). */
    maxAttempts?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    /** How long a claim protects a row; must exceed the sender's own timeout. */
    leaseMs?: number;
    /** How often the worker scans for due rows when nothing kicks it. */
    pollIntervalMs?: number;
    /** Deliveries in flight at once (default 4); a 429 still pauses them all. */
    concurrency?: number;
    instanceId?: string;
    clock?: () => Date;
    /** Resolves after ms, or early when the signal aborts. */
    sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
    random?: () => number;
}

export interface OutboxWorkerDeps {
    store: ReportOutbox;
    sender: ReportChannelSender;
    renderCard: (report: Report) => ChannelCard;
    logger: Logger;
}

export interface DrainResult {
    delivered: number;
    alreadyDelivered: number;
    retried: number;
    failed: number;
    /** Rows not yet due, leased by another instance, or paused by throttling. */
    skipped: number;
    /** Epoch ms of the earliest row that will become due, if any. */
    nextDueAt?: number;
}

const defaultSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    try {
        await delay(ms, undefined, { signal });
    } catch {
        // aborted: the caller woke us on purpose
    }
};

export class OutboxWorker {
    private readonly maxAttempts: number;
    private readonly baseDelayMs: number;
    private readonly maxDelayMs: number;
    private readonly leaseMs: number;
    private readonly pollIntervalMs: number;
    private readonly concurrency: number;
    private readonly instanceId: string;
    private readonly clock: () => Date;
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
    private readonly random: () => number;

    private running?: Promise<void>;
    private stopped = false;
    private kicked = false;
    /** Reports this instance just stored, leased to it, with their rows as written: no scan needed for them. */
    private fresh = new Map<string, CreatedReport>();
    private lastScanAt = Number.NEGATIVE_INFINITY;
    private wake?: () => void;
    private draining: Promise<unknown> = Promise.resolve();
    private throttledUntil = 0;

    constructor(
        private readonly deps: OutboxWorkerDeps,
        options: OutboxWorkerOptions = {},
    ) {
        this.maxAttempts = options.maxAttempts ?? 6;
        this.baseDelayMs = options.baseDelayMs ?? 2000;
        this.maxDelayMs = options.maxDelayMs ?? 10 * 60_000;
        this.leaseMs = options.leaseMs ?? 2 * 60_000;
        this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
        this.concurrency = Math.max(1, options.concurrency ?? 4);
        this.instanceId = options.instanceId ?? randomUUID();
        this.clock = options.clock ?? (() => new Date());
        this.sleep = options.sleep ?? defaultSleep;
        this.random = options.random ?? Math.random;
    }

    /** Starts the background loop; its first pass finds rows left pending by an earlier run. */
    start(): void {
        if (this.running) return;
        this.stopped = false;
        this.running = this.loop();
    }

    /** Stops the loop and waits for the delivery in progress to finish. */
    async stop(): Promise<void> {
        this.stopped = true;
        this.wake?.();
        await this.running;
        this.running = undefined;
    }

    /** Runs a pass now instead of at the next poll. */
    kick(): void {
        this.kicked = true;
        this.wake?.();
    }

    /** The lease a new outbox row is created with, so this instance may post it without claiming it. */
    leaseForNew(): OutboxLease {
        return { owner: this.instanceId, until: new Date(this.clock().getTime() + this.leaseMs).toISOString() };
    }

    /**
     * Delivers a report this instance has just stored (with leaseForNew) now, from the rows as written.
     * Without both eTags the rows cannot be trusted as written; the row then waits for its lease like any other.
     */
    deliverNow(created: CreatedReport): void {
        if (created.stored.etag && created.outbox.etag) this.fresh.set(created.stored.report.reportId, created);
        this.kick();
    }

    /** One pass over all due rows (a scan). Passes never overlap within one instance. */
    drainOnce(): Promise<DrainResult> {
        return this.serialised(() => this.pass());
    }

    private serialised(run: () => Promise<DrainResult>): Promise<DrainResult> {
        const pass = this.draining.then(run);
        this.draining = pass.catch(() => undefined);
        return pass;
    }

    private async loop(): Promise<void> {
        while (!this.stopped) {
            this.kicked = false;
            let result: DrainResult | undefined;
            try {
                // Scan on start and every poll interval; in between, only the reports this instance just stored.
                const scanDue = this.clock().getTime() - this.lastScanAt >= this.pollIntervalMs || this.fresh.size === 0;
                result = await this.serialised(() => this.pass(scanDue));
            } catch (err) {
                this.deps.logger.warn({ err: errInfo(err), event: 'outbox.passFailed' }, 'outbox pass failed; will retry');
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
        await Promise.race([this.sleep(ms, abort.signal), woken]);
        abort.abort();
        this.wake = undefined;
    }

    private async pass(scan = true): Promise<DrainResult> {
        const result: DrainResult = { delivered: 0, alreadyDelivered: 0, retried: 0, failed: 0, skipped: 0 };
        const due = (at: number) => {
            result.nextDueAt = result.nextDueAt === undefined ? at : Math.min(result.nextDueAt, at);
        };
        const fresh = [...this.fresh.values()];
        this.fresh.clear();
        const known = new Map(fresh.map((c) => [c.outbox.reportId, c.stored]));
        let rows: OutboxRow[] = [];
        if (scan) {
            this.lastScanAt = this.clock().getTime();
            // A fresh report's row is in the scan too, but as read back, without what we know of it.
            rows = (await this.deps.store.listPendingOutbox()).filter((r) => !known.has(r.reportId));
        }
        rows.push(...fresh.map((c) => c.outbox));
        rows.sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
        let next = 0;
        const lane = async () => {
            while (next < rows.length) {
                const row = rows[next++] as OutboxRow;
                const now = this.clock().getTime();
                const nextAttempt = Date.parse(row.nextAttemptAt) || 0;
                const leaseUntil = row.leaseUntil ? Date.parse(row.leaseUntil) || 0 : 0;
                if (this.stopped || this.throttledUntil > now) {
                    result.skipped++;
                    due(Math.max(this.throttledUntil, nextAttempt));
                    continue;
                }
                if (nextAttempt > now) {
                    result.skipped++;
                    due(nextAttempt);
                    continue;
                }
                // Leased rows wait for the lease to end, also our own: a fresh report listed by a scan before
                // deliverNow handed it over would otherwise be posted by both paths.
                if (leaseUntil > now && !known.has(row.reportId)) {
                    result.skipped++;
                    due(leaseUntil);
                    continue;
                }
                const outcome = await this.deliver(row, known.get(row.reportId));
                result[outcome.kind]++;
                if (outcome.nextDueAt !== undefined) due(outcome.nextDueAt);
            }
        };
        await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, lane));
        return result;
    }

    /**
     * `known` is the report as this instance stored it with `row` leased to itself: while at least half
     * of that lease is left (the sender's timeout fits in it), it is posted without a claim and a read.
     */
    private async deliver(row: OutboxRow, known?: StoredReport): Promise<{ kind: 'delivered' | 'alreadyDelivered' | 'retried' | 'failed' | 'skipped'; nextDueAt?: number }> {
        const log = this.deps.logger;
        const reportId = row.reportId;
        const claimedAt = this.clock().getTime();
        const leaseLeft = row.leaseOwner === this.instanceId && row.leaseUntil ? Date.parse(row.leaseUntil) - claimedAt : 0;
        const ownLease = known !== undefined && leaseLeft >= this.leaseMs / 2;
        const claimed = ownLease ? row : await this.deps.store.updateOutbox(row, { leaseOwner: this.instanceId, leaseUntil: new Date(claimedAt + this.leaseMs).toISOString() });
        if (!claimed) return { kind: 'skipped' };

        const stored = ownLease ? known : await this.deps.store.get(reportId);
        if (!stored) {
            await this.deps.store.updateOutbox(claimed, { state: 'failed', lastStatus: 'report_missing', leaseOwner: '', leaseUntil: '' });
            log.error({ reportId, event: 'outbox.reportMissing' }, 'outbox row without report');
            return { kind: 'failed' };
        }
        if (stored.report.delivery.activityId || stored.report.delivery.state !== 'wachtrij') {
            const state = stored.report.delivery.activityId ? 'done' : 'failed';
            await this.deps.store.updateOutbox(claimed, { state, leaseOwner: '', leaseUntil: '' });
            log.info({ reportId, event: 'outbox.alreadySettled' }, 'report already settled; not posting again');
            return { kind: 'alreadyDelivered' };
        }

        const attempts = claimed.attempts + 1;
        let post: ChannelPost;
        try {
            post = await this.deps.sender.postNewThread(stored.report.municipality, this.deps.renderCard(stored.report));
        } catch (err) {
            return this.handleFailure(claimed, attempts, err);
        }
        await this.recordDelivered(claimed, attempts, post, ownLease ? known : undefined);
        log.info({ reportId, attempts, event: 'outbox.delivered' }, 'report delivered to channel');
        return { kind: 'delivered' };
    }

    private async recordDelivered(claimed: OutboxRow, attempts: number, post: ChannelPost, known?: StoredReport): Promise<void> {
        const deliveredAt = this.clock().toISOString();
        for (let attempt = 1; ; attempt++) {
            try {
                await this.deps.store.updateReport(
                    claimed.reportId,
                    (report) =>
                        report.delivery.activityId
                            ? undefined
                            : {
                                  ...report,
                                  delivery: { state: 'bezorgd', attempts, conversationId: post.conversationId, activityId: post.activityId, deliveredAt },
                              },
                    { row: claimed, changes: { state: 'done', attempts, lastStatus: 'ok', leaseOwner: '', leaseUntil: '' } },
                    attempt === 1 ? known : undefined,
                );
                return;
            } catch (err) {
                // The post went out; losing the record would post it again after the lease, so try hard.
                if (isReportError(err, 'CONFLICT') || attempt >= 4) {
                    this.deps.logger.error({ reportId: claimed.reportId, err: errInfo(err), event: 'outbox.recordFailed' }, 'posted but could not record delivery');
                    return;
                }
                await this.sleep(250 * attempt, new AbortController().signal);
            }
        }
    }

    private async handleFailure(claimed: OutboxRow, attempts: number, err: unknown): Promise<{ kind: 'retried' | 'failed'; nextDueAt?: number }> {
        const status = isDeliveryError(err) ? err.status : undefined;
        const retryAfterMs = isDeliveryError(err) ? err.retryAfterMs : undefined;
        const permanent = !isRetryable(status);
        const lastStatus = status === undefined ? 'network' : String(status);
        const reportId = claimed.reportId;

        if (permanent || attempts >= this.maxAttempts) {
            const reason = permanent ? `Kanaal weigert de melding (HTTP ${status})` : `Na ${attempts} pogingen niet bezorgd (laatste fout: ${lastStatus})`;
            await this.deps.store.updateReport(
                reportId,
                (report) => (report.delivery.activityId ? undefined : { ...report, delivery: { ...report.delivery, state: 'niet_bezorgd', attempts, failureReason: reason } }),
                { row: claimed, changes: { state: 'failed', attempts, lastStatus, leaseOwner: '', leaseUntil: '' } },
            );
            this.deps.logger.error({ reportId, attempts, status: lastStatus, permanent, event: 'outbox.undeliverable' }, 'report marked niet_bezorgd');
            return { kind: 'failed' };
        }

        const now = this.clock().getTime();
        const wait = status === 429 && retryAfterMs !== undefined ? Math.max(retryAfterMs, 0) : this.backoff(attempts);
        const nextDueAt = now + wait;
        if (status === 429) this.throttledUntil = Math.max(this.throttledUntil, nextDueAt);
        await this.deps.store.updateOutbox(claimed, {
            attempts,
            nextAttemptAt: new Date(nextDueAt).toISOString(),
            lastStatus,
            leaseOwner: '',
            leaseUntil: '',
        });
        this.deps.logger.warn({ reportId, attempts, status: lastStatus, waitMs: wait, event: 'outbox.retryScheduled' }, 'delivery failed; retry scheduled');
        return { kind: 'retried', nextDueAt };
    }

    /** Exponential with "equal jitter": at least half the step, so retries neither bunch up nor come too soon. */
    backoff(attempts: number): number {
        const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempts - 1));
        return Math.round(step / 2 + this.random() * (step / 2));
    }
}

function errInfo(err: unknown): { message: string; code?: string } {
    if (err instanceof Error) {
        const code = (err as { code?: unknown }).code;
        return { message: err.message, ...(typeof code === 'string' && { code }) };
    }
    return { message: String(err) };
}
