import assert from 'node:assert/strict';
import { exactStatistics, protectedStatistics } from '../../../bot/cases/caseStatistics';
import type { StatisticsScope } from '../../../bot/cases/statisticsScope';
import { renderCaseHistoryCard } from '../../../cards/caseHistoryCard';
import { renderCaseNoticeCard } from '../../../cards/caseNoticeCard';
import { CHART_MIN_MAXIMUM, renderOverviewCard, renderOverviewCsvCard } from '../../../cards/overviewCard';
import { renderReportChannelCard } from '../../../cards/reportChannelCard';
import { REPORT_STATUSES, type ReportStatus } from '../../../bot/reports/reportModel';
import { allStrings, FIXED_NOW, sampleReport } from '../reports/reportFixtures';

const INJECTION = '**vet** [klik](https://evil.example) <b>x</b> ${reference}';
const COORDINATORS = [
    { aadObjectId: '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f', name: 'Sanne Jansen' },
    { aadObjectId: '6f2b8c1d-3e4a-4b5c-9d6e-7f8091a2b3c4', name: 'Anne de Vries' },
];

/** The texts of a card in order, as Teams shows them (titles and values of facts too). */
function cardText(card: unknown): string {
    const parts: string[] = [];
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
            const o = node as Record<string, unknown>;
            for (const k of ['text', 'title', 'value']) if (typeof o[k] === 'string') parts.push(o[k] as string);
            for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
        }
    };
    walk(card);
    return parts.join('\n');
}
const unexpanded = (card: unknown) => allStrings(card).filter((s) => s.includes('${'));

/** Verbs of every Action.Execute anywhere in the card (also inside ShowCards). */
function verbs(card: unknown): string[] {
    const out: string[] = [];
    const walk = (n: unknown) => {
        if (Array.isArray(n)) n.forEach(walk);
        else if (n && typeof n === 'object') {
            const o = n as Record<string, unknown>;
            if (o.type === 'Action.Execute' && typeof o.verb === 'string') out.push(o.verb);
            Object.values(o).forEach(walk);
        }
    };
    walk(card);
    return out.sort();
}

/** What a coordinator who does not have the report sees, per state: Oppakken only while nobody has it. */
const BUTTONS: Record<ReportStatus, string[]> = {
    nieuw: ['case.geschiedenis', 'case.notitie', 'case.oppakken', 'case.toewijzen', 'case.vraagMelder'],
    in_behandeling: ['case.afsluiten', 'case.doorzetten', 'case.geschiedenis', 'case.notitie', 'case.toewijzen', 'case.vraagMelder'],
    doorgezet: ['case.afsluiten', 'case.doorzetten', 'case.geschiedenis', 'case.notitie', 'case.toewijzen', 'case.vraagMelder'],
    afgesloten: ['case.geschiedenis', 'case.heropenen'],
};
/** The one primary action per state: first, in the positive style. */
const PRIMARY: Record<ReportStatus, string> = { nieuw: 'case.oppakken', in_behandeling: 'case.doorzetten', doorgezet: 'case.afsluiten', afgesloten: 'case.heropenen' };
const ANNE_VIEW = { kind: 'coordinator' as const, aadObjectId: COORDINATORS[1].aadObjectId };

function firstVerb(action: unknown): string | undefined {
    const a = action as { verb?: string; card?: { actions?: { verb?: string }[] } };
    return a.verb ?? a.card?.actions?.[0]?.verb;
}

describe('case cards', () => {
    for (const status of REPORT_STATUSES) {
        it(`coordinator's view in "${status}" carries exactly the buttons of that state, the primary one first, each with reportId and version`, () => {
            const card = renderReportChannelCard(sampleReport({ status, handling: { version: 7 } }), { coordinators: COORDINATORS, view: ANNE_VIEW });
            assert.deepEqual(verbs(card).filter((v) => v !== 'case.kaartVerversen'), BUTTONS[status]);
            const actions = (card.actions ?? []) as { mode?: string; style?: string }[];
            assert.equal(firstVerb(actions[0]), PRIMARY[status]);
            assert.equal(actions[0].style, 'positive');
            assert.equal(actions.filter((a) => a.style === 'positive').length, 1, 'one primary action');
            // Teams shows six primary actions in a row; more go to the "…" menu (mode secondary).
            const primary = actions.filter((a) => a.mode !== 'secondary');
            assert.ok(primary.length <= 6, `Teams shows at most six primary card actions (${primary.length})`);
            assert.deepEqual(unexpanded(card), []);
            assert.match(JSON.stringify(card), /"data":\{"reportId":"0123456789abcdef0123456789abcdef","version":7\}/);
            assert.equal(card.version, '1.5');
        });

        it(`shared card in "${status}" is read-only: no case buttons, a refresh for the coordinators, "Behandelen" for clients without refresh`, () => {
            const card = renderReportChannelCard(sampleReport({ status, handling: { version: 7 } }), { coordinators: COORDINATORS, coordinatorTeamsIds: ['29:sanne', '29:anne', '29:sanne'] });
            assert.deepEqual(verbs(card), ['case.kaartVerversen', 'case.kaartVerversen'], 'only the refresh and its button');
            const refresh = card.refresh as { action: { type: string; verb: string; data: unknown }; userIds: string[] };
            assert.equal(refresh.action.type, 'Action.Execute');
            assert.deepEqual(refresh.action.data, { reportId: '0123456789abcdef0123456789abcdef', version: 7 });
            assert.deepEqual(refresh.userIds, ['29:sanne', '29:anne']);
            assert.match(cardText(card), /Alleen de aandachtfunctionarissen van Zutphen kunnen deze melding behandelen/);
            const readOnly = renderReportChannelCard(sampleReport({ status, handling: { version: 7 } }), { coordinators: COORDINATORS, view: { kind: 'readOnly' } });
            assert.deepEqual(readOnly.actions, [], 'nothing to press for someone who may not');
        });
    }

    it('lists at most 60 coordinators in the refresh (what Teams refreshes for) and none without known ids', () => {
        const many = Array.from({ length: 70 }, (_, i) => `29:c${i}`);
        const card = renderReportChannelCard(sampleReport(), { coordinatorTeamsIds: many });
        assert.equal((card.refresh as { userIds: string[] }).userIds.length, 60);
        const unknown = renderReportChannelCard(sampleReport());
        assert.equal((unknown.refresh as { userIds?: string[] }).userIds, undefined);
    });

    it('does not offer Oppakken once someone has the report, also not to the assignee', () => {
        const taken = sampleReport({ status: 'in_behandeling', handling: { version: 2, assigneeAadObjectId: COORDINATORS[0].aadObjectId, assigneeName: 'Sanne Jansen' } });
        for (const who of COORDINATORS) {
            assert.ok(!verbs(renderReportChannelCard(taken, { coordinators: COORDINATORS, view: { kind: 'coordinator', aadObjectId: who.aadObjectId } })).includes('case.oppakken'));
        }
    });

    it('headline says form, municipality and urgency', () => {
        const text = (r: Parameters<typeof renderReportChannelCard>[0]) => cardText(renderReportChannelCard(r));
        assert.match(text(sampleReport()), /^Arbeidsuitbuiting · Zutphen · niet acuut\n/);
        assert.match(text(sampleReport({ acuteDanger: true, forms: ['seksueel', 'crimineel'], municipality: 'Lochem' })), /^Seksuele uitbuiting en Criminele uitbuiting · Lochem · ACUUT GEVAAR\n/);
        assert.match(text(sampleReport({ minor: 'ja', forms: ['onbekend'] })), /^Vorm onbekend · Zutphen · minderjarige betrokken\n/);
        assert.doesNotMatch(text(sampleReport()), /Geen acuut gevaar gemeld/);
    });

    it('channel card shows status with partner, assignee, last change and escapes names and notices', () => {
        const card = renderReportChannelCard(
            sampleReport({ status: 'doorgezet', handling: { version: 2, partner: 'riec', assigneeName: INJECTION, lastChangeSummary: 'Doorgezet door X', lastChangeAt: FIXED_NOW.toISOString() } }),
            { coordinators: COORDINATORS, notice: INJECTION },
        );
        const json = JSON.stringify(card);
        assert.match(json, /Doorgezet naar ketenpartner: RIEC Oost-Nederland/);
        assert.match(json, /Doorgezet door X \(15 maart 2026/);
        assert.doesNotMatch(json, /\[klik\]\(https/);
        assert.match(json, /\\\\\*\\\\\*vet/);
    });

    it('channel card without coordinators offers no Toewijzen (nobody to choose)', () => {
        const card = renderReportChannelCard(sampleReport({ status: 'nieuw' }), { view: ANNE_VIEW });
        assert.ok(!verbs(card).includes('case.toewijzen'));
    });

    it('a purged card shows no text or reporter and no actions but Geschiedenis (for a coordinator), and no refresh', () => {
        const purged = sampleReport({ status: 'afgesloten', description: '', reporter: { aadObjectId: '', tenantId: 't' }, purgedAt: FIXED_NOW.toISOString(), handling: { version: 3 } });
        const card = renderReportChannelCard(purged, { coordinators: COORDINATORS, view: ANNE_VIEW });
        assert.deepEqual(verbs(card), ['case.geschiedenis']);
        assert.equal(card.refresh, undefined);
        assert.deepEqual(verbs(renderReportChannelCard(purged, { coordinators: COORDINATORS })), []);
        assert.match(JSON.stringify(card), /Verwijderd na de bewaartermijn/);
    });

    it('history card lists every entry with escaped notes and a way back', () => {
        const report = sampleReport({ handling: { version: 2 } });
        const card = renderCaseHistoryCard(report, [
            { version: 1, at: FIXED_NOW.toISOString(), action: 'oppakken', actorAadObjectId: 'a', actorName: 'Sanne Jansen', fromStatus: 'nieuw', toStatus: 'in_behandeling', assigneeName: 'Sanne Jansen' },
            { version: 2, at: FIXED_NOW.toISOString(), action: 'notitie', actorAadObjectId: 'a', actorName: 'Sanne Jansen', fromStatus: 'in_behandeling', toStatus: 'in_behandeling', note: INJECTION },
        ]);
        const json = JSON.stringify(card);
        assert.match(json, /Melding ontvangen/);
        assert.match(json, /Status: Nieuw → In behandeling/);
        assert.match(json, /Notitie: \\\\\*\\\\\*vet/);
        assert.deepEqual(verbs(card), ['case.kaart']);
        assert.deepEqual(unexpanded(card).filter((s) => !s.includes('reference')), []);
    });

    it('notice card escapes its text', () => {
        assert.doesNotMatch(JSON.stringify(renderCaseNoticeCard({ title: 'T', message: INJECTION })), /\[klik\]\(https/);
    });

    const BRUMMEN: StatisticsScope = { kind: 'gemeente', municipalities: ['Brummen'], exactOnCard: true };
    const REGION: StatisticsScope = { kind: 'regionaal', municipalities: ['Brummen', 'Lochem', 'Voorst', 'Zutphen'], exactOnCard: false };
    const twoReports = [
        sampleReport({ reportId: 'a'.repeat(32), municipality: 'Brummen', forms: ['orgaan'], submittedAt: '2026-02-01T10:00:00.000Z' }),
        sampleReport({ reportId: 'b'.repeat(32), municipality: 'Brummen', submittedAt: '2026-05-01T10:00:00.000Z' }),
        sampleReport({ reportId: 'c'.repeat(32), municipality: 'Voorst', submittedAt: '2026-05-01T10:00:00.000Z' }),
    ];

    it('own-municipality overview card: exact numbers of that municipality only, a grouped chart with a table fallback and a text alternative', () => {
        // Enough reports for whole-number axis steps (largest bar at least CHART_MIN_MAXIMUM).
        const many = Array.from({ length: CHART_MIN_MAXIMUM }, (_, i) => sampleReport({ reportId: i.toString(16).padStart(32, '0'), municipality: 'Brummen', submittedAt: '2026-02-01T10:00:00.000Z' }));
        const card = renderOverviewCard({ scope: BRUMMEN, stats: exactStatistics([...many, ...twoReports], 'kwartaal', ['Brummen']) }, FIXED_NOW);
        const body = card.body as { type: string; data?: unknown; fallback?: { type: string; rows?: unknown[]; columns?: unknown[] } }[];
        const grouped = body.find((b) => b.type === 'Chart.VerticalBar.Grouped');
        assert.ok(grouped);
        assert.deepEqual(grouped.data, [{ legend: 'Brummen', values: [{ x: '2026-K1', y: 11 }, { x: '2026-K2', y: 1 }] }]);
        assert.equal(grouped.fallback?.type, 'Table');
        assert.equal(grouped.fallback?.rows?.length, 3, 'header and one row per period');
        assert.deepEqual(grouped.fallback?.columns, [{ width: 2 }, { width: 1 }], 'a period column and one per municipality of the view');
        assert.ok(body.some((b) => b.type === 'Chart.VerticalBar'));
        const text = cardText(card);
        assert.match(text, /In woorden, per kwartaal: 2026-K1: Brummen 11; 2026-K2: Brummen 1\./, 'the chart as text');
        assert.match(text, /In woorden: Seksuele uitbuiting 0, Criminele uitbuiting 0, Arbeidsuitbuiting 11, Gedwongen orgaanverwijdering \(orgaanhandel\) 1, Weet ik niet 0\./);
        assert.match(text, /Deze cijfers gaan alleen over Brummen/);
        assert.match(text, /Meldingen in totaal\n12\nBrummen\n12\nNieuw/);
        assert.doesNotMatch(text, /Voorst|Lochem|Zutphen/);
        assert.deepEqual(unexpanded(card), []);
        assert.doesNotMatch(JSON.stringify(card), /Industrieterrein|Sam Toezicht|MH-2026/);
    });

    it('overview fits a normal-width card: no full width, two detail columns with room for "Aantal", no chart with fractional axis steps', () => {
        const card = renderOverviewCard({ scope: BRUMMEN, stats: exactStatistics(twoReports, 'kwartaal', ['Brummen']) }, FIXED_NOW);
        assert.equal((card as { msteams?: unknown }).msteams, undefined, 'no msteams.width: Full');
        const body = card.body as { type: string; columns?: { width: unknown }[]; rows?: { cells: { items: { text: string }[] }[] }[] }[];
        assert.ok(!body.some((b) => b.type.startsWith('Chart.')), 'two reports: a table, not a chart whose axis shows 0,25');
        const detail = body.filter((b) => b.type === 'Table').at(-1);
        assert.ok(detail);
        assert.deepEqual(detail.columns?.map((c) => c.width), [1, '64px']);
        assert.equal(detail.rows?.[0]?.cells[1]?.items[0]?.text, 'Aantal');
        assert.match(detail.rows?.[1]?.cells[0]?.items[0]?.text ?? '', /^2026-K\d · Brummen · .+ · Nieuw$/);
        for (const table of body.filter((b) => b.type === 'Table')) assert.ok((table.columns?.length ?? 0) <= 5, 'at most five columns');
    });

    it('regional overview card: says it covers all four and shows small numbers as "< 5", in tables instead of charts', () => {
        const card = renderOverviewCard({ scope: REGION, stats: protectedStatistics(twoReports, 'kwartaal', REGION.municipalities) }, FIXED_NOW);
        const body = card.body as { type: string }[];
        assert.ok(!body.some((b) => b.type.startsWith('Chart.')), 'a chart cannot draw "< 5"');
        const text = cardText(card);
        assert.match(text, /Alle vier gemeenten, per kwartaal/);
        assert.match(text, /Brummen, Lochem, Voorst en Zutphen/);
        assert.match(text, /onder de 5 \(ook 0\) staan er als "< 5"/);
        assert.match(text, /Meldingen in totaal\n< 5\nBrummen\n< 5\nLochem\n< 5/);
        assert.doesNotMatch(JSON.stringify(card), /"text":"[1-4]"|"value":"[1-4]"/, 'no small number anywhere');
        assert.deepEqual(unexpanded(card), []);
    });

    it('overview card without reports says so and draws no charts', () => {
        const card = renderOverviewCard({ scope: BRUMMEN, stats: exactStatistics([], 'maand', ['Brummen']) }, FIXED_NOW);
        assert.ok(!(card.body as { type: string }[]).some((b) => b.type.startsWith('Chart.')));
        assert.match(JSON.stringify(card), /Er zijn nog geen meldingen/);
    });

    it('CSV card carries the CSV in a code block with a monospace fallback', () => {
        const card = renderOverviewCsvCard('periode;gemeente\r\n2026-K1;Brummen\r\n', 'kwartaal', REGION, FIXED_NOW);
        const block = (card.body as { type: string; codeSnippet?: string; fallback?: { fontType?: string } }[]).find((b) => b.type === 'CodeBlock');
        assert.equal(block?.codeSnippet, 'periode;gemeente\n2026-K1;Brummen\n');
        assert.equal(block?.fallback?.fontType, 'Monospace');
    });
});
