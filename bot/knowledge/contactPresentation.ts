import { CONTACT_STATUS_LABELS, type Contact, type Source } from './knowledgeTypes';
import { toTelUri } from './phoneNumber';

/** A contact as cards show it: lines of text and tappable links. */
export interface ContactView {
    contactId: string;
    name: string;
    purpose: string;
    /** "Telefoon: 0800-2000 (gratis, 24 uur per dag)", the website, e-mail or how to reach them; one per line. */
    details: string;
    statusLabel: string;
    /** Adaptive Card colour: unconfirmed details are shown in warning colour. */
    statusColor: 'Good' | 'Warning';
    actions: { title: string; url: string }[];
    hasActions: boolean;
}

export function presentContact(contact: Contact): ContactView {
    const lines: string[] = [];
    const actions: { title: string; url: string }[] = [];
    if (contact.phone !== undefined) {
        lines.push(`Telefoon: ${contact.phone}${contact.phoneNote === undefined ? '' : ` (${contact.phoneNote})`}`);
        const tel = toTelUri(contact.phone);
        if (tel !== null) actions.push({ title: `Bel ${contact.phone}`, url: tel });
    }
    if (contact.email !== undefined) lines.push(`E-mail: ${contact.email}`);
    if (contact.url !== undefined) {
        lines.push(`Website: ${contact.url}`);
        actions.push({ title: 'Website', url: contact.url });
    }
    if (contact.howToReach !== undefined) lines.push(contact.howToReach);
    const status = CONTACT_STATUS_LABELS[contact.status];
    return {
        contactId: contact.id,
        name: contact.name,
        purpose: contact.purpose,
        details: lines.join('\n\n'),
        statusLabel: contact.statusNote === undefined ? status : `${status}. ${contact.statusNote}`,
        statusColor: contact.status === 'verified' ? 'Good' : 'Warning',
        actions,
        hasActions: actions.length > 0,
    };
}

/** Sources as one line of text, links in markdown. */
export function formatSources(sources: Source[]): string {
    return sources.map((s) => (s.url === undefined ? s.title : `[${s.title}](${s.url})`)).join('; ');
}
