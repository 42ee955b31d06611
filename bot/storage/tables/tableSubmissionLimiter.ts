/**
 * At most N stored reports per colleague in a rolling window (an hour by default), counted in Azure
 * Tables so the limit holds across instances and restarts.
 *
 * Layout (table `reportRate`): partition `rl_<sha256(tenant, aadObjectId)>` with at most N slot rows
 * (`s000`, `s001`, ...). A slot holds the reportId that used it and when. Taking a slot is a create
 * (free slot) or an eTag-conditional replace (slot older than the window), so two instances can never
 * hand out the same slot: the limit is strict, not approximate. Slots are reused, so a colleague
 * never has more than N rows. A repeated submission (same reportId: double click, retry after a
 * storage failure) finds its own slot and is not counted twice. The first try is a blind create of the
 * slot the reportId hashes to: one request instead of a read and a write, and a colleague's first report
 * (or a first report of the hour) nearly always gets it. Only a 409 (slot taken, by this report or
 * another, live or expired) reads the partition as before; the limit stays strict because there are only
 * N slot keys. A repeat whose first try went elsewhere can take its hashed slot if that was freed in
 * between: that costs the colleague one slot of headroom, never a report over the limit. Slots past the window are removed by
 * purgeExpired() (hourly): a slot pairs a hash of the colleague with a reportId, which must not outlive
 * its use, least of all the retention purge of that report.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import type { TableClientFactory } from '../tableClientFactory';
import type { RateDecision, SubmissionLimiter, SubmissionRateLimit } from '../../reports/ports';
import { statusOf } from '../storageErrors';
import { storageError } from './tableErrors';
import type { ReporterIdentity } from '../../reports/reportModel';

export const REPORT_RATE_TABLE = 'reportRate';

interface SlotRow {
    rowKey: string;
    reportId: string;
    usedAtMs: number;
    etag: string;
}

/** Concurrent submits of one colleague race for slots; a lost race just tries another free one. */
const MAX_ATTEMPTS = 6;

const partitionFor = (reporter: ReporterIdentity) =>
    `rl_${createHash('sha256').update(`${reporter.tenantId.toLowerCase()}\n${reporter.aadObjectId.toLowerCase()}`).digest('hex')}`;
const slotKey = (index: number) => `s${String(index).padStart(3, '0')}`;
/** The slot a report tries first: the same for a repeat of it, spread over the slots for different reports. */
const hashedSlot = (reportId: string, slots: number) => createHash('sha256').update(reportId).digest().readUInt32BE(0) % slots;

export class TableSubmissionLimiter implements SubmissionLimiter {
    constructor(
        private readonly tables: TableClientFactory,
        readonly limit: SubmissionRateLimit,
        private readonly clock: () => Date = () => new Date(),
        private readonly random: () => number = Math.random,
    ) {
        if (!Number.isInteger(limit.maxPerWindow) || limit.maxPerWindow < 0 || limit.maxPerWindow > 999) {
            throw new RangeError('maxPerWindow must be an integer from 0 to 999');
        }
        if (!(limit.windowMs > 0)) throw new RangeError('windowMs must be positive');
    }

    async acquire(reporter: ReporterIdentity, reportId: string): Promise<RateDecision> {
        if (this.limit.maxPerWindow === 0) return { allowed: true };
        const table = await this.table();
        const partitionKey = partitionFor(reporter);
        const now = this.clock().getTime();
        try {
            await table.createEntity({ partitionKey, rowKey: slotKey(hashedSlot(reportId, this.limit.maxPerWindow)), reportId, usedAt: new Date(now).toISOString() });
            return { allowed: true };
        } catch (err) {
            if (statusOf(err) !== 409) throw storageError('rate slot', err);
        }
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const now = this.clock().getTime();
            const slots = await this.readSlots(table, partitionKey);
            const live = slots.filter((s) => s.usedAtMs > now - this.limit.windowMs);
            if (live.some((s) => s.reportId === reportId)) return { allowed: true };
            if (live.length >= this.limit.maxPerWindow) {
                const oldest = Math.min(...live.map((s) => s.usedAtMs));
                return { allowed: false, retryAfterMs: Math.max(0, oldest + this.limit.windowMs - now) };
            }
            const byKey = new Map(slots.map((s) => [s.rowKey, s]));
            const free: { rowKey: string; expired?: SlotRow }[] = [];
            for (let i = 0; i < this.limit.maxPerWindow; i++) {
                const existing = byKey.get(slotKey(i));
                if (!existing) free.push({ rowKey: slotKey(i) });
                else if (existing.usedAtMs <= now - this.limit.windowMs) free.push({ rowKey: slotKey(i), expired: existing });
            }
            // There is one: fewer live slots than the limit means at least one slot below the limit is free.
            const pick = free[Math.floor(this.random() * free.length)] ?? free[0];
            const entity = { partitionKey, rowKey: pick.rowKey, reportId, usedAt: new Date(now).toISOString() };
            try {
                if (pick.expired) await table.updateEntity(entity, 'Replace', { etag: pick.expired.etag });
                else await table.createEntity(entity);
                return { allowed: true };
            } catch (err) {
                const status = statusOf(err);
                if (status === 409 || status === 412) continue;
                throw storageError('rate slot', err);
            }
        }
        // Only a colleague firing many submissions at the same instant gets here: treat it as the limit.
        return { allowed: false, retryAfterMs: this.limit.windowMs };
    }

    async release(reporter: ReporterIdentity, reportId: string): Promise<void> {
        if (this.limit.maxPerWindow === 0) return;
        try {
            const table = await this.table();
            const partitionKey = partitionFor(reporter);
            const mine = (await this.readSlots(table, partitionKey)).filter((s) => s.reportId === reportId);
            await Promise.all(mine.map((s) => table.deleteEntity(partitionKey, s.rowKey, { etag: s.etag }).catch(() => undefined)));
        } catch {
            // A slot left behind only costs the colleague one report of headroom until the window passes.
        }
    }

    /** Deletes every slot older than the window; returns how many. */
    async purgeExpired(): Promise<number> {
        const table = await this.table();
        const cutoff = new Date(this.clock().getTime() - this.limit.windowMs).toISOString();
        const old: { partitionKey: string; rowKey: string; etag: string }[] = [];
        try {
            for await (const row of table.listEntities({ queryOptions: { filter: odata`usedAt lt ${cutoff}`, select: ['PartitionKey', 'RowKey'] } })) {
                old.push({ partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '', etag: row.etag });
            }
            // eTag-guarded: a slot taken again meanwhile is in use and stays.
            for (const row of old) await table.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag }).catch(() => undefined);
        } catch (err) {
            throw storageError('purge rate slots', err);
        }
        return old.length;
    }

    private table(): Promise<TableClient> {
        // The factory caches the client and creates the table once.
        return this.tables.table(REPORT_RATE_TABLE).catch((err: unknown) => {
            throw storageError('open rate table', err);
        });
    }

    private async readSlots(table: TableClient, partitionKey: string): Promise<SlotRow[]> {
        const slots: SlotRow[] = [];
        try {
            const rows = table.listEntities<{ reportId?: unknown; usedAt?: unknown }>({
                queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ['RowKey', 'reportId', 'usedAt'] },
            });
            for await (const row of rows) {
                const usedAtMs = typeof row.usedAt === 'string' ? Date.parse(row.usedAt) : NaN;
                slots.push({
                    rowKey: row.rowKey ?? '',
                    reportId: typeof row.reportId === 'string' ? row.reportId : '',
                    // An unreadable row counts as expired, so a damaged slot is reused (eTag-guarded) instead of lost.
                    usedAtMs: Number.isFinite(usedAtMs) ? usedAtMs : 0,
                    etag: row.etag,
                });
            }
        } catch (err) {
            throw storageError('read rate slots', err);
        }
        return slots;
    }
}
