import type { TableClient } from '@azure/data-tables';
import { encodeKey, odataString } from './keyEncoding';
import { statusOf, toStorageError } from './storageErrors';
import type { TableClientFactory } from './tableClientFactory';

export const DEDUPE_TABLE = 'Dedupe';

/**
 * Teams re-sends an activity when a turn is slow (over ~15 s). A claim row per activity id makes the
 * second delivery a no-op, across restarts and across instances. A turn that fails releases its
 * claim, so a retry of a failed turn is still handled. Failures are StorageErrors: a claim that cannot
 * be made is a storage outage for the turn's error handler, not a bug that resets the conversation.
 */
export type ClaimResult = 'first' | 'duplicate';

export class ActivityDeduplicator {
    constructor(
        private readonly tables: TableClientFactory,
        private readonly now: () => Date = () => new Date(),
    ) {}

    /** The factory caches the client and creates the table once. */
    private async table(operation: string): Promise<TableClient> {
        try {
            return await this.tables.table(DEDUPE_TABLE);
        } catch (err) {
            throw toStorageError(operation, err);
        }
    }

    async claim(conversationId: string, activityId: string): Promise<ClaimResult> {
        const table = await this.table('dedupe claim');
        try {
            await table.createEntity({
                partitionKey: encodeKey(conversationId),
                rowKey: encodeKey(activityId),
                claimedAt: this.now(),
            });
            return 'first';
        } catch (err) {
            if (statusOf(err) === 409) return 'duplicate';
            throw toStorageError('dedupe claim', err);
        }
    }

    async release(conversationId: string, activityId: string): Promise<void> {
        const table = await this.table('dedupe release');
        try {
            await table.deleteEntity(encodeKey(conversationId), encodeKey(activityId));
        } catch (err) {
            if (statusOf(err) !== 404) throw toStorageError('dedupe release', err);
        }
    }

    /** Removes claims older than `maxAgeMs`; Teams never retries that late. Returns how many. */
    async purgeOlderThan(maxAgeMs: number): Promise<number> {
        const table = await this.table('dedupe purge');
        const cutoff = new Date(this.now().getTime() - maxAgeMs).toISOString();
        let removed = 0;
        const rows = table.listEntities<{ claimedAt: Date }>({
            queryOptions: { filter: `claimedAt lt datetime${odataString(cutoff)}`, select: ['PartitionKey', 'RowKey'] },
        });
        try {
            for await (const row of rows) {
                try {
                    await table.deleteEntity(row.partitionKey ?? '', row.rowKey ?? '');
                    removed++;
                } catch (err) {
                    if (statusOf(err) !== 404) throw err;
                }
            }
        } catch (err) {
            throw toStorageError('dedupe purge', err);
        }
        return removed;
    }
}
