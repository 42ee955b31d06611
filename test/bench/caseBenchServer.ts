/**
 * The bot for `npm run bench:cases`, in its own process as in production (the load generator and the
 * fake connector must not share its event loop). Reads its storage and organisation file from the
 * parent's environment, tells the parent its URL over IPC, and stops on 'stop'.
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
            STORAGE_CONNECTION_STRING: process.env.CASE_BENCH_STORAGE ?? '',
            TABLE_PREFIX: process.env.CASE_BENCH_PREFIX ?? 'casebench',
            ORGANISATION_FILE: process.env.CASE_BENCH_ORGANISATION ?? '',
        },
        ['--local'],
    );
    if (config.storage.kind !== 'connectionString') throw new Error('bench server needs CASE_BENCH_STORAGE');
    const app = buildApp(config, createTableClientFactory(config.storage, config.tablePrefix), createSilentLogger(), {
        outbox: { pollIntervalMs: 200, baseDelayMs: 20, maxDelayMs: 200 },
    });
    const url = await app.listen();
    process.on('message', (message) => {
        if (message === 'stop') void app.close().then(() => process.exit(0));
    });
    process.send?.({ url, pid: process.pid });
}

main().catch((err: unknown) => {
    process.send?.({ error: (err as Error).message });
    process.exit(1);
});
