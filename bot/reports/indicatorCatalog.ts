/**
 * The checklist of signals a colleague can tick, per form of exploitation. Labels are short Dutch
 * paraphrases of the indicator lists in /work/shared/domain/facts.md §1 (informatiepuntmensenhandel,
 * Nederlandse Arbeidsinspectie, CCV, OM Aanwijzing) and the examples in the IJsselstreek policy plan.
 * Codes are stored with reports: never rename one, add a new code instead.
 */
import type { ExploitationForm } from '../domain/vocabulary';

export const INDICATOR_GROUPS = ['algemeen', 'seksueel', 'crimineel', 'arbeid', 'orgaan'] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export const INDICATOR_GROUP_LABELS: Record<IndicatorGroup, string> = {
    algemeen: 'Algemene signalen',
    seksueel: 'Signalen van seksuele uitbuiting',
    crimineel: 'Signalen van criminele uitbuiting',
    arbeid: 'Signalen van arbeidsuitbuiting',
    orgaan: 'Signalen van gedwongen orgaanverwijdering',
};

const CATALOG = {
    algemeen: {
        alg_id_kwijt: 'Heeft eigen paspoort of ID niet zelf in bezit',
        alg_geld: 'Heeft geen controle over eigen geld of bankrekening',
        alg_schuld: 'Heeft een (hoge) schuld bij werkgever of uitbuiter',
        alg_beloftes: 'Met valse beloftes naar Nederland gehaald',
        alg_bedreiging: 'Wordt bedreigd, mishandeld of gechanteerd (ook familie)',
        alg_isolatie: 'Beperkte bewegingsvrijheid of geïsoleerd van anderen',
        alg_afhankelijk: 'Werkgever of uitbuiter regelt ook wonen en vervoer',
        alg_woonplek: 'Slaapt op de werkplek of weet eigen adres niet',
        alg_woordvoerder: 'Iemand anders spreekt steeds voor de persoon',
        alg_angst: 'Bang voor politie of instanties',
        alg_verplaatst: 'Wordt vaak verplaatst tussen locaties',
        alg_letsel: 'Sporen van geweld of verwaarlozing',
    },
    seksueel: {
        sek_uiterlijk: 'Plotselinge verandering in kleding of uiterlijk',
        sek_geld: 'Plotseling veel geld, dure spullen of meerdere telefoons',
        sek_ophalen: 'Wordt opgehaald en gebracht door (oudere) mannen',
        sek_hotel: 'Gezien in hotels of op onbekende adressen',
        sek_tatoeage: 'Tatoeage met naam of teken (merkteken)',
        sek_verzuim: 'Spijbelt, loopt weg of is \'s nachts weg',
        sek_online: 'Online gechanteerd met beelden (sextortion)',
        sek_dwang: 'Gedwongen tot prostitutie of moet dagbedrag verdienen',
    },
    crimineel: {
        crim_vondst: 'Drugs, gestolen spullen of wapens gevonden',
        crim_telefoons: 'Meerdere telefoons en moet altijd bereikbaar zijn',
        crim_contacten: 'Veel nieuwe, oudere of criminele contacten',
        crim_buiten_regio: 'Duikt op ver buiten de eigen omgeving',
        crim_op_naam: 'Abonnementen, leningen of rekeningen op eigen naam voor een ander',
        crim_straatboete: 'Nepschuld (\'straatboete\') die afgewerkt moet worden',
        crim_bedelen: 'Gedwongen bedelen, zakkenrollen of stelen',
        crim_aanloop: 'Woning met veel aanloop op vreemde tijden',
    },
    arbeid: {
        arb_gevaarlijk: 'Gevaarlijk of ongezond werk',
        arb_lange_dagen: 'Structureel zeer lange werkdagen',
        arb_onderbetaling: 'Te weinig, niet of te laat betaald',
        arb_boetes: 'Onredelijke boetes of inhoudingen op het loon',
        arb_huisvesting: 'Woont via werkgever, slecht of overbewoond',
        arb_contract: 'Geen contract of een contract in een onbekende taal',
        arb_zwart: 'Zwart betaald of niet verzekerd',
        arb_geen_zorg: 'Mag niet naar huisarts of ziekenhuis',
        arb_druk: 'Onder druk gezet om te (blijven) werken',
    },
    orgaan: {
        org_ingreep: 'Medische ingreep of orgaanverwijdering onder druk',
        org_reis: 'Reis naar het buitenland voor een ingreep geregeld door anderen',
        org_misleid: 'Misleid over betaling of medische gevolgen',
    },
} as const satisfies Record<IndicatorGroup, Record<string, string>>;

type CatalogCodes<G extends IndicatorGroup> = keyof (typeof CATALOG)[G] & string;
export type IndicatorCode = { [G in IndicatorGroup]: CatalogCodes<G> }[IndicatorGroup] | 'anders';

/** The free-text "anders" choice; its text travels in `otherIndicator`. */
export const OTHER_INDICATOR: IndicatorCode = 'anders';

export interface IndicatorOption {
    code: IndicatorCode;
    label: string;
}

export function indicatorsOf(group: IndicatorGroup): IndicatorOption[] {
    return Object.entries(CATALOG[group]).map(([code, label]) => ({ code: code as IndicatorCode, label }));
}

/** General signals always apply; 'onbekend' adds nothing beyond them. */
export function groupsForForms(forms: readonly ExploitationForm[]): IndicatorGroup[] {
    const groups: IndicatorGroup[] = ['algemeen'];
    for (const group of INDICATOR_GROUPS) {
        if (group !== 'algemeen' && (forms as readonly string[]).includes(group)) groups.push(group);
    }
    return groups;
}

const LABELS = new Map<string, string>(
    INDICATOR_GROUPS.flatMap((g) => indicatorsOf(g).map((o) => [o.code, o.label] as const)),
);
LABELS.set('anders', 'Anders');
const GROUP_OF = new Map<string, IndicatorGroup>(
    INDICATOR_GROUPS.flatMap((g) => indicatorsOf(g).map((o) => [o.code, g] as const)),
);

export function isIndicatorCode(value: string): value is IndicatorCode {
    return LABELS.has(value);
}

export function indicatorLabel(code: IndicatorCode): string {
    return LABELS.get(code) ?? code;
}

/** The group a code belongs to; undefined for 'anders', which fits every form. */
export function indicatorGroup(code: IndicatorCode): IndicatorGroup | undefined {
    return GROUP_OF.get(code);
}

/**
 * Per group, the signals that say most about it, best first (the policy plan's and the Arbeidsinspectie's
 * "sterke signalen": coercion, debt, documents taken, housing through the employer). Step 2 of the form
 * shows these first and the rest behind "meer signalen".
 */
const MOST_TELLING: { [G in IndicatorGroup]: readonly CatalogCodes<G>[] } = {
    algemeen: ['alg_bedreiging', 'alg_id_kwijt', 'alg_schuld', 'alg_isolatie', 'alg_woonplek', 'alg_geld'],
    seksueel: ['sek_dwang', 'sek_ophalen', 'sek_online', 'sek_geld'],
    crimineel: ['crim_straatboete', 'crim_bedelen', 'crim_telefoons', 'crim_op_naam'],
    arbeid: ['arb_huisvesting', 'arb_lange_dagen', 'arb_onderbetaling', 'arb_druk'],
    orgaan: ['org_ingreep', 'org_reis', 'org_misleid'],
};

/** How many signals step 2 shows before "meer signalen". */
export const TOP_SIGNALS = 6;

/**
 * The most telling signals for the chosen forms, at most `max`: the forms' own strongest first (taken in
 * turns when there are several), then the strongest general ones. Without a specific form: general only.
 */
export function mostTellingIndicators(forms: readonly ExploitationForm[], max = TOP_SIGNALS): IndicatorCode[] {
    const specific = groupsForForms(forms).filter((g) => g !== 'algemeen');
    const lists: (readonly IndicatorCode[])[] = specific.map((g) => MOST_TELLING[g]);
    const out: IndicatorCode[] = [];
    for (let i = 0; out.length < max && lists.some((l) => i < l.length); i++) {
        for (const list of lists) {
            const code = list[i];
            if (code !== undefined && out.length < max && !out.includes(code)) out.push(code);
        }
    }
    for (const code of MOST_TELLING.algemeen) if (out.length < max && !out.includes(code)) out.push(code);
    return out;
}
