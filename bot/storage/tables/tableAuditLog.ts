/**
 * The audit trail: who viewed a report's history, who looked at or exported the numbers, and every
 * retention purge. Append-only rows in their own table, one partition per month (`YYYY-MM`), row key
 * time-ordered. Entries hold ids and codes, never report content.
 */
import { randomBytes } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { AUDIT_EVENTS, type AuditEntry, type AuditLog } from '../../cases/ports';
import { damaged } from './reportRows';
import { toStorageError } from '../storageErrors';
import type { TableClientFactory } from '../tableClientFactory';

export const AUDIT_TABLE = 'caseaudit';

const auditRow = z.object({ at: z.string().min(1), event: z.enum(AUDIT_EVENTS), actor: z.string().min(1), reportId: z.string().optional(), detail: z.string().optional() });

export class TableAuditLog implements AuditLog {
    constructor(
        private readonly tables: TableClientFactory,
        private readonly clock: () => Date = () => new Date(),
    ) {}

    private table(): Promise<TableClient> {
        // The factory caches the client and creates the table once.
        return this.tables.table(AUDIT_TABLE);
    }

    async record(entry: Omit<AuditEntry, 'at'>): Promise<AuditEntry> {
        const at = this.clock().toISOString();
        const full: AuditEntry = { at, ...entry };
        try {
            const table = await this.table();
            await table.createEntity({
                partitionKey: at.slice(0, 7),
                rowKey: `${at}_${randomBytes(6).toString('hex')}`,
                ...full,
            });
        } catch (err) {
            throw toStorageError('record audit entry', err);
        }
        return full;
    }

    /** Entries of one month (`YYYY-MM`), oldest first. */
    async listMonth(month: string): Promise<AuditEntry[]> {
        const rows: Record<string, unknown>[] = [];
        try {
            const table = await this.table();
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${month}` } })) rows.push(row);
        } catch (err) {
            throw toStorageError('list audit entries', err);
        }
        const out: AuditEntry[] = [];
        for (const row of rows) {
            // An audit line that cannot be read is a gap in accountability: say so instead of skipping it.
            const parsed = auditRow.safeParse(row);
            if (!parsed.success) throw damaged('audit', row, parsed.error.issues);
            const { reportId, detail, ...entry } = parsed.data;
            out.push({ ...entry, ...(reportId !== undefined && { reportId }), ...(detail !== undefined && { detail }) });
        }
        return out;
    }
}
