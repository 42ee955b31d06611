/**
 * The Monday digest on Azurite: due from Monday 09:00 (Amsterdam), once per municipality with its own
 * channel, exactly once across two instances and after a failed post; counts and references only.
 */
import assert from 'node:assert/strict';
import { createSilentLogger } from '../../../bot/logger';
import type { ChannelDirectory, ReportChannelSender } from '../../../bot/reports/ports';
import { WeeklyDigest, digestText, digestWeekOf } from '../../../bot/reports/weeklyDigest';
import { TableScheduledRuns } from '../../../bot/storage/tables/tableScheduledRuns';
import { DeliveryError } from '../../../bot/reports/ports';
import { REPORTER, OTHER_REPORTER, sampleDraft } from '../../unit/reports/reportFixtures';
import { ManualClock, reportKit } from './reportTestKit';

const channels: ChannelDirectory = { targetFor: async (m) => ({ kind: m === 'Brummen' || m === 'Zutphen' ? 'bound' : 'fallback' }) };

describe('Weekly digest (Monday 09:00, exactly once per municipality)', () => {
    it('knows the week: nothing before Monday 09:00 or at the weekend, the Monday for the rest of the week', () => {
        assert.equal(digestWeekOf(new Date('2026-03-16T07:59:00.000Z')), undefined, 'Monday 08:59 in Amsterdam');
        assert.equal(digestWeekOf(new Date('2026-03-16T08:00:00.000Z')), '2026-03-16', 'Monday 09:00');
        assert.equal(digestWeekOf(new Date('2026-03-19T15:00:00.000Z')), '2026-03-16', 'Thursday: the bot was down on Monday');
        assert.equal(digestWeekOf(new Date('2026-03-21T10:00:00.000Z')), undefined, 'Saturday');
    });

    it('posts one digest per own channel, once across two instances, again after a failed post, and next week again', async () => {
        const clock = new ManualClock(Date.parse('2026-03-16T07:30:00.000Z')); // Monday 08:30 Amsterdam
        const kit = await reportKit('digest', clock);
        await kit.service.submit(sampleDraft({ municipality: 'Zutphen' }), REPORTER, 'sub-digest-00001');
        await kit.service.submit(sampleDraft({ municipality: 'Zutphen', acuteDanger: true }), OTHER_REPORTER, 'sub-digest-00002');
        const posted: { municipality: string; text: string }[] = [];
        let failBrummen = true;
        const sender: ReportChannelSender = {
            postNewThread: async (municipality, card) => {
                if (municipality === 'Brummen' && failBrummen) throw new DeliveryError('down', { status: 503 });
                posted.push({ municipality, text: JSON.stringify(card) });
                return { conversationId: `19:${municipality}`, activityId: String(posted.length), kind: 'bound' };
            },
        };
        const instance = (id: string) =>
            new WeeklyDigest({ runs: new TableScheduledRuns(kit.factory, clock.now), reports: kit.store, channels, sender, renderDigest: (text) => ({ text }), instanceId: id, logger: createSilentLogger(), clock: clock.now });
        const a = instance('a');
        const b = instance('b');

        assert.equal(await a.runDue(), 0, 'not before 09:00');
        clock.advance(30 * 60_000);
        const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
        assert.equal(ra + rb, 1, 'Zutphen once; Brummen failed; Lochem and Voorst have no own channel');
        failBrummen = false;
        clock.advance(5 * 60_000);
        assert.equal((await a.runDue()) + (await b.runDue()), 1, 'Brummen after its failure, once');
        assert.equal((await a.runDue()) + (await b.runDue()), 0, 'nothing more this week');
        assert.deepEqual(posted.map((p) => p.municipality).sort(), ['Brummen', 'Zutphen']);
        const zutphen = posted.find((p) => p.municipality === 'Zutphen')?.text ?? '';
        assert.match(zutphen, /2 open meldingen/);
        assert.match(zutphen, /mogelijk acuut gevaar/);
        assert.doesNotMatch(zutphen, new RegExp(sampleDraft().description.slice(0, 15)), 'no content');

        clock.advance(7 * 24 * 3600 * 1000);
        assert.equal((await a.runDue()) + (await b.runDue()), 2, 'next Monday: both again');
    });

    it('says so when nothing is open, and counts the questions that wait for an answer', () => {
        assert.match(digestText('Voorst', [], new Date()), /geen open meldingen/);
        assert.doesNotMatch(digestText('Voorst', [], new Date()), /Vragen/);
        assert.match(digestText('Voorst', [], new Date(), 2), /Vragen van collega's die op antwoord wachten: 2/);
    });
});
