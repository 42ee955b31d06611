import { randomBytes } from 'node:crypto';
import { startAzurite, type RunningAzurite } from '../../bot/storage/azuriteProcess';
import { createTableClientFactory, type TableClientFactory } from '../../bot/storage/tableClientFactory';

/**
 * One in-memory Azurite for the whole mocha run, started on first use on a free port and stopped by
 * the root hook in test/support/mochaHooks.ts. Each caller gets its own table prefix, so tests never
 * see each other's rows.
 */
let running: Promise<RunningAzurite> | undefined;

export function testAzurite(): Promise<RunningAzurite> {
    running ??= startAzurite({ inMemory: true });
    return running;
}

export function uniquePrefix(label = 't'): string {
    return `${label.replace(/[^A-Za-z]/g, '').slice(0, 8) || 't'}${randomBytes(4).toString('hex')}`;
}

/** A TableClientFactory on the shared Azurite with a fresh prefix. */
export async function freshTables(label?: string): Promise<{ factory: TableClientFactory; prefix: string; connectionString: string }> {
    const azurite = await testAzurite();
    const prefix = uniquePrefix(label);
    return {
        factory: createTableClientFactory({ kind: 'connectionString', connectionString: azurite.connectionString }, prefix),
        prefix,
        connectionString: azurite.connectionString,
    };
}

export async function stopTestAzurite(): Promise<void> {
    if (!running) return;
    const azurite = await running;
    running = undefined;
    await azurite.stop();
}
