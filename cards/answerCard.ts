import type { ContactView } from '../bot/knowledge/contactPresentation';
import template from './answerCard.json';
import { withDangerBanner, type DangerBannerData } from './dangerBanner';
import { expandCard, type AdaptiveCardJson } from './renderCard';

export interface EntryLink {
    entryId: string;
    title: string;
}

/** The municipality's own aandachtfunctionaris, when the colleague named the municipality. */
export interface MunicipalityContactView {
    hasMunicipality: boolean;
    municipality: string;
    hasCoordinators: boolean;
    /** "Sanne Jansen, s.jansen@brummen.nl", one per line. */
    coordinatorLines: string;
    coordinatorActions: { title: string; url: string }[];
}

export const NO_MUNICIPALITY: MunicipalityContactView = { hasMunicipality: false, municipality: '', hasCoordinators: false, coordinatorLines: '', coordinatorActions: [] };

export interface AnswerCardData extends MunicipalityContactView {
    danger: DangerBannerData;
    /** The question was in English: one English line says the bot speaks Dutch. */
    english: boolean;
    title: string;
    /** Content text (markdown written by the aandachtfunctionaris, not by the asker). */
    text: string;
    contacts: ContactView[];
    hasContacts: boolean;
    sources: string;
    lastChecked: string;
    alternatives: EntryLink[];
    hasAlternatives: boolean;
}

export function renderAnswerCard(data: AnswerCardData): AdaptiveCardJson {
    return withDangerBanner(expandCard(template, data), data.danger);
}
