import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { KnowledgeAnswer, KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { MUNICIPALITIES } from '../../bot/domain/vocabulary';

/**
 * The knowledge evaluation: questions as colleagues type them, with the entry a colleague should
 * get. `tune` is what the search was tuned on; `heldout` was written first, by someone who had not
 * seen the search, and is never tuned on (see README.md in this folder).
 */

const QUESTION = z
    .object({
        vraag: z.string().min(1),
        /** One entry id, or several that serve the colleague equally well. */
        verwacht: z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
        /** The answer must name this municipality's own aandachtfunctionaris. */
        gemeente: z.enum(MUNICIPALITIES).optional(),
        /** A described situation: the route advice must name this contact. */
        route: z.string().optional(),
    })
    .strict();
const QUESTION_SET = z.object({ vragen: z.array(QUESTION).min(1), offTopic: z.array(z.string()) }).strict();
const SAFETY_SET = z.object({ acuut: z.array(z.string()).min(1), geenAlarm: z.array(z.string()).min(1) }).strict();

export type EvalQuestion = z.infer<typeof QUESTION>;

export interface EvalSet {
    name: string;
    questions: EvalQuestion[];
    offTopic: string[];
}

export interface SafetySet {
    name: string;
    acute: string[];
    calm: string[];
}

/** `tune`, `dev`, `dev2` to `dev15` are tuned on (many writers; dev3 to dev12 to the held-out set's own brief); `heldout` and `heldout2` never are. */
export const EVAL_SET_NAMES = ['tune', 'dev', 'dev2', 'dev3', 'dev4', 'dev5', 'dev6', 'dev7', 'dev8', 'dev9', 'dev10', 'dev11', 'dev12', 'dev13', 'dev14', 'dev15', 'heldout', 'heldout2'] as const;
/** Safety sets: the same, plus the red team's (messages written to find the detector's blind spots) and know4 (the detector's author's own probes). */
export const SAFETY_SET_NAMES = ['tune', 'dev', 'dev2', 'dev3', 'dev4', 'dev5', 'dev6', 'dev7', 'dev8', 'dev9', 'dev10', 'dev11', 'dev12', 'dev13', 'dev14', 'dev15', 'dev16', 'dev17', 'dev18', 'dev19', 'dev20', 'dev21', 'dev22', 'dev23', 'dev24', 'know4', 'redteam', 'probes', 'heldout', 'heldout2'] as const;
export type SafetySetName = (typeof SAFETY_SET_NAMES)[number];
/** The sets nobody tunes or trains on: the targets are measured on them. */
export const HELD_OUT_SETS = ['heldout', 'heldout2'] as const;
export const isHeldOutSet = (name: string): boolean => (HELD_OUT_SETS as readonly string[]).includes(name);
export type EvalSetName = (typeof EVAL_SET_NAMES)[number];

function readYaml(file: string): unknown {
    return parseYaml(fs.readFileSync(path.join(__dirname, file), 'utf8'));
}

export function loadEvalSet(name: EvalSetName): EvalSet {
    const doc = QUESTION_SET.parse(readYaml(`${name}.yaml`));
    return { name, questions: doc.vragen, offTopic: doc.offTopic };
}

export function loadSafetySet(name: SafetySetName): SafetySet {
    const doc = SAFETY_SET.parse(readYaml(`safety-${name}.yaml`));
    return { name, acute: doc.acuut, calm: doc.geenAlarm };
}

export interface EvalScore {
    name: string;
    questions: number;
    offTopic: number;
    top1: number;
    top3: number;
    /** On-topic questions the bot declined (safe but unhelpful). */
    declinedOnTopic: number;
    /** On-topic questions answered confidently with the wrong entry: the worst outcome. */
    confidentWrong: number;
    offTopicDeclined: number;
    /** Of the questions with a `route`: share that got route advice naming it. */
    situationsRouted: number;
    situations: number;
    failures: string[];
}

/** Entry ids a colleague sees on the card, in order: the answer and its alternatives, or the suggestions. */
export function shownEntries(a: KnowledgeAnswer): string[] {
    return a.kind === 'answer' ? [a.entry.id, ...a.alternatives.map((e) => e.id)] : a.suggestions.map((e) => e.id);
}

function routeContacts(a: KnowledgeAnswer): string[] {
    return a.situation?.advice.steps.map((s) => s.contactId) ?? [];
}

/**
 * Scores what a colleague would see. Top-1: the answer is an expected entry (for the right
 * municipality, with the expected route when one is asked). Top-3: an expected entry is on the card.
 */
export function scoreEvalSet(kb: KnowledgeBase, set: EvalSet): EvalScore {
    let top1 = 0;
    let top3 = 0;
    let declined = 0;
    let wrong = 0;
    let situations = 0;
    let routed = 0;
    const failures: string[] = [];
    for (const q of set.questions) {
        const a = kb.ask(q.vraag);
        const shown = shownEntries(a);
        const entryRight = a.kind === 'answer' && q.verwacht.includes(a.entry.id);
        const municipalityRight = q.gemeente === undefined || a.municipality === q.gemeente;
        const routes = routeContacts(a);
        const routeRight = q.route === undefined || routes.includes(q.route);
        if (q.route !== undefined) {
            situations += 1;
            if (routes.includes(q.route)) routed += 1;
        }
        const first = entryRight && municipalityRight && routeRight;
        if (first) top1 += 1;
        if (first || shown.slice(0, 3).some((id) => q.verwacht.includes(id))) top3 += 1;
        if (a.kind === 'noMatch') declined += 1;
        else if (!entryRight) wrong += 1;
        if (!first) {
            const extra = [
                !municipalityRight ? `gemeente ${a.municipality ?? '-'} (verwacht ${q.gemeente})` : '',
                !routeRight ? `routes [${routes.join(', ')}] (verwacht ${q.route})` : '',
            ].filter((x) => x !== '');
            failures.push(`${q.vraag} -> ${a.kind === 'answer' ? a.entry.id : 'afgewezen'} [${shown.join(', ')}] (verwacht ${q.verwacht.join(' | ')}) ${extra.join(' ')}`);
        }
    }
    let offDeclined = 0;
    for (const q of set.offTopic) {
        const a = kb.ask(q);
        if (a.kind === 'noMatch') offDeclined += 1;
        else failures.push(`OFF-TOPIC beantwoord: ${q} -> ${a.entry.id}`);
    }
    const n = set.questions.length;
    return {
        name: set.name,
        questions: n,
        offTopic: set.offTopic.length,
        top1: top1 / n,
        top3: top3 / n,
        declinedOnTopic: declined / n,
        confidentWrong: wrong / n,
        offTopicDeclined: offDeclined / Math.max(1, set.offTopic.length),
        situationsRouted: routed / Math.max(1, situations),
        situations,
        failures,
    };
}

export interface SafetyScore {
    name: string;
    acute: number;
    calm: number;
    recall: number;
    falseAlarms: number;
    failures: string[];
}

/** Acute recall and false alarms as the bot decides them for a question (the 112 banner). */
export function scoreSafetySet(kb: KnowledgeBase, set: SafetySet): SafetyScore {
    const failures: string[] = [];
    let caught = 0;
    for (const m of set.acute) {
        if (kb.ask(m).acuteDanger) caught += 1;
        else failures.push(`GEMIST: ${m}`);
    }
    let alarms = 0;
    for (const m of set.calm) {
        if (kb.ask(m).acuteDanger) {
            alarms += 1;
            failures.push(`VALS ALARM: ${m}`);
        }
    }
    return { name: set.name, acute: set.acute.length, calm: set.calm.length, recall: caught / set.acute.length, falseAlarms: alarms / set.calm.length, failures };
}

const PHONE = /(?<![\d-])(?:0[89]00[- ]?\d{4}|0\d{2,3}[- ]?\d{6,7}|0\d{2}[- ]\d{3} ?\d{2} ?\d{2}|11[23])(?![\d-])/g;

/** Phone numbers a text shows, digits only. */
export function phoneNumbersIn(text: string): string[] {
    return [...text.matchAll(PHONE)].map((m) => m[0].replace(/\D/g, ''));
}

/**
 * Every phone number in what an answer shows (entry text, route reasons and what to tell them)
 * must be one of the numbers in contacten.yaml: a number typed into a text by hand is the one
 * that goes stale. Returns the answers that break this.
 */
export function foreignNumbers(kb: KnowledgeBase, answers: KnowledgeAnswer[]): string[] {
    const known = new Set(kb.content.contacts.flatMap((c) => (c.phone === undefined ? [] : [c.phone.replace(/\D/g, '')])));
    const bad: string[] = [];
    for (const a of answers) {
        const texts: string[] = [];
        if (a.kind === 'answer') texts.push(a.entry.text, a.entry.summary);
        for (const s of a.situation?.advice.steps ?? []) texts.push(s.reason, ...s.tellThem);
        texts.push(...(a.situation?.advice.notes ?? []));
        for (const n of phoneNumbersIn(texts.join('\n'))) {
            if (!known.has(n)) bad.push(`${a.kind === 'answer' ? a.entry.id : 'geen antwoord'}: ${n}`);
        }
    }
    return [...new Set(bad)];
}
