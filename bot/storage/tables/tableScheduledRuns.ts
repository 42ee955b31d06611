/**
 * Weekly runs (the Monday digest) in Azure Tables, exactly once across instances: one row per run in
 * table `schedule` (partition `runs`), claimed with an eTag-conditional write of a lease, done after the
 * work. A crash while holding the lease lets another instance take the run once the lease is over.
 */
import type { TableClient } from '@azure/data-tables';
import type { ScheduledRuns } from '../../reports/weeklyDigest';
import { ifFound, statusOf } from '../storageErrors';
import type { TableClientFactory } from '../tableClientFactory';
import { storageError } from './tableErrors';

export const SCHEDULE_TABLE = 'schedule';
const PARTITION = 'runs';

interface RunRow {
    state?: string;
    leaseOwner?: string;
    leaseUntil?: string;
}

export class TableScheduledRuns implements ScheduledRuns {
    constructor(
        private readonly tables: TableClientFactory,
        private readonly clock: () => Date = () => new Date(),
    ) {}

    private async table(): Promise<TableClient> {
        try {
            return await this.tables.table(SCHEDULE_TABLE);
        } catch (err) {
            throw storageError('open schedule table', err);
        }
    }

    async claim(key: string, owner: string, leaseUntil: Date): Promise<boolean> {
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<RunRow>(PARTITION, key));
            const lease = { partitionKey: PARTITION, rowKey: key, state: 'pending', leaseOwner: owner, leaseUntil: leaseUntil.toISOString() };
            if (!row) {
                await table.createEntity(lease);
                return true;
            }
            if (row.state === 'done') return false;
            const held = row.leaseOwner && row.leaseOwner !== owner && Date.parse(row.leaseUntil ?? '') > this.clock().getTime();
            if (held) return false;
            await table.updateEntity(lease, 'Merge', { etag: row.etag });
            return true;
        } catch (err) {
            // Someone else created or claimed it between our read and write.
            if (statusOf(err) === 409 || statusOf(err) === 412) return false;
            throw storageError('claim scheduled run', err);
        }
    }

    /** Whether the run with this key has been completed (by any instance). */
    async isDone(key: string): Promise<boolean> {
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<RunRow>(PARTITION, key));
            return row?.state === 'done';
        } catch (err) {
            throw storageError('read scheduled run', err);
        }
    }

    async complete(key: string, owner: string): Promise<void> {
        await this.change(key, owner, { state: 'done', leaseOwner: '', leaseUntil: '', doneAt: this.clock().toISOString() });
    }

    async release(key: string, owner: string): Promise<void> {
        await this.change(key, owner, { leaseOwner: '', leaseUntil: '' });
    }

    private async change(key: string, owner: string, changes: Record<string, string>): Promise<void> {
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<RunRow>(PARTITION, key));
            if (!row || row.leaseOwner !== owner) return;
            await table.updateEntity({ partitionKey: PARTITION, rowKey: key, ...changes }, 'Merge', { etag: row.etag });
        } catch (err) {
            if (statusOf(err) === 412) return;
            throw storageError('update scheduled run', err);
        }
    }
}
