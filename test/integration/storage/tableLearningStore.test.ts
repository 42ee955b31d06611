import assert from 'node:assert/strict';
import type { Participant } from '../../../bot/learning/learningModel';
import { LEARNING_TABLE, TableLearningStore } from '../../../bot/storage/tables/tableLearningStore';
import type { TableClientFactory } from '../../../bot/storage/tableClientFactory';
import { freshTables } from '../../support/testAzurite';

const ID = '6f2b8c1d-3e4a-4b5c-9d6e-7f8091a2b3c4';
const AT = new Date('2026-12-07T09:00:00Z');

function participant(overrides: Partial<Participant> = {}): Participant {
    return { aadObjectId: ID, tenantId: 't', learnerId: 'learner-1', optedIn: true, seen: [], answered: [], municipality: 'Brummen', role: 'jeugd', ...overrides };
}

describe('TableLearningStore on Azurite', function () {
    this.timeout(20_000);
    let tables: TableClientFactory;
    let store: TableLearningStore;

    beforeEach(async () => {
        tables = (await freshTables('learn')).factory;
        store = new TableLearningStore(tables);
    });

    it('stores a participant once and reads it back as written', async () => {
        const created = await store.createParticipant(participant());
        assert.notEqual(created, 'exists');
        assert.equal(await store.createParticipant(participant()), 'exists');
        assert.deepEqual((await store.getParticipant(ID))?.participant, participant());
        assert.equal(await store.getParticipant('not-a-guid/../x'), undefined, 'a malformed id is no key');
    });

    it('refuses a replace with a stale eTag, and clears optional fields', async () => {
        const created = await store.createParticipant(participant());
        assert.ok(created !== 'exists');
        const { role: _role, ...withoutRole } = participant();
        const first = await store.replaceParticipant({ ...withoutRole, optedIn: false, optedOutAt: AT.toISOString() }, created.etag);
        assert.ok(first);
        assert.equal(await store.replaceParticipant(participant(), created.etag), undefined, 'stale eTag');
        const read = (await store.getParticipant(ID))?.participant;
        assert.equal(read?.role, undefined);
        assert.equal(read?.optedIn, false);
    });

    it('queues a week with the profile in one transaction, once per week, and not on a stale profile', async () => {
        const created = await store.createParticipant(participant());
        assert.ok(created !== 'exists');
        const next = { ...participant(), lastWeek: '2026-12-07', seen: ['c1'] };
        assert.equal(await store.queueWeekly(next, created.etag, { week: '2026-12-07', caseId: 'c1' }, AT), true);
        assert.equal(await store.queueWeekly(next, created.etag, { week: '2026-12-07', caseId: 'c2' }, AT), false, 'stale profile');
        const fresh = await store.getParticipant(ID);
        assert.ok(fresh);
        assert.equal(await store.queueWeekly(next, fresh.etag, { week: '2026-12-07', caseId: 'c2' }, AT), false, 'the week row exists: nothing written');
        assert.deepEqual((await store.getParticipant(ID))?.participant.seen, ['c1'], 'the failed transaction changed nothing');
        const rows = await store.listPending();
        assert.equal(rows.length, 1);
        assert.equal(rows[0]?.caseId, 'c1');
        const leased = await store.updateRow(rows[0]!, { leaseOwner: 'a', leaseUntil: AT.toISOString() });
        assert.ok(leased);
        assert.equal(await store.updateRow(rows[0]!, { leaseOwner: 'b' }), undefined, 'a second claim with the old eTag loses');
        assert.equal(await store.completeRow(rows[0]!), false, 'removal with a stale eTag refused');
        assert.equal(await store.completeRow(leased), true);
        assert.deepEqual(await store.listPending(), []);
    });

    it('counts a thing once however often it is written, per month', async () => {
        await store.count('2026-12', 'casus', 'Brummen', 'learner-1-c1');
        await store.count('2026-12', 'casus', 'Brummen', 'learner-1-c1');
        await store.count('2026-12', 'quiz', 'Lochem', 'run-1');
        await store.count('2026-11', 'deelnemer', 'Brummen', 'learner-1');
        assert.deepEqual(await store.counts(['2026-12']), [
            { month: '2026-12', kind: 'casus', municipality: 'Brummen' },
            { month: '2026-12', kind: 'quiz', municipality: 'Lochem' },
        ]);
        await assert.rejects(store.count('2026-12', 'quiz', 'Lochem', 'a/b'));
    });

    it('keeps a quiz with its eTag, removes it, finds abandoned ones, and purges a whole partition', async () => {
        const run = { runId: 'run-1', questionIds: ['q1', 'q2'], step: 0, correct: 0, answers: [], startedAt: AT.toISOString() };
        const etag = await store.putQuiz(ID, run);
        assert.ok(etag);
        assert.ok(await store.putQuiz(ID, { ...run, step: 1, answers: [0] }, etag));
        assert.equal(await store.putQuiz(ID, { ...run, step: 1 }, etag), undefined, 'stale quiz eTag');
        assert.deepEqual((await store.staleQuizzes(new Date(AT.getTime() + 1))).map((q) => q.aadObjectId), [ID]);
        assert.deepEqual(await store.staleQuizzes(AT), []);
        await store.createParticipant(participant());
        await store.count('2026-12', 'deelnemer', 'Brummen', 'learner-1');
        assert.equal(await store.purge(ID), 2, 'profile and quiz');
        assert.equal(await store.getParticipant(ID), undefined);
        assert.equal(await store.getQuiz(ID), undefined);
        assert.equal((await store.counts(['2026-12'])).length, 1, 'counts stay');
    });

    it('raises an error for a damaged profile instead of reading a default', async () => {
        const table = await tables.table(LEARNING_TABLE);
        await table.createEntity({ partitionKey: `p_${ID}`, rowKey: 'profile', aadObjectId: ID, tenantId: 't', learnerId: 'x', optedIn: 'yes', seen: 'not json', answered: '[]' });
        await assert.rejects(store.getParticipant(ID), (err: unknown) => (err as { code?: string }).code === 'DAMAGED_DATA');
    });
});
