import { newStemmer } from 'snowball-stemmers';
import { MAX_MESSAGE_CHARS, withoutLongWords } from './textLimits';

/**
 * Text analysis for Dutch questions and content: normalise, split, drop function words, stem.
 * The same pipeline runs over content at index time and over questions at query time, so both
 * sides meet on the same stems.
 */

const stemmer = newStemmer('dutch');

/**
 * Snowball's Dutch stop list plus the words staff wrap around a question ("hoe", "kun je", "ik
 * wil weten") that say nothing about the topic. Negations and "nu" are dropped here too: the
 * danger detector reads the raw text, not these tokens.
 */
export const DUTCH_STOP_WORDS: ReadonlySet<string> = new Set(
    `aan al alle alles als altijd andere ben bent ben bij daar dan dat de der deze die dit doch doe doen doet door
    dus echt een eens eigenlijk en er ergens even gaat gaan ge geen geweest goed graag had heb hebben heeft hem
    het hier hij hoe hun iemand iets ik in is ja je jij jou jouw jullie kan kon kun kunnen kunt maar me meer men
    met mij mijn misschien moet moeten mag mogen na naar niet niets nog nu of om omdat onder ons ook op over
    precies reeds s soms te tegen toch toen tot u uit uw van veel voor vraag vragen waar waarom wanneer want
    waren was wat we weet weten welk welke werd wezen wie wij wil willen wordt worden zal ze zelf zich zij zijn
    zit zo zonder zou zoiets zulke eventjes gewoon heel erg beetje bedoel bedoeld iemands iets graag zeg zeggen
    vertel uitleg uitleggen leg hallo hoi hey dag beste bedankt dank houdt houden betekent betekenis valt vallen
    heen terecht hoeveel krijg krijgt krijgen gebeurt gebeuren zie ziet zien lijkt lijken denk vind komt komen
    staat spreek spreekt spreken nou allemaal ofzo enzo hoor joh trouwens sowieso wel weer best zomaar namelijk overigens
    daarvan hiervan ervan erover daarover hierover ok oke okay hm alvast bijvoorbeeld bv svp aub alstublieft alsjeblieft
    dankjewel dankuwel gebeurd gebeurde betekenen vraagje snel snelle kort korte simpel simpele uitgelegd nogmaals please
    daarin hierin erin daarbij hierbij daarmee hiermee daarop hierop hoorde gehoord
    zei zegt kreeg kwam kwamen vertelde vertelt wist keek ging vond vorige telkens keer niemand absoluut eenmaal
    daarnaar hebt das zn mn mot d r bro yo gast gastje ff effe gwn max ofso jip janneketaal gisteren gister fabeltje`
        .split(/\s+/)
        .filter((w) => w.length > 0),
);

/** Lower case, no accents (coördinatie = coordinatie), only letters and digits. */
export function normalise(text: string): string {
    const bounded = text.length > MAX_MESSAGE_CHARS ? text.slice(0, MAX_MESSAGE_CHARS) : text;
    return bounded
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
}

/** Words of a text after normalising, stop words included (the danger detector and phrase synonyms need them). */
export function words(text: string): string[] {
    const n = withoutLongWords(normalise(text));
    return n.length === 0 ? [] : n.split(' ');
}

const stemCache = new Map<string, string>();

export function stem(word: string): string {
    const cached = stemCache.get(word);
    if (cached !== undefined) return cached;
    // Numbers and codes (112, 273f, b8) are kept as they are.
    const result = /\d/.test(word) ? word : undouble(stemmer.stem(word));
    if (stemCache.size < 50_000) stemCache.set(word, result);
    return result;
}

/** The stemmer leaves "bellen" as "bell" but "bel" as "bel"; one final consonant makes them meet. */
function undouble(s: string): string {
    return s.length > 3 && /([bcdfgklmnprtvz])\1$/.test(s) ? s.slice(0, -1) : s;
}

export function isContentWord(word: string): boolean {
    if (DUTCH_STOP_WORDS.has(word)) return false;
    // Bare small numbers ("een meisje van 15") are ages and counts, not topics; 112 and 273f are.
    if (/^\d{1,2}$/.test(word)) return false;
    return word.length >= 2;
}

/** Content-word stems of a text, in order, duplicates kept (term frequency matters). */
export function analyse(text: string): string[] {
    return words(text).filter(isContentWord).map(stem);
}

const DUTCH_MARKERS = new Set(['de', 'het', 'een', 'en', 'van', 'niet', 'je', 'dat', 'die', 'voor', 'met', 'bij', 'op', 'te', 'naar', 'wordt', 'zijn', 'of', 'ook', 'als']);
const ENGLISH_MARKERS = new Set(['the', 'and', 'with', 'you', 'are', 'this', 'that', 'for', 'from', 'which', 'be', 'not', 'your']);

/**
 * A cheap check that content is written in Dutch, so an English draft pasted in by mistake fails
 * the content test instead of reaching staff.
 */
export function looksDutch(text: string): boolean {
    const ws = words(text);
    if (ws.length < 5) return false;
    let dutch = 0;
    let english = 0;
    for (const w of ws) {
        if (DUTCH_MARKERS.has(w)) dutch += 1;
        if (ENGLISH_MARKERS.has(w)) english += 1;
    }
    return dutch >= 3 && dutch / ws.length >= 0.08 && english < dutch / 2;
}
