import { formatDutchDateTime } from '../bot/domain/amsterdamTime';
import type { Report } from '../bot/reports/reportModel';
import template from './undelivered.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';

/** At most this many on one card (Teams cards have a size limit); the rest after these are sent. */
export const UNDELIVERED_SHOWN = 20;

export interface UndeliveredCardData {
    items: { title: string; submittedAt: string; reason: string; reportId: string }[];
    more: number;
}

/** For admins: reference, municipality, date and reason only, never the content. */
export function undeliveredCardData(reports: readonly Report[]): UndeliveredCardData {
    return {
        items: reports.slice(0, UNDELIVERED_SHOWN).map((r) => ({
            title: `${r.reference} · ${r.municipality}${r.acuteDanger || r.dangerInText ? ' · MOGELIJK ACUUT GEVAAR' : ''}`,
            submittedAt: formatDutchDateTime(r.submittedAt),
            reason: plainText(r.delivery.failureReason ?? 'onbekend'),
            reportId: r.reportId,
        })),
        more: Math.max(0, reports.length - UNDELIVERED_SHOWN),
    };
}

export function renderUndeliveredCard(reports: readonly Report[]): AdaptiveCardJson {
    return expandCard(template, undeliveredCardData(reports));
}
