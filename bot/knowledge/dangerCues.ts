/**
 * The third half of the danger detector: cues instead of phrases. The phrase rules in
 * `dangerDetector.ts` catch what they were written for, and every new writer found wording they
 * missed ("he lock the gate", "ze duwden haar in een auto", "ik steek je af", "rat poison"). What
 * those misses share is not a phrase but two things in one message: a word of harm (a blow, a
 * wound, a weapon, being locked in, a threat to life, a means of suicide) and a sign that it is
 * happening now or is about to (nu, net, vanavond, "he is downstairs", "neemt niet op", a cry for
 * help). Either alone is a signal or a question; together they are an emergency unless the message
 * says it is over, hypothetical or a figure of speech, which the caller checks.
 *
 * Words are compared by their beginning (so "getrapt", "trapte", "kicked" and "kicking" all count)
 * against sets keyed by length: one pass over the words, a fixed number of lookups per word.
 */

/** Beginnings of words of harm. Each was checked against everyday words it could start ("trap" is stairs, so only its verb forms). */
const HARM_STARTS = [
    // blows and wounds, Dutch
    'geslagen', 'sloeg', 'slaat', 'getrapt', 'trapte', 'geschopt', 'schopt', 'schopte', 'geduwd', 'duwde', 'duwden', 'gestompt', 'gewurgd', 'geknepen', 'kneep',
    'gestoken', 'afsteken', 'afgestoken', 'gesleurd', 'mishandel', 'bloed', 'bloeid', 'bloet', 'verwond', 'gewond', 'opgezwollen', 'gekneusd', 'kneuzing', 'bewusteloos',
    'pijn', 'pain', 'hoofdwond', 'open wond', 'mank', 'uitgeknepen', 'gebeten', 'verbrand', 'brandwond',
    // blows and wounds, English
    'hit', 'hits', 'hitting', 'kick', 'punch', 'pushed', 'shoved', 'slap', 'beat', 'hurt', 'bleed', 'blood', 'bruise', 'injur', 'wound', 'stab', 'choke', 'choking',
    'strangl', 'burn', 'burned', 'burnt', 'unconscious',
    // weapons and means
    'mes', 'messen', 'pistool', 'wapen', 'knuppel', 'benzine', 'rattengif', 'vergif', 'gif', 'knife', 'knives', 'gun', 'weapon', 'gasoline', 'petrol', 'poison', 'acid', 'zuur',
    // locked in, held, not let go
    'opgesloten', 'opsluit', 'lock', 'locked', 'locks', 'kelder', 'cellar', 'basement', 'trapped', 'vastgehouden', 'holding', 'gevangen', 'gijzel', 'hostage', 'ontvoer', 'kidnap',
    // threats to life, being sold or taken
    'vermoord', 'doodmaken', 'afmaken', 'afmaak', 'afgemaakt', 'granaat', 'handgranaat', 'explosie', 'bleekwater', 'bleach', 'leeggedronken', 'overgeven', 'vomit', 'drag', 'grab', 'greep', 'grijpt', 'benen breken', 'benen breekt',
    'inslaan', 'inslaat', 'geduwd', 'dichtgeschroef', 'dichtgemaakt', 'pulled', 'bruises', 'kneuzingen', 'afgeplakt', 'klink', 'hangslot', 'pijler', 'vensterbank', 'kill', 'murder', 'meegenomen',
    // self-harm and its means
    'zelfmoord', 'suicid', 'touw', 'rope', 'pillen', 'pills', 'overdosis', 'overdose', 'springen', 'spring', 'jump', 'snijd', 'sneed', 'cut',
];
/** Two-word cues: harm said in a phrase whose words are harmless alone. */
const HARM_PHRASES = [
    'stil maken', 'nooit meer terug', 'niet meer terugzien', 'les leren', 'teach him', 'teach her', 'in de ijssel', 'in het water', 'laatste bericht', 'sorry voor alles',
    'niet meer leven', 'wil niet meer leven', 'doei iedereen', 'mist me', 'miss me', 'my goodbye', 'mijn afscheid', 
    'niet naar het ziekenhuis', 'not to the hospital', 'door blocked', 'deur geblokkeerd', 'in de auto duwden', 'into a car', 'into the car', 'in getrokken', 'in gesleurd', 'in geduwd', 'in gesleept',
    'taking me', 'taking her', 'taking him', 'took my phone', 'took her phone', 'took his phone', 'never see', 'nooit meer zien', 'light it', 'aansteken', 'gas opengezet', 'gas open', 'gaskraan', 'motor aan in', 'dichte garage', 'wat aan als', 'iets aan als',
    'uit de rijdende auto', 'arm hangt raar', 'tegen de grond', 'under water', 'onder water', 'lips are blue', 'lippen blauw', 'trok haar', 'trok hem', 'trekt haar terug', 'trekt hem terug',
    'pulled her', 'pulled him', 'shut the', 'shut them', 'shut her', 'shut him', 'in de kist', 'from outside', 'van buiten', 'aan de buitenkant', 'mag niet bellen', 'not allowed to call',
    'cannot go', 'can t go', 'key card', 'niet uitstappen', 'mouthing help', 'knocking on', 'klopt van binnen', 'weet je wat er gebeurt', 'you know what happens', 'niet meer veilig', 'not safe anymore',
    'laatste kans', 'last chance', 'disappear', 'verdwijnt', 'laten verdwijnen', 'in zijn jas', 'under his jacket', 'only way out', 'enige uitweg', 'erin spring',
    'er zo niet meer', 'wil niet meer zijn', 'naar het water', 'in de auto gedrukt', 'in een auto gedrukt', 'foto s van het spoor', 'alles rood', 'naar de ehbo', 'hoge water', 'bij het spoor', 'op het spoor', 'langs het spoor', 'jerrycan', 'voordeur met', 'red circle', 'photo of her daughter', 'photo of his daughter', 'komt halen', 'slet', 'window sill', 'legs outside', 'naar binnen trok', 'ladder weggehaald', 'geen uitweg', 'no way out', 'alles neemt', 'alles innemen',
    'blauwe plekken', 'pain and blood', 'red me', 'save me', 'police now', 'politie nu', 'bel de politie', 'call the police', 'zij de volgende', 'hij de volgende', 'jij de volgende', 'je de volgende', 'bent de volgende', 'you re next', 'she s next', 'he s next', 'was sent by', 'voorgoed stil', 'stil maakt', 'get in the car', 'get in his car', 'haar verkopen', 'hem verkopen', 'verkopen haar', 'verkopen hem', 'sell her', 'sell him', 'sell them',
    'instappen', 'stap in', 'sends the pics', 
];

/** Words that place the harm now or within hours. */
const NOW_WORDS = new Set([
    'nu', 'net', 'zojuist', 'meteen', 'direct', 'snel', 'zsm', 'vanavond', 'vannacht', 'vandaag', 'vanmiddag', 'vanochtend', 'straks', 'zometeen', 'onderweg', 'nog', 'alweer',
    'now', 'just', 'tonight', 'today', 'asap', 'downstairs', 'outside', 'buiten', 'still', 'coming', 'help', 'hellup', 'hulp', 'alsjeblieft', 'aub', 'please', 'plz', 'pls', 'urgent',
    'minuten', 'minutes', 'mins', 'min', 'live', 'vertrokken', 'left', 'fluistert', 'whispers', 'whispering', 'verstopt', 'fast', 'battery', 'batterij',
]);
const NOW_PHRASES = ['geen lucht', 'niet goed lucht', 'loopt nu', 'word in', 'wordt in', 'niet ademen', 'niet goed ademen', 'ademt niet', 'can t breathe', 'cannot breathe', 'not breathing', 'geen adem', 'this afternoon', 'this evening', 'right now', 'on the way', 'neemt niet op', 'not answering', 'doesn t answer', 'over een uur', 'in an hour', 'staat er nu', 'is er nog', 'is still', 'zit nu', 'staat nu', 'is nu', 'er ligt', 'ligt er', 'ik sta bij', 'i m inside', 'im inside', 'all day', 'om de hoek', 'this morning', 'parked outside', 'al een uur', 'al uren', 'for hours', 'zo naar huis', 'zo terug', 'ik hoor', 'ik zie', 'i see', 'i hear', 'there is a', 'is with me', 'zit binnen', 'bij mij op', 'bij ons binnen', 'reageert niemand', 'viel de verbinding', 'niet aan de lijn', 'krijg haar niet', 'krijg hem niet', 'ends in'];

/**
 * Harm words that are a figure of speech in a phrase ("deze deadline vermoordt me", "holding me hostage with
 * homework", "stabbed in the back"), a laugh or a joke: they say nothing of danger.
 */
const FIGURATIVE =
    /\b(?:kat|kater|poes|hond|hondje|dieren|paard|konijn|cat|dog|pets?) (?:\w+ ){0,5}(?:opgesloten|geslagen|zaten|zat|werd|locked|hit)\b|\bzit (?:\w+ )?vast met\b|\bmaakt (?:\w+ ){0,2}(?:teamleider|baas|chef|manager|leidinggevende) (?:me|mij) af\b|\bin de lift\b|\bopgesloten (?:\w+ ){0,3}(?:vergadering\w*|\w*overleg|lokaal|training|cursus|meeting)\b|\b(?:dierenpolitie|nvwa|dementie|gesloten afdeling|escape ?room|teamuitje|kill (?:het|de|the|dat|dit) (?:\w+ )?(?:proces|process|app|taak|task|programma))\b|\b(?:deadline\w*|werkdruk|rapportage\w*|planning|hitte|drukte|mails?|emails?|vergadering\w*|administratie|papierwerk|homework|huiswerk|teamleider|manager|chef|leidinggevende|deze week|dit werk|this week|this job|traffic)\b(?: \w+){0,4} (?:vermoordt|vermoorden|maakt|maken|killing|kills|murders)\b(?: \w+){0,2} (?:me|mij|us|ons)\b|\bdoor (?:een|het|de) (?:paard|hond|koe|pony|stier)\b|\bgijzel\w* (?:\w+ ){0,3}(?:server|systeem|computer|data|bestanden)|\bransomware\b|\b(?:bedoelde|bedoelt|meant|means) (?:\w+ )?(?:dat|that)\b|\b(?:vermoordt me als|maakt me af als|killing me|kills me|holding (?:me|us) hostage with|stabbed in the back|doodop|doodmoe|lachend|(?<!geen )grapje|(?<!geen )als grap|as a joke|jokingly|figuurlijk|bij wijze van spreken|lol|haha|hihi|(?<!not a |no )joke|killing it|meende (?:het|dat) niet|didn ?t mean it|did not mean it)\b/;
/** The writer says outright that nothing is urgent. */
const NOT_URGENT =
    /(?<!dacht (?:dat )?(?:het )?(?:nog )?)(?<!thought (?:it )?(?:was )?)\b(?:geen tekenen van geweld|geen geweld|nooit geweld|komen en gaan|niet gewond|doet niet agressief|niemand zegt bedreigd|niemand zei dat|niet in nood|lijkt niet in nood|geen gevaar|niemand (?:is )?geslagen|nobody (?:was )?hit|lijkt (?:verder )?rustig|zelf boodschappen|nothing urgent|not urgent|non ?urgent|niets urgents|niks urgents|niet urgent|geen spoed|niet acuut|geen acuut|geen acute|niet dringend|geen direct gevaar|geen acuut gevaar|no immediate danger|not in (?:immediate )?danger|niet in (?:direct |acuut )?gevaar|geen signalen van geweld|just curious|geen casus|no case|niet spoedeisend)\b/;
/** Said of the person: they are safe, fine, free to go. */
const SAFE_STATE =
    /\b(?:(?:dat )?het (?:gaat )?(?:nu )?(?:weer )?goed gaat|het gaat (?:nu )?(?:weer )?goed|doing (?:ok|okay|well|fine|better)|(?:is|are) (?:doing )?fine|can come and go|kan gaan en staan|woont (?:nu )?zelfstandig|lives on (?:his|her|their) own|(?:is|werd|was) (?:toen )?(?:meteen |direct )?opgevangen|(?:is|are) (?:now )?in (?:a|the) shelter|(?:woont|zit|verblijft|wonen) (?:nu |inmiddels |al )?(?:in|op) (?:een|de) (?:\w+ ){0,2}(?:opvang|geheim adres|veilige plek)\b|gaat (?:\w+ ){0,3}goed(?! mis)|blijf van mijn lijf\w*|in goede handen|is opgenomen|(?:is|werd) ontslagen uit|ontslagen en|all safe|veilige plek|(?:is|zijn) (?:(?!niet |not |nooit |never |geen |no )\w+ ){0,4}veilig\b|\bazc\b|safe place|aangehouden|tegengehouden|pleeggezin|onder politiebewaking|crisisplan|contactverbod|bleek gewoon|eigen sleutel|niks mee gebeurd|niets gebeurd|nothing happened|nep ?filmpje|fake video|opgenomen door|met spoed opgenomen|hij zit (?:nu |inmiddels |sindsdien )?vast(?! in| op| aan| bij)|is (?:nu |vandaag )?niet bedreigd|voor de zekerheid|just in case|voor het geval dat)\b/;
/** A frame that makes the story an exercise, a made-up case or a question about words. */
const FRAME =
    /\b(?:verzonnen|fictie\w*|fictief|fictieve|intervisie|casusbespreking|for (?:the|a) training|training idea|trainees|role ?play|recorded call|a recording|if a client ever|als een client ooit|vroeg wat|asked what|uit te leggen|uitleggen|what does \w+ mean|wat betekent|betekent bij|when i did my internship|toen ik nog bij|in de cursus|tijdens de cursus|ervaringsdeskundige|voorlichting|oefen\w*|actiedag|spreekbeurt|werkstuk|presentatie|netflix|series|clip|stickers?|posters?|no real case|geen echte casus|werkinstructie|preventieplan|casusoverleg|intranet\w*|guideline|omgangsregeling)\b/;
/** The one who did it is locked up now: the harm is history even if the fear is not. */
const CULPRIT_DETAINED =
    /\b(?:dader|pooier|uitbuiter|verdachte|loverboy|souteneur|baas|werkgever|man die|vent die|hij die|die man|die vent)\w* (?:\w+ ){0,6}(?:zit|zitten) (?:sinds \w+ |nu |inmiddels |al )?(?:vast|in de gevangenis|in de cel|in detentie|in hechtenis)\b|\b(?:zit|zitten) (?:\w+ ){0,2}(?:in de gevangenis|in detentie|in hechtenis)\b|\b(?:is|zijn|werd|werden) (?:\w+ ){0,2}(?:opgepakt|gearresteerd|veroordeeld)\b|\b(?:in prison|in jail|behind bars|was arrested|were arrested|got arrested|has been arrested)\b/;

/** Someone calling from inside a place that is locked: "roept vanuit een container, die zit met een slot dicht". */
const PLACE = '(?:container|zeecontainer|kelder|schuur|kofferbak|busje|bus|bestelbus|ruimte|kast|kamer|loods|kas|caravan|hok|toilet|wc|garage|basement|cellar|shed|trunk|van|room|barn|truck|box)';
const CALLING_FROM_INSIDE = new RegExp(`\\b(?:belt|bellen|appt|roep\\w*|schreeuw\\w*|fluistert|klopt|kloppen|bonkt|calls|calling|texts|texting|shouting|screaming|banging)\\b(?: \\w+){0,3} (?:vanuit|uit|from|inside|in) (?:een|de|die|het|dat|a|the) (?:\\w+ )?${PLACE}\\b`);
const LOCKED = /\b(?:op slot|slot dicht|met een slot|afgesloten|locked|padlock\w*|hangslot)\b/;
/** Someone in a place where people are shut in: "dat ze in een container op een bedrijventerrein zit". */
const IN_A_PLACE = new RegExp(`\\b(?:in|inside) (?:een|de|het|a|the) (?:\\w+ )?${PLACE}\\b(?: \\w+){0,4} (?:zit|zitten|vastzit|vastzitten|opgesloten|is stuck|is locked)\\b`);
/** "they dont let me out", "won't let her go": a person not let out, in English. */
const NOT_LET_OUT =
    /\b(?:don ?t|dont|doesn ?t|do not|does not|won ?t|wont|will not|not) let (?:me|her|him|them|us|anyone|anybody|nobody) (?:\w+ ){0,2}(?:out|go|leave)\b|\b(?:can ?t|cant|cannot|can not|not allowed to) (?:go home|go out|leave|get out)\b|\b(?:ik|ze|zij|hij|we) niet (?:kan|kunnen|mag|mogen) (?:weg|naar huis|naar buiten)\b|\b(?:are|is) taking (?:me|her|him|them|us)\b|\bknow where (?:your|her|his|their|my) (?:\w+ )?(?:kids|children|family|daughter|son|mother|live|lives|sleep|sleeps)\b/;
/** Saying goodbye for good, or the wish not to live: urgent by its nature. */
const FAREWELL = /\b(?:erin spring\w*|spring\w* eraf|(?:niet|not) (?:naar|to) (?:de|het|a|the) (?:ehbo|dokter|huisarts|ziekenhuis|doctor|hospital) (?:\w+ )?(?:mag|mogen|allowed)|doei voor altijd|dag voor altijd|bye forever|ik spring|i ll jump|i will jump|slapen voor altijd|sleep forever|vaarwel|doei (?:allemaal|iedereen)|dag allemaal|bye (?:everyone|all)|goodbye (?:everyone|all)|farewell|(?:not|don ?t|no) want (?:to )?live|today i finish|het is klaar)\b/;
/** Ending one's life, the verb first: "hij maakt er vandaag een einde aan". */
const ENDING_IT = /\bmaak\w* (?:er )?(?:\w+ ){0,2}een eind(?:e)? aan\b/;

/** A person taken along or sold: "ze willen haar meenemen", "bang dat ze haar daar verkopen", "sell her". */
const PERSON_TAKEN_OR_SOLD =
    /\b(?:haar|hem|hen|me|mij|ons|kind|kinderen|baby|dochter\w*|zoon\w*|her|him|them|us) (?:\w+ ){0,2}(?:meenemen|mee nemen|mee te nemen|verkopen|sell)\b|\b(?:take|took|taking) (?:my|her|his|their|the) (?:baby|kids|children|child|son|daughter|kid)\b/;
/**
 * A threat tied to what the victim does ("om 3 uur haal ik hem op als je niet betaalt", "if I don't sign they
 * light it", "ze nemen haar mee of anders ..."): it is about the coming hours by its nature, so it needs no "now".
 */
const CONDITIONAL_THREAT =
    /\b(?:als (?:je|jij|ze|zij|hij|u|ik) (?:\w+ ){0,4}(?:niet|geen)|als (?:je|jij|ze|zij|hij|u|ik|iemand) (?:\w+ ){0,4}(?:naar de politie|naar de gemeente|praat|praten|iets zegt|vertelt|weggaat|weg gaat|vlucht)|if (?:you|she|he|i|they|we|anyone) (?:\w+ ){0,3}(?:don ?t|doesn ?t|do not|does not|not|won ?t|didn ?t|go to the police|talk|tell|leave|leaves)|of anders|or else|or never)\b(?: \w+){0,8} (?:haal|halen|ophalen|op ?halen|meenemen|mee|pakken|take|hurt|kill|light|burn|slopen|kapot|dood|vermoord\w*|steek|steken|slaan|schieten|never|nooit|terugzien|afmaken|af|breekt|breken|break|gebruikt|use)\b|\b(?:haal|halen|meenemen|pakken|take|hurt|kill|light|burn|slopen|steken|slaan|schieten|vermoorden|afmaken|terugzien)\b(?: \w+){0,5} (?:als (?:je|jij|ze|zij|hij|u|ik) (?:\w+ ){0,4}(?:niet|geen)|if (?:you|she|he|i|they|we) (?:\w+ ){0,3}(?:don ?t|doesn ?t|do not|does not|not|won ?t)|of anders|or else)\b/;

const byLength = (starts: readonly string[]): Map<number, Set<string>> => {
    const m = new Map<number, Set<string>>();
    for (const s of starts) m.set(s.length, (m.get(s.length) ?? new Set()).add(s));
    return m;
};
const HARM_BY_LENGTH = byLength(HARM_STARTS.filter((s) => !s.includes(' ')));
const HARM_MULTI = [...HARM_STARTS.filter((s) => s.includes(' ')), ...HARM_PHRASES];
/** Words that start like a harm word but are not one ("hitte", "mesthoop", "burnout", "cutoff", "beatrix"). */
const NOT_HARM = /^(?:slapen|slaap\w*|slapend\w*|slapeloos\w*|hitte\w*|history|hitch\w*|messag\w*|messe\w*|mest\w*|mesh|messy|burnout\w*|cutoff|cutback|beatrix|beatles|gift\w*|giften|gunnen|gunst\w*|gunt|gegund|locker\w*|lockdown\w*|springer\w*|springtime|springkussen\w*|pillar\w*|punchline|holdings?|blooded|touwtje\w*|mank\w{2,}|pijnlijk\w*|cute|stabiel\w*|stabil\w*|dragen|drager\w*|dragend\w*|zuurstof\w*|zuurkool|benzinestation\w*|benzinepomp\w*)$/;
/** Phrases by their first word, so a message is read once: at each word only the phrases that start there are tried. */
interface PhraseIndex {
    byFirst: Map<string, string[][]>;
    /** The phrase's last word may be the beginning of the text's word ("nooit meer terug" in "nooit meer terugkomt"). */
    lastIsPrefix: boolean;
}
function phraseIndex(phrases: readonly string[], lastIsPrefix: boolean): PhraseIndex {
    const byFirst = new Map<string, string[][]>();
    for (const p of phrases) {
        const ws = p.split(' ');
        byFirst.set(ws[0], [...(byFirst.get(ws[0]) ?? []), ws]);
    }
    return { byFirst, lastIsPrefix };
}
function hasPhrase(words: readonly string[], index: PhraseIndex): boolean {
    for (let i = 0; i < words.length; i++) {
        const candidates = index.byFirst.get(words[i]);
        for (const ws of candidates ?? []) {
            if (i + ws.length > words.length) continue;
            let all = true;
            for (let k = 1; k < ws.length && all; k++) {
                const w = words[i + k];
                all = k === ws.length - 1 && index.lastIsPrefix ? w.startsWith(ws[k]) : w === ws[k];
            }
            if (all) return true;
        }
    }
    return false;
}
const HARM_PHRASE_INDEX = phraseIndex(HARM_MULTI, true);
const NOW_PHRASE_INDEX = phraseIndex(NOW_PHRASES, false);

function hasHarmWord(words: readonly string[]): boolean {
    for (const w of words) {
        if (w.length < 2 || w.length > 30 || NOT_HARM.test(w)) continue;
        for (const [len, set] of HARM_BY_LENGTH) {
            if (w.length >= len && set.has(w.slice(0, len))) {
                // Short stems count only as whole words or with a verb ending: "hit" and "hits", not "hitsig".
                if (len <= 3 && w.length > len + 2) continue;
                return true;
            }
        }
    }
    return false;
}

/**
 * A word of harm and a sign of now in the same message, with nothing saying it is a figure of
 * speech, not urgent, or over because the culprit is detained. `text` is normalised (lower case,
 * single spaces, padded with a space on both sides).
 */
export function harmSaidNow(text: string): boolean {
    if (NOT_LET_OUT.test(text) || ENDING_IT.test(text) || FAREWELL.test(text) || (CALLING_FROM_INSIDE.test(text) && (LOCKED.test(text) || / (?:help|open|hulp) /.test(text)))) {
        return !FIGURATIVE.test(text) && !NOT_URGENT.test(text);
    }
    // "burn-out" is normalised to two words, and "burn" is a harm word.
    const words = text.replace(/ burn out /g, ' burnout ').trim().split(' ');
    const threat = CONDITIONAL_THREAT.test(text);
    const harm = threat || hasHarmWord(words) || hasPhrase(words, HARM_PHRASE_INDEX) || PERSON_TAKEN_OR_SOLD.test(text) || IN_A_PLACE.test(text);
    if (!harm) return false;
    const now = threat || words.some((w) => NOW_WORDS.has(w)) || hasPhrase(words, NOW_PHRASE_INDEX);
    if (!now) return false;
    return !FIGURATIVE.test(text) && !NOT_URGENT.test(text) && !CULPRIT_DETAINED.test(text);
}

/** Guards the phrase rules share with the cues: a figure of speech, an explicit "not urgent", a detained culprit. */
/** Something happened just now, told as news: it outweighs a frame or a safe state said elsewhere in the message. */
const JUST_HAPPENED =
    /\b(?:heeft|heb|hebben|has|have) (?:\w+ )?(?:net|zojuist|just)\b|\b(?:net|zojuist) (?:\w+ ){0,3}(?:gezien|gebeld|belde|geappt|appte|gestuurd|stuurde|binnen|vertelde|verteld|gezegd|zei|gebeurd)\b|\b(?:vertelde|zei|belde|appte|stuurde|zag) (?:\w+ ){0,3}(?:net|zojuist)\b|\bjust (?:now|told|called|texted|sent|saw)\b|\b(?:staat|zit|is) (?:\w+ ){0,2}(?:hier|bij mij|bij me|naast me) (?:\w+ ){0,2}(?:nu|nog)\b|\bright now\b|\bop dit moment\b/;

/** See JUST_HAPPENED. */
export function justHappened(text: string): boolean {
    return JUST_HAPPENED.test(text);
}

export function saidNotAcute(text: string): boolean {
    if (FIGURATIVE.test(text)) return true;
    return !JUST_HAPPENED.test(text) && (NOT_URGENT.test(text) || CULPRIT_DETAINED.test(text) || SAFE_STATE.test(text) || FRAME.test(text));
}
