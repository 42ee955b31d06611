import assert from 'node:assert/strict';
import { freshTables } from '../../support/testAzurite';

describe('Azurite harness', () => {
    it('creates a table and round-trips an entity', async () => {
        const { factory } = await freshTables('smoke');
        const table = await factory.table('Smoke');
        await table.createEntity({ partitionKey: 'p', rowKey: 'r', n: 1 });
        const e = await table.getEntity<{ n: number }>('p', 'r');
        assert.equal(e.n, 1);
        await factory.ping();
    });
});
