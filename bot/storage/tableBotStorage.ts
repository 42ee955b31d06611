import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { Storage, StoreItems } from 'botbuilder';
import { encodeKey } from './keyEncoding';
import { StorageError, ifFound, statusOf, toStorageError } from './storageErrors';
import type { TableClientFactory } from './tableClientFactory';

export const BOT_STATE_TABLE = 'BotState';

/**
 * Bot state (conversation and user state, dialog stacks) on Azure Tables, with botbuilder's eTag
 * semantics: no eTag or '*' overwrites, a specific eTag writes only if nobody wrote in between.
 *
 * Each item is one entity (PartitionKey = encoded key, RowKey = ''), its JSON split over string
 * properties of at most CHUNK_CHARS, because one Table property holds at most 64 KiB. Items over
 * MAX_ITEM_CHARS are refused with ITEM_TOO_LARGE instead of being cut off: Azurite would accept them
 * but the real service refuses entities over 1 MiB.
 *
 * State expires: a conversation's state holds report drafts and rejected input, so an item not written
 * for `maxAgeMs` reads as absent (even before purgeExpired() has removed it), and purgeExpired() deletes
 * it. `savedAt` is written by our clock, so tests can move time; Timestamp catches rows from before it.
 */
const CHUNK_CHARS = 30 * 1024; // 60 KiB in UTF-16, under the 64 KiB property limit
const MAX_CHUNKS = 15; // 15 x 60 KiB = 900 KiB, under the 1 MiB entity limit with room for system properties
const MAX_ITEM_CHARS = CHUNK_CHARS * MAX_CHUNKS;
const ROW_KEY = '';

/**
 * JSON with every non-ASCII character written as a \\u escape. Chunks can then be cut anywhere
 * without splitting a character, and no multi-byte sequence can be damaged on the way: Azurite
 * 3.35 was seen to corrupt UTF-8 sequences that straddle 64 KiB of a request body.
 */
function asciiJson(value: unknown): string {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface StateEntity {
    chunks: number;
    savedAt?: string;
    [chunk: string]: unknown;
}

export interface BotStorageOptions {
    tableName?: string;
    /** State not written for this long reads as absent and is purged; none: kept. */
    maxAgeMs?: number;
    clock?: () => Date;
}

export class TableBotStorage implements Storage {
    private readonly tableName: string;
    private readonly maxAgeMs?: number;
    private readonly clock: () => Date;

    constructor(
        private readonly tables: TableClientFactory,
        options: BotStorageOptions = {},
    ) {
        this.tableName = options.tableName ?? BOT_STATE_TABLE;
        this.maxAgeMs = options.maxAgeMs;
        this.clock = options.clock ?? (() => new Date());
    }

    private expired(entity: { savedAt?: unknown; timestamp?: unknown }): boolean {
        if (this.maxAgeMs === undefined) return false;
        const saved = typeof entity.savedAt === 'string' ? Date.parse(entity.savedAt) : typeof entity.timestamp === 'string' ? Date.parse(entity.timestamp) : Number.NaN;
        return Number.isFinite(saved) && saved < this.clock().getTime() - this.maxAgeMs;
    }

    /** Deletes every item not written for maxAgeMs (drafts and rejected input included); returns how many. */
    async purgeExpired(): Promise<number> {
        if (this.maxAgeMs === undefined) return 0;
        const cutoff = new Date(this.clock().getTime() - this.maxAgeMs);
        const table = await this.wrap(() => this.table());
        const old: { partitionKey: string; rowKey: string }[] = [];
        await this.wrap(async () => {
            const rows = table.listEntities<{ savedAt?: string }>({
                queryOptions: { filter: `${odata`savedAt lt ${cutoff.toISOString()}`} or ${odata`Timestamp lt ${cutoff}`}`, select: ['PartitionKey', 'RowKey', 'savedAt'] },
            });
            for await (const row of rows) {
                // The Timestamp clause also lists rows our clock says are fresh (tests move it): savedAt decides.
                if (typeof row.savedAt === 'string' && Date.parse(row.savedAt) >= cutoff.getTime()) continue;
                old.push({ partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '' });
            }
        });
        for (const row of old) {
            await this.wrap(async () => {
                try {
                    await table.deleteEntity(row.partitionKey, row.rowKey);
                } catch (err) {
                    if (statusOf(err) !== 404) throw err;
                }
            });
        }
        return old.length;
    }

    /** The factory caches the client and creates the table once. */
    private table(): Promise<TableClient> {
        return this.tables.table(this.tableName);
    }

    async read(keys: string[]): Promise<StoreItems> {
        if (!Array.isArray(keys)) throw new StorageError('INVALID_ARGUMENT', 'keys must be an array');
        const table = await this.wrap(() => this.table());
        const items: StoreItems = {};
        await Promise.all(
            keys.map(async (key) => {
                const entity = await this.wrap(() => ifFound(table.getEntity<StateEntity>(encodeKey(key), ROW_KEY)));
                if (entity === undefined || this.expired(entity)) return;
                const item = this.parse(this.joinChunks(entity));
                if (typeof item === 'object' && item !== null) {
                    items[key] = { ...item, eTag: entity.etag };
                }
            }),
        );
        return items;
    }

    async write(changes: StoreItems): Promise<void> {
        if (typeof changes !== 'object' || changes === null) {
            throw new StorageError('INVALID_ARGUMENT', 'changes must be an object');
        }
        const table = await this.wrap(() => this.table());
        await Promise.all(
            Object.entries(changes).map(async ([key, value]) => {
                const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
                const { eTag, ...rest } = record;
                const entity = this.toEntity(key, rest);
                await this.wrap(async () => {
                    if (typeof eTag !== 'string' || eTag === '*' || eTag === '') {
                        await table.upsertEntity(entity, 'Replace');
                        return;
                    }
                    try {
                        await table.updateEntity(entity, 'Replace', { etag: eTag });
                    } catch (err) {
                        const status = statusOf(err);
                        // 412: someone wrote after our read; 404: it was deleted after our read.
                        if (status === 412 || status === 404) {
                            throw new StorageError('ETAG_CONFLICT', `Storage: eTag conflict writing an item`, { cause: err });
                        }
                        throw err;
                    }
                });
            }),
        );
    }

    async delete(keys: string[]): Promise<void> {
        if (!Array.isArray(keys)) throw new StorageError('INVALID_ARGUMENT', 'keys must be an array');
        const table = await this.wrap(() => this.table());
        await Promise.all(
            keys.map((key) =>
                this.wrap(async () => {
                    try {
                        await table.deleteEntity(encodeKey(key), ROW_KEY);
                    } catch (err) {
                        if (statusOf(err) !== 404) throw err;
                    }
                }),
            ),
        );
    }

    private toEntity(key: string, item: Record<string, unknown>): TableEntity<StateEntity> {
        const json = asciiJson(item);
        if (json.length > MAX_ITEM_CHARS) {
            throw new StorageError(
                'ITEM_TOO_LARGE',
                `Storage: item of ${json.length} characters exceeds the limit of ${MAX_ITEM_CHARS}`,
            );
        }
        const entity: TableEntity<StateEntity> = { partitionKey: encodeKey(key), rowKey: ROW_KEY, chunks: 0, savedAt: this.clock().toISOString() };
        let count = 0;
        let offset = 0;
        do {
            entity[`d${count}`] = json.slice(offset, offset + CHUNK_CHARS);
            count++;
            offset += CHUNK_CHARS;
        } while (offset < json.length);
        entity.chunks = count;
        return entity;
    }

    private joinChunks(entity: StateEntity): string {
        const parts: string[] = [];
        for (let i = 0; i < entity.chunks; i++) {
            const part = entity[`d${i}`];
            if (typeof part !== 'string') throw new StorageError('DAMAGED_ITEM', 'Storage: stored item is incomplete');
            parts.push(part);
        }
        return parts.join('');
    }

    /** Not the outage kind of failure: reading again gives the same broken text, so it gets its own code. */
    private parse(json: string): unknown {
        try {
            return JSON.parse(json);
        } catch (err) {
            throw new StorageError('DAMAGED_ITEM', 'Storage: stored item is not JSON', { cause: err });
        }
    }

    /** Every failure of a Table call becomes a coded StorageError; our own errors pass through. */
    private async wrap<T>(op: () => Promise<T>): Promise<T> {
        try {
            return await op();
        } catch (err) {
            throw toStorageError('Storage', err);
        }
    }
}
