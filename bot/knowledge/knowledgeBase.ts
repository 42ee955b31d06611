import path from 'node:path';
import { repoRoot } from '../paths';
import type { ExploitationForm, Municipality } from '../domain/vocabulary';
import { assessDanger, type DangerAssessment } from './dangerDetector';
import { analyse, normalise } from './dutchText';
import { KnowledgeContentError } from './knowledgeContentError';
import { readQuestion } from './questionReader';
import type { RouteAdvice } from './routeWizard';
import { adviseOnSituation, describeFacts } from './situationAdvice';
import { readSituation, type SituationFacts } from './situationReader';
import { loadKnowledgeContent } from './knowledgeLoader';
import { MAX_QUESTION_CHARS } from './textLimits';
import { KnowledgeSearchIndex, type ScoredEntry, type SearchOptions } from './knowledgeSearch';
import { OFF_TOPIC, QuestionModel, type ClassGuess } from './questionModel';
import questionModelFile from './questionModel.json';
import type { Contact, KnowledgeContent, KnowledgeEntry, Topic } from './knowledgeTypes';

const AANDACHTFUNCTIONARIS_ENTRY = 'aandachtfunctionaris';
const ACUTE_ENTRY = 'acuut-gevaar';
const SITUATION_MIN_COVERAGE = 0.3;
/** An entry a story points at (KMar for a border) replaces the top hit only when the search ranks it close. */
const POINTED_MIN_RATIO = 0.7;

/** Asks who to go to, which with a municipality named means that municipality's aandachtfunctionaris. */
const WHO_TO_CONTACT = /\b(?:bij wie|wie (?:moet|kan|bel|mail|spreek)|intern|aanspreekpunt|contactpersoon|who (?:do|should|can) i (?:contact|call|ask)|who is the (?:contact|coordinator|officer)|contact person|(?:wie|who) (?:is|s) (?:\w+ ){0,2}(?:(?:de|onze|jullie|the) )?(?:af|aandachtfunctionaris|aandachtsfunctionaris)|naar wie (?:stuur|meld|ga|moet|kan|stap)|iemand die over (?:\w+ ){0,2}gaat|wie gaat (?:er )?over)\b/;

/** The colleague names the aandachtfunctionaris or an internal report: then the contact is what is asked. */
const NAMES_THE_AF = /\b(?:aandachtfunctionaris|aandachtsfunctionaris|intern\w*|verslag\w*)\b/;

/**
 * The shape of a municipal service question ("subsidie aanvragen", "wie is de burgemeester van
 * Lochem"): answered only when it also names something of ours, because the content shares words
 * like "vergunning", "burgemeester" or "AVG" with everyday municipal work. Reporting public-space
 * faults, a data leak, a move or sick leave, and the colleague's own office matters (my salary, the canteen, meeting rooms) are
 * such services too.
 */
const SERVICE_QUESTION =
    /\b(?:aanvragen|aanvraag|vraag (?:ik|je|we) (?:\w+ ){0,4}aan|verlengen|bewaren|declareren|reserveren|openingstijden|opening hours|opening times|wat kost|kosten van|doorgeven binnen|inschrijven voor)\b|^wie is de (?!aandachtfunctionaris|af\b|contactpersoon|aandachtsfunctionaris)\w+ (?:van|in)\b|\b(?:lantaarnpa\w*|straatverlichting|stoeptegel\w*|losliggende|zwerfafval|zwerfvuil|grofvuil|hondenpoep|gat in de weg|openbare ruimte|rattenplaag|datalek\w*|ziekmelding|meld ik me ziek|verhuizing|gevonden voorwerp\w*|fiets gevonden|aanrijding|kerstborrel|kantine (?:\w+ )?(?:dicht|open)|vergaderruimte|meeting room|book a room)\b|\b(?:mijn|ons|onze|m n) (?:salaris|loonstrook|salarisstrook|thuiswerk\w*|vakantiegeld|verlof|declaratie)\b|\bthuiswerk(?:en|vergoeding|beleid)\b(?! (?:\w+ ){0,3}(?:slachtoffer|uitbuit))/;
const DOMAIN_ANCHORS: ReadonlySet<string> = new Set(
    analyse(
        `mensenhandel uitbuiting uitgebuit arbeidsuitbuiting loverboy pooierboy pooier prostitutie sekswerk sekswerker escort seksinrichting
        jeugdprostitutie sextortion webcamseks mensensmokkel orgaanhandel slachtoffer slachtoffers dader signaal signalen indicator
        meldroute aandachtfunctionaris comensha moviera zorgcoordinatie bedenktijd b8 cosm riec ondermijning bibob huisjesmelker
        marechaussee helpwanted uitstapprogramma dwangarbeid dwang 273f geldezel zakkenrollen bedelen meldcode arbeidsinspectie
        arbeidsmigrant verblijfsvergunning opvang massagesalon nagelstudio trafficking exploitation`,
    ),
);

/**
 * Anchors too broad to vouch for a question on their own: "signalen dat een boom ziek is", "opvang
 * van vluchtelingen", "renew verblijfsvergunning", "de meldcode voor een storing".
 */
const BROAD_ANCHORS: ReadonlySet<string> = new Set(analyse('signaal signalen indicator opvang verblijfsvergunning meldcode dwang'));
/**
 * A question that names the domain ("wat is dat nou weer, die CoMensha", "lovergirls, bestaat dat
 * echt") spends half its words on the way it is said: answered when the top entry covers this much.
 */
const ANCHORED_MIN_COVERAGE = 0.45;

/** The entry that goes with route advice for a described situation, by form. */
const SIGNALS_ENTRY: Record<ExploitationForm, string> = {
    seksueel: 'signalen-seksuele-uitbuiting',
    arbeid: 'signalen-arbeidsuitbuiting',
    crimineel: 'signalen-criminele-uitbuiting',
    orgaan: 'signalen-orgaanhandel',
    onbekend: 'signalen-algemeen',
};
/** Contacts and entries the code itself names (routes, danger advice, situation answers): the content must have them. */
export const REQUIRED_CONTACT_IDS = [
    'alarmnummer-112', 'zelfmoordpreventie-113', 'veilig-thuis', 'aandachtfunctionaris', 'politie', 'kmar', 'arbeidsinspectie', 'comensha',
    'meld-misdaad-anoniem', 'moviera-zorgcoordinatie', 'uitstapprogramma', 'helpwanted', 'centrum-seksueel-geweld',
] as const;

function checkRequired(content: KnowledgeContent): void {
    const contacts = new Set(content.contacts.map((c) => c.id));
    const entries = new Set(content.entries.map((e) => e.id));
    const problems = [
        ...REQUIRED_CONTACT_IDS.filter((id) => !contacts.has(id)).map((id) => `contacten.yaml: het contact "${id}" ontbreekt; de bot verwijst ernaar`),
        ...[AANDACHTFUNCTIONARIS_ENTRY, ACUTE_ENTRY, ...Object.values(SIGNALS_ENTRY)]
            .filter((id) => !entries.has(id))
            .map((id) => `onderwerpen: het item "${id}" ontbreekt; de bot verwijst ernaar`),
    ];
    if (problems.length > 0) throw new KnowledgeContentError(problems);
}

/** Entries a story points at beyond its form, most specific first: preferred when the search also found them. */
function situationEntries(facts: SituationFacts): string[] {
    const ids: string[] = [];
    if (facts.sexualViolence) ids.push('centrum-seksueel-geweld');
    if (facts.images) ids.push('helpwanted', 'sextortion', 'online-uitbuiting');
    if (facts.wantsToExit) ids.push('uitstapprogramma');
    if (facts.anonymous) ids.push('meld-misdaad-anoniem');
    if (facts.border) ids.push('koninklijke-marechaussee');
    if (facts.origin === 'buitenEu') ids.push('bedenktijd-b8');
    if (facts.wantsHelp === 'nee') ids.push('slachtoffer-wil-geen-hulp');
    if (facts.wantsHelp === 'ja') ids.push('zorgcoordinatie', 'opvang-cosm');
    return ids;
}

function situationAdvice(facts: SituationFacts, danger: DangerAssessment): SituationAdvice {
    return { facts, understood: describeFacts(facts, danger), advice: adviseOnSituation(facts, danger) };
}

/** A form of exploitation and its signals: one entry says what it is, the other how you recognise it. */
const FORM_AND_SIGNALS: readonly [string, string][] = [
    ['seksuele-uitbuiting', 'signalen-seksuele-uitbuiting'],
    ['arbeidsuitbuiting', 'signalen-arbeidsuitbuiting'],
    ['criminele-uitbuiting', 'signalen-criminele-uitbuiting'],
    ['orgaanhandel', 'signalen-orgaanhandel'],
    ['wat-is-mensenhandel', 'signalen-algemeen'],
];
/** The question asks how to recognise it... */
const ASKS_SIGNS = /\b(?:signal\w*|signaal\w*|kenmerk\w*|herken\w*|aanwijzing\w*|indicator\w*|signs?|red flags|waaraan|hoe zie (?:ik|je))\b/;
/** ...or what it is, or whether a case counts as it. */
const ASKS_WHAT = /\b(?:is (?:dat|dit|het|dat nou|dit nou) (?:\w+ ){0,2}(?:uitbuiting|mensenhandel|strafbaar)|valt (?:dat|dit|het) (?:\w+ ){0,2}onder|telt (?:dat|dit|het) (?:\w+ )?(?:als|mee)|wat (?:is|zijn|betekent|houdt)|definitie|what (?:is|does)|is (?:that|this) (?:\w+ )?(?:trafficking|exploitation))\b/;
const SIDE_MIN_RATIO = 0.5;

/**
 * When the search puts a form and its signals entry close together, the question's own words say
 * which side it asks for. Undefined when the top entry is already the right side (or has none).
 */
function askedSide(topId: string, hits: readonly { id: string; score: number }[], question: string): string | undefined {
    const other = sideAsked(topId, question);
    if (other === undefined) return undefined;
    const top = hits[0];
    return hits.slice(1, 3).some((h) => h.id === other && h.score >= top.score * SIDE_MIN_RATIO) ? other : undefined;
}

/** The other side of a form/signals pair when the (normalised) question asks for that side and not this one. */
function sideAsked(id: string, question: string): string | undefined {
    const pair = FORM_AND_SIGNALS.find(([form, signals]) => form === id || signals === id);
    if (pair === undefined) return undefined;
    const [form, signals] = pair;
    const signs = ASKS_SIGNS.test(question);
    const what = ASKS_WHAT.test(question);
    if (id === signals && what && !signs) return form;
    if (id === form && signs && !what) return signals;
    return undefined;
}

/** A hit covering this share of the question is offered as a suggestion when the bot declines. */
const SUGGESTION_MIN_COVERAGE = 0.3;
/** The question model's guess is the answer from this probability on; below it the search decides. */
const MODEL_ANSWER = 0.25;
/** Entries that are the answer to an emergency of their own kind, even with the 112 banner on top. */
const ACUTE_OWN_ENTRIES: ReadonlySet<string> = new Set(['centrum-seksueel-geweld']);
/** A question of at most this many content words must have every one of them in the content for the model to answer it. */
const MODEL_SHORT_QUESTION = 2;
/** The model's guess wins over a confident search that disagrees from here. */
const MODEL_OVER_SEARCH = 0.5;
/** The question model declines a question from this probability of "not our domain" on. */
const MODEL_DECLINE = 0.6;
/** Another entry the model finds this likely goes on the card as "Lees ook". */
const MODEL_ALTERNATIVE = 0.01;

/**
 * The sentences that ask something, when the message is more than that question ("Bij een
 * controle zagen we ... Kan Bibob hier?"); undefined for a message of one sentence.
 */
function askedPart(question: string): string | undefined {
    const bounded = question.length > MAX_QUESTION_CHARS ? question.slice(0, MAX_QUESTION_CHARS) : question;
    const sentences = bounded.split(/(?<=[.!?])\s+|\n+/).filter((x) => x.trim() !== '');
    if (sentences.length < 2) return undefined;
    const asked = sentences.filter((x) => x.includes('?'));
    return asked.length === 0 || asked.length === sentences.length ? undefined : readQuestion(asked.join(' ')).searchText;
}

export const DEFAULT_CONTENT_DIR = path.join(repoRoot, 'bot', 'knowledge', 'content');

/** What the text says about danger and context, whatever the answer is. */
export interface AnswerContext {
    /** Someone may be in danger now: 112 goes on top. */
    acuteDanger: boolean;
    /** Self-harm or suicide mentioned: 113 Zelfmoordpreventie beside 112. */
    selfHarm: boolean;
    /** The person in danger seems to be a child: Veilig Thuis after 112. */
    minorInDanger: boolean;
    /** The municipality the colleague named, to answer with its own aandachtfunctionaris. */
    municipality?: Municipality;
    /** The question was in English: the card says in one English line that the bot speaks Dutch. */
    english: boolean;
    /** The colleague described what they saw: the route advice for the facts the bot understood. */
    situation?: SituationAdvice;
}

export interface SituationAdvice {
    facts: SituationFacts;
    /** "Je beschrijft een minderjarige, mogelijk seksuele uitbuiting." */
    understood: string;
    advice: RouteAdvice;
}

/** What the bot should show for a question; the card layer turns this into a card. */
export type KnowledgeAnswer = AnswerContext &
    (
        | {
              kind: 'answer';
              entry: KnowledgeEntry;
              alternatives: KnowledgeEntry[];
              confidence: number;
          }
        | {
              kind: 'noMatch';
              /** Weak hits, offered as "misschien bedoel je" but never as the answer. */
              suggestions: KnowledgeEntry[];
          }
    );

/** Content plus search: the one object the dialogs and the responder need. */
export class KnowledgeBase {
    private readonly entriesById: Map<string, KnowledgeEntry>;
    private readonly contactsById: Map<string, Contact>;
    private readonly topicsById: Map<string, Topic>;
    private readonly index: KnowledgeSearchIndex;

    constructor(
        readonly content: KnowledgeContent,
        searchOptions: Partial<SearchOptions> = {},
        /** Null: the search alone (content tests, and the trainer's "before" figures). */
        private readonly model: QuestionModel | null = null,
    ) {
        checkRequired(content);
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
        const danger = assessDanger(question);
        const read = readQuestion(question);
        const context: AnswerContext = {
            acuteDanger: danger.acute,
            selfHarm: danger.selfHarm,
            minorInDanger: danger.minor,
            municipality: read.municipality,
            english: read.english,
        };
        const facts = readSituation(read.english ? read.searchText : question);
        if (facts.described) context.situation = situationAdvice(facts, danger);
        const vague = facts.form === 'onbekend' && facts.origin === undefined && facts.minor !== 'ja' && facts.subject === 'persoon';

        // "wie is de AF in Zutphen" leaves "aandachtfunctionaris"; "Zutphen" alone leaves nothing to search;
        // "bij wie meld ik in Lochem intern" asks for Lochem's own contact.
        // A story of a form of exploitation is answered on its facts; the municipality still picks the contact.
        const storyOfForm = context.situation !== undefined && facts.form !== 'onbekend' && facts.subject === 'persoon' && !NAMES_THE_AF.test(read.searchText);
        if (read.municipality !== undefined && (analyse(read.searchText).length === 0 || (WHO_TO_CONTACT.test(normalise(question)) && !storyOfForm))) {
            return { ...context, kind: 'answer', entry: this.requireEntry(AANDACHTFUNCTIONARIS_ENTRY), alternatives: [], confidence: 1 };
        }
        const outcome = this.index.search(read.searchText, 6, askedPart(question));
        const guesses = this.guess(question);
        const best = guesses[0];
        const top = outcome.hits[0];
        // A story that says nothing of form, origin or age is ours only if the content recognises it.
        if (context.situation !== undefined && vague && (top === undefined || top.coverage < SITUATION_MIN_COVERAGE)) delete context.situation;
        const stems = analyse(read.searchText);
        const serviceQuestion = SERVICE_QUESTION.test(normalise(question)) && !stems.some((t) => DOMAIN_ANCHORS.has(t));
        const anchored =
            top !== undefined && top.firmMatches > 0 && top.coverage >= ANCHORED_MIN_COVERAGE && stems.some((t) => DOMAIN_ANCHORS.has(t) && !BROAD_ANCHORS.has(t));

        // Danger now: the acute-danger entry is the answer, and what the model and the search read go on the card beside it.
        // Only an entry made for an emergency of its own (care after a rape) stays the answer when the model or a confident search picks it.
        const searchTop = outcome.confident ? top : undefined;
        const own = best !== undefined && ACUTE_OWN_ENTRIES.has(best.id) && best.p >= MODEL_ANSWER ? best.id : searchTop !== undefined && ACUTE_OWN_ENTRIES.has(searchTop.id) ? searchTop.id : undefined;
        // A confident search that disagrees wins over a model that is not sure: the search knows the content's
        // synonyms and abbreviations ("SHN"), the model only the wording of the questions it was trained on.
        const searchDisagrees = searchTop !== undefined && searchTop.id !== best?.id;
        // The model has no notion of a word it never saw: "opvang katten" is "opvang" to it. In a short question
        // a word the content does not have may be the whole point, so there the search decides; and a message
        // without a single content word ("wat nu", "mag dat") gives the model nothing to read.
        const covered = stems.length > MODEL_SHORT_QUESTION || (stems.length > 0 && stems.every((t) => this.index.knows(t)));
        const modelAnswers = best !== undefined && best.id !== OFF_TOPIC && best.p >= MODEL_ANSWER && covered && (!searchDisagrees || best.p >= MODEL_OVER_SEARCH);
        if (context.acuteDanger || modelAnswers) {
            const answer = context.acuteDanger ? (own ?? ACUTE_ENTRY) : this.modelAnswer(best?.id ?? ACUTE_ENTRY, question, facts, context.situation !== undefined, guesses, outcome.hits);
            const alternatives = [...guesses.filter((g) => g.p >= MODEL_ALTERNATIVE).map((g) => g.id), ...this.index.alternatives(outcome, 3).map((h) => h.id)]
                .filter((id, i, all) => id !== answer && id !== OFF_TOPIC && all.indexOf(id) === i)
                .slice(0, 3)
                .map((id) => this.requireEntry(id));
            const shown = guesses.find((g) => g.id === answer);
            return { ...context, kind: 'answer', entry: this.requireEntry(answer), alternatives, confidence: shown?.p ?? top?.coverage ?? 0 };
        }
        // "Not our domain", unless the search is sure or a word only our domain uses anchors it; what the search found stays as suggestions.
        if (best?.id === OFF_TOPIC && best.p >= MODEL_DECLINE && context.situation === undefined && !outcome.confident && !anchored) {
            return { ...context, kind: 'noMatch', suggestions: this.suggestions(outcome.hits) };
        }
        if ((outcome.confident || anchored) && top !== undefined && !serviceQuestion) {
            // A story that points at a specific entry (CSG, Helpwanted, M., the bedenktijd) gets it when the search ranks it close.
            const pointed =
                context.situation === undefined
                    ? undefined
                    : (situationEntries(facts).find((id) => outcome.hits.slice(0, 3).some((h) => h.id === id && h.score >= top.score * POINTED_MIN_RATIO)) ??
                      this.sameForm(top.id, facts, outcome.hits));
            const asked = pointed ?? askedSide(top.id, outcome.hits, normalise(question));
            return {
                ...context,
                kind: 'answer',
                entry: this.requireEntry(asked ?? top.id),
                alternatives: [...(asked === undefined ? [] : [top]), ...this.index.alternatives(outcome, 3)]
                    .filter((h) => h.id !== asked)
                    .slice(0, 3)
                    .map((h) => this.requireEntry(h.id)),
                confidence: top.coverage,
            };
        }
        if (context.situation !== undefined) {
            // A story is about the domain even when many of its words are not: a weaker hit will do, and
            // without one the story's form still has its signals entry to go with the advice.
            const fits = top !== undefined && top.firmMatches > 0 && top.coverage >= SITUATION_MIN_COVERAGE;
            const specific = situationEntries(facts).find((id) => outcome.hits.some((h) => h.id === id));
            const entry = this.requireEntry(specific ?? (fits ? (this.sameForm(top.id, facts, outcome.hits) ?? top.id) : SIGNALS_ENTRY[facts.form]));
            // What else the search found goes on the card as "Lees ook", after the entry itself.
            const alternatives = outcome.hits
                .filter((h) => h.id !== entry.id && h.coverage >= SITUATION_MIN_COVERAGE)
                .slice(0, 2)
                .map((h) => this.requireEntry(h.id));
            return { ...context, kind: 'answer', entry, alternatives, confidence: top?.coverage ?? 0 };
        }
        return { ...context, kind: 'noMatch', suggestions: this.suggestions(outcome.hits) };
    }

    /** Weak hits, offered as "misschien bedoel je". */
    private suggestions(hits: readonly { id: string; coverage: number }[]): KnowledgeEntry[] {
        return hits
            .filter((h) => h.coverage >= SUGGESTION_MIN_COVERAGE)
            .slice(0, 3)
            .map((h) => this.requireEntry(h.id));
    }

    /**
     * The model's pick, adjusted as the search's would be: a story that points at an entry of its own
     * (CSG, Helpwanted, the KMar, "wil geen hulp") gets it when the model or the search ranks it near the
     * top, a story of one form is not answered with another form's entry, and "kenmerken X" is X's signals.
     */
    private modelAnswer(id: string, question: string, facts: SituationFacts, story: boolean, guesses: readonly ClassGuess[], hits: readonly ScoredEntry[]): string {
        if (story) {
            const near = new Set([...guesses.slice(0, 3).map((g) => g.id), ...hits.slice(0, 3).map((h) => h.id)]);
            const pointed = situationEntries(facts).find((e) => near.has(e) && this.entriesById.has(e)) ?? this.sameForm(id, facts, hits);
            if (pointed !== undefined) return pointed;
        }
        const other = sideAsked(id, normalise(question));
        return other !== undefined && this.entriesById.has(other) ? other : id;
    }

    /**
     * A story about one form should not be answered with an entry about another ("drugsrunner onder
     * dwang" is not organ trafficking): the best hit of the story's own form, or its signals entry.
     * Undefined when the top entry already fits (or says nothing about form).
     */
    private sameForm(topId: string, facts: SituationFacts, hits: readonly { id: string }[]): string | undefined {
        if (facts.form === 'onbekend') return undefined;
        const fitsForm = (id: string) => {
            const forms = this.requireEntry(id).forms;
            return forms.length === 0 || forms.includes(facts.form);
        };
        if (fitsForm(topId)) return undefined;
        return hits.slice(0, 4).find((h) => h.id !== topId && this.requireEntry(h.id).forms.includes(facts.form))?.id ?? SIGNALS_ENTRY[facts.form];
    }

    /** The question model's guesses for the start of a question, dropping classes the content no longer has. */
    private guess(question: string): ClassGuess[] {
        if (this.model === null) return [];
        const bounded = question.length > MAX_QUESTION_CHARS ? question.slice(0, MAX_QUESTION_CHARS) : question;
        return this.model.guess(bounded).filter((g) => g.id === OFF_TOPIC || this.entriesById.has(g.id));
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
    return new KnowledgeBase(loadKnowledgeContent(dir), searchOptions, new QuestionModel(questionModelFile));
}
