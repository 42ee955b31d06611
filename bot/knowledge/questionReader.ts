import type { Municipality } from '../domain/vocabulary';
import { normalise } from './dutchText';
import { MAX_QUESTION_CHARS, withoutLongWords } from './textLimits';

/**
 * Turns what a colleague typed into what the search should look for. Three things colleagues do
 * that the content cannot foresee:
 * - they name their municipality ("wie is de AF in Zutphen"): a place, not a topic, so it is
 *   taken out of the search and kept as a fact, to answer with that municipality's own contact;
 * - they use the abbreviations of the field (AF, VT, NLA, M., KMar, CSG, tel nr);
 * - they ask in English: common terms are mapped to the Dutch the content uses, and the answer
 *   says in one English line that the bot speaks Dutch.
 * Everything is word-by-word over a bounded text, so the cost is linear in the question.
 */

export interface ReadQuestion {
    /** Normalised Dutch text for the search. */
    searchText: string;
    municipality?: Municipality;
    english: boolean;
}

/** Lookup tables as Maps: a plain object would answer "constructor" with a function. */
function entries<T>(record: Record<string, T>): ReadonlyMap<string, T> {
    return new Map(Object.entries(record));
}

/** Villages whose names colleagues use for their municipality. */
const PLACES: ReadonlyMap<string, Municipality> = entries({
    brummen: 'Brummen',
    eerbeek: 'Brummen',
    leuvenheim: 'Brummen',
    tonden: 'Brummen',
    empe: 'Brummen',
    voorstonden: 'Brummen',
    lochem: 'Lochem',
    gorssel: 'Lochem',
    eefde: 'Lochem',
    laren: 'Lochem',
    almen: 'Lochem',
    barchem: 'Lochem',
    epse: 'Lochem',
    harfsen: 'Lochem',
    joppe: 'Lochem',
    voorst: 'Voorst',
    twello: 'Voorst',
    wilp: 'Voorst',
    terwolde: 'Voorst',
    klarenbeek: 'Voorst',
    nijbroek: 'Voorst',
    teuge: 'Voorst',
    posterenk: 'Voorst',
    bussloo: 'Voorst',
    zutphen: 'Zutphen',
    warnsveld: 'Zutphen',
    leesten: 'Zutphen',
    waterkwartier: 'Zutphen',
    zuidwijken: 'Zutphen',
    brinkhorst: 'Zutphen',
    noordveen: 'Zutphen',
});

/** Words that ask for a way to reach someone: the answer shows contacts anyway, so they are no topic. */
const CONTACT_WORDS = new Set([
    'tel', 'telnr', 'telefoonnr', 'telefoonnummer', 'nummer', 'nr', 'nmr', 'number', 'phone', 'adres', 'address', 'email', 'mail',
    'mailadres', 'emailadres', 'website', 'site', 'contactgegevens', 'contact', 'gegevens', 'bereiken', 'bereikbaar', 'telefoon', 'telefoonnummers',
    // words that ask about a topic without being one ("loverboy werkwijze", "rol van de KMar")
    'werkwijze', 'definitie', 'informatie', 'info', 'betekenis', 'omschrijving', 'rol', 'taak', 'taken', 'inschakelen', 'schakel', 'schakelen',
    'eerste', 'tweede', 'derde', 'vierde', 'vijfde', 'precies', 'normaal', 'role', 'does', 'do',
    'heet', 'heten', 'noem', 'noemt', 'noemen', 'genoemd', 'verstaan', 'verstaat', 'bedoelen', 'bedoelt', 'vs', 'versus', 'tegenover',
    'options', 'option', 'possible', 'possibilities', 'mogelijkheden',
]);

/** "rol" asks about a topic ("rol van de KMar"), except the role of the municipality, which is an entry of its own. */
const ABOUT_THE_MUNICIPALITY = new Set(['rol', 'taak', 'taken', 'role']);
const MUNICIPALITY_FOLLOWS = /\b(?:gemeente\w*|municipality|municipalities|council)\b/;

/**
 * Dutch ways of asking for signals without the word: "waaraan herken je", "hoe zie je", "waar let
 * ik op", "waar moet ik op letten". Over the normalised text, each one bounded.
 */
const DUTCH_PHRASES: [RegExp, string][] = [
    [/\b(?:waaraan|hoe) (?:herken|zie|merk) (?:je|ik|jij|we|u|men)\b/g, 'signalen'],
    [/\bwaar (?:let|letten) (?:ik|je|we|jij|u|men) (?:\w+ ){0,3}op\b/g, 'signalen'],
    [/\bwaar (?:moet|moeten|kan|kunnen) (?:ik|je|we|jij|u|men) (?:\w+ ){0,3}op (?:te )?letten\b/g, 'signalen'],
    // The colleague's own job ("ik werk in Lochem", "ik werk bij handhaving") is context, not the topic "werk".
    [/\b(ik|wij|we) (?:werk|werken) (in|bij|als|op|voor)\b/g, '$1 $2'],
    [/\buitbuiting (?:van|op|in|bij) (?:het |je |de )?(?:werk|werken|arbeid|werkvloer)\b/g, 'arbeidsuitbuiting'],
    // The formal way of asking for the aandachtfunctionaris: "wie is belast met de coördinatie van signalen".
    [/\bwie (?:is|zijn) (?:\w+ ){0,5}(?:belast met|verantwoordelijk voor|het aanspreekpunt voor|aanspreekpunt voor|contactpersoon voor) (?:de |het )?(?:coordinatie van |opvolging van |behandeling van )?(?:de )?(?:signalen|meldingen)\b/g, 'wie aandachtfunctionaris'],
    // "cliënt" is who the colleague talks about, in nearly every question: the subject, never the topic.
    [/\b(?:mijn |de |een |onze |a |my |the )?(?:client|cliente|clienten|clientes)\b/g, ' '],
    // Who the colleague is and how well they speak or understand is context, never the topic.
    [/\bik ben (?:hier |nog )?(?:nieuw|net begonnen|stagiair\w*|trainee|invaller|uitzendkracht)(?: hier)?(?: (?:stagiair\w*|trainee))?\b/g, ' '],
    [/\bmijn nederlands is (?:nog )?(?:niet|nie) (?:zo |zo n |heel |erg )?(?:goed|best)\b|\bsorry (?:voor )?(?:mijn|me) (?:slechte |slecht )?nederlands\b/g, ' '],
    [/\bik (?:snap|begrijp|weet) (?:het |dat )?(?:nie|niet) (?:zo |goed |zo goed |helemaal )?(?:goed )?(?=wat|hoe|waar|wie|of|welke)/g, ' '],
];

/** Abbreviations of the field, as whole words after normalising ("M." becomes "m"). */
const ABBREVIATIONS: ReadonlyMap<string, string> = entries({
    af: 'aandachtfunctionaris',
    afm: 'aandachtfunctionaris mensenhandel',
    vt: 'veilig thuis',
    nla: 'arbeidsinspectie',
    nlai: 'arbeidsinspectie',
    szw: 'arbeidsinspectie',
    m: 'meld misdaad anoniem',
    mma: 'meld misdaad anoniem',
    kmar: 'marechaussee',
    csg: 'centrum seksueel geweld',
    lvb: 'licht verstandelijke beperking',
    b9: 'b8',
    mh: 'mensenhandel',
    jb: 'jeugdbescherming',
    jbg: 'jeugdbescherming',
    rvdk: 'raad kinderbescherming',
    ivp: 'integraal veiligheidsplan',
    avg: 'privacy avg',
    ggd: 'ggd',
    azc: 'asielzoekerscentrum',
    boa: 'handhaver',
    boas: 'handhaver',
    veiligthuis: 'veilig thuis',
    meldmisdaadanoniem: 'meld misdaad anoniem',
    shn: 'slachtofferhulp',
    riek: 'riec',
    rieck: 'riec',
    abrvs: 'raad van state',
    rvs: 'raad van state',
    ind: 'ind',
    mnd: 'maanden',
    mnden: 'maanden',
    coa: 'asielzoekerscentrum',
    emm: 'emm',
    brp: 'brp basisregistratie',
    kvk: 'kamer van koophandel',
    wmo: 'wmo',
    // spellings colleagues type: the x of English, slang for the police
    sexueel: 'seksueel',
    sexuele: 'seksuele',
    sex: 'seks',
    sexwerk: 'sekswerk',
    sexwerker: 'sekswerker',
    sexuitbuiting: 'seksuele uitbuiting',
    plietie: 'politie',
    polisie: 'politie',
    poltie: 'politie',
    orgaanroof: 'orgaanhandel',
    nierhandel: 'orgaanhandel',
});

/** English phrases mapped to the Dutch of the content, longest first. */
const ENGLISH_PHRASES: [string, string][] = [
    ['human trafficking', 'mensenhandel'],
    ['people trafficking', 'mensenhandel'],
    ['trafficking in persons', 'mensenhandel'],
    ['labour exploitation', 'arbeidsuitbuiting'],
    ['labor exploitation', 'arbeidsuitbuiting'],
    ['forced labour', 'arbeidsuitbuiting'],
    ['forced labor', 'arbeidsuitbuiting'],
    ['sexual exploitation', 'seksuele uitbuiting'],
    ['forced prostitution', 'gedwongen prostitutie'],
    ['criminal exploitation', 'criminele uitbuiting'],
    ['forced criminality', 'criminele uitbuiting'],
    ['forced crime', 'criminele uitbuiting'],
    ['forced begging', 'gedwongen bedelen'],
    ['sexual assault', 'aanranding'],
    ['sexual violence', 'seksueel geweld'],
    ['rape centre', 'centrum seksueel geweld'],
    ['rape center', 'centrum seksueel geweld'],
    ['organ trafficking', 'orgaanhandel'],
    ['organ removal', 'orgaanhandel'],
    ['domestic servitude', 'huishoudelijke uitbuiting'],
    ['domestic work', 'huishoudelijk werk'],
    ['people smuggling', 'mensensmokkel'],
    ['human smuggling', 'mensensmokkel'],
    ['lover boy', 'loverboy'],
    ['money mule', 'geldezel'],
    ['drug dealing', 'drugs dealen'],
    ['red flags', 'signalen'],
    ['warning signs', 'signalen'],
    ['reflection period', 'bedenktijd'],
    ['residence permit', 'verblijfsvergunning'],
    ['no papers', 'zonder papieren'],
    ['without papers', 'zonder papieren'],
    ['policy plan', 'beleidsplan'],
    ['contact person', 'aandachtfunctionaris'],
    ['sex worker', 'sekswerker'],
    ['sex workers', 'sekswerker'],
    ['under 18', 'minderjarige'],
    ['anti trafficking contact', 'aandachtfunctionaris'],
    ['anti trafficking officer', 'aandachtfunctionaris'],
    ['anti trafficking coordinator', 'aandachtfunctionaris'],
    ['trafficking contact', 'aandachtfunctionaris'],
    ['trafficking officer', 'aandachtfunctionaris'],
    ['stay in the netherlands', 'verblijf nederland'],
    ['point of contact', 'aandachtfunctionaris'],
    ['nail salon', 'nagelstudio'],
    ['massage parlour', 'massagesalon'],
    ['massage parlor', 'massagesalon'],
    ['intellectual disability', 'licht verstandelijke beperking'],
    ['learning disability', 'licht verstandelijke beperking'],
    ['what happens after', 'vervolg melding'],
    ['no residence permit', 'zonder verblijfsvergunning'],
    ['without a residence permit', 'zonder verblijfsvergunning'],
    ['who do i call', 'wie bel'],
    ['who should i call', 'wie bel'],
    ['who do i contact', 'wie bel'],
    ['where do i report', 'waar meld'],
    ['where can i report', 'waar meld'],
    ['how do i report', 'waar meld'],
    ['victim support', 'slachtofferhulp'],
    ['look out for', 'signalen'],
    ['watch out for', 'signalen'],
    ['pay attention to', 'signalen'],
    ['front desk', 'balie'],
    ['at the town hall', ' '],
    ['town hall', 'gemeentehuis'],
    ['city hall', 'gemeentehuis'],
    ['municipal employee', 'medewerker gemeente'],
    ['council employee', 'medewerker gemeente'],
    ['domestic worker', 'huishoudelijk werk'],
    ['what happens next', 'vervolg melding'],
    ['after i report', 'vervolg melding'],
    ['after reporting', 'vervolg melding'],
    ['child protection', 'jeugdbescherming'],
    ['look for', 'signalen'],
    ['shut down', 'sluiten'],
    ['hear back', 'terugkoppeling'],
    ['border control', 'grens'],
    ['tip line', 'anoniem melden'],
    ['sex work', 'sekswerk'],
    ['risk factors', 'risicofactoren'],
    ['risk factor', 'risicofactoren'],
    ['reporting code', 'meldcode'],
    ['domestic violence', 'huiselijk geweld'],
    ['child abuse', 'kindermishandeling'],
    ['vulnerable to', 'risicofactoren'],
    ['more vulnerable', 'risicofactoren'],
    ['at risk', 'risicofactoren'],
    ['seks work', 'sekswerk'],
    ['no danger', ' '],
    ['not in danger', ' '],
    ['no immediate danger', ' '],
    ['licensing system', 'vergunning'],
    ['doesnt want help', 'wil geen hulp'],
    ['doesn t want help', 'wil geen hulp'],
    ['does not want help', 'wil geen hulp'],
    ['won t accept help', 'wil geen hulp'],
    ['refuses help', 'wil geen hulp'],
    ['phone number', 'telefoonnummer'],
    ['id cards', 'identiteitsbewijs'],
    ['id card', 'identiteitsbewijs'],
    ['getting permits', 'vergunning'],
    ['who do i inform', 'waar meld'],
    ['who should i inform', 'waar meld'],
];

const ENGLISH_WORDS: ReadonlyMap<string, string> = entries({
    trafficking: 'mensenhandel',
    trafficked: 'mensenhandel',
    exploitation: 'uitbuiting',
    exploited: 'uitgebuit',
    exploit: 'uitbuiten',
    signs: 'signalen',
    sign: 'signaal',
    indicators: 'signalen',
    indicator: 'signaal',
    signals: 'signalen',
    recognise: 'herkennen',
    recognize: 'herkennen',
    spot: 'herkennen',
    report: 'melden',
    reporting: 'melden',
    child: 'minderjarige',
    children: 'minderjarige',
    kid: 'minderjarige',
    kids: 'minderjarige',
    minor: 'minderjarige',
    minors: 'minderjarige',
    underage: 'minderjarige',
    teenager: 'minderjarige',
    victim: 'slachtoffer',
    victims: 'slachtoffer',
    police: 'politie',
    emergency: 'acuut gevaar',
    pimp: 'pooier',
    loverboy: 'loverboy',
    loverboys: 'loverboy',
    smuggling: 'mensensmokkel',
    anonymous: 'anoniem',
    anonymously: 'anoniem',
    undocumented: 'zonder papieren',
    illegal: 'zonder papieren',
    employer: 'werkgever',
    boss: 'werkgever',
    passport: 'paspoort',
    passports: 'paspoort',
    wages: 'loon',
    salary: 'loon',
    debt: 'schuld',
    debts: 'schuld',
    landlord: 'verhuurder',
    housing: 'huisvesting',
    prostitution: 'prostitutie',
    sextortion: 'sextortion',
    nude: 'naaktfoto',
    nudes: 'naaktfoto',
    coordinator: 'aandachtfunctionaris',
    municipality: 'gemeente',
    privacy: 'privacy',
    gdpr: 'privacy avg',
    begging: 'bedelen',
    pickpocketing: 'zakkenrollen',
    shoplifting: 'winkeldiefstal',
    organ: 'orgaanhandel',
    organs: 'orgaanhandel',
    migrant: 'arbeidsmigrant',
    migrants: 'arbeidsmigrant',
    workers: 'werknemers',
    worker: 'werknemer',
    definition: 'definitie',
    difference: 'verschil',
    shelter: 'opvang',
    stay: 'opvang',
    role: 'rol',
    after: 'na',
    against: 'tegen',
    penalties: 'straf',
    sentence: 'straf',
    foreign: 'buitenlands',
    teenagers: 'minderjarige',
    teens: 'minderjarige',
    quit: 'stoppen',
    stop: 'stoppen',
    punishment: 'straf',
    penalty: 'straf',
    law: 'wet',
    risk: 'risico',
    vulnerable: 'kwetsbaar',
    consent: 'toestemming',
    confidentiality: 'beroepsgeheim',
    help: 'hulp',
    care: 'zorg',
    record: 'vastleggen',
    write: 'opschrijven',
    cleans: 'schoonmaak',
    cleaning: 'schoonmaak',
    cleaner: 'schoonmaak',
    works: 'werkt',
    working: 'werken',
    farm: 'boer',
    general: 'algemeen',
    generally: 'algemeen',
    employee: 'medewerker',
    employees: 'medewerker',
    staff: 'medewerker',
    municipal: 'gemeente',
    suspicion: 'vermoeden',
    suspect: 'vermoeden',
    domestic: 'huishoudelijk',
    family: 'gezin',
    brothel: 'seksinrichting',
    brothels: 'seksinrichting',
    licensed: 'vergunning',
    license: 'vergunning',
    licence: 'vergunning',
    factory: 'fabriek',
    internal: 'intern',
    internally: 'intern',
    inspector: 'inspectie',
    inspectors: 'inspectie',
    nanny: 'oppas',
    rape: 'verkrachting',
    raped: 'verkracht',
    centre: 'centrum',
    center: 'centrum',
    removal: 'verwijderen',
    remove: 'verwijderen',
    images: 'beelden',
    video: 'beelden',
    photos: 'foto',
    pictures: 'foto',
    council: 'gemeente',
    permit: 'vergunning',
    closure: 'sluiting',
    greenhouse: 'kas',
    carwash: 'autowasstraat',
    harvest: 'oogst',
    seasonal: 'seizoenswerker',
    abroad: 'buitenland',
    border: 'grens',
    vulnerability: 'kwetsbaar',
    groomed: 'loverboy',
    grooming: 'loverboy',
    visa: 'verblijfsvergunning',
    terrified: 'bang',
    scared: 'bang',
    afraid: 'bang',
    ambitions: 'ambities',
    crimestoppers: 'meld misdaad anoniem',
    permits: 'vergunning',
    licences: 'vergunning',
    licenses: 'vergunning',
    criminals: 'criminelen',
    prevent: 'voorkomen',
    prevention: 'voorkomen',
    rules: 'regels',
    caravan: 'caravan',
    caravans: 'caravan',
    inform: 'melden',
    notify: 'melden',
    arranges: 'regelt',
    arrange: 'regelen',
    accommodation: 'opvang',
    polish: 'pools',
    romanian: 'roemeens',
    bulgarian: 'bulgaars',
    phone: 'telefoonnummer',
});

/** English function words: they carry no topic, and are only dropped when the question is English. */
const ENGLISH_FILLER = new Set(
    `a an the of to is are was were be been what how do does did i we you he she they it this that these those in on at for with
    who where when which why should can could would will if my me our your their his her about there someone somebody person
    people any some tell explain mean means please thanks thank hi hello hey know want need get from or and as by am not
    between find stay go goes work works happen happens happened there then than other here does done also very much many
    exactly counts count counted under dutch actually really considered next anything something
    quick q one wants has have had no off all give too thing things basically typical plain english apply applies keep keeps
    just idea like s t ll re ve isn whats over any same
    live lives living lived above below upstairs downstairs shop say says said told telling talk talks speak speaks spoke
    seem seems seemed look looks looked think thought feel feels felt come comes came see saw seen make makes made take
    takes took put always never often sometimes usually maybe perhaps really still already again now today week day night
    while because since until though although whether every each both either neither only even quite rather
    main becoming become becomes being more most
    sorry bad poor use using myself yourself something system doesnt don didn use place`.split(/\s+/),
);

const ENGLISH_MARKERS = new Set(['the', 'what', 'how', 'who', 'where', 'should', 'does', 'do', 'is', 'are', 'i', 'you', 'of', 'signs', 'trafficking', 'exploitation', 'which', 'can', 'with', 'report', 'child', 'help', 'please', 'there', 'for', 'my', 'this', 'that', 'your', 'our', 'their', 'from', 'any', 'about', 'need', 'want', 'it', 'doesnt']);
const DUTCH_MARKERS = new Set(['de', 'het', 'een', 'en', 'van', 'niet', 'ik', 'je', 'wat', 'hoe', 'wie', 'waar', 'is', 'zijn', 'bij', 'op', 'te', 'met', 'voor', 'dat', 'die', 'er', 'moet', 'kan', 'meld', 'mijn']);

export function readQuestion(raw: string): ReadQuestion {
    let text = withoutLongWords(normalise(raw.length > MAX_QUESTION_CHARS ? raw.slice(0, MAX_QUESTION_CHARS) : raw));
    const english = isEnglish(text.length === 0 ? [] : text.split(' '));
    // English phrases first: "contact person" must become "aandachtfunctionaris" before "contact" is dropped.
    if (english) {
        let padded = ` ${text} `;
        for (const [phrase, dutch] of ENGLISH_PHRASES) padded = padded.split(` ${phrase} `).join(` ${dutch} `);
        text = padded.trim();
    }
    for (const [phrase, replacement] of DUTCH_PHRASES) text = text.replace(phrase, replacement);
    const words = text.length === 0 ? [] : text.split(' ');

    let municipality: Municipality | undefined;
    const named = new Set<Municipality>();
    const kept: string[] = [];
    for (const [i, w] of words.entries()) {
        const place = PLACES.get(w);
        if (place !== undefined) {
            municipality ??= place;
            named.add(place);
            continue;
        }
        if (CONTACT_WORDS.has(w) && !(ABOUT_THE_MUNICIPALITY.has(w) && MUNICIPALITY_FOLLOWS.test(words.slice(i + 1, i + 4).join(' ')))) continue;
        kept.push(w);
    }
    const out: string[] = [];
    for (const w of kept) {
        if (w === '') continue;
        const abbreviation = ABBREVIATIONS.get(w);
        const translated = english ? ENGLISH_WORDS.get(w) : undefined;
        if (abbreviation !== undefined && (!AMBIGUOUS_ABBREVIATIONS.has(w) || meantAsAbbreviation(raw, w))) out.push(abbreviation);
        else if (translated !== undefined) out.push(translated);
        else if (english && ENGLISH_FILLER.has(w)) continue;
        else out.push(w);
    }
    // Two or more of the four named ("werken Brummen en Zutphen samen"): a question about the region, not one municipality's contact.
    if (named.size >= 2) return { searchText: [...out, 'regio'].join(' '), municipality: undefined, english };
    return { searchText: out.join(' '), municipality, english };
}

/** "af" is also a Dutch particle ("vraag me af") and "m" is "'m": expanded only as typed as abbreviations. */
const AMBIGUOUS_ABBREVIATIONS = new Set(['af', 'm']);

function meantAsAbbreviation(raw: string, word: string): boolean {
    const text = raw.length > MAX_QUESTION_CHARS ? raw.slice(0, MAX_QUESTION_CHARS) : raw;
    if (word === 'af') return /\bAF\b/.test(text) || /\b(?:de|je|jullie|onze|een|bij|naar) af\b(?!\s*(?:te|van|en)\b)/i.test(text);
    return /(?:^|\s)M\.(?:\s|$)|(?:^|\s)M(?:\s|$)/.test(text);
}

/** Mostly English words, few Dutch ones: "what are signs of labour exploitation". */
function isEnglish(words: string[]): boolean {
    let english = 0;
    let dutch = 0;
    for (const w of words) {
        if (ENGLISH_MARKERS.has(w) || ENGLISH_WORDS.has(w)) english += 1;
        if (DUTCH_MARKERS.has(w)) dutch += 1;
    }
    return english >= 2 && english > dutch * 1.5;
}

