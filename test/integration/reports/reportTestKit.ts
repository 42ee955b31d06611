import sinon from 'sinon';
import { createSilentLogger } from '../../../bot/logger';
import type { ChannelDirectory, ChannelPost, CoordinatorDirectory, ReportChannelSender } from '../../../bot/reports/ports';
import { ReferenceAllocator } from '../../../bot/reports/referenceAllocator';
import { StoredReportService } from '../../../bot/reports/reportService';
import { ReportStore } from '../../../bot/storage/tables/tableReportStore';
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
    const store = new ReportStore(factory);
    const references = new ReferenceAllocator(factory, { clock: clock.now });
    const afterSubmit = sinon.spy();
    const service = new StoredReportService({ store, references, channels, coordinators, logger: createSilentLogger(), clock: clock.now, afterSubmit });
    return { factory, store, references, service, clock, afterSubmit };
}

let posts = 0;
export function okPost(): ChannelPost {
    posts++;
    return { conversationId: '19:channel@thread.tacv2', activityId: `1700000000${String(posts).padStart(3, '0')}` };
}

export function fakeSender(): sinon.SinonStub<Parameters<ReportChannelSender['postNewThread']>, ReturnType<ReportChannelSender['postNewThread']>> & ReportChannelSender['postNewThread'] {
    return sinon.stub<Parameters<ReportChannelSender['postNewThread']>, ReturnType<ReportChannelSender['postNewThread']>>();
}
