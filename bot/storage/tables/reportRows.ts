/**
 * How a report and its outbox row look as Table entities, both ways. Reading checks every stored value
 * against the domain's codes (zod): a damaged or unknown value raises DAMAGED_DATA instead of turning
 * into a default, because a default municipality would send a report to the wrong coordinators.
 */
import { z } from 'zod';
import { EXPLOITATION_FORMS, MINOR_ANSWERS, MUNICIPALITIES } from '../../domain/vocabulary';
import { isIndicatorCode, type IndicatorCode } from '../../reports/indicatorCatalog';
import { GIVE_UP_AFTER_MS, type OutboxRow } from '../../reports/ports';
import { ReportError } from '../../reports/reportErrors';
import { DELIVERY_STATES, INFORMED_PARTIES, REPORT_STATUSES, REPORTER_QUESTION_STATES, WORK_CONTEXTS, type DeliveryInfo, type Report, type ReporterIdentity, type ReportHandling } from '../../reports/reportModel';

export type Row = Record<string, unknown>;
export type Entity = Row & { partitionKey: string; rowKey: string };

export const REPORT_ROW = 'report';
export { POST_ROW_KEY as OUTBOX_ROW } from '../../reports/ports';

/** The partition holding a report and its companion rows (outbox, case history). */
export const reportPartitionKey = (reportId: string) => `rpt_${reportId}`;

/** Table service limits we must respect ourselves (Azurite does not enforce them). */
export const MAX_PROPERTY_BYTES = 60 * 1024; // 64 KiB, with margin
export const MAX_ENTITY_BYTES = 900 * 1024; // 1 MiB, with margin

export { REPORT_ID_PATTERN } from '../../reports/reportModel';
import { REPORT_ID_PATTERN } from '../../reports/reportModel';

export function toEntity(report: Report): Entity {
    const d = report.delivery;
    const entity: Entity = {
        partitionKey: reportPartitionKey(report.reportId),
        rowKey: REPORT_ROW,
        kind: 'report',
        schemaVersion: 1,
        reportId: report.reportId,
        reference: report.reference,
        submissionId: report.submissionId,
        submittedAt: report.submittedAt,
        tenantId: report.reporter.tenantId,
        reporterAadObjectId: report.reporter.aadObjectId,
        reporterName: report.reporter.displayName,
        municipality: report.municipality,
        forms: JSON.stringify(report.forms),
        description: report.description,
        location: report.location,
        observedOn: report.observedOn,
        workContext: report.workContext,
        workContextOther: report.workContextOther,
        indicators: JSON.stringify(report.indicators),
        otherIndicator: report.otherIndicator,
        peopleCount: report.peopleCount,
        estimatedAge: report.estimatedAge,
        minor: report.minor,
        informed: JSON.stringify(report.informed),
        informedOther: report.informedOther,
        acuteDanger: report.acuteDanger,
        dangerInText: report.dangerInText,
        status: report.status,
        channelKind: report.channelKind,
        deliveryState: d.state,
        deliveryAttempts: d.attempts,
        channelConversationId: d.conversationId,
        channelActivityId: d.activityId,
        deliveredAt: d.deliveredAt,
        deliveryFailure: d.failureReason,
        deliveryRerouted: d.rerouted,
        deliveryAlertedAt: d.alertedAt,
        caseVersion: report.handling?.version,
        caseAssigneeId: report.handling?.assigneeAadObjectId,
        caseAssigneeName: report.handling?.assigneeName,
        casePartner: report.handling?.partner,
        caseCloseReason: report.handling?.closeReason,
        caseClosedAt: report.handling?.closedAt,
        caseChangedAt: report.handling?.lastChangeAt,
        caseChangedBy: report.handling?.lastChangeByName,
        caseChangeSummary: report.handling?.lastChangeSummary,
        caseAdditions: report.handling?.additions,
        caseLastAdditionId: report.handling?.lastAdditionId,
        caseQuestionVersion: report.handling?.questionVersion,
        caseQuestionState: report.handling?.questionState,
        purgedAt: report.purgedAt,
    };
    // Undefined optional fields are left out rather than stored as empty properties.
    for (const key of Object.keys(entity)) if (entity[key] === undefined) delete entity[key];
    return entity;
}

/** UTF-16 size the service counts for string properties, plus a rough allowance for the rest. */
export function assertWithinLimits(entity: Row): void {
    let total = 0;
    for (const [key, value] of Object.entries(entity)) {
        const bytes = typeof value === 'string' ? value.length * 2 : 8;
        if (bytes > MAX_PROPERTY_BYTES) throw new ReportError('TOO_LARGE', `property ${key} exceeds the Table property limit`);
        total += bytes + key.length * 2;
    }
    if (total > MAX_ENTITY_BYTES) throw new ReportError('TOO_LARGE', 'report exceeds the Table entity limit');
}

/** A stored string; empty counts as absent (cleared outbox columns and optional fields are written as ''). */
const optionalText = z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v));
const requiredText = z.string().min(1);
const count = z.number().finite();
/** A JSON array column whose every member must be a known code. */
const codeList = <T extends string>(member: z.ZodType<T>) =>
    z
        .string()
        .transform((text, ctx): unknown => {
            try {
                return JSON.parse(text);
            } catch {
                ctx.addIssue({ code: 'custom', message: 'not JSON' });
                return z.NEVER;
            }
        })
        .pipe(z.array(member));
const indicator = z.custom<IndicatorCode>((v) => typeof v === 'string' && isIndicatorCode(v));

const reportRow = z.object({
    reportId: z.string().regex(REPORT_ID_PATTERN),
    reference: requiredText,
    // Blank after the retention purge (it would link the report to its reporter).
    submissionId: optionalText,
    submittedAt: requiredText,
    tenantId: requiredText,
    // Retention blanks the reporter and the description; both may be empty on a purged report.
    reporterAadObjectId: optionalText,
    reporterName: optionalText,
    municipality: z.enum(MUNICIPALITIES),
    forms: codeList(z.enum(EXPLOITATION_FORMS)),
    description: optionalText,
    location: optionalText,
    observedOn: optionalText,
    workContext: z.enum(WORK_CONTEXTS),
    workContextOther: optionalText,
    indicators: codeList(indicator),
    otherIndicator: optionalText,
    peopleCount: count.optional(),
    estimatedAge: count.optional(),
    minor: z.enum(MINOR_ANSWERS),
    informed: codeList(z.enum(INFORMED_PARTIES)),
    informedOther: optionalText,
    acuteDanger: z.boolean().optional(),
    dangerInText: z.boolean().optional(),
    status: z.enum(REPORT_STATUSES),
    channelKind: z.enum(['bound', 'fallback', 'none']),
    deliveryState: z.enum(DELIVERY_STATES),
    deliveryAttempts: count.optional(),
    channelConversationId: optionalText,
    channelActivityId: optionalText,
    deliveredAt: optionalText,
    deliveryFailure: optionalText,
    deliveryRerouted: z.boolean().optional(),
    deliveryAlertedAt: optionalText,
    caseVersion: count.optional(),
    caseAssigneeId: optionalText,
    caseAssigneeName: optionalText,
    casePartner: optionalText,
    caseCloseReason: optionalText,
    caseClosedAt: optionalText,
    caseChangedAt: optionalText,
    caseChangedBy: optionalText,
    caseChangeSummary: optionalText,
    caseAdditions: count.optional(),
    caseLastAdditionId: optionalText,
    caseQuestionVersion: count.optional(),
    caseQuestionState: optionalText.refine((v) => v === undefined || (REPORTER_QUESTION_STATES as readonly string[]).includes(v)),
    purgedAt: optionalText,
});

const outboxRow = z.object({
    reportId: z.string().regex(REPORT_ID_PATTERN),
    rowKey: z.string().regex(/^(outbox|fu_[A-Za-z0-9_-]{1,80})$/),
    // Rows written before follow-ups existed have no purpose: they are posts.
    purpose: z.enum(['post', 'card', 'thread', 'person', 'reminder', 'redact']).optional(),
    municipality: z.enum(MUNICIPALITIES),
    state: z.enum(['pending', 'done', 'failed']),
    attempts: count.optional(),
    nextAttemptAt: optionalText,
    giveUpAt: optionalText,
    createdAt: optionalText,
    leaseOwner: optionalText,
    leaseUntil: optionalText,
    lastStatus: optionalText,
    acute: z.boolean().optional(),
    route: optionalText.refine((v) => v === undefined || v === 'own' || v === 'fallback'),
    escalateAt: optionalText,
    text: optionalText,
    recipient: optionalText,
    questionVersion: count.optional(),
    remindersSent: count.optional(),
    postedConversationId: optionalText,
    postedActivityId: optionalText,
    postedKind: optionalText.refine((v) => v === undefined || v === 'bound' || v === 'fallback'),
    keepUntilPurge: z.boolean().optional(),
    sentConversationId: optionalText,
    sentActivityId: optionalText,
});

/** The error for a row that cannot be read: names the row and the fields, never their values. */
export function damaged(kind: string, row: Row, issues: readonly { path: readonly PropertyKey[] }[]): ReportError {
    const fields = [...new Set(issues.map((i) => String(i.path[0] ?? '?')))].join(',');
    const id = typeof row.partitionKey === 'string' ? row.partitionKey : '?';
    return new ReportError('DAMAGED_DATA', `${kind} row ${id} unreadable: ${fields}`);
}

/** Only present keys: the optional fields of Report are absent, never undefined. */
function assignDefined<T extends object>(target: T, values: Partial<T>): T {
    for (const [key, value] of Object.entries(values)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
    return target;
}

export function fromEntity(row: Row): Report {
    const parsed = reportRow.safeParse(row);
    if (!parsed.success) throw damaged('report', row, parsed.error.issues);
    const r = parsed.data;
    const report: Report = {
        reportId: r.reportId,
        reference: r.reference,
        submissionId: r.submissionId ?? '',
        submittedAt: r.submittedAt,
        reporter: assignDefined<ReporterIdentity>({ aadObjectId: r.reporterAadObjectId ?? '', tenantId: r.tenantId }, { displayName: r.reporterName }),
        status: r.status,
        channelKind: r.channelKind,
        delivery: assignDefined<DeliveryInfo>(
            { state: r.deliveryState, attempts: r.deliveryAttempts ?? 0 },
            {
                conversationId: r.channelConversationId,
                activityId: r.channelActivityId,
                deliveredAt: r.deliveredAt,
                failureReason: r.deliveryFailure,
                rerouted: r.deliveryRerouted === true ? true : undefined,
                alertedAt: r.deliveryAlertedAt,
            },
        ),
        municipality: r.municipality,
        forms: r.forms,
        description: r.description ?? '',
        observedOn: r.observedOn ?? '',
        workContext: r.workContext,
        indicators: r.indicators,
        minor: r.minor,
        informed: r.informed,
        acuteDanger: r.acuteDanger === true,
        ...(r.dangerInText === true && { dangerInText: true }),
    };
    assignDefined(report, {
        location: r.location,
        workContextOther: r.workContextOther,
        otherIndicator: r.otherIndicator,
        informedOther: r.informedOther,
        peopleCount: r.peopleCount,
        estimatedAge: r.estimatedAge,
        purgedAt: r.purgedAt,
    });
    if (r.caseVersion !== undefined) {
        report.handling = assignDefined<ReportHandling>(
            { version: r.caseVersion },
            {
                assigneeAadObjectId: r.caseAssigneeId,
                assigneeName: r.caseAssigneeName,
                partner: r.casePartner,
                closeReason: r.caseCloseReason,
                closedAt: r.caseClosedAt,
                lastChangeAt: r.caseChangedAt,
                lastChangeByName: r.caseChangedBy,
                lastChangeSummary: r.caseChangeSummary,
                additions: r.caseAdditions,
                lastAdditionId: r.caseLastAdditionId,
                questionVersion: r.caseQuestionVersion,
                questionState: r.caseQuestionState === 'open' || r.caseQuestionState === 'beantwoord' ? r.caseQuestionState : undefined,
            },
        );
    }
    return report;
}

export function outboxFromEntity(row: Row & { etag: string }): OutboxRow {
    const parsed = outboxRow.safeParse(row);
    if (!parsed.success) throw damaged('outbox', row, parsed.error.issues);
    const o = parsed.data;
    const purpose = o.purpose ?? 'post';
    const queued = Date.parse(o.createdAt ?? o.nextAttemptAt ?? '') || 0;
    return assignDefined<OutboxRow>(
        {
            reportId: o.reportId,
            rowKey: o.rowKey,
            purpose,
            municipality: o.municipality,
            state: o.state,
            attempts: o.attempts ?? 0,
            nextAttemptAt: o.nextAttemptAt ?? '',
            giveUpAt: o.giveUpAt ?? new Date(queued + GIVE_UP_AFTER_MS).toISOString(),
            etag: row.etag,
        },
        {
            leaseOwner: o.leaseOwner,
            leaseUntil: o.leaseUntil,
            lastStatus: o.lastStatus,
            acute: o.acute === true ? true : undefined,
            route: o.route === 'own' || o.route === 'fallback' ? o.route : undefined,
            escalateAt: o.escalateAt,
            text: o.text,
            recipient: o.recipient,
            questionVersion: o.questionVersion,
            remindersSent: o.remindersSent,
            postedConversationId: o.postedConversationId,
            postedActivityId: o.postedActivityId,
            postedKind: o.postedKind === 'bound' || o.postedKind === 'fallback' ? o.postedKind : undefined,
            keepUntilPurge: o.keepUntilPurge === true ? true : undefined,
            sentConversationId: o.sentConversationId,
            sentActivityId: o.sentActivityId,
        },
    );
}

/** The entity of an outbox row (all of it, for a create or an upsert). */
export function outboxToEntity(row: OutboxRow, createdAt: string): Entity {
    const { etag: _etag, ...columns } = row;
    const entity: Entity = { partitionKey: reportPartitionKey(row.reportId), rowKey: row.rowKey, kind: 'outbox', createdAt };
    for (const [key, value] of Object.entries(columns)) if (value !== undefined) entity[key] = value;
    return entity;
}
