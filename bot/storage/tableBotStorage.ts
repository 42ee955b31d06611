import type { TableClient, TableEntity } from '@azure/data-tables';
import type { Storage, StoreItems } from 'botbuilder';
import { encodeKey } from './keyEncoding';
import { StorageError, ifFound, statusOf, toStorageError } from './storageErrors';
import type { TableClientFactory } from './tableClientFactory';

/**
 * Bot state (conversation and user state, dialog stacks) on Azure Tables, with botbuilder's eTag
 * semantics: no eTag or '*' overwrites, a specific eTag writes only if nobody wrote in between.
 *
 * Each item is one entity (PartitionKey = encoded key, RowKey = ''), its JSON split over string
 * properties of at most CHUNK_CHARS, because one Table property holds at most 64 KiB. Items over
 * MAX_ITEM_CHARS are refused with ITEM_TOO_LARGE instead of being cut off: Azurite would accept them
 * but the real service refuses entities over 1 MiB.
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
    [chunk: string]: unknown;
}

export class TableBotStorage implements Storage {
    constructor(
        private readonly tables: TableClientFactory,
        private readonly tableName = 'BotState',
    ) {}

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
                if (entity === undefined) return;
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
        const entity: TableEntity<StateEntity> = { partitionKey: encodeKey(key), rowKey: ROW_KEY, chunks: 0 };
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
