/**
 * Hands out readable references MH-<year>-<NNNN>, unique per year. One counter row per year is
 * advanced with an eTag-conditional update, so two bot instances that read the same value cannot
 * both write it: the loser gets 412 (or 409 on the first of the year) and tries again.
 */
import type { TableClient } from '@azure/data-tables';
import type { TableClientFactory } from '../storage/tableClientFactory';
import { ReportError, statusOf } from './reportErrors';

export const REFERENCE_TABLE = 'reportReferences';
const PARTITION = 'counter';

export interface ReferenceAllocatorOptions {
    clock?: () => Date;
    /** Attempts before giving up under contention. */
    maxAttempts?: number;
    /** Upper bound of the random pause between attempts (ms). */
    maxBackoffMs?: number;
    random?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

export interface AllocatedReference {
    reference: string;
    year: number;
    sequence: number;
}

export function formatReference(year: number, sequence: number): string {
    return `MH-${year}-${String(sequence).padStart(4, '0')}`;
}

export const REFERENCE_PATTERN = /^MH-\d{4}-\d{4,}$/;

const AMSTERDAM_YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric' });

/** The year in the Netherlands: a report at 00:30 on 1 January (local) belongs to the new year. */
export function yearInAmsterdam(now: Date): number {
    return Number(AMSTERDAM_YEAR.format(now));
}

interface Waiter {
    resolve(value: AllocatedReference): void;
    reject(reason: unknown): void;
}

export class ReferenceAllocator {
    private readonly clock: () => Date;
    private readonly maxAttempts: number;
    private readonly maxBackoffMs: number;
    private readonly random: () => number;
    private readonly sleep: (ms: number) => Promise<void>;
    private queue: Waiter[] = [];
    private pumping = false;
    /** The counter row as this instance last wrote it: usually still current, so one round trip suffices. */
    private cached?: { year: number; last: number; etag: string };

    constructor(
        private readonly tables: TableClientFactory,
        options: ReferenceAllocatorOptions = {},
    ) {
        this.clock = options.clock ?? (() => new Date());
        this.maxAttempts = options.maxAttempts ?? 60;
        this.maxBackoffMs = options.maxBackoffMs ?? 20;
        this.random = options.random ?? Math.random;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    }

    /**
     * The next reference. Requests that arrive while a counter update is in flight are served together
     * by one update that reserves a block of numbers: within one instance there is then no contention
     * at all, and across instances the eTag still decides who gets which block.
     */
    next(): Promise<AllocatedReference> {
        return new Promise<AllocatedReference>((resolve, reject) => {
            this.queue.push({ resolve, reject });
            if (!this.pumping) void this.pump();
        });
    }

    private async pump(): Promise<void> {
        this.pumping = true;
        try {
            while (this.queue.length > 0) {
                const batch = this.queue;
                this.queue = [];
                try {
                    const year = yearInAmsterdam(this.clock());
                    const first = await this.reserve(year, batch.length);
                    batch.forEach((waiter, i) => waiter.resolve({ reference: formatReference(year, first + i), year, sequence: first + i }));
                } catch (err) {
                    for (const waiter of batch) waiter.reject(err);
                }
            }
        } finally {
            this.pumping = false;
        }
    }

    /** Advances the year's counter by `count` and returns the first number of the reserved block. */
    private async reserve(year: number, count: number): Promise<number> {
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
                if (status !== 409 && status !== 412) throw new ReportError('STORAGE_UNAVAILABLE', 'reference counter unreachable', err);
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
            throw new ReportError('STORAGE_UNAVAILABLE', 'reference table unreachable', err);
        }
    }

    private async read(table: TableClient, rowKey: string): Promise<{ year: number; last: number; etag: string } | undefined> {
        try {
            const entity = await table.getEntity<{ last?: unknown }>(PARTITION, rowKey);
            const last = typeof entity.last === 'number' ? entity.last : 0;
            return { year: Number(rowKey), last, etag: entity.etag };
        } catch (err) {
            if (statusOf(err) === 404) return undefined;
            throw err;
        }
    }
}
