import path from 'node:path';
import { startAzurite, type RunningAzurite } from '../../bot/storage/azuriteProcess';

/**
 * How the bench's Azurite answers point reads (GET by PartitionKey + RowKey, and a query filtering on exactly
 * those two): `indexed` loads azuritePointReads.cjs into the Azurite child (a keyed lookup, as on Azure Table
 * storage); `stock` is Azurite as shipped (cost grows with the rows sharing the RowKey, or the whole table).
 */
export type PointReads = 'indexed' | 'stock';

export const POINT_READS_PRELOAD = path.join(__dirname, 'azuritePointReads.cjs');

/**
 * An in-memory Azurite for a bench. startAzurite (bot/storage/azuriteProcess.ts) passes the environment on to
 * its child, so the preload goes in through NODE_OPTIONS for the spawn only; the bot's own start is untouched.
 */
export async function startBenchAzurite(pointReads: PointReads): Promise<RunningAzurite> {
    if (pointReads === 'stock') return startAzurite({ inMemory: true });
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${before ? `${before} ` : ''}--require ${JSON.stringify(POINT_READS_PRELOAD)}`;
    try {
        return await startAzurite({ inMemory: true });
    } finally {
        if (before === undefined) delete process.env.NODE_OPTIONS;
        else process.env.NODE_OPTIONS = before;
    }
}
