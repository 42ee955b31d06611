/**
 * The per-year reference counter in Azure Tables. One counter row per year is advanced with an
 * eTag-conditional update, so two bot instances that read the same value cannot both write it: the
 * loser gets 412 (or 409 on the first of the year) and tries again.
 */
import type { TableClient } from '@azure/data-tables';
import type { ReferenceCounter } from '../../reports/ports';
import { ReportError } from '../../reports/reportErrors';
import { ifFound, statusOf } from '../storageErrors';
import { storageError } from './tableErrors';
import type { TableClientFactory } from '../tableClientFactory';

export const REFERENCE_TABLE = 'reportReferences';
const PARTITION = 'counter';

export interface TableReferenceCounterOptions {
    /** Attempts before giving up under contention. */
    maxAttempts?: number;
    /** Upper bound of the random pause between attempts (ms). */
    maxBackoffMs?: number;
    random?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

export class TableReferenceCounter implements ReferenceCounter {
    private readonly maxAttempts: number;
    private readonly maxBackoffMs: number;
    private readonly random: () => number;
    private readonly sleep: (ms: number) => Promise<void>;
    /** The counter row as this instance last wrote it: usually still current, so one round trip suffices. */
    private cached?: { year: number; last: number; etag: string };

    constructor(
        private readonly tables: TableClientFactory,
        options: TableReferenceCounterOptions = {},
    ) {
        this.maxAttempts = options.maxAttempts ?? 60;
        this.maxBackoffMs = options.maxBackoffMs ?? 20;
        this.random = options.random ?? Math.random;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    }

    async reserve(year: number, count: number): Promise<number> {
        const table = await this.table();
        const rowKey = String(year);
        for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
            try {
                const known = this.cached?.year === year ? this.cached : await this.read(table, rowKey);
                if (!known) {
                    const created = await table.createEntity({ partitionKey: PARTITION, rowKey, last: count });
                    if (created.etag) this.cached = { year, last: count, etag: created.etag };
                    return 1;
                }
                const last = known.last + count;
                const updated = await table.updateEntity({ partitionKey: PARTITION, rowKey, last }, 'Merge', { etag: known.etag });
                this.cached = updated.etag ? { year, last, etag: updated.etag } : undefined;
                return known.last + 1;
            } catch (err) {
                this.cached = undefined;
                const status = statusOf(err);
                if (err instanceof ReportError) throw err;
                if (status !== 409 && status !== 412) throw storageError('reference counter', err);
                // Another instance moved the counter; a first stale-cache miss is retried at once.
                if (attempt === 1) continue;
            }
            // Random pause so writers on other instances spread out instead of colliding again in lockstep.
            await this.sleep(Math.floor(this.random() * this.maxBackoffMs * Math.min(attempt, 5)));
        }
        throw new ReportError('REFERENCE_CONTENTION', `no reference after ${this.maxAttempts} attempts`);
    }

    private async table(): Promise<TableClient> {
        try {
            return await this.tables.table(REFERENCE_TABLE);
        } catch (err) {
            throw storageError('open reference table', err);
        }
    }

    private async read(table: TableClient, rowKey: string): Promise<{ year: number; last: number; etag: string } | undefined> {
        const entity = await ifFound(table.getEntity<{ last?: unknown }>(PARTITION, rowKey));
        if (!entity) return undefined;
        // Reading a damaged counter as 0 would hand out references that exist already.
        if (typeof entity.last !== 'number' || !Number.isInteger(entity.last) || entity.last < 0) {
            throw new ReportError('DAMAGED_DATA', `reference counter ${rowKey} unreadable: last`);
        }
        return { year: Number(rowKey), last: entity.last, etag: entity.etag };
    }
}
