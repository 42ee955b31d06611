import assert from 'node:assert/strict';
import { isReportError } from '../../../bot/reports/reportErrors';
import { AUDIT_TABLE, TableAuditLog } from '../../../bot/storage/tables/tableAuditLog';
import { REFERENCE_TABLE, TableReferenceCounter } from '../../../bot/storage/tables/tableReferenceCounter';
import { freshTables } from '../../support/testAzurite';

/** Rows other than reports fail loudly too: a default here would duplicate references or hide an audit gap. */
describe('damaged counter and audit rows on Azurite', () => {
    it('refuses to count on from an unreadable reference counter', async () => {
        const { factory } = await freshTables('dcount');
        const table = await factory.table(REFERENCE_TABLE);
        await table.createEntity({ partitionKey: 'counter', rowKey: '2026', last: 'veel' });
        await assert.rejects(new TableReferenceCounter(factory).reserve(2026, 1), (err) => isReportError(err, 'DAMAGED_DATA'));
    });

    it('raises on an audit row with an unknown event instead of leaving it out', async () => {
        const { factory } = await freshTables('daudit');
        const audit = new TableAuditLog(factory, () => new Date('2026-03-15T09:00:00.000Z'));
        await audit.record({ event: 'export', actor: 'aad-1' });
        assert.equal((await audit.listMonth('2026-03')).length, 1);
        const table = await factory.table(AUDIT_TABLE);
        await table.createEntity({ partitionKey: '2026-03', rowKey: 'x', at: '2026-03-15T10:00:00.000Z', event: 'verwijderd', actor: 'aad-2' });
        await assert.rejects(audit.listMonth('2026-03'), (err) => isReportError(err, 'DAMAGED_DATA'));
    });
});
