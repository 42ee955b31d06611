/**
 * The audit trail: who viewed a report's history, who looked at or exported the numbers, and every
 * retention purge. Append-only rows in their own table, one partition per month (`YYYY-MM`), row key
 * time-ordered. Entries hold ids and codes, never report content.
 */
import { randomBytes } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { AUDIT_EVENTS, type AuditEntry, type AuditEvent, type AuditLog } from '../../cases/ports';
import type { TableClientFactory } from '../tableClientFactory';

export const AUDIT_TABLE = 'caseaudit';

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
        const table = await this.table();
        await table.createEntity({
            partitionKey: at.slice(0, 7),
            rowKey: `${at}_${randomBytes(6).toString('hex')}`,
            ...full,
        });
        return full;
    }

    /** Entries of one month (`YYYY-MM`), oldest first. */
    async listMonth(month: string): Promise<AuditEntry[]> {
        const table = await this.table();
        const out: AuditEntry[] = [];
        for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${month}` } })) {
            if (typeof row.event !== 'string' || !(AUDIT_EVENTS as readonly string[]).includes(row.event)) continue;
            const entry: AuditEntry = { at: String(row.at ?? ''), event: row.event as AuditEvent, actor: String(row.actor ?? '') };
            if (typeof row.reportId === 'string') entry.reportId = row.reportId;
            if (typeof row.detail === 'string') entry.detail = row.detail;
            out.push(entry);
        }
        return out;
    }
}
