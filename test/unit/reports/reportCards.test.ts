import assert from 'node:assert/strict';
import { renderMyReportsCard } from '../../../cards/myReportsCard';
import { renderReportChannelCard } from '../../../cards/reportChannelCard';
import { renderReportConfirmationCard } from '../../../cards/reportConfirmationCard';
import { renderReportFormCard } from '../../../cards/reportFormCard';
import { renderReportSafetyAdviceCard, renderReportSafetyCard } from '../../../cards/reportSafetyCard';
import { renderReportSummaryCard } from '../../../cards/reportSummaryCard';
import { draftToFormValues, emptyFormValues } from '../../../cards/reportFormValues';
import { allStrings, FIXED_TODAY, sampleDraft, sampleReport } from './reportFixtures';

const INJECTION = '**vet** [klik hier](https://evil.example) <b>html</b> <script>alert(1)</script> ${reference} _x_ # kop\n- lijst';

function unexpanded(card: unknown): string[] {
    return allStrings(card).filter((s) => s.includes('${'));
}

describe('report cards', () => {
    it('channel card shows markdown and HTML injection as typed text', () => {
        const report = sampleReport({
            description: INJECTION,
            location: '[adres](https://evil.example)',
            otherIndicator: '<img src=x onerror=alert(1)>',
            indicators: ['alg_letsel', 'anders'],
            reporter: { aadObjectId: 'a', tenantId: 't', displayName: '**Baas** <i>x</i>' },
        });
        const card = renderReportChannelCard(report);
        const strings = allStrings(card);
        const description = strings.find((s) => s.includes('vet'));
        assert.ok(description);
        assert.ok(description.includes('\\*\\*vet\\*\\*'), 'bold markers escaped');
        assert.ok(description.includes('\\[klik hier\\]\\(https://evil.example\\)'), 'link syntax escaped');
        assert.ok(description.includes('\\<script\\>'), 'HTML tags escaped');
        assert.ok(description.includes('${reference}'), 'template syntax in user text is not expanded');
        assert.ok(!strings.some((s) => /(^|[^\\])\[adres\]/.test(s)), 'location link escaped');
        assert.ok(strings.some((s) => s.includes('\\<img src=x onerror=alert\\(1\\)\\>')));
        assert.ok(strings.some((s) => s === '\\*\\*Baas\\*\\* \\<i\\>x\\</i\\>'));
        // Only the description contained the literal "${reference}"; nothing of ours stayed unexpanded.
        assert.deepEqual(unexpanded(card), [description]);
    });

    it('channel card puts urgency first and shows every field', () => {
        const card = renderReportChannelCard(sampleReport({ acuteDanger: true, channelKind: 'fallback' }));
        const first = JSON.stringify(card.body[0]);
        assert.match(first, /ACUUT GEVAAR/);
        assert.match(first, /MH-2026-0042/);
        const text = allStrings(card).join('\n');
        for (const expected of ['Zutphen', 'Arbeidsuitbuiting', 'Woont via werkgever', 'De Mars', '10 maart 2026', '8', 'Toezicht', 'Nog niemand', 'Sam Toezicht', 'Nieuw']) {
            assert.ok(text.includes(expected), `card shows ${expected}`);
        }
        assert.match(text, /nog geen kanaal gekoppeld/);
        const minorCard = renderReportChannelCard(sampleReport({ minor: 'ja' }));
        assert.match(JSON.stringify(minorCard.body[0]), /minderjarige/);
    });

    it('form card keeps entered values and shows errors beside the fields', () => {
        const values = { ...emptyFormValues(), description: 'iets', municipality: 'Lochem' };
        const card = renderReportFormCard({ step: 1, values, errors: { description: 'Schrijf iets meer.' }, today: FIXED_TODAY });
        const json = JSON.stringify(card);
        assert.match(json, /"id":"description"[^}]*"value":"iets"/);
        assert.match(json, /"id":"municipality"[^}]*"value":"Lochem"/);
        assert.match(json, /Schrijf iets meer\./);
        assert.match(json, /persoonsgegevens/);
        assert.deepEqual(unexpanded(card), []);
        assert.ok(!json.includes('indicators_'), 'step 1 has no checklist');
    });

    it('form step 2 lists the indicators of the chosen forms only', () => {
        const values = draftToFormValues(sampleDraft({ forms: ['arbeid', 'seksueel'] }));
        const card = renderReportFormCard({ step: 2, values, today: FIXED_TODAY, forms: ['arbeid', 'seksueel'] });
        const json = JSON.stringify(card);
        assert.match(json, /indicators_algemeen/);
        assert.match(json, /indicators_arbeid/);
        assert.match(json, /indicators_seksueel/);
        assert.ok(!json.includes('indicators_crimineel'));
        assert.match(json, /"id":"peopleCount"[^}]*"value":8/);
        assert.deepEqual(unexpanded(card), []);
    });

    it('summary carries the submissionId on Versturen; safety, confirmation and list render fully', () => {
        const summary = renderReportSummaryCard(sampleDraft(), 'sub-12345678');
        const send = (summary.actions as Array<{ data: { action: string; submissionId?: string } }>).find((a) => a.data.action === 'report.send');
        assert.equal(send?.data.submissionId, 'sub-12345678');
        for (const card of [
            summary,
            renderReportSafetyCard(),
            renderReportSafetyAdviceCard(),
            renderReportConfirmationCard(sampleReport(), { name: 'Alex Aandacht', email: 'alex@zutphen.nl' }),
            renderReportConfirmationCard(sampleReport({ channelKind: 'none' }), undefined),
            renderMyReportsCard([]),
            renderMyReportsCard([{ reportId: 'x', reference: 'MH-2026-0001', submittedAt: '2026-03-15T09:00:00Z', municipality: 'Voorst', status: 'nieuw', deliveryState: 'niet_bezorgd' }]),
        ]) {
            assert.deepEqual(unexpanded(card), []);
            assert.equal(card.version, '1.5');
        }
        assert.match(JSON.stringify(renderReportSafetyAdviceCard()), /112.*0900-8844/s);
        const confirmation = JSON.stringify(renderReportConfirmationCard(sampleReport({ channelKind: 'fallback' }), { name: 'Alex Aandacht' }));
        assert.match(confirmation, /MH-2026-0042/);
        assert.match(confirmation, /Alex Aandacht/);
        assert.match(confirmation, /nog geen eigen Teams-kanaal/);
    });
});
