/**
 * What case handling needs from the world, in its own terms. Azure Tables implementations live in
 * bot/storage/tables/, in-memory ones in test/support/memoryPorts.ts; bot/app.ts chooses.
 */
import type { Municipality } from '../domain/vocabulary';
import type { QueuedFollowUps, ReportArchive, StoredReport } from '../reports/ports';
import type { Report } from '../reports/reportModel';
import type { HistoryEntry } from './caseModel';

/** A report's case history, written together with the report itself. */
export interface CaseHistory {
    get(reportId: string): Promise<StoredReport | undefined>;
    /**
     * Writes the changed report, its history entry and the follow-ups it causes in one transaction, if
     * the report is still at `etag`; undefined if not.
     */
    commit(next: Report, etag: string, entry: HistoryEntry, followUps: QueuedFollowUps): Promise<StoredReport | undefined>;
    /** The report's history, oldest first. Throws CaseError NOT_FOUND when it cannot be read. */
    history(reportId: string): Promise<HistoryEntry[]>;
    /**
     * Retention: stores the purged report, blanks the notes of its history and queues the follow-ups
     * (the purged card) in one transaction, if the report is still at `etag`.
     */
    purge(purged: Report, etag: string, followUps: QueuedFollowUps): Promise<StoredReport | undefined>;
}

export const AUDIT_EVENTS = ['history_viewed', 'overview_viewed', 'export', 'purge'] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

export interface AuditEntry {
    at: string;
    event: AuditEvent;
    /** Entra object id of the person, or 'system:retention' for the job. */
    actor: string;
    reportId?: string;
    /** A short technical detail without content, e.g. "csv;kwartaal;32 rijen". */
    detail?: string;
}

export const SYSTEM_RETENTION_ACTOR = 'system:retention';

/** Append-only: who viewed a history, who looked at or exported the numbers, every purge. Ids and codes only. */
export interface AuditLog {
    record(entry: Omit<AuditEntry, 'at'>): Promise<AuditEntry>;
    /** Entries of one month (`YYYY-MM`), oldest first. */
    listMonth(month: string): Promise<AuditEntry[]>;
}

/** Who coordinates which municipality, and who has the regional view of the numbers (the organisation file). */
export interface CoordinatorRoster {
    isCoordinator(aadObjectId: string | undefined, municipality: Municipality): boolean;
    coordinatorsOf(municipality: Municipality): readonly { aadObjectId: string; name: string }[];
    municipalitiesOf(aadObjectId: string | undefined): Municipality[];
    /** On the organisation file's `regional` list: sees the numbers of all four municipalities (protected). */
    isRegional(aadObjectId: string | undefined): boolean;
}

/**
 * Whether a stored channel post and an action come from the same channel. The edge knows how Teams
 * spells conversation ids (a thread adds `;messageid=`); the domain only asks.
 */
export type SameChannel = (storedConversationId: string | undefined, actingConversationId: string) => boolean;

export type { ReportArchive };
