import assert from 'node:assert/strict';
import { CaseError, type CaseActor, type CaseCommand } from '../../../bot/cases/caseModel';
import { allowedCommands, applyCommand } from '../../../bot/cases/caseStateMachine';
import { REPORT_STATUSES, type ReportStatus } from '../../../bot/reports/reportModel';
import { FIXED_NOW, sampleReport } from '../reports/reportFixtures';

const SANNE: CaseActor = { aadObjectId: '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f', name: 'Sanne Jansen', tenantId: 't' };
const ANNE_ID = '6f2b8c1d-3e4a-4b5c-9d6e-7f8091a2b3c4';

const COMMANDS: CaseCommand[] = [
    { kind: 'oppakken' },
    { kind: 'toewijzen', assigneeAadObjectId: ANNE_ID },
    { kind: 'doorzetten', partner: 'veilig_thuis', note: 'toelichting' },
    { kind: 'afsluiten', reason: 'geen_mensenhandel' },
    { kind: 'notitie', note: 'notitie' },
    { kind: 'heropenen' },
];

/** The whole table: which command is allowed in which state, and where it leads. */
const EXPECTED: Record<ReportStatus, Partial<Record<CaseCommand['kind'], ReportStatus>>> = {
    nieuw: { oppakken: 'in_behandeling', toewijzen: 'in_behandeling', notitie: 'nieuw' },
    in_behandeling: { oppakken: 'in_behandeling', toewijzen: 'in_behandeling', doorzetten: 'doorgezet', afsluiten: 'afgesloten', notitie: 'in_behandeling' },
    doorgezet: { oppakken: 'doorgezet', toewijzen: 'doorgezet', doorzetten: 'doorgezet', afsluiten: 'afgesloten', notitie: 'doorgezet' },
    afgesloten: { heropenen: 'in_behandeling' },
};

describe('case state machine', () => {
    for (const status of REPORT_STATUSES) {
        for (const command of COMMANDS) {
            const to = EXPECTED[status][command.kind];
            it(`${status} + ${command.kind} -> ${to ?? 'refused'}`, () => {
                const report = sampleReport({ status, handling: { version: 4, assigneeAadObjectId: 'someone-else', assigneeName: 'Iemand' } });
                if (to === undefined) {
                    assert.throws(() => applyCommand(report, command, SANNE, FIXED_NOW, 'Anne de Vries'), (e: unknown) => e instanceof CaseError && e.code === 'WRONG_STATE');
                    return;
                }
                const { next, entry, statusChanged } = applyCommand(report, command, SANNE, FIXED_NOW, 'Anne de Vries');
                assert.equal(next.status, to);
                assert.equal(next.handling?.version, 5);
                assert.equal(entry.version, 5);
                assert.equal(entry.fromStatus, status);
                assert.equal(entry.toStatus, to);
                assert.equal(entry.actorName, 'Sanne Jansen');
                assert.equal(statusChanged, to !== status);
                assert.equal(next.handling?.lastChangeAt, FIXED_NOW.toISOString());
                assert.ok(next.handling?.lastChangeSummary?.includes('Sanne Jansen'));
                assert.ok(!next.handling?.lastChangeSummary?.includes('notitie') || command.kind === 'notitie');
                assert.equal(report.handling?.version, 4, 'input not mutated');
            });
        }
    }

    it('does not offer Oppakken to the current assignee', () => {
        const mine = sampleReport({ status: 'in_behandeling', handling: { version: 1, assigneeAadObjectId: SANNE.aadObjectId } });
        assert.ok(!allowedCommands(mine, SANNE.aadObjectId).includes('oppakken'));
        assert.ok(allowedCommands(mine, ANNE_ID).includes('oppakken'));
    });

    it('refuses assigning to the current assignee', () => {
        const report = sampleReport({ status: 'in_behandeling', handling: { version: 1, assigneeAadObjectId: ANNE_ID } });
        assert.throws(() => applyCommand(report, { kind: 'toewijzen', assigneeAadObjectId: ANNE_ID }, SANNE, FIXED_NOW, 'Anne'), /already assigned/);
    });

    it('sets and clears the closing time (the retention clock) and keeps notes out of the summary', () => {
        const open = sampleReport({ status: 'in_behandeling', handling: { version: 1 } });
        const closed = applyCommand(open, { kind: 'afsluiten', reason: 'anders', note: 'geheim detail' }, SANNE, FIXED_NOW).next;
        assert.equal(closed.handling?.closedAt, FIXED_NOW.toISOString());
        assert.equal(closed.handling?.closeReason, 'anders');
        assert.doesNotMatch(closed.handling?.lastChangeSummary ?? '', /geheim/);
        const reopened = applyCommand(closed, { kind: 'heropenen' }, SANNE, FIXED_NOW);
        assert.equal(reopened.next.handling?.closedAt, undefined);
        assert.equal(reopened.next.handling?.closeReason, undefined);
        assert.equal(reopened.next.handling?.assigneeAadObjectId, SANNE.aadObjectId);
    });

    it('refuses everything on a purged report', () => {
        const purged = sampleReport({ status: 'afgesloten', purgedAt: FIXED_NOW.toISOString(), handling: { version: 3 } });
        assert.throws(() => applyCommand(purged, { kind: 'heropenen' }, SANNE, FIXED_NOW), (e: unknown) => e instanceof CaseError && e.code === 'WRONG_STATE');
    });
});
