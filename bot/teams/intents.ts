import { MUNICIPALITIES, type Municipality } from '../domain/vocabulary';

/**
 * What a typed message asks for. A small table of patterns, tried in order, on normalised text: the
 * commands the Teams manifest lists plus the ways colleagues actually phrase them. Anything that is
 * no command is a question for the knowledge search.
 */
export type Intent =
    | { kind: 'welcome' }
    | { kind: 'cancel' }
    | { kind: 'report' }
    | { kind: 'askQuestionPrompt' }
    | { kind: 'routeWizard' }
    | { kind: 'myReports' }
    | { kind: 'overview' }
    | { kind: 'undelivered' }
    | { kind: 'topics' }
    | { kind: 'bind'; target: Municipality | 'reserve' | undefined; raw: string }
    /** `aanvullen MH-2026-0042 [tekst]`: the text as typed (not normalised), since it is stored. */
    | { kind: 'addition'; reference?: string; text?: string }
    /** A reference typed on its own: MH-2026-0042. */
    | { kind: 'reference'; reference: string }
    /** `open meldingen`: a coordinator's list of open reports. */
    | { kind: 'openReports' }
    | { kind: 'question'; text: string }
    /** "vraag aan de aandachtfunctionaris" / "vraag aan AF: <vraag>": the form, with the question as typed (not normalised). */
    | { kind: 'askCoordinator'; text: string; municipality: Municipality | undefined }
    | { kind: 'knowledgeSuggestions' }
    /** Learning (issue 18): opt in or out of the weekly case, change role and municipality, a quiz. */
    | { kind: 'learnOn' }
    | { kind: 'learnOff' }
    | { kind: 'learnSettings' }
    | { kind: 'quiz' }
    /** `campagne [case-id]` typed by a coordinator in a team channel. */
    | { kind: 'campaign'; caseId?: string }
    | { kind: 'empty' };

/** About what one Teams message carries; a longer text is cut before any pattern reads it. */
const MAX_TEXT_CHARS = 28_000;

export function normalise(text: string): string {
    return (text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text)
        .normalize('NFKC')
        .replace(/<at>[^<]*<\/at>/gi, ' ') // a bot mention in a channel; [^<] keeps it linear
        .replace(/[!?.,;:'"()]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
}

/**
 * The one list of words that stop whatever flow is open (the router ends the flow on them, and the
 * report flow checks the same list for a typed stop it is handed).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(['stop', 'stoppen', 'annuleer', 'annuleren', 'afbreken', 'ophouden', 'cancel']);

export function isStopWord(text: string | undefined): boolean {
    return STOP_WORDS.has(normalise(text ?? ''));
}

const RULES: { pattern: RegExp; intent: Exclude<Intent['kind'], 'bind' | 'question' | 'empty' | 'askCoordinator' | 'addition' | 'reference' | 'campaign'> }[] = [
    { pattern: /^(leren aan|leren|casus van de week|meedoen( met leren| met de casus van de week)?|ik wil (mee)?doen met leren)$/, intent: 'learnOn' },
    { pattern: /^(leren uit|stoppen met leren|stop met leren|leren stoppen|afmelden voor leren|geen casussen meer)$/, intent: 'learnOff' },
    { pattern: /^(mijn rol|rol|rol (wijzigen|aanpassen|veranderen)|mijn rol (wijzigen|aanpassen|veranderen)|leren instellingen)$/, intent: 'learnSettings' },
    { pattern: /^(quiz|start (de )?quiz|quiz starten|doe (de )?quiz|nieuwe quiz)$/, intent: 'quiz' },
    { pattern: /^(open|openstaande) meldingen$|^(toon|laat|bekijk) (de )?(open|openstaande) meldingen( zien)?$/, intent: 'openReports' },
    // A greeting with a few words is a greeting; "help, er wordt iemand opgesloten" is a question (and danger comes first).
    { pattern: /^(hallo|hoi|hey|help|menu|start|begin|goedemorgen|goedemiddag|goedenavond|hulp|wat kun je|wat kan je)( \S+){0,2}$/, intent: 'welcome' },
    { pattern: /^mijn meldingen?$|^(toon|laat|bekijk) (me |mij )?mijn meldingen?( zien)?$/, intent: 'myReports' },
    // "waar meld ik dit?" starts the wizard; "waar meld ik een meisje van 14 dat ..." is a situation the knowledge answers.
    { pattern: /^waar meld ik( dit| het| iets| dat)?( nu)?$|^waar moet ik (dit |het |iets |dat )?melden$|^route( wizard)?$|^wie bel ik( nu)?$/, intent: 'routeWizard' },
    { pattern: /^(melden|melding|signaal melden|melding maken|nieuwe melding)$|^ik wil (graag )?(iets |een signaal |een melding )?(melden|doorgeven)/, intent: 'report' },
    { pattern: /^overzicht( .*)?$|^cijfers$|^statistiek(en)?$/, intent: 'overview' },
    { pattern: /^(onderwerpen|thema s|themas|bladeren)$/, intent: 'topics' },
    { pattern: /^(onbezorgd|onbezorgde meldingen|niet bezorgd|niet bezorgde meldingen|niet-bezorgde meldingen)$/, intent: 'undelivered' },
    { pattern: /^(vraag|vraag stellen|ik heb een vraag)$/, intent: 'askQuestionPrompt' },
    { pattern: /^(kennisbank( voorstellen)?|kennisbankvoorstellen|voorstellen( voor de kennisbank)?)$/, intent: 'knowledgeSuggestions' },
];

const GREETING = /^(?:(?:hallo|hoi|hey|hee|goedemorgen|goedemiddag|goedenavond|beste|dag)(?: (?:signaalbot|bot|allemaal|daar))? )+/;

/** Commands that end whatever flow is open and start their own. */
export const INTERRUPTING_INTENTS: ReadonlySet<Intent['kind']> = new Set([
    'cancel',
    'report',
    'routeWizard',
    'myReports',
    'overview',
    'undelivered',
    'topics',
    'addition',
    'reference',
    'openReports',
    'askCoordinator',
    'learnOn',
    'learnOff',
    'learnSettings',
    'quiz',
    'campaign',
]);

const REFERENCE = /^(?:melding |kenmerk )?(mh-\d{4}-\d{4,6})$/;
/** On the raw text, step by step (each step linear): the reference and what follows keep case and punctuation. */
function additionIntent(rawText: string): Intent {
    const raw = rawText.replace(/<at>[^<]*<\/at>/gi, ' ').trimStart();
    const afterCommand = raw.replace(/^aanvullen/i, '').replace(/^[\s:,]+/, '');
    const m = /^(MH-\d{4}-\d{4,6})(?![\d-])/i.exec(afterCommand);
    if (!m) return { kind: 'addition' };
    const text = afterCommand.slice(m[1].length).replace(/^[\s:,.-]+/, '').trim();
    return { kind: 'addition', reference: m[1].toUpperCase(), ...(text && { text }) };
}

/**
 * "vraag (het) aan de aandachtfunctionaris (van Zutphen): ...", "vraag aan AF ...", "stel een vraag aan de AF".
 * Read on the raw text (only a mention removed), so the question keeps its capitals and punctuation.
 */
const ASK_COORDINATOR =
    /^\s*(?:(?:hallo|hoi|beste)[\s,]+)?(?:stel (?:een )?)?vraag(?: het)? (?:aan|voor) (?:de )?(?:af|aandachtfunctionaris(?:sen)?)(?: (?:van|in) (brummen|lochem|voorst|zutphen))?(?=$|[\s:,.?!-])[\s:,.-]*([\s\S]*)$/i;

function askCoordinator(rawText: string): Intent | undefined {
    const m = ASK_COORDINATOR.exec(rawText.replace(/<at>[^<]*<\/at>/gi, ' ').slice(0, MAX_TEXT_CHARS));
    if (!m) return undefined;
    const named = m[1]?.toLowerCase();
    return { kind: 'askCoordinator', text: (m[2] ?? '').trim(), municipality: MUNICIPALITIES.find((x) => x.toLowerCase() === named) };
}

export function recogniseIntent(rawText: string | undefined): Intent {
    const text = normalise(rawText ?? '');
    if (text === '') return { kind: 'empty' };
    if (STOP_WORDS.has(text)) return { kind: 'cancel' };
    const bind = /^koppel(?: (.*))?$/.exec(text);
    if (bind) {
        const arg = (bind[1] ?? '').trim();
        const target =
            arg === 'reserve' || arg === 'reservekanaal'
                ? 'reserve'
                : MUNICIPALITIES.find((m) => m.toLowerCase() === arg);
        return { kind: 'bind', target, raw: arg };
    }
    // Whatever follows is the case id; a long or odd one is refused by the feature as unknown.
    const campaign = /^campagne(?: (.+))?$/.exec(text);
    if (campaign) return { kind: 'campaign', ...(campaign[1] && { caseId: campaign[1].slice(0, 100) }) };
    const ask = askCoordinator(rawText ?? '');
    if (ask) return ask;
    // "hallo, ik wil iets melden" is "ik wil iets melden": a greeting in front changes nothing.
    const rest = `${text} `.replace(GREETING, '').trim();
    const command = rest === '' ? text : rest;
    if (/^aanvullen( |$)/.test(text)) return additionIntent(rawText ?? '');
    const reference = REFERENCE.exec(command);
    if (reference) return { kind: 'reference', reference: reference[1].toUpperCase() };
    for (const rule of RULES) {
        if (rule.pattern.test(command)) return { kind: rule.intent };
    }
    return { kind: 'question', text: command };
}
