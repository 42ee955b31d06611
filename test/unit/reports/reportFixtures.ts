import type { Report, ReportDraft, ReporterIdentity } from '../../../bot/reports/reportModel';

/** A fixed "now" so no test depends on today's date: 15 March 2026, 10:00 in Amsterdam. */
export const FIXED_NOW = new Date('2026-03-15T09:00:00.000Z');
export const FIXED_TODAY = '2026-03-15';

export function sampleDraft(overrides: Partial<ReportDraft> = {}): ReportDraft {
    return {
        municipality: 'Zutphen',
        forms: ['arbeid'],
        description: 'Bij een controle sliepen acht mensen in een schuur op het bedrijf.',
        location: 'Industrieterrein De Mars',
        observedOn: '2026-03-10',
        workContext: 'toezicht',
        indicators: ['alg_woonplek', 'arb_huisvesting'],
        peopleCount: 8,
        minor: 'onbekend',
        informed: ['niemand'],
        acuteDanger: false,
        ...overrides,
    };
}

export const REPORTER: ReporterIdentity = { aadObjectId: '00000000-0000-4000-8000-000000000001', tenantId: 'tenant-ijsselstreek', displayName: 'Sam Toezicht' };
export const OTHER_REPORTER: ReporterIdentity = { aadObjectId: '00000000-0000-4000-8000-000000000002', tenantId: 'tenant-ijsselstreek', displayName: 'Kim Balie' };

export function sampleReport(overrides: Partial<Report> = {}): Report {
    return {
        ...sampleDraft(),
        reportId: '0123456789abcdef0123456789abcdef',
        reference: 'MH-2026-0042',
        submissionId: 'sub-0000000001',
        submittedAt: FIXED_NOW.toISOString(),
        reporter: REPORTER,
        status: 'nieuw',
        channelKind: 'bound',
        delivery: { state: 'wachtrij', attempts: 0 },
        ...overrides,
    };
}

/** Every string anywhere in a card, to check nothing was left unexpanded or unescaped. */
export function allStrings(value: unknown, out: string[] = []): string[] {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) allStrings(v, out);
    return out;
}
