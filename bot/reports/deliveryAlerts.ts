/**
 * What the admins are told 1:1 when a report does not reach its channel. Ids, reference, municipality
 * and a technical reason only: an admin need not be a coordinator, so never the report's content.
 */
import type { Municipality } from '../domain/vocabulary';
import type { FollowUp } from './ports';
import type { Report } from './reportModel';

export type DeliveryAlertKind = 'undelivered' | 'rerouted' | 'acuteLate';

const TEXTS: Record<DeliveryAlertKind, (ref: string, m: Municipality, reason: string) => string> = {
    undelivered: (ref, m, reason) =>
        `Melding ${ref} (${m}) is NIET bij de aandachtfunctionaris aangekomen (${reason}). Typ "onbezorgd" in je chat met mij voor de lijst en de knop om opnieuw te versturen, of koppel een kanaal met "koppel ${m}": dan gaat ze daar alsnog heen.`,
    rerouted: (ref, m, reason) =>
        `Melding ${ref} (${m}) kon niet in het kanaal van ${m} worden geplaatst (${reason}) en staat nu in het reservekanaal. Controleer de koppeling: typ "koppel ${m}" in het kanaal van de aandachtfunctionaris van ${m}.`,
    acuteLate: (ref, m, reason) =>
        `Melding ${ref} (${m}) meldt mogelijk acuut gevaar en staat na 5 minuten nog niet in het kanaal van ${m} (${reason}). Ze gaat nu ook naar het reservekanaal. Zorg dat de aandachtfunctionaris van ${m} haar ziet.`,
};

/**
 * At most this many admins are alerted per report: the alerts share one Table transaction (at most 100
 * actions) with the change that causes them.
 */
export const MAX_ALERTED_ADMINS = 25;

/** One 1:1 follow-up per admin (each once, however often the file names them), keyed per alert and report. */
export function deliveryAlerts(kind: DeliveryAlertKind, report: Pick<Report, 'reference' | 'municipality'>, reason: string, adminIds: readonly string[]): FollowUp[] {
    const text = TEXTS[kind](report.reference, report.municipality, reason);
    const admins = [...new Set(adminIds.map((id) => id.toLowerCase()))].slice(0, MAX_ALERTED_ADMINS);
    return admins.map((recipient) => ({ purpose: 'person', key: `alert_${kind}`, recipient, text }));
}

/** A short Dutch reason for the last failure (status code, no content). */
export function failureReason(lastStatus: string | undefined): string {
    if (lastStatus === undefined || lastStatus === 'network') return 'Teams niet bereikbaar';
    if (lastStatus === '403') return 'het kanaal weigert de bot (HTTP 403)';
    if (lastStatus === '404') return 'kanaal niet gevonden of niet gekoppeld (HTTP 404)';
    if (lastStatus === '429') return 'Teams remt af (HTTP 429)';
    return `Teams gaf HTTP ${lastStatus}`;
}
