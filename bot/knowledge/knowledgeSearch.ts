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
    /** Weight of a question word the content never uses; high, because such words are specific. */
    unknownIdf: number;
    /** Accept when the top entry covers at least this share of the question... */
    minCoverage: number;
    /** ...or when it covers this lower share but matched a lot of specific words. */
    minCoverageWithMass: number;
    minMatchedMass: number;
    /** Alternatives must score at least this fraction of the best hit. */
    alternativeRatio: number;
}

export const DEFAULT_SEARCH_OPTIONS: SearchOptions = {
    fieldWeights: { title: 3, summary: 1.5, questions: 2, tags: 3, text: 1 },
    k1: 1.2,
    b: 0.6,
    synonymWeight: 0.8,
    typoWeight: 0.8,
    compoundWeight: 0.6,
    unknownIdf: 3,
    minCoverage: 0.6,
    minCoverageWithMass: 0.4,
    minMatchedMass: 5,
    alternativeRatio: 0.35,
};

export interface ScoredEntry {
    id: string;
    score: number;
    /** Share (0..1) of the question's specific words this entry covers. */
    coverage: number;
    /** Sum of idf of the covered question words. */
    matchedMass: number;
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
    candidates: Candidate[];
    idf: number;
}

interface Posting {
    doc: number;
    tf: number;
}

export class KnowledgeSearchIndex {
    private readonly options: SearchOptions;
    private readonly docIds: string[] = [];
    private readonly docLengths: number[] = [];
    private readonly postings = new Map<string, Posting[]>();
    private readonly idfByTerm = new Map<string, number>();
    /** Surface words seen in the content, by length, for typo correction. */
    private readonly surfaceByLength = new Map<number, Map<string, string>>();
    private readonly synonymsByStem = new Map<string, number>();
    private readonly synonymPhrases: { stems: string[]; group: number }[] = [];
    private readonly synonymExpansions: string[][][] = [];
    private avgDocLength = 1;

    constructor(documents: SearchDocument[], synonyms: SynonymGroup[], options: Partial<SearchOptions> = {}) {
        this.options = { ...DEFAULT_SEARCH_OPTIONS, ...options };
        this.buildDocuments(documents);
        this.buildSynonyms(synonyms);
    }

    search(question: string, limit = 5): SearchOutcome {
        const slots = this.querySlots(question);
        if (slots.length === 0) return { confident: false, hits: [] };

        const { k1, b } = this.options;
        const scores = new Map<number, number>();
        const covered = new Map<number, number>();
        const totalIdf = slots.reduce((s, slot) => s + slot.idf, 0);

        for (const slot of slots) {
            const best = new Map<number, number>();
            const bestMatch = new Map<number, number>();
            for (const c of slot.candidates) {
                const list = this.postings.get(c.term);
                if (list === undefined) continue;
                const idf = this.idfByTerm.get(c.term) ?? 0;
                for (const p of list) {
                    const norm = p.tf / (p.tf + k1 * (1 - b + (b * this.docLengths[p.doc]) / this.avgDocLength));
                    const contribution = c.weight * idf * norm * (k1 + 1);
                    if (contribution > (best.get(p.doc) ?? 0)) best.set(p.doc, contribution);
                    if (c.weight > (bestMatch.get(p.doc) ?? 0)) bestMatch.set(p.doc, c.weight);
                }
            }
            for (const [doc, v] of best) scores.set(doc, (scores.get(doc) ?? 0) + v);
            for (const [doc, w] of bestMatch) covered.set(doc, (covered.get(doc) ?? 0) + w * slot.idf);
        }

        const hits: ScoredEntry[] = [...scores.entries()]
            .map(([doc, score]) => {
                const mass = covered.get(doc) ?? 0;
                return { id: this.docIds[doc], score, coverage: totalIdf > 0 ? mass / totalIdf : 0, matchedMass: mass };
            })
            .sort((x, y) => y.score - x.score || x.id.localeCompare(y.id))
            .slice(0, limit);

        const top = hits[0];
        const o = this.options;
        const confident =
            top !== undefined &&
            (top.coverage >= o.minCoverage || (top.coverage >= o.minCoverageWithMass && top.matchedMass >= o.minMatchedMass));
        return { confident, hits };
    }

    /** Hits after the first that are close enough to be worth offering as "bedoelde je ook". */
    alternatives(outcome: SearchOutcome, max = 3): ScoredEntry[] {
        const top = outcome.hits[0];
        if (top === undefined) return [];
        return outcome.hits.slice(1).filter((h) => h.score >= top.score * this.options.alternativeRatio).slice(0, max);
    }

    private buildDocuments(documents: SearchDocument[]): void {
        const w = this.options.fieldWeights;
        const df = new Map<string, number>();
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
                }
            };
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
        let bucket = this.surfaceByLength.get(word.length);
        if (bucket === undefined) {
            bucket = new Map();
            this.surfaceByLength.set(word.length, bucket);
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
        const ws = words(question);
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
            const slot: Slot = { candidates, idf: 0 };
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
                    slot = { candidates: [], idf: 0 };
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

    private resolveWord(word: string, s: string): Candidate[] {
        const candidates: Candidate[] = [{ term: s, weight: 1 }];
        if (this.postings.has(s) || this.synonymsByStem.has(s) || /\d/.test(word)) return candidates;

        const typo = this.correctTypo(word);
        if (typo !== undefined) {
            candidates.push({ term: typo, weight: this.options.typoWeight });
            return candidates;
        }
        for (const part of this.splitCompound(s)) candidates.push({ term: part, weight: this.options.compoundWeight });
        return candidates;
    }

    private correctTypo(word: string): string | undefined {
        const max = allowedTypos(word.length);
        if (max === 0) return undefined;
        let best: string | undefined;
        let bestDistance = max + 1;
        for (let len = word.length - max; len <= word.length + max; len++) {
            const bucket = this.surfaceByLength.get(len);
            if (bucket === undefined) continue;
            for (const [surface, s] of bucket) {
                const d = boundedEditDistance(word, surface, bestDistance - 1 < 0 ? 0 : Math.min(max, bestDistance));
                if (d < bestDistance || (d === bestDistance && best !== undefined && s < best)) {
                    bestDistance = d;
                    best = s;
                }
            }
        }
        return bestDistance <= max ? best : undefined;
    }

    /** Dutch glues words together ("jeugdprostitutiesignalen"); two known parts, with an optional linking s, count. */
    private splitCompound(s: string): string[] {
        if (s.length < 8) return [];
        for (let i = s.length - 4; i >= 4; i--) {
            const right = s.slice(i);
            const rightStem = this.postings.has(right) ? right : this.postings.has(stem(right)) ? stem(right) : undefined;
            if (rightStem === undefined) continue;
            const left = s.slice(0, i);
            for (const l of [left, left.endsWith('s') ? left.slice(0, -1) : '', left.endsWith('en') ? left.slice(0, -2) : '']) {
                if (l.length >= 4 && (this.postings.has(l) || this.postings.has(stem(l)))) {
                    return [this.postings.has(l) ? l : stem(l), rightStem];
                }
            }
        }
        return [];
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
