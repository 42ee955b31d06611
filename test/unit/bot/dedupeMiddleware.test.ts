import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { dedupeMiddleware } from '../../../bot/guards/dedupeGuard';
import { createSilentLogger } from '../../../bot/logger';
import type { ActivityDeduplicator } from '../../../bot/storage/activityDedupe';
import { StorageError, findStorageError } from '../../../bot/storage/storageErrors';

function contextFor(activity: Partial<Activity>): TurnContext {
    return new TurnContext(new TestAdapter(), { type: ActivityTypes.Message, id: 'act-1', conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' }, ...activity } as Activity);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
}

describe('dedupeMiddleware', () => {
    it('starts the state prefetch together with the claim, and runs the turn once both are done', async () => {
        const claimed = deferred();
        const fetched = deferred();
        const dedupe = { claim: sinon.stub().returns(claimed.promise.then(() => 'first')), release: sinon.stub().resolves() };
        const prefetch = sinon.stub().returns(fetched.promise);
        const next = sinon.stub().resolves();
        const turn = dedupeMiddleware(dedupe as unknown as ActivityDeduplicator, createSilentLogger(), prefetch).onTurn(contextFor({}), next);
        await new Promise((r) => setImmediate(r));
        assert.equal(dedupe.claim.callCount, 1);
        assert.equal(prefetch.callCount, 1, 'prefetch does not wait for the claim');
        claimed.resolve();
        await new Promise((r) => setImmediate(r));
        assert.equal(next.callCount, 0, 'the turn waits for the prefetch');
        fetched.resolve();
        await turn;
        assert.equal(next.callCount, 1);
    });

    it('skips a duplicate delivery, and a failed prefetch does not stop a first one', async () => {
        const dedupe = { claim: sinon.stub(), release: sinon.stub().resolves() };
        dedupe.claim.onFirstCall().resolves('duplicate').onSecondCall().resolves('first');
        const prefetch = sinon.stub().rejects(new Error('storage hiccup'));
        const next = sinon.stub().resolves();
        const middleware = dedupeMiddleware(dedupe as unknown as ActivityDeduplicator, createSilentLogger(), prefetch);
        await middleware.onTurn(contextFor({}), next);
        assert.equal(next.callCount, 0);
        await middleware.onTurn(contextFor({ id: 'act-2' }), next);
        assert.equal(next.callCount, 1);
    });

    it('releases the claim when the turn fails, so a redelivery is handled', async () => {
        const dedupe = { claim: sinon.stub().resolves('first'), release: sinon.stub().resolves() };
        const middleware = dedupeMiddleware(dedupe as unknown as ActivityDeduplicator, createSilentLogger());
        await assert.rejects(middleware.onTurn(contextFor({}), sinon.stub().rejects(new Error('boom'))), /boom/);
        assert.deepEqual(dedupe.release.firstCall.args, ['a:1', 'act-1']);
    });

    it('a claim that storage refuses ends the turn with the StorageError (for the error handler), without running it', async () => {
        const down = new StorageError('STORAGE_UNAVAILABLE', 'dedupe claim: STORAGE_UNAVAILABLE (ECONNREFUSED)');
        const dedupe = { claim: sinon.stub().rejects(down), release: sinon.stub().resolves() };
        const next = sinon.stub().resolves();
        const middleware = dedupeMiddleware(dedupe as unknown as ActivityDeduplicator, createSilentLogger(), sinon.stub().resolves());
        await assert.rejects(middleware.onTurn(contextFor({}), next), (err: unknown) => findStorageError(err)?.code === 'STORAGE_UNAVAILABLE');
        assert.equal(next.callCount, 0);
        assert.equal(dedupe.release.callCount, 0, 'nothing was claimed, so nothing is released');
    });
});
