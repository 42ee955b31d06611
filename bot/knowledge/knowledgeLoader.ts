import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EXPLOITATION_FORMS } from '../domain/vocabulary';
import { KnowledgeContentError } from './knowledgeContentError';
import { parseYamlCached } from './parsedYamlCache';
import { looksDutch } from './dutchText';
import { isValidPhoneNumber } from './phoneNumber';
import { CONTACT_STATUSES, type Contact, type KnowledgeContent, type KnowledgeEntry, type Source, type Topic } from './knowledgeTypes';

/**
 * Reads the content an aandachtfunctionaris edits (YAML with Dutch keys, see README) and checks it
 * completely before anything is served: every problem is reported with its file and entry, so the
 * editor can fix them all in one go.
 *
 * Layout of `dir`:
 *   contacten.yaml     contacts, defined once and referenced by id
 *   synoniemen.yaml    groups of words that mean the same to staff
 *   onderwerpen/*.yaml one file per topic with its items
 */

const ID = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id mag alleen kleine letters, cijfers en streepjes bevatten');
const NON_EMPTY = z.string({ error: 'moet tekst zijn' }).trim().min(1, 'mag niet leeg zijn');
/** Editors write `- 112` in a list; YAML reads that as a number, which is still a fine search word. */
const WORD = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(NON_EMPTY);
const DATE = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'datum moet de vorm JJJJ-MM-DD hebben')
    .refine((d) => isCalendarDate(d), 'bestaat niet als datum');

const SOURCE = z.object({ titel: NON_EMPTY, url: z.string().url('url is geen geldige link').optional() }).strict();

const CONTACT = z
    .object({
        id: ID,
        naam: NON_EMPTY,
        waarvoor: NON_EMPTY,
        telefoon: z.string().optional(),
        telefoonToelichting: z.string().optional(),
        website: z.string().url('website is geen geldige link').optional(),
        email: z.string().email('e-mailadres klopt niet').optional(),
        bereikbaar: z.string().optional(),
        status: z.enum(CONTACT_STATUSES),
        statusToelichting: z.string().optional(),
        bronnen: z.array(SOURCE).min(1, 'noem minstens één bron'),
        gecontroleerd: DATE,
    })
    .strict();

const CONTACTS_FILE = z.object({ contacten: z.array(z.unknown()).min(1) }).strict();
const SYNONYMS_FILE = z.object({ groepen: z.array(z.array(WORD).min(2, 'een groep heeft minstens twee woorden')) }).strict();

const ITEM = z
    .object({
        id: ID,
        titel: NON_EMPTY,
        samenvatting: NON_EMPTY,
        tekst: NON_EMPTY,
        vragen: z.array(WORD).default([]),
        trefwoorden: z.array(WORD).default([]),
        contacten: z.array(ID).default([]),
        vormen: z.array(z.enum(EXPLOITATION_FORMS)).default([]),
        bronnen: z.array(SOURCE).min(1, 'noem minstens één bron'),
        gecontroleerd: DATE,
    })
    .strict();

const TOPIC_FILE = z
    .object({
        onderwerp: z.object({ id: ID, titel: NON_EMPTY, omschrijving: NON_EMPTY, volgorde: z.number().int() }).strict(),
        items: z.array(z.unknown()).min(1, 'een onderwerp heeft minstens één item'),
    })
    .strict();

export function loadKnowledgeContent(dir: string): KnowledgeContent {
    const problems: string[] = [];
    const contacts = loadContacts(path.join(dir, 'contacten.yaml'), problems);
    const synonyms = loadSynonyms(path.join(dir, 'synoniemen.yaml'), problems);
    const topics: Topic[] = [];
    const entries: KnowledgeEntry[] = [];

    const topicDir = path.join(dir, 'onderwerpen');
    const topicFiles = fs.existsSync(topicDir)
        ? fs.readdirSync(topicDir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort()
        : [];
    if (topicFiles.length === 0) problems.push(`${rel(topicDir)}: geen onderwerpbestanden gevonden`);
    for (const f of topicFiles) loadTopicFile(path.join(topicDir, f), topics, entries, problems);

    checkUnique(topics.map((t) => ({ id: t.id, file: t.file })), 'onderwerp', problems);
    checkUnique(entries.map((e) => ({ id: e.id, file: e.file })), 'item', problems);
    checkUnique(contacts.map((c) => ({ id: c.id, file: c.file })), 'contact', problems);

    const contactIds = new Set(contacts.map((c) => c.id));
    for (const e of entries) {
        for (const c of e.contactIds) {
            if (!contactIds.has(c)) problems.push(`${rel(e.file)}, item "${e.id}": contact "${c}" bestaat niet in contacten.yaml`);
        }
    }

    if (problems.length > 0) throw new KnowledgeContentError(problems);
    topics.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    return { topics, entries, contacts, synonyms };
}

function loadContacts(file: string, problems: string[]): Contact[] {
    const doc = readYaml(file, problems);
    if (doc === undefined) return [];
    const parsed = CONTACTS_FILE.safeParse(doc);
    if (!parsed.success) {
        problems.push(`${rel(file)}: ${describe(parsed.error)}`);
        return [];
    }
    const contacts: Contact[] = [];
    parsed.data.contacten.forEach((raw, i) => {
        const label = `${rel(file)}, contact "${idOf(raw) ?? `#${i + 1}`}"`;
        const c = CONTACT.safeParse(raw);
        if (!c.success) {
            problems.push(`${label}: ${describe(c.error)}`);
            return;
        }
        const d = c.data;
        if (d.telefoon !== undefined && !isValidPhoneNumber(d.telefoon)) {
            problems.push(`${label}: telefoonnummer "${d.telefoon}" is geen geldig nummer`);
        }
        if (d.telefoon === undefined && d.website === undefined && d.email === undefined && d.bereikbaar === undefined) {
            problems.push(`${label}: geef een telefoon, website, e-mail of bij "bereikbaar" hoe je hen bereikt`);
        }
        contacts.push({
            id: d.id,
            name: d.naam,
            purpose: d.waarvoor,
            phone: d.telefoon,
            phoneNote: d.telefoonToelichting,
            url: d.website,
            email: d.email,
            howToReach: d.bereikbaar,
            status: d.status,
            statusNote: d.statusToelichting,
            sources: d.bronnen.map(toSource),
            lastChecked: d.gecontroleerd,
            file,
        });
    });
    return contacts;
}

function loadSynonyms(file: string, problems: string[]): string[][] {
    const doc = readYaml(file, problems);
    if (doc === undefined) return [];
    const parsed = SYNONYMS_FILE.safeParse(doc);
    if (!parsed.success) {
        problems.push(`${rel(file)}: ${describe(parsed.error)}`);
        return [];
    }
    return parsed.data.groepen;
}

function loadTopicFile(file: string, topics: Topic[], entries: KnowledgeEntry[], problems: string[]): void {
    const doc = readYaml(file, problems);
    if (doc === undefined) return;
    const parsed = TOPIC_FILE.safeParse(doc);
    if (!parsed.success) {
        problems.push(`${rel(file)}: ${describe(parsed.error)}`);
        return;
    }
    const t = parsed.data.onderwerp;
    const topic: Topic = { id: t.id, title: t.titel, description: t.omschrijving, order: t.volgorde, entryIds: [], file };
    parsed.data.items.forEach((raw, i) => {
        const label = `${rel(file)}, item "${idOf(raw) ?? `#${i + 1}`}"`;
        const r = ITEM.safeParse(raw);
        if (!r.success) {
            problems.push(`${label}: ${describe(r.error)}`);
            return;
        }
        const d = r.data;
        if (!looksDutch(d.tekst)) problems.push(`${label}: de tekst lijkt niet in het Nederlands geschreven`);
        topic.entryIds.push(d.id);
        entries.push({
            id: d.id,
            title: d.titel,
            summary: d.samenvatting,
            text: d.tekst.trim(),
            questions: d.vragen,
            tags: d.trefwoorden,
            contactIds: d.contacten,
            forms: d.vormen,
            sources: d.bronnen.map(toSource),
            lastChecked: d.gecontroleerd,
            topicId: topic.id,
            file,
        });
    });
    topics.push(topic);
}

function readYaml(file: string, problems: string[]): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch {
        problems.push(`${rel(file)}: bestand ontbreekt of is niet leesbaar`);
        return undefined;
    }
    try {
        return parseYamlCached(text);
    } catch (err) {
        const detail = err instanceof Error ? err.message.split('\n')[0] : 'onbekende fout';
        problems.push(`${rel(file)}: geen geldige YAML (${detail})`);
        return undefined;
    }
}

function describe(error: z.ZodError): string {
    return error.issues
        .map((i) => (i.path.length > 0 ? `veld "${i.path.join('.')}": ${i.message}` : i.message))
        .join('; ');
}

function idOf(raw: unknown): string | undefined {
    if (typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string') {
        return (raw as { id: string }).id;
    }
    return undefined;
}

function toSource(s: { titel: string; url?: string }): Source {
    return s.url === undefined ? { title: s.titel } : { title: s.titel, url: s.url };
}

function checkUnique(items: { id: string; file: string }[], kind: string, problems: string[]): void {
    const seen = new Map<string, string>();
    for (const { id, file } of items) {
        const first = seen.get(id);
        if (first !== undefined) problems.push(`${rel(file)}, ${kind} "${id}": id komt ook voor in ${rel(first)}`);
        else seen.set(id, file);
    }
}

function isCalendarDate(d: string): boolean {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** File names relative to the working directory read better in an error than long absolute paths. */
function rel(file: string): string {
    const r = path.relative(process.cwd(), file);
    return r.startsWith('..') ? file : r;
}
