import type { TableClient } from '@azure/data-tables';
import { encodeKey, odataString } from './keyEncoding';
import { statusOf } from './storageErrors';
import type { TableClientFactory } from './tableClientFactory';

/**
 * Teams re-sends an activity when a turn is slow (over ~15 s). A claim row per activity id makes the
 * second delivery a no-op, across restarts and across instances. A turn that fails releases its
 * claim, so a retry of a failed turn is still handled.
 */
export type ClaimResult = 'first' | 'duplicate';

export class ActivityDeduplicator {
    constructor(
        private readonly tables: TableClientFactory,
        private readonly now: () => Date = () => new Date(),
    ) {}

    /** The factory caches the client and creates the table once. */
    private table(): Promise<TableClient> {
        return this.tables.table('Dedupe');
    }

    async claim(conversationId: string, activityId: string): Promise<ClaimResult> {
        const table = await this.table();
        try {
            await table.createEntity({
                partitionKey: encodeKey(conversationId),
                rowKey: encodeKey(activityId),
                claimedAt: this.now(),
            });
            return 'first';
        } catch (err) {
            if (statusOf(err) === 409) return 'duplicate';
            throw err;
        }
    }

    async release(conversationId: string, activityId: string): Promise<void> {
        const table = await this.table();
        try {
            await table.deleteEntity(encodeKey(conversationId), encodeKey(activityId));
        } catch (err) {
            if (statusOf(err) !== 404) throw err;
        }
    }

    /** Removes claims older than `maxAgeMs`; Teams never retries that late. Returns how many. */
    async purgeOlderThan(maxAgeMs: number): Promise<number> {
        const table = await this.table();
        const cutoff = new Date(this.now().getTime() - maxAgeMs).toISOString();
        let removed = 0;
        const rows = table.listEntities<{ claimedAt: Date }>({
            queryOptions: { filter: `claimedAt lt datetime${odataString(cutoff)}`, select: ['PartitionKey', 'RowKey'] },
        });
        for await (const row of rows) {
            try {
                await table.deleteEntity(row.partitionKey ?? '', row.rowKey ?? '');
                removed++;
            } catch (err) {
                if (statusOf(err) !== 404) throw err;
            }
        }
        return removed;
    }
}
