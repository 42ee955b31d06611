/**
 * Which case actions fit which state, and what each does. Pure: no storage, no Teams. The plan's chain
 * is nieuw -> in_behandeling -> doorgezet -> afgesloten; closing is also allowed straight from
 * in_behandeling (not every signal needs a partner), and a closed report can be reopened.
 */
import type { Report, ReportStatus } from '../reports/reportModel';
import {
    CASE_PARTNER_LABELS,
    CLOSE_REASON_LABELS,
    CaseError,
    type CaseActor,
    type CaseCommand,
    type CaseCommandKind,
    type HistoryEntry,
} from './caseModel';

const BY_STATE: Record<ReportStatus, readonly CaseCommandKind[]> = {
    nieuw: ['oppakken', 'toewijzen', 'notitie', 'vraagMelder'],
    in_behandeling: ['oppakken', 'toewijzen', 'doorzetten', 'afsluiten', 'notitie', 'vraagMelder'],
    doorgezet: ['oppakken', 'toewijzen', 'doorzetten', 'afsluiten', 'notitie', 'vraagMelder'],
    afgesloten: ['heropenen'],
};

export const STATUS_AFTER: Record<CaseCommandKind, (from: ReportStatus) => ReportStatus> = {
    oppakken: (from) => (from === 'nieuw' ? 'in_behandeling' : from),
    toewijzen: (from) => (from === 'nieuw' ? 'in_behandeling' : from),
    doorzetten: () => 'doorgezet',
    afsluiten: () => 'afgesloten',
    notitie: (from) => from,
    heropenen: () => 'in_behandeling',
    // Asking the reporter something is part of weighing the signal, not a step in the chain.
    vraagMelder: (from) => from,
};

/** The actions the card offers this person now: taking over one's own case makes no sense. */
export function allowedCommands(report: Report, actorAadObjectId: string | undefined): CaseCommandKind[] {
    const assignee = report.handling?.assigneeAadObjectId;
    const me = actorAadObjectId?.toLowerCase();
    return BY_STATE[report.status].filter((kind) => !(kind === 'oppakken' && assignee !== undefined && assignee === me));
}

/** Actions allowed in a state for someone who is not the assignee (the shared card shows these). */
export function commandsInState(status: ReportStatus): readonly CaseCommandKind[] {
    return BY_STATE[status];
}

export function currentVersion(report: Report): number {
    return report.handling?.version ?? 0;
}

export interface AppliedChange {
    next: Report;
    entry: HistoryEntry;
    statusChanged: boolean;
}

/**
 * Applies a validated command. Throws CaseError WRONG_STATE when it does not fit; `assigneeName` is the
 * name of the coordinator a toewijzen names (looked up by the caller, who also checked the role).
 */
export function applyCommand(report: Report, command: CaseCommand, actor: CaseActor, now: Date, assigneeName?: string): AppliedChange {
    if (report.purgedAt) throw new CaseError('WRONG_STATE', 'report was purged');
    if (!allowedCommands(report, actor.aadObjectId).includes(command.kind)) {
        throw new CaseError('WRONG_STATE', `${command.kind} not allowed in ${report.status}`);
    }
    const at = now.toISOString();
    const version = currentVersion(report) + 1;
    const fromStatus = report.status;
    const toStatus = STATUS_AFTER[command.kind](fromStatus);
    const handling = { ...(report.handling ?? { version: 0 }), version, lastChangeAt: at, lastChangeByName: actor.name };
    const entry: HistoryEntry = {
        version,
        at,
        action: command.kind,
        actorAadObjectId: actor.aadObjectId,
        actorName: actor.name,
        fromStatus,
        toStatus,
    };
    const assignTo = (id: string, name: string) => {
        handling.assigneeAadObjectId = id;
        handling.assigneeName = name;
    };
    switch (command.kind) {
        case 'oppakken':
            assignTo(actor.aadObjectId, actor.name);
            handling.lastChangeSummary = `Opgepakt door ${actor.name}`;
            entry.assigneeName = actor.name;
            break;
        case 'toewijzen': {
            const target = command.assigneeAadObjectId.toLowerCase();
            if (target === handling.assigneeAadObjectId) throw new CaseError('WRONG_STATE', 'already assigned to this coordinator');
            const name = assigneeName ?? 'onbekend';
            assignTo(target, name);
            handling.lastChangeSummary = `Toegewezen aan ${name} door ${actor.name}`;
            entry.assigneeName = name;
            break;
        }
        case 'doorzetten':
            if (handling.assigneeAadObjectId === undefined) assignTo(actor.aadObjectId, actor.name);
            handling.partner = command.partner;
            handling.lastChangeSummary = `Doorgezet naar ${CASE_PARTNER_LABELS[command.partner]} door ${actor.name}`;
            entry.partner = command.partner;
            if (command.note) entry.note = command.note;
            break;
        case 'afsluiten':
            handling.closeReason = command.reason;
            handling.closedAt = at;
            handling.lastChangeSummary = `Afgesloten door ${actor.name}: ${CLOSE_REASON_LABELS[command.reason]}`;
            entry.closeReason = command.reason;
            if (command.note) entry.note = command.note;
            break;
        case 'notitie':
            handling.lastChangeSummary = `Notitie toegevoegd door ${actor.name}`;
            entry.note = command.note;
            break;
        case 'vraagMelder': {
            // Without an Entra id (never stored, or purged) there is nobody to ask.
            if (!report.reporter.aadObjectId) throw new CaseError('WRONG_STATE', 'report has no reporter to ask');
            // One open question at a time: a new one replaces it (the old card's answer is then refused), so a
            // question the reporter never answers does not block the coordinators.
            const replaces = handling.questionState === 'open';
            handling.questionVersion = version;
            handling.questionState = 'open';
            handling.lastChangeSummary = replaces
                ? `Nieuwe vraag aan de melder gesteld door ${actor.name} (vervangt de open vraag)`
                : `Vraag aan de melder gesteld door ${actor.name}`;
            entry.note = command.question;
            break;
        }
        case 'heropenen':
            delete handling.closeReason;
            delete handling.closedAt;
            assignTo(actor.aadObjectId, actor.name);
            handling.lastChangeSummary = `Heropend door ${actor.name}`;
            entry.assigneeName = actor.name;
            break;
    }
    return { next: { ...report, status: toStatus, handling }, entry, statusChanged: toStatus !== fromStatus };
}
