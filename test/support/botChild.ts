/**
 * The bot in a child process of its own, for tests that kill it (SIGKILL, no goodbye) and start another.
 * Production code and timings, except the outbox lease and poll, which come from the parent scaled down
 * (BOT_CHILD_LEASE_MS, BOT_CHILD_POLL_MS) so a crash test waits seconds, not the production 15 s.
 * Tells the parent its URL over IPC.
 */
import { buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createSilentLogger } from '../../bot/logger';
import { createTableClientFactory } from '../../bot/storage/tableClientFactory';

async function main(): Promise<void> {
    const config = loadConfig(
        {
            PORT: '0',
            HOST: '127.0.0.1',
            LOG_LEVEL: 'silent',
            STORAGE_CONNECTION_STRING: process.env.BOT_CHILD_STORAGE ?? '',
            TABLE_PREFIX: process.env.BOT_CHILD_PREFIX ?? 'child',
            REPORT_RATE_LIMIT_PER_HOUR: '100',
        },
        ['--local'],
    );
    if (config.storage.kind !== 'connectionString') throw new Error('the child bot needs BOT_CHILD_STORAGE');
    const app = buildApp(config, createTableClientFactory(config.storage, config.tablePrefix), createSilentLogger(), {
        outbox: { leaseMs: Number(process.env.BOT_CHILD_LEASE_MS ?? 15_000), pollIntervalMs: Number(process.env.BOT_CHILD_POLL_MS ?? 10_000), baseDelayMs: 200, maxDelayMs: 1000 },
    });
    const url = await app.listen();
    process.send?.({ url });
}

main().catch((err: unknown) => {
    process.send?.({ error: (err as Error).message });
    process.exit(1);
});
