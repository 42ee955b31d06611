import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { dedupeMiddleware } from '../../../bot/guards/dedupeGuard';
import { createSilentLogger } from '../../../bot/logger';
import type { ActivityDeduplicator } from '../../../bot/storage/activityDedupe';

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
});
