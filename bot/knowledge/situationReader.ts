import type { ExploitationForm } from '../domain/vocabulary';
import type { Origin } from './routeWizard';
import { normalise } from './dutchText';
import { MAX_QUESTION_CHARS, withoutLongWords } from './textLimits';

/**
 * Reads what a colleague describes ("bij een huisbezoek zag ik een meisje van 15 ...") for the
 * facts the route advice depends on: age, form of exploitation, person or place, origin, wish for
 * help, and whether the colleague wants to stay anonymous. Only what the text says plainly is
 * taken; everything else stays unknown, and the answer says what was understood so the colleague
 * can correct it in the wizard.
 */


export interface SituationFacts {
    /** The text describes something seen or heard, not a question about a concept. */
    described: boolean;
    minor: 'ja' | 'nee' | 'onbekend';
    form: ExploitationForm;
    subject: 'persoon' | 'plek';
    /** Undefined when the text does not say the person is from abroad; 'onbekend' when it does not say from where. */
    origin?: Origin;
    /** Images of the person are online or being spread (sextortion): removal help, never copying. */
    images: boolean;
    /** Needs medical care or forensic help after sexual violence. */
    sexualViolence: boolean;
    /** A sex worker who wants to stop. */
    wantsToExit: boolean;
    /** Crossed the border or came in through an airport: the Marechaussee. */
    border: boolean;
    /** Wants to report it to the police (aangifte). */
    wantsToReport: boolean;
    wantsHelp: 'ja' | 'nee' | 'onbekend';
    anonymous: boolean;
}

const re = (parts: string[]) => new RegExp(`\\b(?:${parts.join('|')})\\b`, 'g');

const FORM_WORDS: Record<Exclude<ExploitationForm, 'onbekend'>, RegExp> = {
    seksueel: re([
        'prostitu\\w*', 'seks\\w*', 'sex\\w*', 'escort\\w*', 'loverboy\\w*', 'pooier\\w*', 'naakt\\w*', 'webcam\\w*', 'camsex', 'hoer\\w*',
        'klanten ontvangen', 'oudere mannen', 'oudere man', 'dure cadeaus', 'dure spullen', 'dure kleding', 'hotelkamer\\w*', 'advertentie\\w*', 'intiem\\w*',
        'verkracht\\w*', 'misbruik\\w*', 'sextortion', 'chantage', 'gechanteerd', 'massagesalon\\w*', 'thuisontvangst', 'prostitu\\w*', 'raamprostitu\\w*', '(?:steeds|elke avond|telkens) (?:\\w+ )?andere mannen', 'aanbellen', 'voor geld', 'naar mannen', 'met mannen', 'club\\w*', 'seksclub\\w*', 'escortbureau\\w*',
    ]),
    arbeid: re([
        'werk', 'werkt', 'werken', 'werkte', 'werkgever\\w*', 'baas', 'loon', 'lonen', 'salaris', 'uren', 'uur per', 'overuren', 'bedrijf\\w*',
        'kassen', 'kas', 'tuinbouw', 'distributiecentrum', 'uitzend\\w*', 'arbeidsmigrant\\w*', 'slachthuis', 'slachterij', 'vleesverwerk\\w*',
        'nagelstudio\\w*', 'nagelsalon\\w*', '\\w*restaurant\\w*', 'horeca', '\\d dagen per week', 'zeven dagen', 'schoonmak\\w*', 'schoonmaak\\w*', 'bouw\\w*', 'boete\\w*', 'arbeid\\w*', 'personeel',
        'werknemer\\w*', 'huishoud\\w*', 'busjes', 'matrassen', 'seizoen\\w*', 'oogst\\w*', 'boer\\w*', 'oppas\\w*', 'au pair', 'champignon\\w*', 'magazijn\\w*', 'koppelbaas', 'contract\\w*', 'loonstrook\\w*',
    ]),
    crimineel: re([
        'drugs\\w*', 'deal\\w*', 'koerier\\w*', 'zakkenrol\\w*', 'winkeldiefstal\\w*', 'stelen', 'steelt', 'gestolen', 'bedel\\w*', 'geldezel\\w*',
        'bankpas\\w*', 'bankrekening\\w*', 'pinpas\\w*', 'wiet\\w*', 'hennep\\w*', 'plantage\\w*', 'meerdere telefoons', 'criminel\\w*', 'inbraak\\w*',
        'pakketje\\w*', '(?:nieuwe|dure|meerdere|twee|drie) telefoons', 'rondbreng\\w*', 'oudere jongens', 'loopjongen\\w*', 'runner\\w*', 'schuld bij (?:oudere )?jongens',
    ]),
    orgaan: re(['orgaan\\w*', 'organen', 'nier\\w*', 'transplant\\w*', 'draagmoeder\\w*', 'zwanger\\w* (?:\\w+ ){0,4}voor (?:een|ander)', 'voor een (?:ander )?stel']),
};

const MINOR_WORDS = re([
    'minderjarig\\w*', 'kind', 'kinderen', 'kindje', 'meisje', 'meisjes', 'jongen', 'jongens', 'jongetje', 'scholier\\w*', 'leerling\\w*', 'tiener\\w*',
    'puber\\w*', 'jeugdige\\w*', 'jongere', 'jongeren', 'basisschool', 'middelbare school', 'brugklas\\w*', 'klas', 'onder de 18', 'minor', 'child', 'girl', 'boy', 'teen\\w*',
]);
/** An age in years: "van 15", "15 jaar", "15-jarige". */
const AGE = /\b(?:van|is|ongeveer|rond|age|aged) (\d{1,2})(?: jaar| jr)?\b|\b(\d{1,2}) ?(?:jaar|jarige?|jr|years?)\b/g;

const PLACE_WORDS = re(['woning\\w*', 'pand\\w*', 'huis', 'adres\\w*', 'loods\\w*', 'schuur\\w*', 'camping\\w*', 'vakantiepark\\w*', 'chalet\\w*', 'kamer\\w*', 'gebouw\\w*', 'bovenwoning', 'flat', 'appartement\\w*', 'bedrijfspand\\w*', 'kantine']);
const CROWD = re(['steeds nieuwe', 'telkens (?:andere|nieuwe)', 'elke (?:avond|nacht|dag) andere', 'steeds andere mannen', 'veel mensen', 'veel bewoners', 'veel mannen', 'veel vrouwen', 'tientallen', 'matrassen', 'af en aan', 'steeds andere', 'wisselende', 'overbewo\\w*', 'busjes', '\\d{2,} (?:mensen|personen|mannen|vrouwen|bewoners|arbeiders)', '(?:[5-9]|1\\d) (?:mensen|personen|mannen|vrouwen|bewoners|arbeiders)']);
const PERSON_WORDS = re([
    'meisje', 'jongen', 'man', 'vrouw', 'kind', 'klant', 'client\\w*', 'bewoner', 'werknemer', 'leerling', 'scholier', 'collega', 'moeder', 'vader',
    'hij', 'zij', 'ze', 'haar', 'hem', 'dochter', 'zoon', 'aanvrager', 'inwoner', 'persoon', 'iemand', 'she', 'he',
    'au pair', 'medewerker\\w*', 'arbeider\\w*', 'arbeidsmigrant\\w*', 'bedelaar\\w*', 'sekswerker\\w*', 'slachtoffer\\w*', 'mensen', 'personen',
    'vrouwen', 'mannen', 'meisjes', 'jongens', 'kinderen', 'statushouder\\w*', 'asielzoeker\\w*', 'student\\w*', 'buurvrouw', 'buurman',
    'seizoen\\w*arbeider\\w*', 'werknemers', 'huishoudster', 'schoonmaakster', 'nanny', 'oppas', 'groep\\w*', 'jochie', 'meid', 'dame', 'heer', 'mevrouw', 'meneer', 'client', 'worker\\w*', 'woman', 'man', 'girl', 'boy', 'employee\\w*', 'personeel', 'staff',
]);

const EU = re([
    'pools\\w*', 'polen', 'roemeen\\w*', 'roemenie', 'bulgaa\\w*', 'bulgarije', 'hongaa\\w*', 'hongarije', 'litouw\\w*', 'letse', 'letland',
    'slowa\\w*', 'tsjech\\w*', 'portug\\w*', 'spaans\\w*', 'spanje', 'italiaan\\w*', 'itali\\w*', 'griek\\w*', 'kroat\\w*', 'duits\\w*',
    'belg\\w*', 'frans\\w*', 'eu burger\\w*', 'uit de eu', 'europe\\w*',
]);
const NON_EU = re([
    'zonder papieren', 'geen papieren', 'ongedocumenteerd\\w*', 'illegaal', 'illegale', 'geen verblijfsvergunning', 'zonder verblijfsvergunning',
    'geen verblijfsrecht', 'uitgeprocedeerd\\w*', '(?:zonder|geen) verblijfspapieren', '(?:vervalst|vervalste|valse|vals|nep) (?:\\w+ )?(?:papieren|paspoort\\w*|documenten|identiteitsbewijs\\w*|id\\w*)', 'geen (?:eigen )?verblijfsvergunning', 'valse beloftes?', 'nigeria\\w*', 'eritre\\w*', 'chinees', 'chinese', 'china', 'vietnam\\w*',
    'filipijn\\w*', 'indiase?', 'indier\\w*', 'afrikaan\\w*', 'aziat\\w*', 'braziliaan\\w*', 'thaise?', 'thailand', 'buiten de eu', 'undocumented',
]);
const FOREIGN = re(['buitenland\\w*', 'arbeidsmigrant\\w*', 'migrant\\w*', 'spreekt geen nederlands', 'spreken geen nederlands', 'geen nederlands', 'geen woord nederlands', 'foreign\\w*', 'tolk']);

const WANTS_HELP = re(['hulp wil', 'wil (?:\\w+ ){0,4}weg', 'geen (?:woonruimte|onderdak|slaapplek|slaapplaats|woning)', 'wil (?:\\w+ ){0,3}hulp', '(?:heeft|hebben) (?:\\w+ ){0,3}nodig', 'zoekt (?:\\w+ )?(?:hulp|opvang|onderdak|slaapplek|slaapplaats)', 'wil (?:\\w+ ){0,2}aangifte doen', 'wil hulp', 'vraagt om hulp', 'vroeg om hulp', 'wil weg', 'wil graag weg', 'wil stoppen', 'vraagt hulp', 'wants help', 'asked for help']);
const NO_HELP = re(['wil geen hulp', 'wil niet geholpen', 'wil er niet over praten', 'wil niet praten', 'ontkent', 'wil geen aangifte', 'wil niet dat', 'weigert hulp', 'no help']);
const IMAGES = re(['naakt\\w*', 'nude\\w*', 'seksfilmpje\\w*', 'filmpje\\w*', 'beelden', 'foto s', 'fotos', 'fotootjes', 'sexting', 'sextortion', 'online gezet', 'verspreid\\w*', 'offline']);
const SEXUAL_VIOLENCE = re(['verkracht\\w*', 'aangerand\\w*', 'aanranding', 'seksueel geweld', 'misbruikt', 'raped?', 'sexual assault']);
const EXIT = re(['wil stoppen', 'wil eruit', 'wil er uit', 'eruit stappen', 'uitstappen', 'stoppen met (?:het )?(?:sekswerk|prostitutie|werk)', 'wants to (?:stop|quit|get out)']);
const BORDER = re(['schiphol\\w*', 'vliegveld\\w*', 'luchthaven\\w*', 'grens\\w*', 'binnengebracht', 'binnengesmokkeld', 'gesmokkeld', 'airport', 'border']);
const REPORT_TO_POLICE = re(['aangifte\\w*', 'politie (?:\\w+ ){0,2}(?:inschakelen|bellen|melden)']);
const ANONYMOUS = re(['niet (?:\\w+ )?bekend (?:worden|staan|zijn)', 'niet herkend', 'niet dat iemand weet', 'niet (?:\\w+ )?weten dat (?:hij|zij|ik|het)', '(?:naam|identiteit) (?:\\w+ ){0,2}(?:niet )?bekend', 'niet dat (?:zijn|haar|mijn) naam', 'niet weten dat (?:de tip|het) van', 'tip van mij', 'anoniem\\w*', 'zonder mijn naam', 'mijn naam niet', 'anonymous\\w*']);

/** Words that make a text a story of something seen or heard, not a question about a concept. */
const NARRATIVE = re([
    'ik zag', 'ik zie', 'ik hoorde', 'ik hoor', 'ik merk\\w*', 'ik kreeg', 'ik sprak', 'ik heb gezien', 'viel me op', 'valt me op', 'opgevallen',
    'bij een huisbezoek', 'huisbezoek', 'aan de balie', 'bij de balie', 'tijdens\\w*', 'een klant', 'een client\\w*', 'een bewoner', 'een leerling', 'een inwoner',
    'er woont', 'er wonen', 'er werkt', 'er werken', 'er is een', 'er zijn', 'er komen', 'er staat', 'er staan', 'heeft steeds', 'komt steeds', 'wordt steeds',
    'vertelde', 'vertelt', 'zegt dat', 'zei dat', 'wordt opgehaald', 'werd opgehaald', 'woont', 'wonen', 'sinds kort', 'laatst', 'vandaag', 'gisteren', 'vorige week',
    'i saw', 'i see', 'there is', 'there are', 'has been', 'told me',
]);
/** A question about what to do in general ("moet ik een minderjarige melden"), unless the text also tells a story. */
const QUESTION_START = /^(?:moet ik|mag ik|kan ik|kun je|kunnen we|waar|wie|hoe|wanneer|welke|wat|is|should|can|where|who|how|when)\b/;
const DEFINITION = /^(?:wat (?:is|zijn|betekent|houdt)|wat zijn (?:de )?signalen|hoe herken|welke signalen|wanneer is|wanneer spreek|is het strafbaar|what (?:is|are)|how (?:do|can) (?:i|you) recogni)/;

function count(text: string, pattern: RegExp): number {
    pattern.lastIndex = 0;
    let n = 0;
    while (pattern.exec(text) !== null) n += 1;
    return n;
}

function has(text: string, pattern: RegExp): boolean {
    pattern.lastIndex = 0;
    return pattern.test(text);
}

export function readSituation(raw: string): SituationFacts {
    const text = ` ${withoutLongWords(normalise(raw.length > MAX_QUESTION_CHARS ? raw.slice(0, MAX_QUESTION_CHARS) : raw))} `;
    const wordCount = text.trim() === '' ? 0 : text.trim().split(' ').length;

    // The colleague's own job ("ik werk bij handhaving") says nothing about the person's work.
    const story = text.replace(/\b(?:ik|wij|we) (?:werk|werken) (?:bij|als|op|in) (?:de |het )?\w+/g, ' ');
    let form: ExploitationForm = 'onbekend';
    let best = 0;
    for (const [f, pattern] of Object.entries(FORM_WORDS) as [Exclude<ExploitationForm, 'onbekend'>, RegExp][]) {
        const n = count(story, pattern);
        if (n > best) {
            best = n;
            form = f;
        }
    }

    // A stated age decides; words like "jongens" or "kinderen" only count when no age is given
    // ("een man van 30 ... voor oudere jongens" is about an adult).
    let young = false;
    let adult = false;
    AGE.lastIndex = 0;
    for (let m = AGE.exec(text); m !== null; m = AGE.exec(text)) {
        const age = Number(m[1] ?? m[2]);
        if (age >= 5 && age < 18) young = true;
        else if (age >= 18 && age < 100) adult = true;
    }
    let minor: SituationFacts['minor'] = young ? 'ja' : adult ? 'nee' : has(text, MINOR_WORDS) ? 'ja' : 'onbekend';
    if (minor === 'onbekend' && /\b(?:volwassen\w*|meerderjarig\w*|adult)\b/.test(text)) minor = 'nee';

    const person = has(text, PERSON_WORDS) || minor === 'ja';
    const place = has(text, PLACE_WORDS) && has(text, CROWD);
    const subject: SituationFacts['subject'] = place && !has(text, MINOR_WORDS) ? 'plek' : 'persoon';

    let origin: Origin | undefined;
    if (has(text, NON_EU)) origin = 'buitenEu';
    else if (has(text, EU)) origin = 'eu';
    else if (has(text, FOREIGN)) origin = 'onbekend';

    const wantsHelp = has(text, NO_HELP) ? 'nee' : has(text, WANTS_HELP) ? 'ja' : 'onbekend';
    const described =
        wordCount >= 6 &&
        !DEFINITION.test(text.trim()) &&
        (person || place) &&
        (has(text, NARRATIVE) || (wordCount >= 10 && !QUESTION_START.test(text.trim()))) &&
        (form !== 'onbekend' || origin !== undefined || minor === 'ja' || place || wordCount >= 12);

    return {
        described,
        minor,
        form,
        subject,
        origin,
        wantsHelp,
        anonymous: has(text, ANONYMOUS),
        images: has(text, IMAGES),
        sexualViolence: has(text, SEXUAL_VIOLENCE),
        wantsToExit: has(text, EXIT),
        border: has(text, BORDER),
        wantsToReport: has(text, REPORT_TO_POLICE),
    };
}
