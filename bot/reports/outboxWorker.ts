/**
 * Delivers the outbox: every report's card to its coordinators' channel (the post) and every follow-up
 * of a change (card update, thread line, 1:1 message), at least once through crashes and Teams outages,
 * and never twice in normal operation.
 *
 * - A row is claimed with an eTag-conditional lease before sending, so two instances never send the same
 *   row. The lease is short (15 s) and renewed while a send is in flight, so after a crash another
 *   instance (or the restarted one) takes over within seconds; a graceful stop releases it at once.
 *   A report stored by this instance is created already leased to it and handed over as written
 *   (deliverNow), so its first post costs no reads and no claim.
 * - Transient failures (bot/domain/retryPolicy.ts: 408, 412, 429, 5xx, network) are never final before
 *   the row's giveUpAt (72 hours): capped exponential backoff with jitter, Retry-After honoured (a 429
 *   pauses the whole pass). When one send succeeds after failures, rows that failed transiently are
 *   tried again at once instead of waiting out their backoff: Teams is back.
 * - A post refused with 403/404 goes to the fallback channel at once; only when that fails too, or after
 *   72 hours, is the report 'niet_bezorgd', and the admins hear of it 1:1 (a follow-up written in the
 *   same transaction). An acute report still not posted after 5 minutes goes to the fallback channel
 *   and to the admins. Acute posts are sent before anything else.
 * - Follow-ups render the report's current state when they are sent. There is one card row per report:
 *   a newer change re-queues it (keeping the lease), the sender's eTag-guarded completion then fails and
 *   it puts the newer card once more, so an older card never stays over a newer one.
 *
 * Remaining gap: a crash after Teams accepted a post but before it was recorded posts once more after the
 * lease ends. The Bot Connector offers no idempotent "create thread"; the window is the answer's way
 * back plus one Table write (measured in test/integration/reliability, said in the README).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ignoreMetric, type Logger, type RecordMetric } from '../domain/ports';
import { isRetryable } from '../domain/retryPolicy';
import { deliveryAlerts, failureReason, type DeliveryAlertKind } from './deliveryAlerts';
import {
    GIVE_UP_AFTER_MS,
    isDeliveryError,
    type ChannelCard,
    type ChannelPost,
    type CreatedReport,
    type DeliveryAlertees,
    type FollowUpSender,
    type OutboxChanges,
    type OutboxLease,
    type OutboxRow,
    type PostRoute,
    type QueuedFollowUps,
    type ReportChannelSender,
    type ReportOutbox,
    type SentMessage,
    type StoredReport,
} from './ports';
import { isReportError } from './reportErrors';
import { firstReminderAt, nextReminderAt, stillUnhandled, type ReminderPolicy } from './reminderPolicy';
import type { Report } from './reportModel';

export interface OutboxWorkerOptions {
    baseDelayMs?: number;
    /** The longest pause between two attempts: also the longest a row waits after Teams is back. */
    maxDelayMs?: number;
    /** How long a claim protects a row without renewal. */
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
    /** Card updates, thread lines and 1:1 messages; without it follow-up rows wait. */
    followUps?: FollowUpSender;
    /** Who is told of reports that did not reach their channel. */
    alertees?: DeliveryAlertees;
    /** Reminders for reports nobody picks up; without it there are none. */
    reminders?: ReminderPolicy;
    logger: Logger;
    recordMetric?: RecordMetric;
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

type Outcome = { kind: 'delivered' | 'alreadyDelivered' | 'retried' | 'failed' | 'skipped'; nextDueAt?: number };

const defaultSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    try {
        await delay(ms, undefined, { signal });
    } catch {
        // aborted: the caller woke us on purpose
    }
};

const TRANSIENT_STATUSES = new Set(['network', '408', '412', '429', '500', '502', '503', '504']);
/** A follow-up re-queued while it was being sent is sent again at most this often in one go. */
const REDELIVERIES = 3;
/** Every hour (and at start) a pass reads every partition instead of following the hints. */
const FULL_SCAN_INTERVAL_MS = 60 * 60 * 1000;
/** Failures for at least this long before a success count as an outage that ended. */
const RECOVERY_AFTER_MS = 10_000;
/** Retry-After is honoured between these bounds: 0 would spin, hours would stall everyone. */
const MIN_RETRY_AFTER_MS = 1000;
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export class OutboxWorker {
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
    /** Reports whose follow-ups were just queued here: their partition is read instead of a scan. */
    private touched = new Set<string>();
    private lastScanAt = Number.NEGATIVE_INFINITY;
    private lastFullScanAt = Number.NEGATIVE_INFINITY;
    private wake?: () => void;
    private draining: Promise<unknown> = Promise.resolve();
    /** Acute posts sent at once, outside the passes (deliverNow). */
    private readonly expressRuns = new Set<Promise<void>>();
    private throttledUntil = 0;
    /** Set by a success after transient failures: the next pass tries every transiently failed row now. */
    private recovered = false;
    private failingSince?: number;

    constructor(
        private readonly deps: OutboxWorkerDeps,
        options: OutboxWorkerOptions = {},
    ) {
        this.baseDelayMs = options.baseDelayMs ?? 2000;
        this.maxDelayMs = options.maxDelayMs ?? 45_000;
        this.leaseMs = options.leaseMs ?? 15_000;
        this.pollIntervalMs = options.pollIntervalMs ?? 10_000;
        this.concurrency = Math.max(1, options.concurrency ?? 4);
        this.instanceId = options.instanceId ?? randomUUID();
        this.clock = options.clock ?? (() => new Date());
        this.sleep = options.sleep ?? defaultSleep;
        this.random = options.random ?? Math.random;
    }

    private get recordMetric(): RecordMetric {
        return this.deps.recordMetric ?? ignoreMetric;
    }

    /** Starts the background loop; its first pass finds rows left pending by an earlier run. */
    start(): void {
        if (this.running) return;
        this.stopped = false;
        this.running = this.loop();
    }

    /** Stops the loop, waits for the sends in flight, and releases the leases of fresh rows not yet sent. */
    async stop(): Promise<void> {
        this.stopped = true;
        this.wake?.();
        await this.running;
        await this.draining;
        await Promise.all(this.expressRuns);
        this.running = undefined;
        const unsent = [...this.fresh.values()];
        this.fresh.clear();
        await Promise.all(
            unsent.map((c) =>
                this.deps.store.updateOutbox(c.outbox, { leaseOwner: '', leaseUntil: '' }).catch(() => {
                    // Not released: it ends by itself within leaseMs.
                }),
            ),
        );
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
        if (created.stored.etag && created.outbox.etag) {
            // Acute danger does not wait for the pass in progress (during a burst that can be many posts long):
            // it goes at once, beside it. The row is leased to us, so no pass takes it meanwhile.
            if (created.outbox.acute && !this.stopped && this.throttledUntil <= this.clock().getTime()) {
                this.express(created);
                return;
            }
            this.fresh.set(created.stored.report.reportId, created);
        }
        this.kick();
    }

    private express(created: CreatedReport): void {
        const run: Promise<void> = this.deliverPost(created.outbox, created.stored)
            .then(() => undefined)
            .catch((err: unknown) => {
                // Its lease runs out and a pass tries again, as for any row whose delivery failed.
                this.deps.logger.warn({ reportId: created.outbox.reportId, err: errInfo(err), event: 'outbox.rowFailed' }, 'acute post failed; will retry');
            })
            .finally(() => this.expressRuns.delete(run));
        this.expressRuns.add(run);
    }

    /** Sends the follow-ups just queued for this report now, instead of at the next scan. */
    deliverQueued(reportId: string): void {
        this.touched.add(reportId);
        this.kick();
    }

    /**
     * Resolves once nothing handed to this instance is waiting to be sent now (rows waiting for a backoff
     * or another instance's lease do not count). For shutdown and tests.
     */
    async idle(): Promise<void> {
        const busy = () => this.kicked || this.recovered || this.fresh.size > 0 || this.touched.size > 0 || this.expressRuns.size > 0;
        for (let round = 0; round < 1000; round++) {
            await this.draining;
            if (!busy() || !this.running) {
                await new Promise((resolve) => setImmediate(resolve));
                if (!busy() || !this.running) {
                    await this.draining;
                    return;
                }
            }
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
    }

    /** One pass over all due rows (a scan). Passes never overlap within one instance. */
    drainOnce(): Promise<DrainResult> {
        return this.serialised(() => this.pass(true));
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
                // Scan on start and every poll interval; in between, only what this instance just stored or queued.
                const scanDue = this.clock().getTime() - this.lastScanAt >= this.pollIntervalMs || (this.fresh.size === 0 && this.touched.size === 0);
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

    private async pass(scan: boolean): Promise<DrainResult> {
        const result: DrainResult = { delivered: 0, alreadyDelivered: 0, retried: 0, failed: 0, skipped: 0 };
        const due = (at: number) => {
            result.nextDueAt = result.nextDueAt === undefined ? at : Math.min(result.nextDueAt, at);
        };
        const fresh = [...this.fresh.values()];
        this.fresh.clear();
        const touched = [...this.touched];
        this.touched.clear();
        const recovered = this.recovered;
        this.recovered = false;
        const known = new Map(fresh.map((c) => [c.outbox.reportId, c.stored]));
        const isFresh = (row: OutboxRow) => row.purpose === 'post' && known.has(row.reportId);
        let rows: OutboxRow[] = [];
        if (scan) {
            const now = this.clock().getTime();
            this.lastScanAt = now;
            // The reports with pending work are read by their hints; every partition now and then, in case.
            const full = now - this.lastFullScanAt >= FULL_SCAN_INTERVAL_MS;
            if (full) this.lastFullScanAt = now;
            rows = await this.deps.store.listPendingOutbox(undefined, { full, dueBy: now });
        } else {
            for (const reportId of touched) rows.push(...(await this.deps.store.listPendingOutbox(reportId)));
        }
        // A fresh report's row is in the scan too, but as read back, without what we know of it.
        rows = rows.filter((r) => !isFresh(r));
        rows.push(...fresh.map((c) => c.outbox));
        // Only a scan sees every waiting post; a pass over a few touched reports says nothing about the oldest.
        if (scan) this.recordMetric('outbox.oldest_pending_age', oldestPendingPostAgeSeconds(rows, this.clock().getTime()));
        rows.sort(deliveryOrder);
        let next = 0;
        const lane = async () => {
            while (next < rows.length) {
                const row = rows[next++] as OutboxRow;
                const now = this.clock().getTime();
                const nextAttempt = Date.parse(row.nextAttemptAt) || 0;
                const leaseUntil = row.leaseUntil ? Date.parse(row.leaseUntil) || 0 : 0;
                // Not a 429: its Retry-After is Teams asking for exactly that pause.
                const pulledForward = recovered && row.lastStatus !== undefined && row.lastStatus !== '429' && TRANSIENT_STATUSES.has(row.lastStatus);
                if (this.stopped || this.throttledUntil > now) {
                    result.skipped++;
                    due(Math.max(this.throttledUntil, nextAttempt));
                    // Still ours to release on stop (or to post after the pause) without waiting for the lease.
                    const created = isFresh(row) ? fresh.find((c) => c.outbox.reportId === row.reportId) : undefined;
                    if (created) this.fresh.set(row.reportId, created);
                    continue;
                }
                if (nextAttempt > now && !pulledForward) {
                    result.skipped++;
                    due(nextAttempt);
                    continue;
                }
                // Leased rows wait for the lease to end, also our own: a fresh report listed by a scan before
                // deliverNow handed it over would otherwise be posted by both paths.
                if (leaseUntil > now && !isFresh(row)) {
                    result.skipped++;
                    due(leaseUntil);
                    continue;
                }
                if (row.purpose !== 'post' && !this.deps.followUps) {
                    result.skipped++;
                    continue;
                }
                let outcome: Outcome;
                try {
                    outcome = row.purpose === 'post' ? await this.deliverPost(row, known.get(row.reportId)) : await this.deliverFollowUp(row);
                } catch (err) {
                    // One row's storage failure must not end the pass while other lanes are sending: the row
                    // keeps its lease and is tried again when that runs out.
                    this.deps.logger.warn({ reportId: row.reportId, purpose: row.purpose, err: errInfo(err), event: 'outbox.rowFailed' }, 'outbox row failed; will retry');
                    outcome = { kind: 'skipped', nextDueAt: this.clock().getTime() + this.leaseMs };
                }
                result[outcome.kind]++;
                if (outcome.nextDueAt !== undefined) due(outcome.nextDueAt);
            }
        };
        await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, lane));
        // Follow-ups queued during this pass (alerts, a card queued again) are due at once.
        if (this.touched.size > 0) {
            due(this.clock().getTime());
            this.kick();
        }
        return result;
    }

    /** Claims a row for this instance; undefined when another instance claimed it first. */
    private claim(row: OutboxRow): Promise<OutboxRow | undefined> {
        return this.deps.store.updateOutbox(row, { leaseOwner: this.instanceId, leaseUntil: new Date(this.clock().getTime() + this.leaseMs).toISOString() });
    }

    /**
     * Runs a send while renewing the row's lease, so a slow Teams never lets a second instance take it.
     * Returns the row as last written (its eTag changes with each renewal) and whether the lease held.
     */
    private async leased<T>(row: OutboxRow, send: () => Promise<T>): Promise<({ value: T } | { error: unknown }) & { row: OutboxRow; held: boolean }> {
        let current = row;
        let held = true;
        let renewing: Promise<unknown> = Promise.resolve();
        const timer = setInterval(() => {
            renewing = renewing.then(async () => {
                if (!held) return;
                const until = new Date(this.clock().getTime() + this.leaseMs).toISOString();
                const renewed = await this.deps.store.updateOutbox(current, { leaseUntil: until }).catch(() => 'error' as const);
                if (renewed !== undefined && renewed !== 'error') {
                    current = renewed;
                    return;
                }
                // The eTag moved (a newer change re-queued the row, keeping our lease) or the answer was lost:
                // the row as it is now says whether the lease is still ours.
                const now = await this.deps.store.getOutboxRow(current.reportId, current.rowKey).catch(() => undefined);
                if (now && now.leaseOwner === this.instanceId) {
                    const again = await this.deps.store.updateOutbox(now, { leaseUntil: until }).catch(() => undefined);
                    current = again ?? now;
                } else if (now || renewed === undefined) {
                    held = false;
                }
            });
        }, Math.max(50, Math.floor(this.leaseMs / 3)));
        timer.unref();
        let outcome: { value: T } | { error: unknown };
        try {
            outcome = { value: await send() };
        } catch (error) {
            outcome = { error };
        }
        clearInterval(timer);
        // A renewal in flight changes the eTag: wait for it, so the caller writes with the latest one.
        await renewing;
        return { ...outcome, row: current, held };
    }

    // ---- posts -------------------------------------------------------------------------------------

    /**
     * `known` is the report as this instance stored it with `row` leased to itself: while at least half
     * of that lease is left, it is posted without a claim and a read.
     */
    private async deliverPost(row: OutboxRow, known?: StoredReport): Promise<Outcome> {
        const log = this.deps.logger;
        const reportId = row.reportId;
        const claimedAt = this.clock().getTime();
        const leaseLeft = row.leaseOwner === this.instanceId && row.leaseUntil ? Date.parse(row.leaseUntil) - claimedAt : 0;
        const ownLease = known !== undefined && leaseLeft >= this.leaseMs / 2;
        const claimed = ownLease ? row : await this.claim(row);
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

        // Posted before, but the record failed: record it now, never post it again.
        if (claimed.postedActivityId && claimed.postedConversationId) {
            const post: ChannelPost = { conversationId: claimed.postedConversationId, activityId: claimed.postedActivityId, kind: claimed.postedKind ?? 'bound' };
            await this.recordDelivered(claimed, claimed.attempts, post, claimed.route === 'fallback' && post.kind === 'fallback', stored.report, stored);
            return { kind: 'alreadyDelivered' };
        }

        let current = claimed;
        let report = stored.report;
        let attempts = claimed.attempts;
        let route: PostRoute = claimed.route ?? 'own';
        // At most two sends in one go: the own channel, then at once the fallback when the own one refuses.
        for (let send = 1; send <= 2; send++) {
            attempts++;
            const card = this.deps.renderCard(report);
            const outcome = await this.leased(current, () => this.deps.sender.postNewThread(report.municipality, card, route, { urgent: report.acuteDanger || report.dangerInText === true }));
            current = outcome.row;
            if ('value' in outcome) {
                this.noteSuccess();
                const rerouted = route === 'fallback' && outcome.value.kind === 'fallback';
                await this.recordDelivered(current, attempts, outcome.value, rerouted, report, send === 1 && ownLease ? stored : undefined);
                log.info({ reportId, attempts, route, event: 'outbox.delivered' }, 'report delivered to channel');
                return { kind: 'delivered' };
            }
            const err = outcome.error;
            const status = isDeliveryError(err) ? err.status : undefined;
            const via = isDeliveryError(err) ? err.via : undefined;
            const lastStatus = status === undefined ? 'network' : String(status);
            const transient = isRetryable(status);
            if (transient) this.noteFailure();
            const now = this.clock().getTime();
            const pastDeadline = now >= (Date.parse(current.giveUpAt) || Number.POSITIVE_INFINITY);
            const acuteLate = current.acute === true && current.escalateAt !== undefined && now >= (Date.parse(current.escalateAt) || 0);
            const canReroute = route === 'own' && via !== 'fallback' && send === 1;
            // The own channel refused, or stayed unreachable too long: the fallback channel, now.
            if (canReroute && (!transient || pastDeadline || acuteLate)) {
                const moved = await this.redirect(current, report, attempts, lastStatus, 'fallback', acuteLate ? 'acuteLate' : undefined);
                if (!moved) return { kind: 'skipped' };
                current = moved.row;
                report = moved.report;
                route = 'fallback';
                log.warn({ reportId, attempts, status: lastStatus, event: 'outbox.rerouted' }, 'own channel failed; trying the fallback channel');
                continue;
            }
            // Late and acute, but already on the only channel there is: at least the admins hear of it.
            if (acuteLate && transient && !pastDeadline) {
                const told = await this.redirect(current, report, attempts, lastStatus, route, 'acuteLate');
                if (!told) return { kind: 'skipped' };
                current = told.row;
            }
            if (!transient || pastDeadline) return this.markUndeliverable(current, report, attempts, lastStatus);
            return this.scheduleRetry(current, attempts, lastStatus, isDeliveryError(err) ? err.retryAfterMs : undefined, status === 429);
        }
        return this.scheduleRetry(current, attempts, current.lastStatus ?? 'network', undefined, false);
    }

    /** Points the row at `route` (and, for a late acute report, alerts the admins) in one write. */
    private async redirect(
        row: OutboxRow,
        report: Report,
        attempts: number,
        lastStatus: string,
        route: PostRoute,
        alert?: DeliveryAlertKind,
    ): Promise<{ row: OutboxRow; report: Report } | undefined> {
        const changes: OutboxChanges = { route, attempts, lastStatus, ...(alert && { escalateAt: '' }) };
        if (!alert) {
            const moved = await this.deps.store.updateOutbox(row, changes);
            return moved && { row: moved, report };
        }
        const at = this.clock();
        const alerts = this.alertsFor(alert, report, lastStatus, at);
        try {
            const next = await this.deps.store.updateReport(
                row.reportId,
                // alertedAt only when someone is told: the reporter's status says the admins were warned.
                (r) => (alerts ? { ...r, delivery: { ...r.delivery, alertedAt: at.toISOString() } } : undefined),
                { row, changes },
                undefined,
                alerts,
            );
            this.touched.add(row.reportId);
            // The transaction changed the row's eTag; read it back to keep sending under the lease.
            const fresh = await this.deps.store.getOutboxRow(row.reportId);
            return fresh && { row: fresh, report: next };
        } catch (err) {
            if (isReportError(err, 'CONFLICT')) return undefined;
            throw err;
        }
    }

    private alertsFor(kind: DeliveryAlertKind, report: Report, lastStatus: string, at: Date): QueuedFollowUps | undefined {
        const admins = this.deps.alertees?.adminIds() ?? [];
        if (admins.length === 0) return undefined;
        return { at, items: deliveryAlerts(kind, report, failureReason(lastStatus), admins) };
    }

    private async recordDelivered(row: OutboxRow, attempts: number, post: ChannelPost, rerouted: boolean, report: Report, known?: StoredReport): Promise<void> {
        const at = this.clock();
        const deliveredAt = at.toISOString();
        // A rerouted report tells the admins, unless they were told already (acute escalation).
        const alerts = rerouted && !report.delivery.alertedAt ? this.alertsFor('rerouted', report, row.lastStatus ?? 'network', at) : undefined;
        // The reminder for when nobody picks it up is queued with the record itself: due later, durable.
        const policy = this.deps.reminders;
        const reminder = policy && stillUnhandled(report) ? [{ purpose: 'reminder' as const, dueAt: firstReminderAt(report, at, policy) }] : [];
        const queued = alerts || reminder.length > 0 ? { at, items: [...(alerts?.items ?? []), ...reminder] } : undefined;
        for (let attempt = 1; ; attempt++) {
            try {
                await this.deps.store.updateReport(
                    row.reportId,
                    (report) =>
                        report.delivery.activityId
                            ? undefined
                            : {
                                  ...report,
                                  channelKind: post.kind,
                                  delivery: {
                                      ...report.delivery,
                                      state: 'bezorgd',
                                      attempts,
                                      conversationId: post.conversationId,
                                      activityId: post.activityId,
                                      deliveredAt,
                                      ...(rerouted && { rerouted: true }),
                                      ...(alerts && { alertedAt: deliveredAt }),
                                  },
                              },
                    { row, changes: { state: 'done', attempts, lastStatus: 'ok', leaseOwner: '', leaseUntil: '' } },
                    attempt === 1 ? known : undefined,
                    queued,
                );
                if (alerts) this.touched.add(row.reportId);
                const attributes = { municipality: report.municipality, acute: row.acute === true, route: rerouted ? ('fallback' as const) : ('own' as const) };
                this.recordMetric('reports.delivered', 1, attributes);
                const waited = (at.getTime() - Date.parse(report.submittedAt)) / 1000;
                if (Number.isFinite(waited)) this.recordMetric('reports.time_to_delivery', Math.max(0, waited), attributes);
                return;
            } catch (err) {
                // The post went out; losing the record would post it again after the lease, so try hard.
                if (isReportError(err, 'CONFLICT') || attempt >= 4) {
                    // At least the row remembers the post (one entity): the next attempt records it instead of posting.
                    const kept = await this.deps.store
                        .updateOutbox(row, { postedConversationId: post.conversationId, postedActivityId: post.activityId, postedKind: post.kind, lastStatus: 'posted_unrecorded' })
                        .catch(() => undefined);
                    this.deps.logger.error({ reportId: row.reportId, err: errInfo(err), keptOnRow: kept !== undefined, event: 'outbox.recordFailed' }, 'posted but could not record delivery');
                    return;
                }
                await this.sleep(250 * attempt, new AbortController().signal);
            }
        }
    }

    private async markUndeliverable(row: OutboxRow, report: Report, attempts: number, lastStatus: string): Promise<Outcome> {
        const at = this.clock();
        const reason = failureReason(lastStatus);
        const alerts = this.alertsFor('undelivered', report, lastStatus, at);
        try {
            await this.deps.store.updateReport(
                row.reportId,
                (r) =>
                    r.delivery.activityId
                        ? undefined
                        : {
                              ...r,
                              delivery: { ...r.delivery, state: 'niet_bezorgd', attempts, failureReason: reason, ...(alerts && { alertedAt: at.toISOString() }) },
                          },
                { row, changes: { state: 'failed', attempts, lastStatus, leaseOwner: '', leaseUntil: '' } },
                undefined,
                alerts,
            );
        } catch (err) {
            if (isReportError(err, 'CONFLICT')) return { kind: 'skipped' };
            throw err;
        }
        if (alerts) this.touched.add(row.reportId);
        this.deps.logger.error({ reportId: row.reportId, attempts, status: lastStatus, alerted: alerts !== undefined, event: 'outbox.undeliverable' }, 'report marked niet_bezorgd');
        this.recordMetric('reports.undelivered', 1, { municipality: report.municipality, acute: row.acute === true, status: loggedStatus(lastStatus) });
        if (alerts) this.kick();
        return { kind: 'failed' };
    }

    // ---- follow-ups --------------------------------------------------------------------------------

    private async deliverFollowUp(row: OutboxRow): Promise<Outcome> {
        const sender = this.deps.followUps as FollowUpSender;
        const log = this.deps.logger;
        let current = await this.claim(row);
        if (!current) return { kind: 'skipped' };
        for (let round = 1; ; round++) {
            const stored = await this.deps.store.get(current.reportId);
            if (!stored) {
                await this.deps.store.completeFollowUp(current);
                return { kind: 'alreadyDelivered' };
            }
            const attempts = current.attempts + 1;
            const report = stored.report;
            const claimedRow = current;
            const outcome = await this.leased(claimedRow, () => sender.send(claimedRow, report));
            current = outcome.row;
            if ('error' in outcome) {
                const err = outcome.error;
                const status = isDeliveryError(err) ? err.status : undefined;
                const lastStatus = status === undefined ? 'network' : String(status);
                const transient = isRetryable(status);
                if (transient) this.noteFailure();
                const pastDeadline = this.clock().getTime() >= (Date.parse(current.giveUpAt) || Number.POSITIVE_INFINITY);
                if (!transient || pastDeadline) {
                    // Removed, not kept as failed: a 1:1 row names its recipient, which must not outlive the report.
                    const removed = await this.deps.store.completeFollowUp(current);
                    log.error({ reportId: current.reportId, purpose: current.purpose, status: lastStatus, event: 'outbox.followUpFailed', outcome: removed ? 'given_up' : 'requeued' }, 'follow-up given up');
                    return { kind: 'failed' };
                }
                return this.scheduleRetry(current, attempts, lastStatus, isDeliveryError(err) ? err.retryAfterMs : undefined, status === 429);
            }
            this.noteSuccess();
            if (!outcome.held) {
                // Another instance took the row while we sent. Our card may land after theirs: queue the card
                // once more so the newest state is put last. Any other follow-up is theirs to finish.
                if (current.purpose === 'card') await this.requeueCard(current);
                log.warn({ reportId: current.reportId, purpose: current.purpose, event: 'outbox.leaseLost' }, 'lease lost while sending');
                return { kind: 'delivered', nextDueAt: this.clock().getTime() };
            }
            const policy = this.deps.reminders;
            const sentSoFar = (current.remindersSent ?? 0) + 1;
            if (current.purpose === 'reminder' && outcome.value === 'sent' && policy && sentSoFar < policy.maxReminders) {
                // The same row waits for the next working day; no new row, so a crash cannot double it.
                const next = nextReminderAt(this.clock());
                await this.deps.store.updateOutbox(current, { remindersSent: sentSoFar, nextAttemptAt: next.toISOString(), attempts: 0, leaseOwner: '', leaseUntil: '' });
                log.info({ reportId: current.reportId, purpose: current.purpose, reminders: sentSoFar, event: 'outbox.reminderSent' }, 'reminder sent');
                return { kind: 'delivered', nextDueAt: next.getTime() };
            }
            const sent = typeof outcome.value === 'object' ? outcome.value : undefined;
            // A message with someone's text stays on record (where it landed) until retention overwrites it.
            const kept = current.keepUntilPurge === true && sent && sent.activityId ? sent : undefined;
            if (await this.deps.store.completeFollowUp(current, kept)) {
                log.info({ reportId: current.reportId, purpose: current.purpose, attempts, result: sent ? 'sent' : outcome.value, kept: kept !== undefined, event: 'outbox.followUpSent' }, 'follow-up sent');
                if (kept) await this.redactIfPurgedMeanwhile(current, kept);
                return { kind: 'delivered' };
            }
            // The purge turned the row over while we sent: what just landed is overwritten now.
            if (kept) await this.redactIfPurgedMeanwhile(current, kept);
            // Queued again while we sent (a newer change): send once more, with what is current now.
            const again = await this.deps.store.getOutboxRow(current.reportId, current.rowKey);
            if (!again || again.state !== 'pending') return { kind: 'delivered' };
            if (again.leaseOwner !== this.instanceId || round >= REDELIVERIES) {
                if (again.leaseOwner === this.instanceId) await this.deps.store.updateOutbox(again, { leaseOwner: '', leaseUntil: '' });
                return { kind: 'delivered', nextDueAt: this.clock().getTime() };
            }
            // A fresh lease for the next round: the one kept through the re-queue may be nearly over.
            const renewed = await this.claim(again);
            if (!renewed) return { kind: 'delivered', nextDueAt: this.clock().getTime() };
            current = renewed;
        }
    }

    /**
     * The retention purge ran while this message was on its way: it removed the row, so no record is
     * left to redact from. The message is overwritten now instead (once; a failure is logged, loudly).
     */
    private async redactIfPurgedMeanwhile(row: OutboxRow, sent: SentMessage): Promise<void> {
        try {
            const stored = await this.deps.store.get(row.reportId);
            if (!stored?.report.purgedAt) return;
            const redact: OutboxRow = { ...row, purpose: 'redact', text: undefined, recipient: undefined, sentConversationId: sent.conversationId, sentActivityId: sent.activityId };
            await (this.deps.followUps as FollowUpSender).send(redact, stored.report);
            this.deps.logger.info({ reportId: row.reportId, event: 'outbox.redactedAfterPurge' }, 'message sent during the purge overwritten');
        } catch (err) {
            this.deps.logger.error({ reportId: row.reportId, event: 'outbox.redactFailed', status: isDeliveryError(err) ? err.status : undefined }, 'message sent during the purge not overwritten');
        }
    }

    private async requeueCard(row: OutboxRow): Promise<void> {
        try {
            await this.deps.store.updateReport(row.reportId, () => undefined, undefined, undefined, { at: this.clock(), items: [{ purpose: 'card' }] });
            this.touched.add(row.reportId);
        } catch (err) {
            this.deps.logger.warn({ reportId: row.reportId, err: errInfo(err), event: 'outbox.cardRequeueFailed' }, 'could not queue the card again');
        }
    }

    // ---- shared ------------------------------------------------------------------------------------

    private async scheduleRetry(row: OutboxRow, attempts: number, lastStatus: string, retryAfterMs: number | undefined, throttled: boolean): Promise<Outcome> {
        const now = this.clock().getTime();
        let wait = throttled && retryAfterMs !== undefined ? Math.min(Math.max(retryAfterMs, MIN_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS) : this.backoff(attempts);
        // A late acute report is escalated on the minute, not at whatever attempt comes after it.
        const escalateAt = row.acute && row.escalateAt ? Date.parse(row.escalateAt) : Number.NaN;
        if (escalateAt > now) wait = Math.min(wait, escalateAt - now);
        const nextDueAt = now + wait;
        if (throttled) this.throttledUntil = Math.max(this.throttledUntil, nextDueAt);
        await this.deps.store.updateOutbox(row, {
            attempts,
            nextAttemptAt: new Date(nextDueAt).toISOString(),
            lastStatus,
            leaseOwner: '',
            leaseUntil: '',
        });
        this.deps.logger.warn({ reportId: row.reportId, purpose: row.purpose, attempts, status: lastStatus, waitMs: wait, event: 'outbox.retryScheduled' }, 'delivery failed; retry scheduled');
        return { kind: 'retried', nextDueAt };
    }

    private noteFailure(): void {
        this.failingSince ??= this.clock().getTime();
    }

    /**
     * Teams answered again after failing for a while: pull every transiently failed row forward, once per
     * outage. A success after a single failure is no outage; re-arming on it would defeat the backoff.
     */
    private noteSuccess(): void {
        if (this.failingSince === undefined) return;
        const outage = this.clock().getTime() - this.failingSince;
        this.failingSince = undefined;
        if (outage < RECOVERY_AFTER_MS) return;
        this.recovered = true;
        this.kick();
    }

    /** Exponential with "equal jitter": at least half the step, so retries neither bunch up nor come too soon. */
    backoff(attempts: number): number {
        const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
        return Math.round(step / 2 + this.random() * (step / 2));
    }
}

/** Acute posts first, then other posts, then follow-ups; within each, the longest waiting first. */
/** A post row was queued GIVE_UP_AFTER_MS before it gives up; rows carry no queue time of their own. */
function oldestPendingPostAgeSeconds(rows: readonly OutboxRow[], now: number): number {
    let oldest = now;
    for (const row of rows) {
        if (row.purpose !== 'post' || row.state !== 'pending') continue;
        const queued = Date.parse(row.giveUpAt) - GIVE_UP_AFTER_MS;
        if (Number.isFinite(queued)) oldest = Math.min(oldest, queued);
    }
    return Math.max(0, (now - oldest) / 1000);
}

/** A status from the closed set the metric may carry. */
function loggedStatus(lastStatus: string): string {
    return /^[1-5]\d\d$/.test(lastStatus) || lastStatus === 'network' ? lastStatus : 'other';
}

function deliveryOrder(a: OutboxRow, b: OutboxRow): number {
    const rank = (r: OutboxRow) => (r.purpose === 'post' ? (r.acute ? 0 : 1) : 2);
    return rank(a) - rank(b) || a.nextAttemptAt.localeCompare(b.nextAttemptAt);
}

/** What a log line may say of an error: its kind, code and HTTP status, never its message (it can quote a request). */
function errInfo(err: unknown): { type: string; code?: string; status?: number } {
    if (err instanceof Error) {
        const { code, status, statusCode } = err as { code?: unknown; status?: unknown; statusCode?: unknown };
        const httpStatus = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
        return { type: err.name, ...(typeof code === 'string' && { code }), ...(httpStatus !== undefined && { status: httpStatus }) };
    }
    return { type: typeof err };
}
