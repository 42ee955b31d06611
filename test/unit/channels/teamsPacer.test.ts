import assert from 'node:assert/strict';
import { TeamsPacer } from '../../../bot/channels/teamsPacer';

/** A pacer on a virtual clock: sleeping moves the clock, so a minute of pacing takes no real time. */
function virtualPacer() {
    let now = 0;
    const pacer = new TeamsPacer({
        clock: () => now,
        sleep: async (ms) => {
            now += ms;
        },
    });
    return { pacer, at: () => now };
}

describe('TeamsPacer (Teams rate limits per conversation and per tenant)', () => {
    it('lets 7 sends per second into one conversation, and at most 8 in any 2 s', async () => {
        const { pacer, at } = virtualPacer();
        const times: number[] = [];
        for (let i = 0; i < 20; i++) {
            await pacer.acquire('19:kanaal', 'tenant');
            times.push(at());
        }
        for (let i = 0; i < times.length; i++) {
            const inOneSecond = times.filter((t) => t > times[i]! - 1000 && t <= times[i]!).length;
            const inTwoSeconds = times.filter((t) => t > times[i]! - 2000 && t <= times[i]!).length;
            assert.ok(inOneSecond <= 7, `at ${times[i]}: ${inOneSecond} in 1 s`);
            assert.ok(inTwoSeconds <= 8, `at ${times[i]}: ${inTwoSeconds} in 2 s`);
        }
        // Ordinary sends leave one of the 7 per second free for an urgent one.
        assert.deepEqual(times.slice(0, 6), [0, 0, 0, 0, 0, 0], 'a short burst is not delayed');
        assert.ok((times[6] ?? 0) > 0, 'the 7th ordinary send waits: the reserve is for urgent sends');
    });

    it('an urgent send (acute danger) does not wait behind a burst: it takes the reserve of every window', async () => {
        const { pacer, at } = virtualPacer();
        // 54 ordinary sends fill the 30 s window up to its reserve (60 minus 6).
        for (let i = 0; i < 54; i++) await pacer.acquire('19:druk', 'tenant');
        const filled = at();
        await pacer.acquire('19:druk', 'tenant', { urgent: true });
        assert.equal(at(), filled, 'the urgent send went at once');
        await pacer.acquire('19:druk', 'tenant');
        assert.ok(at() >= 30_000, `the next ordinary send waited for the 30 s window (${at()})`);
    });

    it('keeps 60 per 30 s per conversation, and other conversations are not held up by a busy one', async () => {
        const { pacer, at } = virtualPacer();
        for (let i = 0; i < 55; i++) await pacer.acquire('19:druk', 'tenant');
        assert.ok(at() >= 30_000, `the 55th ordinary send waited for the 30 s window (${at()})`);
        const before = at();
        await pacer.acquire('19:rustig', 'tenant');
        assert.equal(at(), before, 'a quiet conversation goes at once');
    });

    it('keeps 50 per second per tenant across conversations (45 ordinary, the rest for urgent sends)', async () => {
        const { pacer, at } = virtualPacer();
        for (let i = 0; i < 45; i++) await pacer.acquire(`a:chat-${i}`, 'tenant');
        assert.equal(at(), 0);
        for (let i = 45; i < 50; i++) await pacer.acquire(`a:chat-${i}`, 'tenant', { urgent: true });
        assert.equal(at(), 0, 'urgent sends use the reserve at once');
        await pacer.acquire('a:chat-51', 'tenant', { urgent: true });
        assert.ok(at() >= 1000, 'the 51st in a second waits, urgent or not');
    });
});
