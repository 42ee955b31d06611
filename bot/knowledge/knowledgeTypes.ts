import type { ExploitationForm } from '../domain/vocabulary';

/**
 * How sure we are that a contact detail is right. Shown to users, because a wrong number in a
 * situation like this costs time nobody has.
 */
export const CONTACT_STATUSES = ['verified', 'unverified', 'old'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const CONTACT_STATUS_LABELS: Record<ContactStatus, string> = {
    verified: 'Gecontroleerd',
    unverified: 'Niet bevestigd: controleer dit gegeven voor gebruik',
    old: 'Uit een oudere bron: controleer dit gegeven voor gebruik',
};

export interface Source {
    title: string;
    url?: string;
}

export interface Contact {
    id: string;
    name: string;
    /** What you go to them for, in one or two sentences. */
    purpose: string;
    phone?: string;
    phoneNote?: string;
    url?: string;
    email?: string;
    /** How to reach them when there is no public number (internal routes). */
    howToReach?: string;
    status: ContactStatus;
    statusNote?: string;
    sources: Source[];
    lastChecked: string;
    file: string;
}

export interface KnowledgeEntry {
    id: string;
    title: string;
    /** One line that says what the entry answers; shown in lists and alternatives. */
    summary: string;
    /** The answer, in Dutch, with simple markdown (lists, bold) that Teams renders. */
    text: string;
    /** Ways staff ask for this entry; they feed the search, never shown. */
    questions: string[];
    tags: string[];
    contactIds: string[];
    forms: ExploitationForm[];
    sources: Source[];
    lastChecked: string;
    topicId: string;
    file: string;
}

export interface Topic {
    id: string;
    title: string;
    description: string;
    order: number;
    entryIds: string[];
    file: string;
}

/** Groups of words staff use for the same thing; the search treats them as near-equal. */
export type SynonymGroup = string[];

export interface KnowledgeContent {
    topics: Topic[];
    entries: KnowledgeEntry[];
    contacts: Contact[];
    synonyms: SynonymGroup[];
}
