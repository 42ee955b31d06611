import type { OpenReportsView } from '../bot/cases/openReports';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';
import { REPORT_STATUS_LABELS, URGENCY_LABELS, reportUrgency, type Report } from '../bot/reports/reportModel';
import template from './openReports.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';

/** Where a report's channel card is: a deep link when Teams' group id is known, else the channel's name. */
export interface ChannelPlace {
    link?: string;
    channelName?: string;
}

interface OpenReportLine {
    title: string;
    color: 'Attention' | 'Warning' | 'Default';
    submittedAt: string;
    statusLabel: string;
    assigneeLabel: string;
    channelLabel: string;
    link: string;
}

export interface OpenReportsCardData {
    municipalities: string;
    items: OpenReportLine[];
    more: number;
}

export function openReportsCardData(view: OpenReportsView, placeOf: (report: Report) => ChannelPlace): OpenReportsCardData {
    return {
        municipalities: view.municipalities.join(', '),
        more: view.more,
        items: view.reports.map((r) => {
            const urgency = reportUrgency(r);
            const place = placeOf(r);
            return {
                title: `${r.reference} · ${r.municipality}${urgency === 'normaal' ? '' : ` · ${URGENCY_LABELS[urgency]}`}`,
                color: urgency === 'acuut' || urgency === 'mogelijkAcuut' ? 'Attention' : urgency === 'hoog' ? 'Warning' : 'Default',
                submittedAt: formatDutchDateTime(r.submittedAt),
                statusLabel: REPORT_STATUS_LABELS[r.status],
                assigneeLabel: r.handling?.assigneeName ? plainText(r.handling.assigneeName) : 'Nog niemand',
                channelLabel: !r.delivery.activityId
                    ? 'Nog niet in een kanaal (zie "onbezorgd")'
                    : place.link
                      ? `${place.channelName ? plainText(place.channelName) : 'Kanaal'} (knop hieronder)`
                      : `${place.channelName ? plainText(place.channelName) : 'het kanaal van de aandachtfunctionarissen'}: zoek daar op ${r.reference}`,
                link: r.delivery.activityId && place.link ? place.link : '',
            };
        }),
    };
}

/** A coordinator's open reports (own municipalities), oldest first, each with the way to its channel card. */
export function renderOpenReportsCard(view: OpenReportsView, placeOf: (report: Report) => ChannelPlace): AdaptiveCardJson {
    return expandCard(template, openReportsCardData(view, placeOf));
}

/**
 * The channel card, shown in a coordinator's personal chat on a typed reference: read-only there (its
 * buttons act only in the channel, where the thread is), with the way to the channel card instead.
 */
export function readOnlyChannelCard(card: AdaptiveCardJson, place: ChannelPlace, reference: string): AdaptiveCardJson {
    const where = place.link
        ? 'Behandel de melding op de kaart in het kanaal.'
        : `Behandel de melding op de kaart in ${place.channelName ? plainText(place.channelName) : 'het kanaal van de aandachtfunctionarissen'} (zoek op ${reference}).`;
    // No refresh here: a refresh from the personal chat would ask for the channel's card in the wrong conversation.
    const { refresh: _refresh, ...rest } = card;
    return {
        ...rest,
        type: 'AdaptiveCard',
        version: card.version,
        body: [...card.body, { type: 'TextBlock', text: where, wrap: true, isSubtle: true, spacing: 'Medium' }],
        actions: place.link ? [{ type: 'Action.OpenUrl', title: 'Naar de kaart in het kanaal', url: place.link }] : [],
    };
}
