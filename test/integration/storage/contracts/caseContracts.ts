import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../../../bot/cases/caseModel';
import type { AuditLog, CaseHistory } from '../../../../bot/cases/ports';
import type { QueuedFollowUps, ReferenceCounter, ReportRepository, SubmissionLimiter } from '../../../../bot/reports/ports';

const NO_FOLLOW_UPS: QueuedFollowUps = { at: new Date(0), items: [] };
import { REPORTER, OTHER_REPORTER, sampleReport } from '../../../unit/reports/reportFixtures';

const entry = (version: number, note?: string): HistoryEntry => ({
    version,
    at: `2026-03-15T10:0${version}:00.000Z`,
    action: note ? 'notitie' : 'oppakken',
    actorAadObjectId: 'aad-sanne',
    actorName: 'Sanne Jansen',
    fromStatus: 'nieuw',
    toStatus: 'in_behandeling',
    ...(note && { note }),
});

/** CaseHistory over a report repository: a change and its history line, guarded by the report's eTag. */
export function caseHistoryContract(name: string, make: () => Promise<{ history: CaseHistory; reports: ReportRepository }>): void {
    describe(`${name}: case history contract`, () => {
        it('commits a change with its history line only at the current eTag, once per version', async () => {
            const { history, reports } = await make();
            const report = sampleReport({ reportId: 'a'.repeat(32) });
            const created = await reports.createWithOutbox(report, '2026-03-15T09:00:00.000Z');
            assert.notEqual(created, 'exists');
            if (created === 'exists') return;
            const next = { ...report, status: 'in_behandeling' as const, handling: { version: 1 } };
            const stored = await history.commit(next, created.stored.etag, entry(1), NO_FOLLOW_UPS);
            assert.ok(stored);
            assert.equal((await history.get(report.reportId))?.report.status, 'in_behandeling');
            assert.equal(await history.commit(next, created.stored.etag, entry(2), NO_FOLLOW_UPS), undefined, 'stale eTag');
            assert.equal(await history.commit(next, stored.etag, entry(1), NO_FOLLOW_UPS), undefined, 'version already written');
            const withNote = await history.commit({ ...next, handling: { version: 2 } }, stored.etag, entry(2, 'gebeld met de wijkagent'), NO_FOLLOW_UPS);
            assert.ok(withNote);
            assert.deepEqual(await history.history(report.reportId), [entry(1), entry(2, 'gebeld met de wijkagent')]);
            // Retention keeps who did what and blanks the notes.
            const purged = await history.purge({ ...next, description: '', handling: { version: 2 } }, withNote.etag, NO_FOLLOW_UPS);
            assert.ok(purged);
            assert.deepEqual(await history.history(report.reportId), [entry(1), { ...entry(2, 'x'), note: undefined }].map(({ note: _n, ...rest }) => rest));
            assert.equal(await history.purge(next, withNote.etag, NO_FOLLOW_UPS), undefined, 'stale eTag');
        });
    });
}

export function auditLogContract(name: string, make: (clock: () => Date) => Promise<AuditLog>): void {
    describe(`${name}: audit log contract`, () => {
        it('appends entries and lists one month, oldest first', async () => {
            let now = new Date('2026-03-31T21:59:00.000Z');
            const audit = await make(() => now);
            await audit.record({ event: 'export', actor: 'aad-1', detail: 'csv;maand;3 rijen' });
            now = new Date('2026-03-31T21:59:30.000Z');
            await audit.record({ event: 'history_viewed', actor: 'aad-2', reportId: 'b'.repeat(32) });
            now = new Date('2026-04-01T08:00:00.000Z');
            await audit.record({ event: 'purge', actor: 'system:retention', reportId: 'c'.repeat(32) });
            assert.deepEqual(
                (await audit.listMonth('2026-03')).map((e) => [e.event, e.actor, e.reportId, e.detail]),
                [
                    ['export', 'aad-1', undefined, 'csv;maand;3 rijen'],
                    ['history_viewed', 'aad-2', 'b'.repeat(32), undefined],
                ],
            );
            assert.deepEqual((await audit.listMonth('2026-04')).map((e) => e.event), ['purge']);
        });
    });
}

export function referenceCounterContract(name: string, make: () => Promise<ReferenceCounter>): void {
    describe(`${name}: reference counter contract`, () => {
        it('hands out blocks per year that never overlap, also when asked at once', async () => {
            const counter = await make();
            assert.equal(await counter.reserve(2026, 1), 1);
            assert.equal(await counter.reserve(2026, 3), 2);
            assert.equal(await counter.reserve(2027, 1), 1);
            const firsts = await Promise.all(Array.from({ length: 5 }, () => counter.reserve(2026, 2)));
            const numbers = firsts.flatMap((f) => [f, f + 1]).sort((a, b) => a - b);
            assert.deepEqual(numbers, Array.from({ length: 10 }, (_, i) => 5 + i));
        });
    });
}

export function submissionLimiterContract(name: string, make: (max: number, clock: () => Date) => Promise<SubmissionLimiter>): void {
    describe(`${name}: submission rate-limit contract`, () => {
        it('allows N per window per colleague, counts a repeat once, and frees a released slot', async () => {
            let now = Date.parse('2026-03-15T09:00:00.000Z');
            const limiter = await make(2, () => new Date(now));
            assert.deepEqual(await limiter.acquire(REPORTER, 'r1'), { allowed: true });
            assert.deepEqual(await limiter.acquire(REPORTER, 'r1'), { allowed: true });
            now += 60_000;
            assert.deepEqual(await limiter.acquire(REPORTER, 'r2'), { allowed: true });
            assert.deepEqual(await limiter.acquire(REPORTER, 'r3'), { allowed: false, retryAfterMs: limiter.limit.windowMs - 60_000 });
            assert.deepEqual(await limiter.acquire(OTHER_REPORTER, 'r4'), { allowed: true });
            await limiter.release(REPORTER, 'r2');
            assert.deepEqual(await limiter.acquire(REPORTER, 'r3'), { allowed: true });
            now += limiter.limit.windowMs;
            assert.deepEqual(await limiter.acquire(REPORTER, 'r5'), { allowed: true });
        });
    });
}
