/**
 * The reporter index, table `reporterIndex`: partition `by_<sha256(aadObjectId)>`, one row per report of
 * that colleague (row key = reportId), for "Mijn meldingen". The row is written before the report's
 * transaction; a row whose report does not exist (that transaction failed) is skipped when listing.
 *
 * Stores from before issue 17 kept these partitions in the reports table, where reading one partition
 * means (on Azurite) evaluating every row ever stored. Until the migration has copied them (`migrated`),
 * listing reads both and removing removes from both.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { ifFound, statusOf } from '../storageErrors';
import { REPORT_ID_PATTERN, type Row } from './reportRows';
import { storageError } from './tableErrors';

export const reporterPartition = (aadObjectId: string) => `by_${createHash('sha256').update(aadObjectId).digest('hex')}`;

export class TableReporterIndex {
    constructor(
        private readonly ownTable: () => Promise<TableClient>,
        private readonly legacyTable?: () => Promise<TableClient>,
        private readonly migrated: () => Promise<boolean> = async () => true,
    ) {}

    private async table(): Promise<TableClient> {
        try {
            return await this.ownTable();
        } catch (err) {
            throw storageError('open reporter index', err);
        }
    }

    /** Writes the reporter's index row; repeating it is harmless. */
    async add(aadObjectId: string, reportId: string): Promise<void> {
        const table = await this.table();
        try {
            await table.createEntity({ partitionKey: reporterPartition(aadObjectId), rowKey: reportId, kind: 'index', reportId });
        } catch (err) {
            if (statusOf(err) === 409) return;
            throw storageError('write reporter index', err);
        }
    }

    async list(aadObjectId: string): Promise<string[]> {
        const tables = [await this.table()];
        if (this.legacyTable && !(await this.migrated())) tables.push(await this.legacyTable());
        const ids = new Set<string>();
        try {
            for (const table of tables) {
                const rows = table.listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${reporterPartition(aadObjectId)}`, select: ['reportId'] } });
                for await (const row of rows) {
                    const id = row.reportId;
                    if (typeof id === 'string' && REPORT_ID_PATTERN.test(id)) ids.add(id);
                }
            }
        } catch (err) {
            throw storageError('list reporter index', err);
        }
        return [...ids];
    }

    /** Drops the report from the colleague's "Mijn meldingen" index (used when retention purges it). */
    async remove(aadObjectId: string, reportId: string): Promise<void> {
        if (!aadObjectId) return;
        const tables = [await this.table(), ...(this.legacyTable ? [await this.legacyTable()] : [])];
        try {
            for (const table of tables) await ifFound(table.deleteEntity(reporterPartition(aadObjectId), reportId));
        } catch (err) {
            throw storageError('remove reporter index', err);
        }
    }
}
