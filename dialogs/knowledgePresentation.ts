import type { Municipality } from '../bot/domain/vocabulary';
import { presentContact } from '../bot/knowledge/contactPresentation';
import type { KnowledgeBase } from '../bot/knowledge/knowledgeBase';
import type { RouteAdvice } from '../bot/knowledge/routeWizard';
import type { Coordinator } from '../bot/organisation/organisationDirectory';
import { NO_MUNICIPALITY, type MunicipalityContactView } from '../cards/answerCard';
import type { DangerBannerData } from '../cards/dangerBanner';
import type { RouteAdviceCardData } from '../cards/routeAdviceCard';

/**
 * Turns knowledge (contacts, route advice, danger) into the data the cards show. Shared by the
 * knowledge responder and the route wizard, so a route reads the same from a question, a story or
 * the wizard, and every phone number on a card comes from contacten.yaml.
 */

export interface DangerFacts {
    acute: boolean;
    selfHarm: boolean;
    minor: boolean;
}

/** One line per contact, "Naam: 0800-2000 (toelichting)." */
function contactLine(kb: KnowledgeBase, contactId: string): string {
    const c = kb.contact(contactId);
    if (c === undefined) return '';
    const note = c.phoneNote === undefined ? '' : ` (${c.phoneNote.replace(/\.$/, '')})`;
    return c.phone === undefined ? `${c.name}.` : `${c.name}: ${c.phone}${note}.`;
}

function callsOf(kb: KnowledgeBase, contactIds: string[]): { title: string; url: string }[] {
    return contactIds.flatMap((id) => {
        const c = kb.contact(id);
        return c === undefined ? [] : presentContact(c).actions.filter((a) => a.url.startsWith('tel:'));
    });
}

export function dangerBannerData(kb: KnowledgeBase, danger: DangerFacts): DangerBannerData {
    const calls = ['alarmnummer-112', ...(danger.selfHarm ? ['zelfmoordpreventie-113'] : []), ...(danger.minor ? ['veilig-thuis'] : [])];
    return {
        acute: danger.acute,
        selfHarm: danger.acute && danger.selfHarm,
        selfHarmLine: contactLine(kb, 'zelfmoordpreventie-113'),
        minor: danger.acute && danger.minor,
        minorLine: contactLine(kb, 'veilig-thuis'),
        calls: danger.acute ? callsOf(kb, calls) : [],
    };
}

/** The safe routes a non-answer always names: the aandachtfunctionaris, Veilig Thuis day and night, 112. */
export function safeRoutes(kb: KnowledgeBase): { safeRoutes: string; safeCalls: { title: string; url: string }[] } {
    const lines = [
        'De **aandachtfunctionaris** van je gemeente denkt mee over elk signaal (tijdens kantooruren).',
        contactLine(kb, 'veilig-thuis'),
        `Direct gevaar? ${contactLine(kb, 'alarmnummer-112')}`,
    ];
    return { safeRoutes: lines.join('\n\n'), safeCalls: callsOf(kb, ['veilig-thuis', 'alarmnummer-112']) };
}

/** The named municipality's aandachtfunctionarissen from the organisation configuration. */
export function municipalityContact(municipality: Municipality | undefined, coordinators: readonly Coordinator[]): MunicipalityContactView {
    if (municipality === undefined) return NO_MUNICIPALITY;
    const lines = coordinators.map((c) => (c.email === undefined ? c.name : `${c.name}, ${c.email}`));
    const actions = coordinators.flatMap((c) => (c.email === undefined ? [] : [{ title: `Mail ${c.name}`, url: `mailto:${c.email}` }]));
    return {
        hasMunicipality: true,
        municipality,
        hasCoordinators: coordinators.length > 0,
        coordinatorLines: lines.join('\n\n'),
        coordinatorActions: actions,
    };
}

export function routeAdviceCardData(
    kb: KnowledgeBase,
    advice: RouteAdvice,
    options: { intro: string; english: boolean; offerWizard: boolean; danger: DangerFacts; extraRelated?: string[] },
): RouteAdviceCardData {
    const steps = advice.steps.flatMap((s) => {
        const contact = kb.contact(s.contactId);
        if (contact === undefined) return [];
        return [{ ...presentContact(contact), reason: s.reason, tellThem: s.tellThem.map((t) => `- ${t}`).join('\n') }];
    });
    const related = [...new Set([...(options.extraRelated ?? []), ...advice.relatedEntryIds])].flatMap((id) => {
        const e = kb.entry(id);
        return e === undefined ? [] : [{ entryId: e.id, title: e.title }];
    });
    return {
        danger: dangerBannerData(kb, { ...options.danger, acute: options.danger.acute || advice.acuteDanger }),
        english: options.english,
        intro: options.intro,
        offerWizard: options.offerWizard,
        steps: steps.map((s, i) => ({ ...s, number: i + 1 })),
        notes: advice.notes.join('\n\n'),
        hasNotes: advice.notes.length > 0,
        related: related.slice(0, 3),
        hasRelated: related.length > 0,
        prefill: advice.prefill,
    };
}
