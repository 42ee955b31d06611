import path from 'node:path';
import { repoRoot } from '../paths';
import { assessDanger } from './dangerDetector';
import { loadKnowledgeContent } from './knowledgeLoader';
import { KnowledgeSearchIndex, type SearchOptions } from './knowledgeSearch';
import type { Contact, KnowledgeContent, KnowledgeEntry, Topic } from './knowledgeTypes';

export const DEFAULT_CONTENT_DIR = path.join(repoRoot, 'bot', 'knowledge', 'content');

/** What the bot should show for a question; the card layer turns this into a card. */
export type KnowledgeAnswer =
    | {
          kind: 'answer';
          entry: KnowledgeEntry;
          alternatives: KnowledgeEntry[];
          acuteDanger: boolean;
          confidence: number;
      }
    | {
          kind: 'noMatch';
          /** Weak hits, offered as "misschien bedoel je" but never as the answer. */
          suggestions: KnowledgeEntry[];
          acuteDanger: boolean;
      };

/** Content plus search: the one object the dialogs and the responder need. */
export class KnowledgeBase {
    private readonly entriesById: Map<string, KnowledgeEntry>;
    private readonly contactsById: Map<string, Contact>;
    private readonly topicsById: Map<string, Topic>;
    private readonly index: KnowledgeSearchIndex;

    constructor(
        readonly content: KnowledgeContent,
        searchOptions: Partial<SearchOptions> = {},
    ) {
        this.entriesById = new Map(content.entries.map((e) => [e.id, e]));
        this.contactsById = new Map(content.contacts.map((c) => [c.id, c]));
        this.topicsById = new Map(content.topics.map((t) => [t.id, t]));
        this.index = new KnowledgeSearchIndex(
            content.entries.map((e) => ({
                id: e.id,
                title: e.title,
                summary: e.summary,
                questions: e.questions,
                tags: e.tags,
                text: e.text,
            })),
            content.synonyms,
            searchOptions,
        );
    }

    ask(question: string): KnowledgeAnswer {
        const acuteDanger = assessDanger(question).acute;
        const outcome = this.index.search(question, 6);
        const top = outcome.hits[0];
        if (outcome.confident && top !== undefined) {
            return {
                kind: 'answer',
                entry: this.requireEntry(top.id),
                alternatives: this.index.alternatives(outcome, 3).map((h) => this.requireEntry(h.id)),
                acuteDanger,
                confidence: top.coverage,
            };
        }
        const suggestions = outcome.hits
            .filter((h) => h.coverage >= 0.3)
            .slice(0, 3)
            .map((h) => this.requireEntry(h.id));
        return { kind: 'noMatch', suggestions, acuteDanger };
    }

    /** Ranked entry ids with scores, for the benchmark and tests. */
    rank(question: string, limit = 5): ReturnType<KnowledgeSearchIndex['search']> {
        return this.index.search(question, limit);
    }

    entry(id: string): KnowledgeEntry | undefined {
        return this.entriesById.get(id);
    }

    contact(id: string): Contact | undefined {
        return this.contactsById.get(id);
    }

    contactsOf(entry: KnowledgeEntry): Contact[] {
        return entry.contactIds.map((id) => this.contactsById.get(id)).filter((c): c is Contact => c !== undefined);
    }

    topics(): Topic[] {
        return this.content.topics;
    }

    topic(id: string): Topic | undefined {
        return this.topicsById.get(id);
    }

    entriesOf(topic: Topic): KnowledgeEntry[] {
        return topic.entryIds.map((id) => this.requireEntry(id));
    }

    private requireEntry(id: string): KnowledgeEntry {
        const e = this.entriesById.get(id);
        if (e === undefined) throw new Error(`knowledge entry ${id} is indexed but missing`);
        return e;
    }
}

/**
 * Loads and validates the content in `dir` and builds the search index. Throws a
 * KnowledgeContentError (code KNOWLEDGE_CONTENT_INVALID) naming each file and entry at fault.
 */
export function loadKnowledgeBase(dir: string = DEFAULT_CONTENT_DIR, searchOptions: Partial<SearchOptions> = {}): KnowledgeBase {
    return new KnowledgeBase(loadKnowledgeContent(dir), searchOptions);
}
