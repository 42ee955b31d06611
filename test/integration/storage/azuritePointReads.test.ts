import assert from 'node:assert/strict';
import { odata, TableClient, type TransactionAction } from '@azure/data-tables';
import type { RunningAzurite } from '../../../bot/storage/azuriteProcess';
import { odataString } from '../../../bot/storage/keyEncoding';
import { startBenchAzurite, type PointReads } from '../../bench/benchAzurite';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pointOf } = require('../../bench/azuritePointReads.cjs') as { pointOf: (filter: string) => [string, string] | undefined };

/** The same writes and reads on one Azurite; what the reads saw, to compare the indexed one with stock. */
async function script(azurite: RunningAzurite): Promise<unknown[]> {
    const table = TableClient.fromConnectionString(azurite.connectionString, `pr${Date.now().toString(36)}`, { allowInsecureConnection: true });
    await table.createTable();
    const seen: unknown[] = [];
    const read = async (pk: string, rk: string) => {
        const got = await table.getEntity<Record<string, unknown>>(pk, rk).then(
            (e) => ({ n: e.n, m: e.m }),
            (err: { statusCode?: number }) => err.statusCode,
        );
        const listed: unknown[] = [];
        for await (const e of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${pk} and RowKey eq ${rk}` } })) listed.push({ pk: e.partitionKey, rk: e.rowKey, n: e.n, m: e.m });
        for await (const e of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `(RowKey eq ${odataString(rk)}) and (PartitionKey eq ${odataString(pk)})` } })) listed.push({ pk: e.partitionKey, rk: e.rowKey, n: e.n });
        seen.push([pk, rk, got, listed]);
    };
    for (let i = 0; i < 30; i++) await table.createEntity({ partitionKey: `p${i % 10}`, rowKey: i < 10 ? 'outbox' : `r${i}`, n: i });
    await table.createEntity({ partitionKey: "o'brien", rowKey: "it's", n: 99 });
    await read('p1', 'outbox');
    await read("o'brien", "it's");
    await read('p1', 'missing');
    await table.upsertEntity({ partitionKey: 'p1', rowKey: 'outbox', n: 100 }, 'Replace');
    await read('p1', 'outbox');
    await table.upsertEntity({ partitionKey: 'p1', rowKey: 'outbox', m: 'merged' }, 'Merge');
    await read('p1', 'outbox');
    const current = await table.getEntity('p1', 'outbox');
    await table.updateEntity({ partitionKey: 'p1', rowKey: 'outbox', n: 101 }, 'Replace', { etag: current.etag });
    await read('p1', 'outbox');
    await table.deleteEntity('p1', 'outbox');
    await read('p1', 'outbox');
    await table.upsertEntity({ partitionKey: 'p1', rowKey: 'outbox', n: 102 }, 'Merge');
    await read('p1', 'outbox');
    // A transaction that fails on its last action rolls back: the first two must read as before.
    const failing: TransactionAction[] = [
        ['upsert', { partitionKey: 'p3', rowKey: 'outbox', n: 200 }, 'Replace'],
        ['create', { partitionKey: 'p3', rowKey: 'new', n: 201 }],
        ['create', { partitionKey: 'p3', rowKey: 'outbox', n: 202 }],
    ];
    await table.submitTransaction(failing).then(
        () => seen.push('committed'),
        () => seen.push('rolled back'),
    );
    await read('p3', 'outbox');
    await read('p3', 'new');
    await table.submitTransaction([['delete', { partitionKey: 'p3', rowKey: 'outbox' }], ['create', { partitionKey: 'p3', rowKey: 'new', n: 203 }]]);
    await read('p3', 'outbox');
    await read('p3', 'new');
    const partition: unknown[] = [];
    for await (const e of table.listEntities<{ n: number }>({ queryOptions: { filter: odata`PartitionKey eq ${'p3'}` } })) partition.push([e.rowKey, e.n]);
    seen.push(partition);
    await table.deleteTable();
    return seen;
}

describe('bench Azurite with indexed point reads (test/bench/azuritePointReads.cjs)', function () {
    this.timeout(60000);

    it('reads exactly what stock Azurite reads, through writes, merges, deletes and a rolled-back transaction', async () => {
        const results: Partial<Record<PointReads, unknown[]>> = {};
        for (const mode of ['stock', 'indexed'] as const) {
            const azurite = await startBenchAzurite(mode);
            try {
                results[mode] = await script(azurite);
            } finally {
                await azurite.stop();
            }
        }
        assert.ok((results.stock ?? []).length > 10);
        assert.deepEqual(results.indexed, results.stock);
    });

    it('counts as a point only a filter on exactly PartitionKey eq and RowKey eq', () => {
        assert.deepEqual(pointOf("PartitionKey eq 'a' and RowKey eq 'b'"), ['a', 'b']);
        assert.deepEqual(pointOf("(RowKey eq 'it''s') and (PartitionKey eq 'x')"), ['x', "it's"]);
        assert.equal(pointOf("PartitionKey eq 'a' and RowKey ge 'b'"), undefined);
        assert.equal(pointOf("PartitionKey eq 'a' and RowKey eq 'b' and kind eq 'outbox'"), undefined);
        assert.equal(pointOf("PartitionKey eq 'a' or RowKey eq 'b'"), undefined);
        assert.equal(pointOf("PartitionKey eq 'a'"), undefined);
    });
});
