/**
 * Keeps the report indexes (tableReportIndexes.ts) whole: at start the one-time migration of a store
 * that has none yet (leased through TableScheduledRuns, so one instance does it; it is idempotent, so a
 * lease that runs out does no harm), then every minute the repair pass over the hints that a crash or a
 * storage failure between a report's write and its index sync left behind.
 */
import type { Logger } from '../../domain/ports';
import { INDEX_BACKFILL_KEY } from './tableReportIndexes';
import type { TableReportStore } from './tableReportStore';
import type { TableScheduledRuns } from './tableScheduledRuns';

/** Longer than the migration takes at municipal volumes; a second instance after it only repeats idempotent work. */
const MIGRATION_LEASE_MS = 60 * 60 * 1000;
const REPAIR_INTERVAL_MS = 60 * 1000;
/** Hints younger than this belong to a sync that is probably still running. */
const REPAIR_GRACE_MS = 30 * 1000;

export class ReportIndexMaintenance {
    constructor(
        private readonly store: TableReportStore,
        private readonly runs: TableScheduledRuns,
        private readonly instanceId: string,
        private readonly logger: Logger,
        private readonly clock: () => Date = () => new Date(),
    ) {}

    /** Runs the migration unless it is done or another instance holds it; true when this call did it. */
    async migrate(): Promise<boolean> {
        if (await this.store.indexes.ready()) return false;
        const claimed = await this.runs.claim(INDEX_BACKFILL_KEY, this.instanceId, new Date(this.clock().getTime() + MIGRATION_LEASE_MS));
        if (!claimed) return false;
        const started = Date.now();
        try {
            const reports = await this.store.migrateIndexes();
            await this.store.indexes.idle();
            await this.runs.complete(INDEX_BACKFILL_KEY, this.instanceId);
            this.logger.info({ job: 'report-indexes', reports, ms: Date.now() - started, event: 'indexes.migrated' }, 'report indexes built');
            return true;
        } catch (err) {
            await this.runs.release(INDEX_BACKFILL_KEY, this.instanceId).catch(() => undefined);
            throw err;
        }
    }

    repair(graceMs = REPAIR_GRACE_MS): Promise<number> {
        return this.store.indexes.repair(graceMs);
    }

    /** `firstRun` resolves when the run at start (migration and repair) has finished, however it ended. */
    job(): { name: string; start(): void; stop(): Promise<void>; firstRun(): Promise<void> } {
        let timer: NodeJS.Timeout | undefined;
        let running: Promise<unknown> = Promise.resolve();
        let first: Promise<unknown> | undefined;
        let opened = false;
        const tick = () => {
            running = running
                .then(async () => {
                    if (!opened) await this.store.openTables();
                    opened = true;
                })
                .then(async () => ({ migrated: (await this.migrate()) ? 1 : 0, repaired: await this.repair() }))
                .then((counts) => {
                    if (counts.migrated || counts.repaired) this.logger.info({ job: 'report-indexes', ...counts }, 'job finished');
                })
                .catch((err: unknown) => this.logger.warn({ job: 'report-indexes', outcome: 'failed', code: (err as { code?: unknown }).code }, 'index job failed; next minute tries again'));
        };
        return {
            name: 'report-indexes',
            start() {
                tick();
                first = running;
                timer = setInterval(tick, REPAIR_INTERVAL_MS);
                timer.unref();
            },
            firstRun: async () => {
                await first;
            },
            stop: async () => {
                if (timer) clearInterval(timer);
                await running;
                await this.store.indexes.idle();
            },
        };
    }
}
