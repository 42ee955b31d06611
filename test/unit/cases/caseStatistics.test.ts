import assert from 'node:assert/strict';
import { computeStatistics, periodOf, protectedStatistics, statisticsCsv } from '../../../bot/cases/caseStatistics';
import { sampleReport } from '../reports/reportFixtures';

describe('case statistics', () => {
    it('assigns periods in Dutch time (a report just after midnight on 1 April is Q2)', () => {
        assert.equal(periodOf('2026-03-31T22:30:00.000Z', 'maand'), '2026-04');
        assert.equal(periodOf('2026-03-31T22:30:00.000Z', 'kwartaal'), '2026-K2');
        assert.equal(periodOf('2026-03-31T21:30:00.000Z', 'kwartaal'), '2026-K1');
        assert.equal(periodOf('2026-12-31T12:00:00.000Z', 'kwartaal'), '2026-K4');
        assert.equal(periodOf('kapot', 'maand'), 'onbekend');
    });

    it('counts per municipality x form x status x period; a report with two forms counts under both, once in the totals', () => {
        const reports = [
            sampleReport({ reportId: 'a'.repeat(32), municipality: 'Brummen', forms: ['arbeid', 'seksueel'], status: 'nieuw', submittedAt: '2026-01-10T10:00:00.000Z' }),
            sampleReport({ reportId: 'b'.repeat(32), municipality: 'Brummen', forms: ['arbeid'], status: 'nieuw', submittedAt: '2026-02-10T10:00:00.000Z' }),
            sampleReport({ reportId: 'c'.repeat(32), municipality: 'Zutphen', forms: [], status: 'afgesloten', submittedAt: '2026-04-02T10:00:00.000Z' }),
        ];
        const stats = computeStatistics(reports, 'kwartaal');
        assert.equal(stats.totalReports, 3);
        assert.deepEqual(stats.perMunicipality, { Brummen: 2, Lochem: 0, Voorst: 0, Zutphen: 1 });
        assert.deepEqual(stats.perForm, { seksueel: 1, crimineel: 0, arbeid: 2, orgaan: 0, onbekend: 1 });
        assert.deepEqual(stats.perStatus, { nieuw: 2, in_behandeling: 0, doorgezet: 0, afgesloten: 1 });
        assert.deepEqual(stats.periods, ['2026-K1', '2026-K2']);
        assert.deepEqual(stats.rows, [
            { period: '2026-K1', municipality: 'Brummen', form: 'seksueel', status: 'nieuw', count: 1 },
            { period: '2026-K1', municipality: 'Brummen', form: 'arbeid', status: 'nieuw', count: 2 },
            { period: '2026-K2', municipality: 'Zutphen', form: 'onbekend', status: 'afgesloten', count: 1 },
        ]);
        assert.deepEqual(stats.reportsPerPeriodMunicipality.sort((x, y) => x.period.localeCompare(y.period)), [
            { period: '2026-K1', municipality: 'Brummen', count: 2 },
            { period: '2026-K2', municipality: 'Zutphen', count: 1 },
        ]);
        // The CSV has the same rows, every small count as "< 5".
        assert.equal(
            statisticsCsv(protectedStatistics(reports, 'kwartaal', ['Brummen', 'Lochem', 'Voorst', 'Zutphen'])),
            'periode;gemeente;vorm;status;aantal\r\n2026-K1;Brummen;seksueel;nieuw;< 5\r\n2026-K1;Brummen;arbeid;nieuw;< 5\r\n2026-K2;Zutphen;onbekend;afgesloten;< 5\r\n',
        );
    });

    it('gives an empty CSV with only the header when there are no reports', () => {
        assert.equal(statisticsCsv(protectedStatistics([], 'maand', ['Brummen'])), 'periode;gemeente;vorm;status;aantal\r\n');
    });
});
