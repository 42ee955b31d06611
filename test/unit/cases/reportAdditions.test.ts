import assert from 'node:assert/strict';
import { ADDITION_MAX_LENGTH, AdditionService, additionThreadLine, applyAddition, checkAdditionText, followUpsOfAddition, isReporterOf, REPORTER_ACTOR_NAME } from '../../../bot/cases/reportAdditions';
import { createSilentLogger } from '../../../bot/logger';
import { MemoryCaseHistory, MemoryReportStore } from '../../support/memoryPorts';
import { recogniseIntent } from '../../../bot/teams/intents';
import type { Report } from '../../../bot/reports/reportModel';

const report = (overrides: Partial<Report> = {}): Report => ({
    reportId: 'a'.repeat(32),
    reference: 'MH-2026-0042',
    submissionId: 'sub-12345678',
    submittedAt: '2026-03-01T10:00:00.000Z',
    reporter: { aadObjectId: 'AAAA-Kim', tenantId: 'Tenant-1', displayName: 'Kim Balie' },
    status: 'nieuw',
    channelKind: 'bound',
    delivery: { state: 'bezorgd', attempts: 1, conversationId: '19:c;messageid=1', activityId: '1' },
    municipality: 'Brummen',
    forms: ['arbeid'],
    description: 'x',
    observedOn: '2026-03-01',
    workContext: 'handhaving',
    indicators: [],
    minor: 'nee',
    informed: [],
    acuteDanger: false,
    ...overrides,
});

describe('reportAdditions (domain)', () => {
    it('checks the text: trimmed, not empty, at most the limit, strings only', () => {
        assert.deepEqual(checkAdditionText('  meer  '), { ok: true, text: 'meer' });
        assert.deepEqual(checkAdditionText(' \n '), { ok: false, reason: 'empty' });
        assert.deepEqual(checkAdditionText(undefined), { ok: false, reason: 'empty' });
        assert.deepEqual(checkAdditionText('x'.repeat(ADDITION_MAX_LENGTH)).ok, true);
        assert.deepEqual(checkAdditionText('x'.repeat(ADDITION_MAX_LENGTH + 1)), { ok: false, reason: 'tooLong' });
        assert.deepEqual(checkAdditionText(42), { ok: false, reason: 'forged' });
    });

    it('knows the reporter by Entra id and tenant (any case), never after the purge', () => {
        assert.equal(isReporterOf(report(), { aadObjectId: 'aaaa-kim', tenantId: 'tenant-1' }), true);
        assert.equal(isReporterOf(report(), { aadObjectId: 'aaaa-kim', tenantId: 'other' }), false);
        assert.equal(isReporterOf(report(), { aadObjectId: 'bbbb', tenantId: 'tenant-1' }), false);
        assert.equal(isReporterOf(report({ purgedAt: '2027-01-01T00:00:00Z', reporter: { aadObjectId: '', tenantId: 'tenant-1' } }), { aadObjectId: '', tenantId: 'tenant-1' }), false);
    });

    it('counts the addition, keeps the status, and names no reporter in what the purge keeps', () => {
        const { next, entry } = applyAddition(report({ handling: { version: 3, additions: 1 } }), 'tekst', 'add-12345678', new Date('2026-03-02T09:00:00Z'));
        assert.equal(next.status, 'nieuw');
        assert.equal(next.handling?.version, 4);
        assert.equal(next.handling?.additions, 2);
        assert.equal(next.handling?.lastAdditionId, 'add-12345678');
        assert.equal(next.handling?.lastChangeByName, REPORTER_ACTOR_NAME);
        assert.deepEqual({ ...entry }, { version: 4, at: '2026-03-02T09:00:00.000Z', action: 'aanvulling', actorAadObjectId: '', actorName: REPORTER_ACTOR_NAME, fromStatus: 'nieuw', toStatus: 'nieuw', note: 'tekst' });
        assert.ok(!JSON.stringify(next.handling).includes('Kim'));
    });

    it('queues the card and a thread line with the escaped text; a closed report asks for Heropenen', () => {
        const { next, entry } = applyAddition(report(), '**vet** <at>x</at>', 'add-12345678', new Date());
        const queued = followUpsOfAddition(next, entry, '**vet** <at>x</at>', new Date());
        assert.deepEqual(queued.items.map((i) => i.purpose), ['card', 'thread']);
        const line = queued.items[1].purpose === 'thread' ? queued.items[1].text : '';
        assert.ok(line.includes('\\*\\*vet\\*\\* \\<at\\>x\\</at\\>'), line);
        assert.doesNotMatch(line, /Heropenen/);
        assert.match(additionThreadLine(report({ status: 'afgesloten' }), 'terug'), /afgesloten.*\*\*Heropenen\*\*/s);
        assert.match(additionThreadLine(report(), 'ze zit opgesloten in de kelder en kan niet weg'), /^\*\*MOGELIJK ACUUT GEVAAR/);
    });

    it('recognises the typed commands, keeping the addition text as typed', () => {
        assert.deepEqual(recogniseIntent('aanvullen MH-2026-0042: Er is Meer, zie (boven).'), { kind: 'addition', reference: 'MH-2026-0042', text: 'Er is Meer, zie (boven).' });
        assert.deepEqual(recogniseIntent('Aanvullen mh-2026-0042'), { kind: 'addition', reference: 'MH-2026-0042' });
        assert.deepEqual(recogniseIntent('aanvullen'), { kind: 'addition' });
        assert.deepEqual(recogniseIntent('aanvullen MH-2026-0042123 tekst'), { kind: 'addition' });
        assert.deepEqual(recogniseIntent('MH-2026-0042'), { kind: 'reference', reference: 'MH-2026-0042' });
        assert.deepEqual(recogniseIntent('open meldingen'), { kind: 'openReports' });
        const started = Date.now();
        recogniseIntent(`aanvullen${' :'.repeat(100_000)}`);
        assert.ok(Date.now() - started < 200, 'linear on long input');
    });

    it('an older form pressed again after newer additions stores nothing (the recent ids are remembered)', async () => {
        const reports = new MemoryReportStore();
        const created = await reports.createWithOutbox(report(), '2026-03-01T10:00:00.000Z');
        assert.notEqual(created, 'exists');
        const service = new AdditionService({ store: new MemoryCaseHistory(reports), index: reports, logger: createSilentLogger(), clock: () => new Date('2026-03-02T09:00:00Z') });
        const kim = { aadObjectId: 'aaaa-kim', tenantId: 'tenant-1' };
        const outcomes = [];
        for (const id of ['add-form-A1', 'add-form-B1', 'add-form-A1', 'add-form-B1']) outcomes.push((await service.add(kim, 'a'.repeat(32), `tekst ${id}`, id)).kind);
        assert.deepEqual(outcomes, ['added', 'added', 'duplicate', 'duplicate']);
        assert.equal((await reports.get('a'.repeat(32)))?.report.handling?.additions, 2);
    });
});
