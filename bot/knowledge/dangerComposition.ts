import { boundedEditDistance } from './fuzzyMatch';

/**
 * The compositional half of the danger detector: it reads how a Dutch or English sentence is built
 * instead of waiting for a known phrase. Dutch splits its verbs ("ze sluiten de mannen op",
 * "dan brengen ze haar broertje om") and turns its word order around in a subordinate clause
 * ("dat de baas ze niet laat gaan"), so a phrase list always misses the next wording. Here:
 * - separable verbs are joined again when a person stands between verb and particle, and the joined
 *   form is added to the text, so the detector's word list sees "opsluiten" and "ombrengen";
 * - "not" + "let/may" + "leave/out" is read in any order within a few words;
 * - a locked door is danger only with someone behind it ("de deur zat op slot, ik zag niemand" is not);
 * - the ways of saying "now" collapse to "nu", so every "nu" rule also hears "op dit moment";
 * - a word one slip from a danger verb is read as that verb, so the rules built on it still apply.
 *
 * Everything works on the normalised text (lower case, single spaces) with windows of a fixed size:
 * linear in the number of words.
 */

/** Someone who can be held or hurt: a pronoun, a person noun, a group of workers. */
const PERSON_WORD =
    /^(?:haar|hem|hen|ze|zij|mij|me|ons|jou|je|u|iemand|mensen|meisje\w*|meiden|meid|vrouw\w*|man|mannen|jongen\w*|kind\w*|baby|dochter\w*|zoon\w*|broer\w*|zus\w*|zusje|moeder|vader|werknemer\w*|arbeider\w*|medewerker\w*|bewoner\w*|slachtoffer\w*|client\w*|klant\w*|collega\w*|vriend\w*|partner|buurman|buurvrouw|neef|nicht|oom|tante|personeel|polen|roemenen|bulgaren|buitenlanders|arbeidsmigrant\w*|seizoenswerker\w*|uitzendkracht\w*|werkers|leerling\w*|her|him|them|us|people|workers|woman|women|girl\w*|boy\w*|child\w*|kids?)$/;

/** Separable verbs whose joined form is danger: each verb form, the particles that close it, the joined form. */
const SEPARABLE: ReadonlyArray<{ verbs: string; particles: string; joined: string }> = [
    { verbs: 'sluit sluiten sloot sloten', particles: 'op', joined: 'opsluiten' },
    { verbs: 'breng brengt brengen bracht brachten', particles: 'om', joined: 'ombrengen' },
    { verbs: 'maak maakt maken maakte maakten', particles: 'af dood kapot', joined: 'doodmaken' },
    { verbs: 'steek steekt steken stak staken', particles: 'neer dood kapot af', joined: 'neergestoken' },
    { verbs: 'schiet schieten schoot schoten', particles: 'neer dood', joined: 'neergeschoten' },
    { verbs: 'sla slaat slaan sloeg sloegen', particles: 'dood kapot neer bewusteloos', joined: 'doodslaan' },
    { verbs: 'bind bindt binden bond bonden', particles: 'vast', joined: 'vastgebonden' },
    { verbs: 'voer voert voeren voerde voerden', particles: 'af weg mee', joined: 'ontvoerd' },
];
const SEPARABLE_BY_VERB = new Map<string, { particles: ReadonlySet<string>; joined: string }>();
for (const s of SEPARABLE) for (const v of s.verbs.split(' ')) SEPARABLE_BY_VERB.set(v, { particles: new Set(s.particles.split(' ')), joined: s.joined });
const SEPARABLE_WINDOW = 6;
const PREPOSITION_FOLLOWS = /^(?:\d+\w*|te|de|het|een|half|kwart|tijd|zijn|haar|hun|mijn|je|die|dat|deze|acht|negen|tien|elf|twaalf|zes|zeven|vijf|vier|drie|twee|middernacht|uur)$/;

function joinSeparableVerbs(words: readonly string[]): string[] {
    const joined: string[] = [];
    for (let i = 0; i < words.length; i++) {
        const s = SEPARABLE_BY_VERB.get(words[i]);
        if (s === undefined) continue;
        let person = false;
        for (let j = i + 1; j < Math.min(words.length, i + 1 + SEPARABLE_WINDOW); j++) {
            if (PERSON_WORD.test(words[j])) person = true;
            if (s.particles.has(words[j])) {
                // A preposition is no particle: "brengt ze om 5 uur", "sluit ze op de gang", "om te".
                if (person && !PREPOSITION_FOLLOWS.test(words[j + 1] ?? '')) joined.push(s.joined);
                break;
            }
        }
    }
    return joined;
}

/** "niet" with "laten/mogen" and "weg/naar buiten/gaan", in any order: "dat de baas ze niet laat gaan". */
const NOT_WORDS: ReadonlySet<string> = new Set(['niet', 'nooit', 'nergens', 'not', 'never', 'cannot', 't']);
const LET = /^(?:laat|laten|liet|lieten|let|lets)$/;
const MAY = /^(?:mag|mogen|mocht|mochten|allowed)$/;
const AWAY = /^(?:weg|buiten|uit|eruit|vertrekken|verlaten|vluchten|ontsnappen|uitstappen|uitstapt|leave|out|outside|escape)$/;
/** "gaan" (and "af": "laat hem het terrein niet af") is leaving only after "laten" ("ze laten haar niet gaan"); "mag niet naar school gaan" is no captivity. */
const GO = /^(?:gaan|go|af)$/;
const HELD_WINDOW = 5;

function notLetGo(words: readonly string[]): boolean {
    for (let i = 0; i < words.length; i++) {
        if (!NOT_WORDS.has(words[i])) continue;
        if (words[i] === 't' && !/^(?:won|don|can|isn|aren|doesn|didn|wouldn)$/.test(words[i - 1] ?? '')) continue;

        let let_ = false;
        let may = false;
        let away = false;
        let go = false;
        let alone = false;
        for (let j = Math.max(0, i - HELD_WINDOW); j < Math.min(words.length, i + HELD_WINDOW + 1); j++) {
            if (LET.test(words[j])) let_ = true;
            if (MAY.test(words[j])) may = true;
            // Only after the negation: "weg" before it belongs to another clause ("ze ging weg, ze mag niet ...").
            if (j > i && AWAY.test(words[j])) away = true;
            if (j > i && GO.test(words[j])) go = true;
            if (words[j] === 'alleen' || words[j] === 'alone' || words[j] === 'unaccompanied') alone = true;
        }
        // "mag nooit alleen weg" is control, a signal; captivity is not getting out at all.
        if (alone) continue;
        if ((let_ || may) && away) return true;
        if (let_ && go) return true;
    }
    return false;
}

/** Pulled, pushed or carried into a vehicle, in any tense: "in een auto trok", "de bus in geduwd". */
const FORCE_VERB = /^(?:trek|trekt|trekken|trok|trokken|getrokken|sleur|sleurt|sleuren|sleurde|sleurden|gesleurd|duw|duwt|duwen|duwde|duwden|geduwd|gooi|gooit|gooien|gooide|gooiden|gegooid|sleep|sleept|slepen|sleepte|sleepten|gesleept|tilt|tillen|tilde|getild|zet|zetten|zette|gezet|stop|stopt|stopten|stopte|gestopt|dwingt|dwingen|dwong|gedwongen|pull\w*|push\w*|drag\w*|dragged|shov\w*|forc\w*|thr[eo]w\w*|grab\w*)$/;
const VEHICLES: ReadonlySet<string> = new Set(['auto', 'busje', 'bus', 'bestelbus', 'wagen', 'kofferbak', 'achterbak', 'vrachtwagen', 'truck', 'car', 'van', 'trunk', 'taxi', 'boot']);
const INTO = /^(?:in|into|achterin)$/;
const VEHICLE_WINDOW = 4;

function forcedIntoVehicle(words: readonly string[]): boolean {
    for (let i = 0; i < words.length; i++) {
        if (!VEHICLES.has(words[i])) continue;
        // Dutch "van" (of) is no vehicle: only "a van", "the van".
        if (words[i] === 'van' && !/^(?:a|the|their|his|her)$/.test(words[i - 1] ?? '')) continue;
        // "in een auto trok" / "de auto in geduwd": "in" within two words of the vehicle, a forcing verb close by.
        const into = INTO.test(words[i - 1] ?? '') || INTO.test(words[i - 2] ?? '') || INTO.test(words[i + 1] ?? '');
        if (!into) continue;
        let person = false;
        let force = false;
        for (let j = Math.max(0, i - VEHICLE_WINDOW - 3); j < Math.min(words.length, i + VEHICLE_WINDOW + 1); j++) {
            if (FORCE_VERB.test(words[j])) force = true;
            if (PERSON_WORD.test(words[j])) person = true;
        }
        if (force && person) return true;
    }
    return false;
}

/** A door (also "slaapkamerdeur", "voordeur") shut on someone. */
const DOOR = /\b(?:\w*deur|\w*deuren|doors?)\b/;
const SHUT = /\b(?:op slot|afgesloten|vergrendeld|dichtgedaan|dicht gedaan|dichtgespijkerd|dichtgetimmerd|gebarricadeerd|geblokkeerd|locked|barricaded|blocked)\b/;
/** Said of a room or of the people in it, without the word "deur". */
const SHUT_IN = /\b(?:zit|zitten|zat|zaten|is|zijn|wordt|worden|was|waren) (?:\w+ ){0,4}op slot\b(?! (?:doen|te doen))|\bop slot (?:gedaan|gezet|gedraaid)\b|\bdeur\w* (?:\w+ ){0,2}(?:gaat niet (?:meer )?open|dicht (?:is|zit))\b|\bdeur\w* niet (?:meer )?open (?:krijgen|krijgt|kan|kunnen)\b/;
const NOBODY = /\b(?:niemand|leeg|lege|nobody|no one|empty)\b/;
const SOMEONE_INSIDE = /\b(?:haar|hem|hen|ze|zij|iemand|mensen|meisjes?|meiden|vrouwen?|man|mannen|jongens?|kind|kinderen|werknemers|arbeiders|medewerkers|bewoners|slachtoffers?|personeel|polen|roemenen|bulgaren|buitenlanders|arbeidsmigranten|seizoenswerkers|uitzendkrachten|her|him|them|people|workers|women|girls?|boys?|children)\b/;

function lockedInWithSomeone(n: string): boolean {
    return ((DOOR.test(n) && SHUT.test(n)) || SHUT_IN.test(n)) && SOMEONE_INSIDE.test(n) && !NOBODY.test(n);
}

/**
 * The verbs and nouns the detector's rules are built from, so a slip of the keyboard still meets
 * them ("slaatr haar", "bedreit", "vermoorde", "opgsloten"). Only words of six letters or more are
 * corrected, by one edit, and never into a word that is itself common Dutch.
 */
const DANGER_FORMS = [
    'slaat', 'slaan', 'sloeg', 'schopt', 'schoppen', 'schopte', 'trapt', 'trappen', 'steekt', 'steken', 'wurgt', 'wurgen', 'sleurt', 'sleuren', 'duwt', 'knijpt',
    'geslagen', 'geschopt', 'getrapt', 'gestoken', 'gewurgd', 'gesleurd', 'geduwd', 'mishandeld', 'mishandelt', 'verkracht', 'aangevallen', 'neergestoken',
    'opgesloten', 'opsluiten', 'vastgehouden', 'vastgebonden', 'vastgeketend', 'gevangen', 'gegijzeld', 'ontvoerd', 'meegenomen', 'weggebracht', 'afgevoerd',
    'bedreigd', 'bedreigt', 'bedreigen', 'dreigt', 'dreigen', 'vermoorden', 'vermoord', 'doodmaken', 'afmaken', 'ombrengen',
    'zelfmoord', 'ophangen', 'springen', 'bewusteloos', 'bloedt', 'bloeden', 'pistool', 'vuurwapen',
    'locked', 'trapped', 'beaten', 'stabbed', 'kicked', 'punched', 'choking', 'strangled', 'threatened', 'kidnapped', 'hitting', 'bleeding', 'unconscious',
];
const FORMS_BY_FIRST = new Map<string, string[]>();
for (const f of DANGER_FORMS) FORMS_BY_FIRST.set(f[0], [...(FORMS_BY_FIRST.get(f[0]) ?? []), f]);
const FORM_SET = new Set(DANGER_FORMS);
/** Real words one edit from a danger form: they stay what they are. */
const REAL_NEIGHBOURS = new Set([
    'slaapt', 'slapen', 'staat', 'straat', 'slaagt', 'slagen', 'sloten', 'schept', 'stapt', 'steeds', 'stoken', 'gestoken', 'gestopt', 'geslaagd', 'geslapen',
    'gezocht', 'gedood', 'gevangene', 'gevangenen', 'gevangenis', 'dreigend', 'dreigende', 'bedrijf', 'bedrijven', 'bedriegen', 'bedreiging', 'vermoorde',
    'blocked', 'looked', 'locker', 'lockers', 'tapped', 'beaker', 'kicker', 'sitting', 'hunting', 'shitting', 'printed', 'sprinten', 'springt', 'opslaan',
    'duwen', 'bloemen', 'bloedde', 'verkocht', 'verkoopt', 'aangenomen', 'meegenomen', 'genomen', 'opgelost', 'opgeslagen', 'afgevoerde', 'trappen',
    'steelt', 'stelen', 'gestolen', 'steden', 'opvangen', 'opgevangen', 'geduld', 'gestoten', 'stoten', 'bloedend', 'springt', 'gesprongen', 'verkrachting',
]);
const correctionCache = new Map<string, string>();

/**
 * Spellings that sound the same in Dutch count as no slip: ch and g ("verkragt"), ij, ei and y,
 * a final d, t or dt ("mishandelt", "bedreigd"), a doubled consonant ("opgeslotten"). Only the
 * same sound counts, never a sound one edit off ("scholen" is no "schoppen").
 */
function spokenLike(word: string): string {
    return word
        .replace(/ch/g, 'g')
        .replace(/ij|y/g, 'ei')
        .replace(/([bcdfgklmnprstvz])\1/g, '$1')
        .replace(/(?:dt|t|d)$/, 'd');
}

export function corrected(word: string): string {
    // English past tense with its e dropped ("lockd", "kickd"): short, but only ever that form.
    if (word.length === 5 && word.endsWith('d') && FORM_SET.has(`${word.slice(0, -1)}ed`)) return `${word.slice(0, -1)}ed`;
    if (word.length < 6 || word.length > 16 || FORM_SET.has(word) || REAL_NEIGHBOURS.has(word)) return word;
    const cached = correctionCache.get(word);
    if (cached !== undefined) return cached;
    let result = word;
    const sound = spokenLike(word);
    for (const form of FORMS_BY_FIRST.get(word[0]) ?? []) {
        if (form.length >= 5 && (boundedEditDistance(word, form, 1) <= 1 || sound === spokenLike(form))) {
            result = form;
            break;
        }
    }
    if (correctionCache.size < 20_000) correctionCache.set(word, result);
    return result;
}

/** How many words get the typo check: a real message says its danger early; a pasted wall of text stays cheap. */
const MAX_CORRECTED_WORDS = 400;
/** The structure rules read this many words (a report description of 2,000 characters is about 350). */
const MAX_COMPOSED_WORDS = 1_500;

/** The ways of saying "right now" that the rules should hear as "nu". */
const NOW_SYNONYMS = /\b(?:op dit moment|op het moment|op dit ogenblik|momenteel|zonet|zo net|zoeven|zojuist|right now|at the moment|currently|as we speak)\b/g;

export interface ComposedText {
    /** The text with "now" said one way and the joined separable verbs added at the end. */
    text: string;
    /** Someone is kept from leaving ("niet laten gaan", "mag niet naar buiten") or shut in behind a door. */
    held: boolean;
}

/** Reads the normalised text (single spaces, padded with a space on both sides) compositionally. */
export function composeDanger(n: string): ComposedText {
    const spelled = n.trim().split(' ').map((w, i) => (i < MAX_CORRECTED_WORDS ? corrected(w) : w));
    const text = ` ${spelled.join(' ')} `.replace(NOW_SYNONYMS, 'nu');
    const words = text.trim().split(' ').slice(0, MAX_COMPOSED_WORDS);
    const joined = joinSeparableVerbs(words);
    return {
        text: joined.length === 0 ? text : `${text}${joined.join(' ')} `,
        held: notLetGo(words) || lockedInWithSomeone(text) || forcedIntoVehicle(words),
    };
}
