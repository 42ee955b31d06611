import sinon from 'sinon';
import { createSilentLogger } from '../../../bot/logger';
import type { ChannelDirectory, ChannelPost, CoordinatorDirectory, ReportChannelSender } from '../../../bot/reports/ports';
import { ReferenceAllocator } from '../../../bot/reports/referenceAllocator';
import { TableReferenceCounter } from '../../../bot/storage/tables/tableReferenceCounter';
import { StoredReportService, type ImmediateDelivery } from '../../../bot/reports/reportService';
import { TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import type { TableClientFactory } from '../../../bot/storage/tableClientFactory';
import { freshTables } from '../../support/testAzurite';
import { FIXED_NOW } from '../../unit/reports/reportFixtures';

/** A clock the test moves by hand. */
export class ManualClock {
    constructor(public ms = FIXED_NOW.getTime()) {}
    readonly now = (): Date => new Date(this.ms);
    advance(ms: number): void {
        this.ms += ms;
    }
}

export const channels: ChannelDirectory = {
    targetFor: async (m) => (m === 'Brummen' ? { kind: 'fallback' } : { kind: 'bound' }),
};

export const coordinators: CoordinatorDirectory = {
    contactFor: (m) => ({ name: `Aandachtfunctionaris ${m}`, email: `mensenhandel@${m.toLowerCase()}.nl` }),
};

export async function reportKit(label: string, clock = new ManualClock()) {
    const { factory } = await freshTables(label);
    return kitOn(factory, clock);
}

export function kitOn(factory: TableClientFactory, clock = new ManualClock()) {
    const store = new TableReportStore(factory);
    const references = new ReferenceAllocator(new TableReferenceCounter(factory), { clock: clock.now });
    const afterSubmit = sinon.spy();
    const service = new StoredReportService({ store, references, channels, coordinators, logger: createSilentLogger(), clock: clock.now, delivery: recordingDelivery(afterSubmit) });
    return { factory, store, references, service, clock, afterSubmit };
}

/**
 * Stands in for the outbox worker's immediate delivery: records which new reports were handed over.
 * Its lease has run out already, so a worker in the test treats the rows like any other.
 */
export function recordingDelivery(onStored: (reportId: string) => void): ImmediateDelivery {
    return {
        leaseForNew: () => ({ owner: 'test-kit', until: new Date(0).toISOString() }),
        deliverNow: (created) => onStored(created.stored.report.reportId),
    };
}

let posts = 0;
export function okPost(): ChannelPost {
    posts++;
    return { conversationId: '19:channel@thread.tacv2', activityId: `1700000000${String(posts).padStart(3, '0')}`, kind: 'bound' };
}

export function fakeSender(): sinon.SinonStub<Parameters<ReportChannelSender['postNewThread']>, ReturnType<ReportChannelSender['postNewThread']>> & ReportChannelSender['postNewThread'] {
    return sinon.stub<Parameters<ReportChannelSender['postNewThread']>, ReturnType<ReportChannelSender['postNewThread']>>();
}
