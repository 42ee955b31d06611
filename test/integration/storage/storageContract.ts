import assert from 'node:assert/strict';
import type { Storage } from 'botbuilder';

/**
 * The scenarios every botbuilder Storage of ours must pass, in the spirit of botbuilder's own
 * StorageBaseTests: run it against each implementation with a factory for a fresh, empty store.
 */
export function storageContract(name: string, makeStore: () => Promise<Storage>): void {
    describe(`${name}: botbuilder Storage contract`, () => {
        let store: Storage;
        beforeEach(async () => {
            store = await makeStore();
        });

        it('reads nothing for a key that was never written', async () => {
            const items = await store.read(['nobody-wrote-this']);
            assert.deepEqual(items, {});
        });

        it('creates an item and reads it back with an eTag', async () => {
            await store.write({ a: { count: 1, nested: { list: [1, 2, 3] } } });
            const items = await store.read(['a']);
            assert.equal(items.a.count, 1);
            assert.deepEqual(items.a.nested, { list: [1, 2, 3] });
            assert.equal(typeof items.a.eTag, 'string');
            assert.notEqual(items.a.eTag, '*');
        });

        it('updates an item when the eTag is current and gives a new eTag', async () => {
            await store.write({ a: { count: 1 } });
            const first = await store.read(['a']);
            await store.write({ a: { ...first.a, count: 2 } });
            const second = await store.read(['a']);
            assert.equal(second.a.count, 2);
            assert.notEqual(second.a.eTag, first.a.eTag);
        });

        it('refuses a write with a stale eTag and keeps the newer data', async () => {
            await store.write({ a: { count: 1 } });
            const stale = await store.read(['a']);
            await store.write({ a: { ...stale.a, count: 2 } });
            await assert.rejects(store.write({ a: { ...stale.a, count: 3 } }), (err: Error & { code?: string }) => {
                assert.equal(err.code, 'ETAG_CONFLICT');
                return true;
            });
            const now = await store.read(['a']);
            assert.equal(now.a.count, 2);
        });

        it("overwrites unconditionally with eTag '*' or without an eTag", async () => {
            await store.write({ a: { count: 1 } });
            const read = await store.read(['a']);
            await store.write({ a: { ...read.a, count: 2 } });
            await store.write({ a: { count: 3, eTag: '*' } });
            assert.equal((await store.read(['a'])).a.count, 3);
            await store.write({ a: { count: 4 } });
            assert.equal((await store.read(['a'])).a.count, 4);
        });

        it('refuses a conditional write to an item that was deleted meanwhile', async () => {
            await store.write({ a: { count: 1 } });
            const read = await store.read(['a']);
            await store.delete(['a']);
            await assert.rejects(store.write({ a: { ...read.a, count: 2 } }), { code: 'ETAG_CONFLICT' });
        });

        it('deletes an item, and deleting a missing item is not an error', async () => {
            await store.write({ a: { count: 1 } });
            await store.delete(['a']);
            assert.deepEqual(await store.read(['a']), {});
            await store.delete(['never-there']);
        });

        it('keeps keys with Teams characters apart and intact', async () => {
            const keys = [
                'msteams/conversations/a:1Xy_9-Z;messageid=1234/',
                'msteams/conversations/19:abc@thread.tacv2;messageid=1/',
                'msteams/users/29:1AbC#frag?q=1/',
                'odd\\back%25slash%2F',
                'msteams/users/29:1AbC#frag?q=2/',
            ];
            await store.write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
            const items = await store.read(keys);
            assert.deepEqual(
                keys.map((k) => items[k]?.i),
                keys.map((_k, i) => i),
            );
        });

        it('keeps a very long key distinct from its prefix', async () => {
            const base = 'k'.repeat(600);
            await store.write({ [`${base}1`]: { v: 1 }, [`${base}2`]: { v: 2 } });
            const items = await store.read([`${base}1`, `${base}2`]);
            assert.equal(items[`${base}1`].v, 1);
            assert.equal(items[`${base}2`].v, 2);
        });

        it('stores an item larger than one Table property without losing a character', async () => {
            // 200 KiB of text with multi-byte characters and emoji, so chunk edges land in awkward places.
            const text = Array.from({ length: 200 * 1024 }, (_v, i) => (i % 97 === 0 ? '😀' : i % 13 === 0 ? 'é' : 'a')).join('');
            await store.write({ big: { text } });
            const items = await store.read(['big']);
            assert.equal(items.big.text.length, text.length);
            assert.equal(items.big.text, text);
        });

        it('refuses an item larger than an entity can hold, with a clear error, and stores nothing', async () => {
            const text = 'x'.repeat(2 * 1024 * 1024);
            await assert.rejects(store.write({ huge: { text } }), { code: 'ITEM_TOO_LARGE' });
            assert.deepEqual(await store.read(['huge']), {});
        });

        it('lets exactly one of several concurrent conditional writers win', async () => {
            await store.write({ c: { n: 0 } });
            const base = await store.read(['c']);
            const results = await Promise.allSettled(
                Array.from({ length: 5 }, (_v, i) => store.write({ c: { ...base.c, n: i + 1 } })),
            );
            const won = results.filter((r) => r.status === 'fulfilled').length;
            assert.equal(won, 1);
            for (const r of results) {
                if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'ETAG_CONFLICT');
            }
        });

        it('loses no increments when concurrent writers re-read and retry on conflict', async () => {
            await store.write({ counter: { n: 0 } });
            const increment = async () => {
                for (;;) {
                    const items = await store.read(['counter']);
                    try {
                        await store.write({ counter: { ...items.counter, n: items.counter.n + 1 } });
                        return;
                    } catch (err) {
                        if ((err as { code?: string }).code !== 'ETAG_CONFLICT') throw err;
                    }
                }
            };
            await Promise.all(Array.from({ length: 8 }, increment));
            assert.equal((await store.read(['counter'])).counter.n, 8);
        });
    });
}
