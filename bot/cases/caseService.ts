/**
 * The case use cases: act on a report (with the role, tenant, state and concurrency checks), read its
 * history, and the numbers for the overview. Every check runs on the server for every request; card
 * data only says which report and which button.
 */
import type { Municipality } from '../domain/vocabulary';
import { ignoreMetric, type Logger, type RecordMetric } from '../domain/ports';
import { isReportError } from '../reports/reportErrors';
import type { Report } from '../reports/reportModel';
import type { ParsedCaseAction } from './caseActionValidation';
import { CaseError, type CaseActor, type CaseCommand, type CaseErrorCode, type HistoryEntry } from './caseModel';
import { applyCommand, currentVersion } from './caseStateMachine';
import { followUpsOfChange } from './caseFollowUps';
import { exactStatistics, protectedStatistics, statisticsCsv, type Granularity, type ProtectedStatistics, type PublishedStatistics } from './caseStatistics';
import { scopeDetail, statisticsScopeOf, type StatisticsScope } from './statisticsScope';
import type { ReportArchive, StatisticsCell, StoredReport } from '../reports/ports';
import type { AuditLog, CaseHistory, CoordinatorRoster, SameChannel } from './ports';

export type { CoordinatorRoster };

/** The person acting, as the Teams activity says (identity and tenant), plus the conversation it came from. */
export interface ActingPerson {
    aadObjectId: string;
    tenantId: string;
    /** Conversation id of the invoke (the edge's sameChannel compares it with the report's channel post). */
    conversationId: string;
}

export type CaseOutcome =
    | { kind: 'applied'; report: Report; entry: HistoryEntry; statusChanged: boolean }
    | { kind: 'history'; report: Report; entries: HistoryEntry[] }
    | { kind: 'card'; report: Report }
    /** Refused; `report` is set when the person may see the current card (same channel). */
    | { kind: 'refused'; code: CaseErrorCode; report?: Report; detail?: string }
    /** Someone else changed the report first; `report` is the current state. */
    | { kind: 'conflict'; report: Report };

/** One overview: whose numbers, and the numbers as they may be shown. */
export interface OverviewView {
    scope: StatisticsScope;
    stats: PublishedStatistics;
}

export interface CaseServiceDeps {
    store: CaseHistory;
    reports: ReportArchive;
    roster: CoordinatorRoster;
    audit: AuditLog;
    sameChannel: SameChannel;
    allowedTenantIds: readonly string[];
    /**
     * Whether the bot can write to this colleague 1:1 (Teams lets a bot start no chat of its own). A
     * question to a reporter it cannot reach is refused on the card; without this, it is always refused.
     */
    hasPersonalChat?: (aadObjectId: string) => Promise<boolean>;
    logger: Logger;
    clock?: () => Date;
    recordMetric?: RecordMetric;
}

/** A change that lost a race is tried again on the fresh row only where that is what the person meant. */
const ATTEMPTS = 5;
const CACHE_SIZE = 1000;

export class CaseService {
    private readonly clock: () => Date;
    /**
     * The last state this instance stored or read per delivered report, with its eTag: a change then
     * costs one write instead of a read and a write. A stale entry (another instance wrote) only makes
     * the eTag-guarded write fail, after which the fresh row decides; nothing is shown from it.
     */
    private readonly known = new Map<string, StoredReport>();

    constructor(private readonly deps: CaseServiceDeps) {
        this.clock = deps.clock ?? (() => new Date());
    }

    /** The name the organisation file gives a coordinator. */
    coordinatorName(aadObjectId: string, municipality: Municipality): string | undefined {
        const id = aadObjectId.toLowerCase();
        return this.deps.roster.coordinatorsOf(municipality).find((c) => c.aadObjectId === id)?.name;
    }

    async act(person: ActingPerson, action: ParsedCaseAction): Promise<CaseOutcome> {
        const log = this.deps.logger;
        const request = action.request;
        const isCommand = request.kind !== 'kaart' && request.kind !== 'geschiedenis' && request.kind !== 'verversen';
        const cached = isCommand ? this.known.get(action.reportId) : undefined;
        let stored = cached ?? (await this.read(action.reportId));
        if (!stored) return { kind: 'refused', code: 'NOT_FOUND' };
        let report = stored.report;
        // A reportId from another conversation is forged: say nothing about that report, not even its card.
        if (!report.delivery.activityId || !this.deps.sameChannel(report.delivery.conversationId, person.conversationId)) {
            log.warn({ reportId: report.reportId, event: 'case.foreignConversation', outcome: 'refused' }, 'case action from another conversation');
            return { kind: 'refused', code: 'INVALID_ACTION' };
        }
        const tenant = person.tenantId.toLowerCase();
        if (!this.deps.allowedTenantIds.includes(tenant) || tenant !== report.reporter.tenantId.toLowerCase()) {
            log.warn({ reportId: report.reportId, event: 'case.foreignTenant', outcome: 'refused' }, 'case action from another tenant');
            return { kind: 'refused', code: 'NOT_ALLOWED' };
        }
        const actorName = this.coordinatorName(person.aadObjectId, report.municipality);
        if (!this.deps.roster.isCoordinator(person.aadObjectId, report.municipality) || actorName === undefined) {
            log.info({ reportId: report.reportId, event: 'case.notCoordinator', outcome: 'refused' }, 'case action by someone who is not a coordinator');
            return { kind: 'refused', code: 'NOT_ALLOWED', report };
        }
        const actor: CaseActor = { aadObjectId: person.aadObjectId.toLowerCase(), name: actorName, tenantId: tenant };
        if (request.kind === 'kaart' || request.kind === 'verversen') return { kind: 'card', report };
        if (request.kind === 'geschiedenis') {
            const entries = await this.deps.store.history(report.reportId);
            await this.deps.audit.record({ event: 'history_viewed', actor: actor.aadObjectId, reportId: report.reportId });
            return { kind: 'history', report, entries };
        }
        if (request.kind !== 'notitie' && action.cardVersion !== currentVersion(report)) {
            if (cached) {
                stored = await this.read(action.reportId);
                if (!stored) return { kind: 'refused', code: 'NOT_FOUND' };
                report = stored.report;
            }
            // The card this person pressed was already out of date: do not act on what they did not see.
            if (action.cardVersion !== currentVersion(report)) return { kind: 'conflict', report };
        }
        if (request.kind === 'vraagMelder' && !report.purgedAt && !(await this.reporterReachable(report))) {
            log.info({ reportId: report.reportId, event: 'case.noReporterChat', outcome: 'refused' }, 'question to a reporter without a 1:1 chat');
            return { kind: 'refused', code: 'NO_PERSONAL_CHAT', report };
        }
        return this.commit(stored.report, stored.etag, request, actor, action.cardVersion);
    }

    /** From submitting to the first time someone took the report on (picked up or assigned). */
    private recordPickUp(report: Report): void {
        const waited = (this.clock().getTime() - Date.parse(report.submittedAt)) / 1000;
        if (!Number.isFinite(waited)) return;
        const acute = report.acuteDanger || report.dangerInText === true;
        (this.deps.recordMetric ?? ignoreMetric)('reports.time_to_pickup', Math.max(0, waited), { municipality: report.municipality, acute });
    }

    private async reporterReachable(report: Report): Promise<boolean> {
        const reporter = report.reporter.aadObjectId;
        if (!reporter || !this.deps.hasPersonalChat) return false;
        return this.deps.hasPersonalChat(reporter.toLowerCase());
    }

    private async read(reportId: string): Promise<StoredReport | undefined> {
        const stored = await this.deps.store.get(reportId);
        if (stored) this.remember(stored);
        return stored;
    }

    private remember(stored: StoredReport): void {
        if (!stored.report.delivery.activityId || !stored.etag) return;
        this.known.delete(stored.report.reportId);
        if (this.known.size >= CACHE_SIZE) this.known.delete(this.known.keys().next().value as string);
        this.known.set(stored.report.reportId, stored);
    }

    private async commit(first: Report, firstEtag: string, command: CaseCommand, actor: CaseActor, cardVersion: number): Promise<CaseOutcome> {
        let report = first;
        let etag = firstEtag;
        for (let attempt = 1; ; attempt++) {
            let assigneeName: string | undefined;
            if (command.kind === 'toewijzen') {
                assigneeName = this.coordinatorName(command.assigneeAadObjectId, report.municipality);
                if (!assigneeName) return { kind: 'refused', code: 'INVALID_ACTION', report, detail: 'assignee' };
            }
            let change;
            try {
                change = applyCommand(report, command, actor, this.clock(), assigneeName);
            } catch (err) {
                if (err instanceof CaseError) return { kind: 'refused', code: err.code, report };
                throw err;
            }
            const committed = await this.deps.store.commit(change.next, etag, change.entry, followUpsOfChange(change.next, change.entry, change.statusChanged, this.clock()));
            if (committed) {
                this.remember(committed);
                this.deps.logger.info(
                    { reportId: report.reportId, action: command.kind, version: change.entry.version, from: change.entry.fromStatus, to: change.entry.toStatus, event: 'case.changed' },
                    'case changed',
                );
                if (change.statusChanged && change.entry.fromStatus === 'nieuw') this.recordPickUp(committed.report);
                return { kind: 'applied', report: committed.report, entry: change.entry, statusChanged: change.statusChanged };
            }
            const fresh = await this.read(report.reportId);
            if (!fresh) return { kind: 'refused', code: 'NOT_FOUND' };
            // Notes commute; any other change is retried only when the fresh row is still what the card showed
            // (our remembered row was older than the card). Otherwise someone else won: say so.
            const retry = command.kind === 'notitie' || currentVersion(fresh.report) === cardVersion;
            if (!retry || attempt >= ATTEMPTS) {
                this.deps.logger.info({ reportId: report.reportId, action: command.kind, event: 'case.conflict', outcome: 'lost_race' }, 'concurrent case change');
                return { kind: 'conflict', report: fresh.report };
            }
            report = fresh.report;
            etag = fresh.etag;
        }
    }

    /**
     * The numbers this person may see (statisticsScope.ts), decided from the organisation file on every
     * request; undefined for anyone who is neither coordinator nor regional. Viewing is audited with the scope.
     */
    async overview(aadObjectId: string | undefined, granularity: Granularity): Promise<OverviewView | undefined> {
        const scope = statisticsScopeOf(this.deps.roster, aadObjectId);
        if (!scope || !aadObjectId) return undefined;
        const reports = await this.loadAll();
        const stats = scope.exactOnCard ? exactStatistics(reports, granularity, scope.municipalities) : protectedStatistics(reports, granularity, scope.municipalities);
        await this.deps.audit.record({
            event: 'overview_viewed',
            actor: aadObjectId.toLowerCase(),
            detail: `${granularity};${scopeDetail(scope)};${stats.protected ? 'afgeschermd' : 'exact'}`,
        });
        return { scope, stats };
    }

    /** The aggregated numbers of the person's scope as CSV, always protected; every export is audited with the scope. */
    async exportCsv(
        aadObjectId: string | undefined,
        granularity: Granularity,
        /** audit false: the file is only offered (its size), not handed out; the upload is what gets audited. */
        options: { audit?: boolean } = {},
    ): Promise<{ csv: string; scope: StatisticsScope; stats: ProtectedStatistics } | undefined> {
        const scope = statisticsScopeOf(this.deps.roster, aadObjectId);
        if (!scope || !aadObjectId) return undefined;
        const stats = protectedStatistics(await this.loadAll(), granularity, scope.municipalities);
        const csv = statisticsCsv(stats);
        if (options.audit !== false) await this.deps.audit.record({ event: 'export', actor: aadObjectId.toLowerCase(), detail: `csv;${granularity};${scopeDetail(scope)};${stats.rows.length} rijen` });
        return { csv, scope, stats };
    }

    /** The maintained counts (the aggregate), not the reports: the overview does not grow with history. */
    private async loadAll(): Promise<StatisticsCell[]> {
        try {
            return await this.deps.reports.statisticsCells();
        } catch (err) {
            if (isReportError(err)) throw new CaseError('NOT_FOUND', `reports unavailable (${err.code})`);
            throw err;
        }
    }
}
