import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createSilentLogger } from '../../../bot/logger';
import { createReporting } from '../../../bot/app';
import { freshTables } from '../../support/testAzurite';
import { REPORTER, sampleDraft } from '../../unit/reports/reportFixtures';
import { channels, coordinators, ManualClock, okPost } from './reportTestKit';

describe('createReporting on Azurite', () => {
    it('wires service and worker: a submit is posted once to the channel without waiting for a poll', async () => {
        const { factory } = await freshTables('rwire');
        const postNewThread = sinon.stub().callsFake(async () => okPost());
        const clock = new ManualClock();
        const reporting = createReporting({ tables: factory, channels, coordinators, sender: { postNewThread }, logger: createSilentLogger(), clock: clock.now, worker: { pollIntervalMs: 60_000 } });
        reporting.worker.start();
        try {
            const { report } = await reporting.service.submit(sampleDraft(), REPORTER, 'sub-wired-00001');
            const deadline = Date.now() + 5000;
            while ((await reporting.service.get(report.reportId))?.delivery.state !== 'bezorgd') {
                assert.ok(Date.now() < deadline, 'delivered within 5 s');
                await new Promise((r) => setTimeout(r, 10));
            }
            assert.equal(postNewThread.callCount, 1);
            assert.equal(postNewThread.firstCall.args[0], 'Zutphen');
        } finally {
            await reporting.worker.stop();
        }
    });
});
