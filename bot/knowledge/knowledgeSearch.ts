import { analyse, isContentWord, stem, words } from './dutchText';
import { allowedTypos, boundedEditDistance } from './fuzzyMatch';
import type { SynonymGroup } from './knowledgeTypes';

/**
 * A small BM25F search over the knowledge entries, built for one job: find the entry a colleague
 * means, and say "I don't know" when no entry fits. See README.md for why this is our own code and
 * not a general search library.
 *
 * Each content word of the question becomes a slot. A slot is satisfied by the word itself, a
 * synonym, a typo correction or the parts of a compound, each with a weight below 1 for the less
 * certain ones. Ranking sums, per slot, the best BM25 contribution. Confidence is separate from
 * rank: the idf-weighted share of the question's slots that the top entry covers. A question full
 * of words the content never uses ("hoe vraag ik een parkeervergunning aan") covers little, even
 * when one word happens to match, and is declined.
 */

export interface SearchDocument {
    id: string;
    title: string;
    summary: string;
    questions: string[];
    tags: string[];
    text: string;
}

export interface SearchOptions {
    fieldWeights: { title: number; summary: number; questions: number; tags: number; text: number };
    k1: number;
    b: number;
    synonymWeight: number;
    typoWeight: number;
    compoundWeight: number;
    /** Weight of the parts of a content compound ("arbeidsuitbuiting" also counts as "uitbuiting"). */
    compoundIndexWeight: number;
    /** Added when the question and an entry's title share their words: "wat is arbeidsuitbuiting" wants the entry titled that way. */
    titleBonus: number;
    /** Weight of a question word the content never uses; high, because such words are specific. */
    unknownIdf: number;
    /** Accept when the top entry covers at least this share of the question... */
    minCoverage: number;
    /** ...or when it covers this lower share but matched a lot of specific words. */
    minCoverageWithMass: number;
    minMatchedMass: number;
    /** Alternatives must score at least this fraction of the best hit. */
    alternativeRatio: number;
    /**
     * Weight of the words of the question itself in a message that tells a story first ("... Kan
     * Bibob hier?"): what the colleague asks decides the entry, the story around it less so.
     */
    focusWeight: number;
    /**
     * A long question (at least this many content words) spreads its mass over words the content
     * never needs ("welke consequenties heeft dat voor de inzet van ..."): it is answered at this
     * lower coverage when the covered words carry at least `minMassLong`.
     */
    longQuestionSlots: number;
    minCoverageLong: number;
    minMassLong: number;
}

export const DEFAULT_SEARCH_OPTIONS: SearchOptions = {
    fieldWeights: { title: 3, summary: 1.5, questions: 2, tags: 3, text: 0.6 },
    k1: 1.2,
    b: 0.6,
    synonymWeight: 0.8,
    typoWeight: 0.8,
    compoundWeight: 0.6,
    compoundIndexWeight: 0.4,
    titleBonus: 2,
    unknownIdf: 3,
    minCoverage: 0.6,
    minCoverageWithMass: 0.4,
    minMatchedMass: 5,
    alternativeRatio: 0.35,
    focusWeight: 2,
    longQuestionSlots: 10,
    minCoverageLong: 0.3,
    minMassLong: 8,
};

export interface ScoredEntry {
    id: string;
    score: number;
    /** Share (0..1) of the question's specific words this entry covers. */
    coverage: number;
    /** Sum of idf of the covered question words. */
    matchedMass: number;
    /** Question words matched as themselves, a synonym or a typo (not only through parts of a compound). */
    firmMatches: number;
    /** Highest idf of a question word matched firmly to the entry's own title or tags: the question names the entry. */
    named: number;
}

export interface SearchOutcome {
    confident: boolean;
    hits: ScoredEntry[];
}

interface Candidate {
    term: string;
    weight: number;
}

interface Slot {
    /** The stem of the question word, before unknown candidates are dropped. */
    stem: string;
    candidates: Candidate[];
    idf: number;
    /** focusWeight for a word of the asked question inside a longer story, else 1. */
    boost: number;
}

interface Posting {
    doc: number;
    tf: number;
}

export class KnowledgeSearchIndex {
    private readonly options: SearchOptions;
    private readonly docIds: string[] = [];
    private readonly docLengths: number[] = [];
    private readonly titleTerms: Set<string>[] = [];
    /** Title and tag stems per entry: the words that name it. */
    private readonly nameTerms: Set<string>[] = [];
    private readonly postings = new Map<string, Posting[]>();
    private readonly idfByTerm = new Map<string, number>();
    /** Surface words seen in the content, by length and first letter, for typo correction. */
    private readonly surfaceBuckets = new Map<string, Map<string, string>>();
    private readonly synonymsByStem = new Map<string, number>();
    private readonly synonymPhrases: { stems: string[]; group: number }[] = [];
    private readonly synonymExpansions: string[][][] = [];
    private avgDocLength = 1;

    constructor(documents: SearchDocument[], synonyms: SynonymGroup[], options: Partial<SearchOptions> = {}) {
        this.options = { ...DEFAULT_SEARCH_OPTIONS, ...options };
        this.buildDocuments(documents);
        this.buildSynonyms(synonyms);
    }

    /** `focus`: the sentence(s) that ask the question, when the message also tells a story. */
    /** Whether the content has this stem (analysed as `analyse` does), directly or through a synonym. */
    knows(stemmed: string): boolean {
        return this.postings.has(stemmed) || this.synonymsByStem.has(stemmed);
    }

    search(question: string, limit = 5, focus?: string): SearchOutcome {
        const slots = this.querySlots(question);
        if (slots.length === 0) return { confident: false, hits: [] };
        if (focus !== undefined && this.options.focusWeight !== 1) {
            const focusStems = new Set(analyse(focus));
            // Only when the question is part of the message: a story with no asked words keeps its weights.
            if (slots.some((slot) => focusStems.has(slot.stem)) && slots.some((slot) => !focusStems.has(slot.stem))) {
                for (const slot of slots) if (focusStems.has(slot.stem)) slot.boost = this.options.focusWeight;
            }
        }

        const { k1, b } = this.options;
        const scores = new Map<number, number>();
        const covered = new Map<number, number>();
        const firm = new Map<number, number>();
        const named = new Map<number, number>();
        const totalIdf = slots.reduce((s, slot) => s + slot.idf * slot.boost, 0);

        for (const slot of slots) {
            const best = new Map<number, number>();
            const bestMatch = new Map<number, number>();
            for (const c of slot.candidates) {
                const list = this.postings.get(c.term);
                if (list === undefined) continue;
                const idf = this.idfByTerm.get(c.term) ?? 0;
                for (const p of list) {
                    const norm = p.tf / (p.tf + k1 * (1 - b + (b * this.docLengths[p.doc]) / this.avgDocLength));
                    const contribution = c.weight * idf * norm * (k1 + 1) * slot.boost;
                    if (contribution > (best.get(p.doc) ?? 0)) best.set(p.doc, contribution);
                    if (c.weight > (bestMatch.get(p.doc) ?? 0)) bestMatch.set(p.doc, c.weight);
                }
            }
            for (const [doc, v] of best) scores.set(doc, (scores.get(doc) ?? 0) + v);
            const firmWeight = Math.min(this.options.synonymWeight, this.options.typoWeight);
            for (const [doc, w] of bestMatch) {
                covered.set(doc, (covered.get(doc) ?? 0) + w * slot.idf * slot.boost);
                if (w >= firmWeight) firm.set(doc, (firm.get(doc) ?? 0) + 1);
            }
            for (const c of slot.candidates) {
                if (c.weight < firmWeight) continue;
                const idf = this.idfByTerm.get(c.term) ?? 0;
                for (const p of this.postings.get(c.term) ?? []) {
                    if (this.nameTerms[p.doc].has(c.term) && idf > (named.get(p.doc) ?? 0)) named.set(p.doc, idf);
                }
            }
        }

        if (this.options.titleBonus > 0) {
            for (const [doc, v] of scores) scores.set(doc, v + this.options.titleBonus * this.titleAgreement(doc, slots));
        }

        const hits: ScoredEntry[] = [...scores.entries()]
            .map(([doc, score]) => {
                const mass = covered.get(doc) ?? 0;
                return { id: this.docIds[doc], score, coverage: totalIdf > 0 ? mass / totalIdf : 0, matchedMass: mass, firmMatches: firm.get(doc) ?? 0, named: named.get(doc) ?? 0 };
            })
            .sort((x, y) => y.score - x.score || x.id.localeCompare(y.id))
            .slice(0, limit);

        const top = hits[0];
        const o = this.options;
        // Parts of an unknown compound alone ("gemeentehuis" as "gemeente" + "huis") are too weak to answer on.
        const confident =
            top !== undefined &&
            top.firmMatches > 0 &&
            (top.coverage >= o.minCoverage ||
                (top.coverage >= o.minCoverageWithMass && top.matchedMass >= o.minMatchedMass) ||
                (slots.length >= o.longQuestionSlots && top.coverage >= o.minCoverageLong && top.matchedMass >= o.minMassLong && top.firmMatches >= 3));
        return { confident, hits };
    }

    /** Hits after the first that are close enough to be worth offering as "bedoelde je ook". */
    alternatives(outcome: SearchOutcome, max = 3): ScoredEntry[] {
        const top = outcome.hits[0];
        if (top === undefined) return [];
        return outcome.hits.slice(1).filter((h) => h.score >= top.score * this.options.alternativeRatio).slice(0, max);
    }

    /**
     * How well question and title agree, both ways, weighted by idf so that sharing "meld" counts
     * for less than sharing "jeugdprostitutie": (title idf covered) x (question idf in the title).
     */
    private titleAgreement(doc: number, slots: Slot[]): number {
        const title = this.titleTerms[doc];
        let titleIdf = 0;
        for (const t of title) titleIdf += this.idfByTerm.get(t) ?? 0;
        if (titleIdf === 0) return 0;
        const hitTitle = new Set<string>();
        let slotIdfInTitle = 0;
        let slotIdf = 0;
        for (const slot of slots) {
            slotIdf += slot.idf;
            let inTitle = false;
            for (const c of slot.candidates) {
                if (c.weight >= this.options.synonymWeight && title.has(c.term)) {
                    hitTitle.add(c.term);
                    inTitle = true;
                }
            }
            if (inTitle) slotIdfInTitle += slot.idf;
        }
        let hitIdf = 0;
        for (const t of hitTitle) hitIdf += this.idfByTerm.get(t) ?? 0;
        return slotIdf === 0 ? 0 : (hitIdf / titleIdf) * (slotIdfInTitle / slotIdf);
    }

    private buildDocuments(documents: SearchDocument[]): void {
        const w = this.options.fieldWeights;
        const df = new Map<string, number>();
        const contentStems = new Set<string>();
        for (const d of documents) {
            for (const t of [d.title, d.summary, ...d.questions, ...d.tags, d.text]) for (const st of analyse(t)) contentStems.add(st);
        }
        const known = (t: string) => contentStems.has(t);
        documents.forEach((d, index) => {
            const tf = new Map<string, number>();
            let length = 0;
            const add = (text: string, weight: number) => {
                for (const word of words(text)) {
                    if (!isContentWord(word)) continue;
                    const s = stem(word);
                    tf.set(s, (tf.get(s) ?? 0) + weight);
                    length += weight;
                    this.rememberSurface(word, s);
                    for (const part of splitCompound(s, known)) {
                        tf.set(part, (tf.get(part) ?? 0) + weight * this.options.compoundIndexWeight);
                    }
                }
            };
            this.titleTerms.push(new Set(analyse(d.title)));
            this.nameTerms.push(new Set([d.title, ...d.tags].flatMap((t) => analyse(t))));
            add(d.title, w.title);
            add(d.summary, w.summary);
            for (const q of d.questions) add(q, w.questions);
            for (const t of d.tags) add(t, w.tags);
            add(d.text, w.text);
            this.docIds.push(d.id);
            this.docLengths.push(length);
            for (const [term, f] of tf) {
                let list = this.postings.get(term);
                if (list === undefined) {
                    list = [];
                    this.postings.set(term, list);
                }
                list.push({ doc: index, tf: f });
                df.set(term, (df.get(term) ?? 0) + 1);
            }
        });
        const n = documents.length;
        this.avgDocLength = Math.max(1, this.docLengths.reduce((s, l) => s + l, 0) / Math.max(1, n));
        for (const [term, f] of df) this.idfByTerm.set(term, Math.log(1 + (n - f + 0.5) / (f + 0.5)));
    }

    private rememberSurface(word: string, s: string): void {
        if (/\d/.test(word)) return;
        const key = `${word.length}:${word[0]}`;
        let bucket = this.surfaceBuckets.get(key);
        if (bucket === undefined) {
            bucket = new Map();
            this.surfaceBuckets.set(key, bucket);
        }
        bucket.set(word, s);
    }

    private buildSynonyms(groups: SynonymGroup[]): void {
        groups.forEach((group, g) => {
            const expansions: string[][] = [];
            for (const member of group) {
                const memberStems = words(member).map(stem);
                const contentStems = analyse(member);
                if (contentStems.length > 0) expansions.push(contentStems);
                if (memberStems.length === 1) this.synonymsByStem.set(memberStems[0], g);
                else if (memberStems.length > 1) this.synonymPhrases.push({ stems: memberStems, group: g });
            }
            this.synonymExpansions.push(expansions);
        });
    }

    private querySlots(question: string): Slot[] {
        const ws = this.joinSplitWords(words(question));
        const allStems = ws.map(stem);
        const slots: Slot[] = [];
        const slotAtWord = new Map<number, Slot>();
        const seen = new Set<string>();

        ws.forEach((word, i) => {
            if (!isContentWord(word)) return;
            const s = allStems[i];
            if (seen.has(s)) return;
            seen.add(s);
            const candidates = this.resolveWord(word, s);
            const slot: Slot = { stem: s, candidates, idf: 0, boost: 1 };
            slots.push(slot);
            slotAtWord.set(i, slot);
        });

        // Multi-word synonyms ("zonder papieren") attach to the last content word of the phrase.
        for (const phrase of this.synonymPhrases) {
            for (let i = 0; i + phrase.stems.length <= allStems.length; i++) {
                if (!phrase.stems.every((p, k) => allStems[i + k] === p)) continue;
                let slot: Slot | undefined;
                for (let k = phrase.stems.length - 1; k >= 0 && slot === undefined; k--) slot = slotAtWord.get(i + k);
                if (slot === undefined) {
                    slot = { stem: phrase.stems.join(' '), candidates: [], idf: 0, boost: 1 };
                    slots.push(slot);
                }
                this.addGroup(slot, phrase.group, 1);
            }
        }

        for (const slot of slots) {
            for (const c of [...slot.candidates]) {
                const g = this.synonymsByStem.get(c.term);
                if (g !== undefined) this.addGroup(slot, g, c.weight);
            }
            const known = slot.candidates.filter((c) => this.postings.has(c.term));
            slot.candidates = known;
            slot.idf = known.length === 0 ? this.options.unknownIdf : Math.max(...known.map((c) => this.idfByTerm.get(c.term) ?? 0));
        }
        return slots;
    }

    /**
     * Colleagues split Dutch compounds ("huisjes melkers", "risico factoren", "co mensha"): two
     * neighbours that together make a word of the content become that word. One pass, pairs only.
     */
    private joinSplitWords(ws: string[]): string[] {
        const out: string[] = [];
        for (let i = 0; i < ws.length; i++) {
            const next = ws[i + 1];
            if (next !== undefined && !/\d/.test(ws[i] + next)) {
                const joined = ws[i] + next;
                if (joined.length >= 8 && this.postings.has(stem(joined))) {
                    out.push(joined);
                    i += 1;
                    continue;
                }
            }
            out.push(ws[i]);
        }
        return out;
    }

    private resolveWord(word: string, s: string): Candidate[] {
        const candidates: Candidate[] = [{ term: s, weight: 1 }];
        if (this.postings.has(s) || this.synonymsByStem.has(s) || /\d/.test(word)) return candidates;

        // A verb with its -t ("meldt", "belt", "werkt") is the same word to us as its stem.
        if (s.endsWith('t') && s.length > 3 && this.postings.has(s.slice(0, -1))) {
            candidates.push({ term: s.slice(0, -1), weight: 1 });
            return candidates;
        }

        const typo = this.correctTypo(word);
        if (typo !== undefined) {
            candidates.push({ term: typo, weight: this.options.typoWeight });
            return candidates;
        }
        for (const part of splitCompound(s, (t) => this.postings.has(t))) {
            candidates.push({ term: part, weight: this.options.compoundWeight });
        }
        return candidates;
    }

    private correctTypo(word: string): string | undefined {
        const max = allowedTypos(word.length);
        if (max === 0) return undefined;
        let best: string | undefined;
        let bestDistance = max + 1;
        // Typos in the first letter are rare, except the ones Dutch spelling invites ("kontrole", "sentrum",
        // "fisum"); looking only at those first letters keeps this fast.
        const firsts = [word[0], ...(SOUND_ALIKE_FIRST[word[0]] ?? [])];
        for (let len = word.length - max; len <= word.length + max; len++) {
            for (const first of firsts) {
                const bucket = this.surfaceBuckets.get(`${len}:${first}`);
                if (bucket === undefined) continue;
                for (const [surface, s] of bucket) {
                    const d = boundedEditDistance(word, surface, max);
                    if (d < bestDistance || (d === bestDistance && best !== undefined && s < best)) {
                        bestDistance = d;
                        best = s;
                    }
                }
            }
        }
        return bestDistance <= max ? best : undefined;
    }

    private addGroup(slot: Slot, group: number, weight: number): void {
        for (const expansion of this.synonymExpansions[group]) {
            for (const term of expansion) {
                const w = weight * this.options.synonymWeight;
                const existing = slot.candidates.find((c) => c.term === term);
                if (existing === undefined) slot.candidates.push({ term, weight: w });
                else if (existing.weight < w) existing.weight = w;
            }
        }
    }
}

/** First letters that sound the same in Dutch, so a typo there is common. */
const SOUND_ALIKE_FIRST: Readonly<Record<string, readonly string[]>> = { c: ['k', 's'], k: ['c'], s: ['c', 'z'], z: ['s'], f: ['v'], v: ['f'], y: ['i', 'j'], i: ['y'], j: ['y'] };

/**
 * Dutch glues words together ("jeugdprostitutiesignalen"): a stem that splits into two known stems,
 * with an optional linking s or en, yields both parts.
 */
function splitCompound(s: string, known: (term: string) => boolean): string[] {
    if (s.length < 9) return [];
    for (let i = s.length - 4; i >= 4; i--) {
        const right = s.slice(i);
        const rightStem = known(right) ? right : known(stem(right)) ? stem(right) : undefined;
        if (rightStem === undefined) continue;
        const left = s.slice(0, i);
        const lefts = [left, left.endsWith('s') ? left.slice(0, -1) : '', left.endsWith('en') ? left.slice(0, -2) : ''];
        for (const l of lefts) {
            if (l.length < 4) continue;
            if (known(l)) return [l, rightStem];
            if (known(stem(l))) return [stem(l), rightStem];
        }
    }
    return [];
}
