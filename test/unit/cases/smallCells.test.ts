import assert from 'node:assert/strict';
import { computeStatistics, countModel, protectedStatistics, exactStatistics, statisticsCsv, type PublishedStatistics, type ShownCount } from '../../../bot/cases/caseStatistics';
import { SMALL_CELL_LIMIT } from '../../../bot/cases/smallCells';
import { protectCounts, type CountModel } from '../../../bot/cases/smallCells';
import type { ExploitationForm, Municipality } from '../../../bot/domain/vocabulary';
import type { Report, ReportStatus } from '../../../bot/reports/reportModel';
import { sampleReport } from '../reports/reportFixtures';

const ALL: Municipality[] = ['Brummen', 'Lochem', 'Voorst', 'Zutphen'];

function reports(spec: { municipality: Municipality; n: number; month: string; forms?: ExploitationForm[]; status?: ReportStatus }[]): Report[] {
    const out: Report[] = [];
    for (const s of spec) {
        for (let k = 0; k < s.n; k++) {
            out.push(
                sampleReport({
                    reportId: out.length.toString(16).padStart(32, '0'),
                    municipality: s.municipality,
                    forms: s.forms ?? ['arbeid'],
                    status: s.status ?? 'nieuw',
                    submittedAt: `2026-${s.month}-10T10:00:00.000Z`,
                }),
            );
        }
    }
    return out;
}

const exact = (c: ShownCount) => c.value;
const municipality = (p: PublishedStatistics, m: Municipality) => p.perMunicipality.find((x) => x.municipality === m)!.count;
const cellOf = (p: PublishedStatistics, period: string, m: Municipality) => p.perPeriodMunicipality.find((x) => x.period === period && x.municipality === m)!.count;

/** Every text a protected view shows: numbers of 5 and more, "< 5" or "x"; never 1..4. */
function allCounts(p: PublishedStatistics): ShownCount[] {
    return [p.total, ...p.perMunicipality.map((x) => x.count), ...p.perStatus.map((x) => x.count), ...p.perForm.map((x) => x.count), ...p.perPeriodMunicipality.map((x) => x.count), ...p.rows.map((x) => x.count)];
}

describe('small-cell protection', () => {
    // Brummen 6, Lochem 7, Zutphen 8, Voorst 2: the regional total would give Voorst back.
    const data = reports([
        { municipality: 'Brummen', n: 6, month: '01' },
        { municipality: 'Lochem', n: 7, month: '02' },
        { municipality: 'Zutphen', n: 8, month: '01' },
        { municipality: 'Voorst', n: 2, month: '02', forms: ['seksueel'] },
    ]);

    it('shows every count below 5 (zero included) as "< 5", never the number', () => {
        const p = protectedStatistics(data, 'kwartaal', ALL);
        // "< 5", or "x" when the combined check had to hide it further: never the number.
        assert.ok(['< 5', 'x'].includes(municipality(p, 'Voorst').text), municipality(p, 'Voorst').text);
        assert.equal(p.perForm.find((f) => f.form === 'orgaan')!.count.text, '< 5', 'zero too');
        for (const c of allCounts(p)) {
            assert.ok(c.text === '< 5' || c.text === 'x' || Number(c.text) >= 5, `shown: ${c.text}`);
            if (c.value !== undefined) assert.ok(c.value >= 5);
        }
        const csv = statisticsCsv(p);
        assert.match(csv, /2026-K1;Voorst;seksueel;nieuw;< 5/);
        assert.doesNotMatch(csv, /;[1-4]\r\n/);
    });

    it('does not let a small count be recovered by subtracting the shown municipalities from the shown total', () => {
        const p = protectedStatistics(data, 'kwartaal', ALL);
        const total = exact(p.total);
        const shown = ALL.map((m) => exact(municipality(p, m)));
        const unknown = shown.filter((v) => v === undefined).length;
        // Either the total is not exact, or at least two municipalities are not: total - shown is then a sum of two unknowns.
        assert.ok(total === undefined || unknown >= 2, `total ${total}, municipalities ${JSON.stringify(shown)}`);
        // Without the complementary suppression exactly this would leak: 23 - 6 - 7 - 8 = 2.
        const naive = exactStatistics(data, 'kwartaal', ALL);
        assert.equal(exact(naive.total)! - exact(municipality(naive, 'Brummen'))! - exact(municipality(naive, 'Lochem'))! - exact(municipality(naive, 'Zutphen'))!, 2);
        // The same holds in the period table: one quarter, so its cells repeat the municipalities.
        const perPeriod = ALL.map((m) => exact(cellOf(p, '2026-K1', m)));
        assert.ok(total === undefined || perPeriod.filter((v) => v === undefined).length >= 2);
    });

    it('does not let a month be recovered from its quarter minus the other months (both granularities are one model)', () => {
        // Brummen: January 6, February 2, March 7 -> the quarter (15) minus January and March gives February.
        const brummen = reports([
            { municipality: 'Brummen', n: 6, month: '01' },
            { municipality: 'Brummen', n: 2, month: '02' },
            { municipality: 'Brummen', n: 7, month: '03' },
            { municipality: 'Lochem', n: 9, month: '01' },
        ]);
        const months = protectedStatistics(brummen, 'maand', ALL);
        const quarters = protectedStatistics(brummen, 'kwartaal', ALL);
        assert.equal(cellOf(months, '2026-02', 'Brummen').text, '< 5');
        const quarter = exact(cellOf(quarters, '2026-K1', 'Brummen'));
        const jan = exact(cellOf(months, '2026-01', 'Brummen'));
        const mar = exact(cellOf(months, '2026-03', 'Brummen'));
        assert.ok(quarter === undefined || jan === undefined || mar === undefined, `quarter ${quarter}, jan ${jan}, mar ${mar}`);
        // The detail rows (the CSV) obey the same: quarter row minus month rows.
        const qRow = quarters.rows.find((r) => r.municipality === 'Brummen')!.count.value;
        const mRows = months.rows.filter((r) => r.municipality === 'Brummen').map((r) => r.count.value);
        assert.ok(qRow === undefined || mRows.filter((v) => v === undefined).length >= 2);
    });

    it('hides the total when two small parts are pinned at their maximum (8 = 4 + 4)', () => {
        const model: CountModel = { values: new Map([['T', 8], ['A', 4], ['B', 4]]), relations: [{ kind: 'sum', total: 'T', parts: ['A', 'B'] }] };
        const state = protectCounts(model);
        assert.deepEqual(Object.fromEntries(state), { T: 'hidden', A: 'small', B: 'small' });
        // With a zero next to them, 8 no longer pins A and B (0..4 each, 8 = A + B + C): nothing more to hide.
        const spread = protectCounts({ values: new Map([['T', 8], ['A', 4], ['B', 4], ['C', 0]]), relations: [{ kind: 'sum', total: 'T', parts: ['A', 'B', 'C'] }] });
        assert.equal(spread.get('T'), 'exact');
    });

    it('hides a second part rather than the total when there is one, the smallest first', () => {
        const model: CountModel = {
            values: new Map([['T', 20], ['A', 6], ['B', 12], ['C', 2]]),
            relations: [{ kind: 'sum', total: 'T', parts: ['A', 'B', 'C'] }],
        };
        assert.deepEqual(Object.fromEntries(protectCounts(model)), { T: 'exact', A: 'hidden', B: 'exact', C: 'small' });
    });

    it('treats a listed row as at least 1: 7 - 5 leaves 2 for two rows, so both would be 1; one more cell is hidden', () => {
        const model: CountModel = {
            values: new Map([['F', 7], ['r1', 5], ['r2', 1], ['r3', 1]]),
            floors: new Map([['r1', 1], ['r2', 1], ['r3', 1]]),
            relations: [{ kind: 'sum', total: 'F', parts: ['r1', 'r2', 'r3'] }],
        };
        const state = protectCounts(model);
        assert.ok(state.get('F') !== 'exact' || state.get('r1') !== 'exact', 'F and r1 both exact would pin r2 = r3 = 1');
        assert.equal(state.get('r2'), 'small');
    });

    it('keeps everything exact for the own-municipality card, and protects the CSV of that same municipality', () => {
        const own = reports([{ municipality: 'Brummen', n: 2, month: '01' }]);
        const card = exactStatistics(own, 'kwartaal', ['Brummen']);
        assert.equal(card.total.text, '2');
        assert.deepEqual(card.municipalities, ['Brummen']);
        assert.match(statisticsCsv(protectedStatistics(own, 'kwartaal', ['Brummen'])), /2026-K1;Brummen;arbeid;nieuw;< 5/);
    });

    it('counts only the municipalities of the view', () => {
        const p = protectedStatistics(data, 'kwartaal', ['Brummen', 'Lochem']);
        assert.deepEqual(p.perMunicipality.map((x) => x.municipality), ['Brummen', 'Lochem']);
        assert.ok(p.rows.every((r) => r.municipality === 'Brummen' || r.municipality === 'Lochem'));
        assert.ok(p.total.value === undefined || p.total.value === 13);
    });

    it('leaves no small count that the month card, the quarter card and the CSV pin down together (300 seeded report sets)', () => {
        let seed = 7;
        const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
        const all: Municipality[] = ['Brummen', 'Lochem', 'Voorst', 'Zutphen'];
        const forms: ExploitationForm[] = ['seksueel', 'crimineel', 'arbeid', 'orgaan', 'onbekend'];
        const statuses: ReportStatus[] = ['nieuw', 'in_behandeling', 'doorgezet', 'afgesloten'];
        for (let trial = 0; trial < 300; trial++) {
            const munis = rnd() < 0.5 ? all : all.slice(0, 2);
            const set = Array.from({ length: 5 + Math.floor(rnd() * 60) }, (_, i) =>
                sampleReport({
                    reportId: String(i).padStart(32, '0'),
                    municipality: pick(munis),
                    forms: rnd() < 0.2 ? [pick(forms), pick(forms)] : [pick(forms)],
                    status: pick(statuses),
                    submittedAt: `2026-0${1 + Math.floor(rnd() * 6)}-15T10:00:00.000Z`,
                }),
            );
            const model = countModel({ maand: computeStatistics(set, 'maand', munis), kwartaal: computeStatistics(set, 'kwartaal', munis) }, munis);
            const state = protectCounts(model);
            // What a reader can derive: propagate bounds over every relation at once.
            const lo = new Map<string, number>();
            const hi = new Map<string, number>();
            for (const [k, v] of model.values) {
                const st = state.get(k) ?? 'exact';
                const f = model.floors?.get(k) ?? 0;
                lo.set(k, st === 'exact' ? v : f);
                hi.set(k, st === 'exact' ? v : st === 'small' ? SMALL_CELL_LIMIT - 1 : Infinity);
            }
            const L = (k: string) => lo.get(k) ?? 0;
            const H = (k: string) => hi.get(k) ?? 0;
            for (let round = 0; round < 100; round++) {
                for (const r of model.relations) {
                    const sLo = r.parts.reduce((a, p) => a + L(p), 0);
                    const sHi = r.parts.reduce((a, p) => a + H(p), 0);
                    hi.set(r.total, Math.min(H(r.total), sHi));
                    for (const p of r.parts) lo.set(p, Math.max(L(p), L(r.total) - (sHi - H(p))));
                    if (r.kind === 'sum') {
                        lo.set(r.total, Math.max(L(r.total), sLo));
                        for (const p of r.parts) hi.set(p, Math.min(H(p), H(r.total) - (sLo - L(p))));
                    }
                }
            }
            for (const k of model.values.keys()) {
                if ((state.get(k) ?? 'exact') === 'exact') continue;
                assert.ok(!(L(k) >= H(k) && L(k) > 0), `trial ${trial}: ${k} is pinned to ${L(k)}`);
            }
        }
    });
});
