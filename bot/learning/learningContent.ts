/**
 * Cases ("casus van de week") and quiz questions as data (bot/knowledge/content/leren/casussen.yaml and
 * quiz.yaml), checked completely at start like the knowledge content: unknown role or form, missing or
 * duplicate ids, not exactly one correct option, knowledge entries that do not exist, a phone number
 * that is not in contacten.yaml, no source or no `gecontroleerd` date. Every problem is named with its
 * file and id, so the editor can fix them all in one go; the bot does not start with broken content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYamlCached } from '../knowledge/parsedYamlCache';
import { KnowledgeContentError } from '../knowledge/knowledgeContentError';
import { looksDutch } from '../knowledge/dutchText';
import type { KnowledgeContent } from '../knowledge/knowledgeTypes';

/** Who meets signals (the seed's list, Ambitie 3), plus `algemeen` for everyone. */
export const LEARNING_ROLES = [
    'baliemedewerker',
    'vergunningverlener',
    'handhaver',
    'toezichthouder',
    'gebiedsregisseur',
    'leerplicht',
    'wmo',
    'jeugd',
    'participatie',
    'algemeen',
] as const;
export type LearningRole = (typeof LEARNING_ROLES)[number];

export const ROLE_LABELS: Record<LearningRole, string> = {
    baliemedewerker: 'Baliemedewerker',
    vergunningverlener: 'Vergunningverlener',
    handhaver: 'Handhaver (boa)',
    toezichthouder: 'Toezichthouder',
    gebiedsregisseur: 'Gebiedsregisseur',
    leerplicht: 'Consulent leerplicht',
    wmo: 'Consulent Wmo',
    jeugd: 'Consulent jeugd',
    participatie: 'Consulent participatie',
    algemeen: 'Geen van deze / algemeen',
};

/** The forms a case is about; `onbekend` of the report vocabulary is no form to learn about. */
export const LEARNING_FORMS = ['seksueel', 'arbeid', 'crimineel', 'orgaan'] as const;
export type LearningForm = (typeof LEARNING_FORMS)[number];

export interface LearningOption {
    text: string;
    correct: boolean;
    explanation: string;
}

export interface LearningSource {
    title: string;
    url?: string;
}

export interface LearningCase {
    id: string;
    title: string;
    roles: LearningRole[];
    forms: LearningForm[];
    story: string;
    question: string;
    options: LearningOption[];
    signals: string[];
    route: string;
    entryIds: string[];
    sources: LearningSource[];
    lastChecked: string;
}

export interface QuizQuestion {
    id: string;
    roles: LearningRole[];
    forms: LearningForm[];
    question: string;
    options: LearningOption[];
    entryIds: string[];
    sources: LearningSource[];
    lastChecked: string;
}

export interface LearningContent {
    cases: LearningCase[];
    quiz: QuizQuestion[];
}

const ID = z.string({ error: 'ontbreekt' }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id mag alleen kleine letters, cijfers en streepjes bevatten').max(80, 'id is te lang');
// YAML reads an unquoted 112 as a number: still a fine text.
const TEXT = z.union([z.string(), z.number()], { error: 'moet tekst zijn' }).transform((v) => String(v).trim()).pipe(z.string().min(1, 'mag niet leeg zijn'));
// YAML reads an unquoted 2026-12-02 as a date: both forms are accepted, the stored form is the text.
const DATE = z
    .union([z.string(), z.date()], { error: 'ontbreekt (de datum van de laatste controle, JJJJ-MM-DD)' })
    .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d.trim()))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'datum moet de vorm JJJJ-MM-DD hebben'));
const SOURCE = z.object({ titel: TEXT, url: z.string().url('url is geen geldige link').optional() }).strict();
const OPTION = z.object({ tekst: TEXT, goed: z.boolean({ error: 'goed moet true of false zijn' }), uitleg: TEXT }).strict();
const ROLES = z.array(z.enum(LEARNING_ROLES, { error: `onbekende rol; kies uit ${LEARNING_ROLES.join(', ')}` })).min(1, 'noem minstens één rol');
const FORMS = z.array(z.enum(LEARNING_FORMS, { error: `onbekende vorm; kies uit ${LEARNING_FORMS.join(', ')}` })).min(1, 'noem minstens één vorm');

const CASE = z
    .object({
        id: ID,
        titel: TEXT,
        rollen: ROLES,
        vormen: FORMS,
        casus: TEXT,
        vraag: TEXT,
        opties: z.array(OPTION).length(3, 'een casus heeft precies 3 opties'),
        signalen: z.array(TEXT).min(1, 'noem minstens één signaal'),
        route: TEXT,
        kennis: z.array(ID).min(1, 'verwijs naar minstens één kennisbankitem'),
        bronnen: z.array(SOURCE, { error: 'ontbreekt' }).min(1, 'noem minstens één bron'),
        gecontroleerd: DATE,
    })
    .strict();

const QUESTION = z
    .object({
        id: ID,
        rollen: ROLES,
        vormen: FORMS,
        vraag: TEXT,
        opties: z.array(OPTION).min(3, 'een quizvraag heeft 3 of 4 opties').max(4, 'een quizvraag heeft 3 of 4 opties'),
        kennis: z.array(ID).min(1, 'verwijs naar minstens één kennisbankitem'),
        bronnen: z.array(SOURCE, { error: 'ontbreekt' }).min(1, 'noem minstens één bron'),
        gecontroleerd: DATE,
    })
    .strict();

const CASES_FILE = z.object({ casussen: z.array(z.unknown()).min(1, 'geen casussen') }).strict();
const QUIZ_FILE = z.object({ vragen: z.array(z.unknown()).min(1, 'geen quizvragen') }).strict();

/** Digit runs that look like a phone number (112, 0800-2000, 088 123 45 67); the digits only. */
export function phoneNumbersIn(text: string): string[] {
    const found: string[] = [];
    // Bounded by the text; each match consumes at least three characters.
    for (const m of text.matchAll(/(?<![\d-])\+?\d[\d -]{1,14}\d(?![\d])/g)) {
        const digits = m[0].replace(/\D/g, '');
        // Dutch numbers start with 0 (or +31); a year range like 2025-2028 or a date is no number.
        if (digits === '112' || /^0\d{6,10}$/.test(digits) || (m[0].startsWith('+') && digits.length >= 10)) found.push(digits);
    }
    return found;
}

export function loadLearningContent(dir: string, knowledge: Pick<KnowledgeContent, 'entries' | 'contacts'>): LearningContent {
    const problems: string[] = [];
    const entryIds = new Set(knowledge.entries.map((e) => e.id));
    const phones = new Set(knowledge.contacts.flatMap((c) => (c.phone === undefined ? [] : [c.phone.replace(/\D/g, '')])));
    const casesFile = path.join(dir, 'leren', 'casussen.yaml');
    const quizFile = path.join(dir, 'leren', 'quiz.yaml');
    const cases: LearningCase[] = [];
    const quiz: QuizQuestion[] = [];

    const checkCommon = (label: string, options: { goed: boolean }[], kennis: string[], texts: string[]) => {
        const correct = options.filter((o) => o.goed).length;
        if (correct !== 1) problems.push(`${label}: precies één optie moet goed: true hebben (nu ${correct})`);
        for (const id of kennis) if (!entryIds.has(id)) problems.push(`${label}: kennisbankitem "${id}" bestaat niet`);
        for (const n of new Set(texts.flatMap(phoneNumbersIn))) {
            if (!phones.has(n)) problems.push(`${label}: telefoonnummer ${n} staat niet in contacten.yaml`);
        }
    };

    const casesDoc = readYaml(casesFile, problems);
    if (casesDoc !== undefined) {
        const parsed = CASES_FILE.safeParse(casesDoc);
        if (!parsed.success) problems.push(`${rel(casesFile)}: ${describe(parsed.error)}`);
        else
            parsed.data.casussen.forEach((raw, i) => {
                const label = `${rel(casesFile)}, casus "${idOf(raw) ?? `#${i + 1}`}"`;
                const r = CASE.safeParse(raw);
                if (!r.success) return void problems.push(`${label}: ${describe(r.error)}`);
                const d = r.data;
                checkCommon(label, d.opties, d.kennis, [d.casus, d.route, ...d.opties.flatMap((o) => [o.tekst, o.uitleg]), ...d.signalen]);
                if (!looksDutch(d.casus)) problems.push(`${label}: de casus lijkt niet in het Nederlands geschreven`);
                cases.push({
                    id: d.id,
                    title: d.titel,
                    roles: d.rollen,
                    forms: d.vormen,
                    story: d.casus.trim(),
                    question: d.vraag,
                    options: d.opties.map(toOption),
                    signals: d.signalen,
                    route: d.route.trim(),
                    entryIds: d.kennis,
                    sources: d.bronnen.map(toSource),
                    lastChecked: d.gecontroleerd,
                });
            });
    }
    const quizDoc = readYaml(quizFile, problems);
    if (quizDoc !== undefined) {
        const parsed = QUIZ_FILE.safeParse(quizDoc);
        if (!parsed.success) problems.push(`${rel(quizFile)}: ${describe(parsed.error)}`);
        else
            parsed.data.vragen.forEach((raw, i) => {
                const label = `${rel(quizFile)}, vraag "${idOf(raw) ?? `#${i + 1}`}"`;
                const r = QUESTION.safeParse(raw);
                if (!r.success) return void problems.push(`${label}: ${describe(r.error)}`);
                const d = r.data;
                checkCommon(label, d.opties, d.kennis, [d.vraag, ...d.opties.flatMap((o) => [o.tekst, o.uitleg])]);
                quiz.push({
                    id: d.id,
                    roles: d.rollen,
                    forms: d.vormen,
                    question: d.vraag,
                    options: d.opties.map(toOption),
                    entryIds: d.kennis,
                    sources: d.bronnen.map(toSource),
                    lastChecked: d.gecontroleerd,
                });
            });
    }
    checkUnique(cases.map((c) => c.id), rel(casesFile), 'casus', problems);
    checkUnique(quiz.map((q) => q.id), rel(quizFile), 'vraag', problems);
    if (problems.length > 0) throw new KnowledgeContentError(problems);
    return { cases, quiz };
}

function toOption(o: { tekst: string; goed: boolean; uitleg: string }): LearningOption {
    return { text: o.tekst.trim(), correct: o.goed, explanation: o.uitleg.trim() };
}

function toSource(s: { titel: string; url?: string }): LearningSource {
    return s.url === undefined ? { title: s.titel } : { title: s.titel, url: s.url };
}

function checkUnique(ids: string[], file: string, kind: string, problems: string[]): void {
    const seen = new Set<string>();
    for (const id of ids) {
        if (seen.has(id)) problems.push(`${file}, ${kind} "${id}": id komt twee keer voor`);
        seen.add(id);
    }
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
        problems.push(`${rel(file)}: geen geldige YAML (${err instanceof Error ? err.message.split('\n')[0] : 'onbekende fout'})`);
        return undefined;
    }
}

function describe(error: z.ZodError): string {
    return error.issues.map((i) => (i.path.length > 0 ? `veld "${i.path.join('.')}": ${i.message}` : i.message)).join('; ');
}

function idOf(raw: unknown): string | undefined {
    return typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
}

function rel(file: string): string {
    const r = path.relative(process.cwd(), file);
    return r.startsWith('..') ? file : r;
}
