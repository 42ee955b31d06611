import assert from 'node:assert/strict';
import { isReportError } from '../../../bot/reports/reportErrors';
import type { Report } from '../../../bot/reports/reportModel';
import { fromEntity, outboxFromEntity, toEntity } from '../../../bot/storage/tables/reportRows';
import { sampleReport } from '../reports/reportFixtures';

/** Round trip and damage of the report and outbox rows, without Azurite. */
describe('report rows (Table entity mapping)', () => {
    const full: Report = sampleReport({
        reporter: { aadObjectId: 'aad-1', tenantId: 't-1', displayName: 'Sam' },
        delivery: { state: 'bezorgd', attempts: 2, conversationId: '19:c', activityId: 'a-1', deliveredAt: '2026-03-15T09:01:00.000Z' },
        handling: { version: 3, assigneeName: 'Sanne', closedAt: '2026-03-16T09:00:00.000Z' },
        estimatedAge: 30,
    });

    it('reads back exactly what it wrote', () => {
        assert.deepEqual(fromEntity(toEntity(full)), full);
        const minimal = sampleReport({ location: undefined, peopleCount: undefined });
        delete minimal.location;
        delete minimal.peopleCount;
        assert.deepEqual(fromEntity(toEntity(minimal)), minimal);
    });

    const damagedBy = (change: Record<string, unknown>) => () => fromEntity({ ...toEntity(full), ...change });
    const isDamaged = (fields: RegExp) => (err: unknown) => isReportError(err, 'DAMAGED_DATA') && fields.test((err as Error).message);

    it('never turns an unknown municipality into a default one', () => {
        assert.throws(damagedBy({ municipality: 'Amsterdam' }), isDamaged(/municipality/));
        assert.throws(damagedBy({ municipality: undefined }), isDamaged(/municipality/));
    });

    it('raises DAMAGED_DATA for unknown codes, unreadable lists and missing ids, naming fields but no values', () => {
        assert.throws(damagedBy({ status: 'weg' }), isDamaged(/status/));
        assert.throws(damagedBy({ deliveryState: 'kwijt' }), isDamaged(/deliveryState/));
        assert.throws(damagedBy({ forms: '["arbeid","vlucht"]' }), isDamaged(/forms/));
        assert.throws(damagedBy({ indicators: 'not json' }), isDamaged(/indicators/));
        assert.throws(damagedBy({ reportId: '' }), isDamaged(/reportId/));
        assert.throws(damagedBy({ peopleCount: 'acht' }), (err: unknown) => isDamaged(/peopleCount/)(err) && !/acht/.test((err as Error).message));
    });

    it('reads a purged report (no reporter, no description) without complaint', () => {
        const purged = sampleReport({ description: '', reporter: { aadObjectId: '', tenantId: 't-1' }, purgedAt: '2027-03-16T00:00:00.000Z' });
        assert.deepEqual(fromEntity(toEntity(purged)), purged);
    });

    it('reads outbox rows strictly too', () => {
        // A row from before follow-ups existed: no purpose (a post), no giveUpAt (72 hours after it was created).
        const row = {
            partitionKey: 'rpt_x',
            rowKey: 'outbox',
            reportId: full.reportId,
            municipality: 'Lochem',
            state: 'pending',
            attempts: 1,
            nextAttemptAt: '2026-03-15T09:05:00.000Z',
            createdAt: '2026-03-15T09:00:00.000Z',
            leaseOwner: '',
            etag: 'e1',
        };
        assert.deepEqual(outboxFromEntity(row), {
            reportId: full.reportId,
            rowKey: 'outbox',
            purpose: 'post',
            municipality: 'Lochem',
            state: 'pending',
            attempts: 1,
            nextAttemptAt: '2026-03-15T09:05:00.000Z',
            giveUpAt: '2026-03-18T09:00:00.000Z',
            etag: 'e1',
        });
        assert.throws(() => outboxFromEntity({ ...row, rowKey: 'outbox;drop' }), isDamaged(/rowKey/));
        assert.throws(() => outboxFromEntity({ ...row, route: 'elsewhere' }), isDamaged(/route/));
        assert.throws(() => outboxFromEntity({ ...row, municipality: 'Brumen' }), isDamaged(/municipality/));
        assert.throws(() => outboxFromEntity({ ...row, state: 'later' }), isDamaged(/state/));
    });
});
