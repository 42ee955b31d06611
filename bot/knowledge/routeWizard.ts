import {
    EXPLOITATION_FORMS,
    EXPLOITATION_FORM_LABELS,
    type ExploitationForm,
    type MinorAnswer,
    type ReportPrefill,
} from '../domain/vocabulary';

/**
 * The decision logic of "Waar meld ik dit?": which question comes next, which answers are valid,
 * and which routes to advise, in order. Pure functions over plain data, so every branch is easy to
 * test and the dialog only shows cards.
 *
 * Order of questions: danger first (then nothing else matters), then whether the signal is about a
 * person or a place, because minor / origin / wants-help only make sense for a person. The last
 * question, for a person and for a place, is whether the colleague wants to stay anonymous.
 *
 * Origin matters because the bedenktijd, B8/3 and the COSM are only for people without lawful
 * residence (mostly from outside the EU): Dutch and EU adults go to regular Wmo shelter via the
 * zorgcoördinatie. Only the police or the KMar offer the bedenktijd.
 */

export type YesNo = 'ja' | 'nee';
export type YesNoUnknown = 'ja' | 'nee' | 'onbekend';
export type Subject = 'persoon' | 'plek';
/** Where the person comes from, as the wizard asks it ("onbekend" = the colleague does not know). */
export type Origin = 'nederland' | 'eu' | 'buitenEu' | 'onbekend';
export const ORIGINS = ['nederland', 'eu', 'buitenEu', 'onbekend'] as const satisfies readonly Origin[];
/**
 * The origin answer. The wizard's own options are the `Origin` values; 'ja' (from abroad, origin
 * not known) and 'nee' (Dutch) are still understood from callers that only know yes/no.
 */
export type ForeignAnswer = Origin | 'ja' | 'nee';

export interface WizardAnswers {
    acuteDanger?: YesNo;
    subject?: Subject;
    minor?: MinorAnswer;
    form?: ExploitationForm;
    foreign?: ForeignAnswer;
    wantsHelp?: YesNoUnknown;
    /** Does the colleague who reports want to stay anonymous? */
    anonymous?: YesNo;
}

export const WIZARD_QUESTION_IDS = ['acuteDanger', 'subject', 'minor', 'form', 'foreign', 'wantsHelp', 'anonymous'] as const;
export type WizardQuestionId = (typeof WIZARD_QUESTION_IDS)[number];

export interface WizardOption {
    value: string;
    label: string;
}

export interface WizardQuestion {
    id: WizardQuestionId;
    text: string;
    help: string;
    options: WizardOption[];
}

const YES_NO: WizardOption[] = [
    { value: 'ja', label: 'Ja' },
    { value: 'nee', label: 'Nee' },
];
const YES_NO_UNKNOWN: WizardOption[] = [...YES_NO, { value: 'onbekend', label: 'Weet ik niet' }];

export const WIZARD_QUESTIONS: Record<WizardQuestionId, WizardQuestion> = {
    acuteDanger: {
        id: 'acuteDanger',
        text: 'Is er nu direct gevaar?',
        help: 'Bijvoorbeeld: iemand wordt vastgehouden, opgesloten, bedreigd of mishandeld, of elke minuut telt.',
        options: YES_NO,
    },
    subject: {
        id: 'subject',
        text: 'Gaat je signaal over een persoon of over een plek?',
        help: 'Een plek is bijvoorbeeld een woning met opvallend veel bewoners of een bedrijf, zonder dat je weet om wie het gaat.',
        options: [
            { value: 'persoon', label: 'Een persoon' },
            { value: 'plek', label: 'Een plek (woning of bedrijf)' },
        ],
    },
    minor: {
        id: 'minor',
        text: 'Is de persoon jonger dan 18 jaar?',
        help: 'Bij minderjarigen hoeft geen dwang te worden aangetoond; zij zijn altijd kwetsbaar.',
        options: YES_NO_UNKNOWN,
    },
    form: {
        id: 'form',
        text: 'Welke vorm van uitbuiting vermoed je?',
        help: 'Kies "Weet ik niet" als je het niet zeker weet. Dat is geen probleem.',
        options: EXPLOITATION_FORMS.map((f) => ({ value: f, label: EXPLOITATION_FORM_LABELS[f] })),
    },
    foreign: {
        id: 'foreign',
        text: 'Waar komt de persoon vandaan?',
        help: 'Dit bepaalt welke opvang en regelingen passen. Bedenktijd en de verblijfsregeling B8/3 zijn alleen voor mensen van buiten de EU of zonder verblijfspapieren.',
        options: [
            { value: 'nederland', label: 'Nederland' },
            { value: 'eu', label: 'Een ander EU-land' },
            { value: 'buitenEu', label: 'Van buiten de EU, of zonder papieren' },
            { value: 'onbekend', label: 'Weet ik niet' },
        ],
    },
    wantsHelp: {
        id: 'wantsHelp',
        text: 'Wil de persoon hulp?',
        help: 'Bij een volwassene is hulp vrijwillig. Ook als iemand geen hulp wil, is je signaal belangrijk.',
        options: YES_NO_UNKNOWN,
    },
    anonymous: {
        id: 'anonymous',
        text: 'Wil jij anoniem blijven?',
        help: 'Het gaat om jou als melder: wil je niet dat partners of de dader weten dat het signaal van jou komt?',
        options: YES_NO,
    },
};

/** The next question to ask, or null when the answers are complete enough to advise. */
export function nextQuestion(answers: WizardAnswers): WizardQuestion | null {
    if (answers.acuteDanger === undefined) return WIZARD_QUESTIONS.acuteDanger;
    if (answers.acuteDanger === 'ja') return null;
    if (answers.subject === undefined) return WIZARD_QUESTIONS.subject;
    if (answers.subject === 'persoon' && answers.minor === undefined) return WIZARD_QUESTIONS.minor;
    if (answers.form === undefined) return WIZARD_QUESTIONS.form;
    if (answers.subject === 'persoon') {
        if (answers.foreign === undefined) return WIZARD_QUESTIONS.foreign;
        if (answers.wantsHelp === undefined) return WIZARD_QUESTIONS.wantsHelp;
    }
    if (answers.anonymous === undefined) return WIZARD_QUESTIONS.anonymous;
    return null;
}

/** Position of a question in this particular walk, for "vraag 2" on the card. */
export function questionNumber(answers: WizardAnswers): number {
    return WIZARD_QUESTION_IDS.filter((id) => answers[id] !== undefined).length + 1;
}

export type AnswerResult = { ok: true; answers: WizardAnswers } | { ok: false };

/**
 * Applies an answer that came from a card or typed text. Only the question that is being asked
 * may be answered, and only with one of its options: anything else is refused and changes nothing.
 */
export function applyAnswer(answers: WizardAnswers, questionId: unknown, value: unknown): AnswerResult {
    const expected = nextQuestion(answers);
    if (expected === null || questionId !== expected.id || typeof value !== 'string') return { ok: false };
    if (!expected.options.some((o) => o.value === value)) return { ok: false };
    return { ok: true, answers: { ...answers, [expected.id]: value } };
}

/** Maps typed text ("ja", "Weet ik niet", "arbeidsuitbuiting") to an option of the question, if one fits exactly. */
export function optionFromText(question: WizardQuestion, text: string): string | undefined {
    const t = text.trim().toLowerCase().replace(/[.!?]+$/, '');
    if (t.length === 0) return undefined;
    const match = question.options.find((o) => o.value === t || o.label.toLowerCase() === t);
    return match?.value;
}

export interface RouteStep {
    contactId: string;
    /** Why and when this route, in one or two sentences. */
    reason: string;
    /** What to tell them. */
    tellThem: string[];
}

export interface RouteAdvice {
    acuteDanger: boolean;
    steps: RouteStep[];
    /** Extra advice lines that are not a route (e.g. "hulp is vrijwillig", CoMensha registration). */
    notes: string[];
    /** Knowledge entries worth reading next. */
    relatedEntryIds: string[];
    prefill: ReportPrefill;
}

const TELL_BASICS = ['Wat je zelf zag of hoorde, met datum, tijd en plaats.', 'Om wie of welke plek het gaat, voor zover je dat weet.'];

/** The advised routes, most urgent first. Only call with answers for which nextQuestion returns null. */
export function recommendRoutes(answers: WizardAnswers): RouteAdvice {
    const prefill = toPrefill(answers);
    if (answers.acuteDanger === 'ja') {
        // Nothing else is asked when there is danger; a minor is only known from a prefill or a described situation.
        const steps: RouteStep[] = [
            {
                contactId: 'alarmnummer-112',
                reason: 'Er is direct gevaar. Bel eerst 112 en breng jezelf niet in gevaar.',
                tellThem: ['Waar het is (adres of plek).', 'Wat je nu ziet of hoort.', 'Hoeveel mensen er zijn en of je wapens zag.'],
            },
        ];
        const notes: string[] = [];
        const related = ['acuut-gevaar'];
        if (answers.minor === 'ja') {
            steps.push(
                step('veilig-thuis', 'Het gaat om een minderjarige. Meld het na 112 ook bij Veilig Thuis (Meldpunt Mensenhandel en Jeugdprostitutie), dag en nacht bereikbaar. Veilig Thuis beslist mee over de bescherming van het kind.', [
                    'Dat je 112 hebt gebeld en wanneer.',
                    'De leeftijd van de jongere, en of ouders of hulpverleners al betrokken zijn.',
                ]),
            );
            related.push('minderjarigen');
        } else if (answers.minor !== 'nee') {
            notes.push('Gaat het om iemand jonger dan 18? Meld het na 112 dan ook bij Veilig Thuis (0800-2000, dag en nacht).');
        }
        steps.push(
            step('aandachtfunctionaris', 'Meld het daarna ook bij de aandachtfunctionaris, zodat die het vervolg kan volgen en partners kan inschakelen.', [
                ...TELL_BASICS,
                'Dat je 112 hebt gebeld en wanneer.',
            ]),
        );
        return { acuteDanger: true, steps, notes, relatedEntryIds: related, prefill };
    }

    const steps: RouteStep[] = [];
    const notes: string[] = [];
    const related: string[] = [];
    const form = answers.form ?? 'onbekend';

    if (answers.subject === 'plek') {
        steps.push(
            step('aandachtfunctionaris', 'Een signaal over een plek komt het best bij de aandachtfunctionaris. Die legt het naast wat de gemeente al weet (inschrijvingen, vergunningen, meldingen) en kan het inbrengen in het lokaal ondermijningsoverleg.', [
                'Het adres of de naam van het bedrijf.',
                'Wat voor plek het is (woning, schuur, bedrijf) en wat je opviel, zoals het aantal mensen, af- en aanrijden of afgeplakte ramen.',
                'Wanneer en hoe vaak je dit zag.',
            ]),
        );
        if (answers.anonymous === 'ja') steps.push(anonymousStep());
        if (form === 'arbeid') steps.push(labourInspectionStep());
        else if (form !== 'onbekend') steps.push(policeStep('Vermoed je een strafbaar feit op deze plek, zoals illegale prostitutie of uitbuiting? De politie kan onderzoek doen.'));
        if (answers.anonymous === 'ja') {
            notes.push(ANONYMOUS_NOTE);
            related.push('meld-misdaad-anoniem');
        }
        related.push('huisjesmelkers-huisvesting', 'lokaal-ondermijningsoverleg', 'integrale-controles');
        return { acuteDanger: false, steps: dedupe(steps), notes, relatedEntryIds: [...new Set(related)], prefill };
    }

    const minor = answers.minor ?? 'onbekend';
    if (minor === 'ja') {
        steps.push(
            step('veilig-thuis', 'Het gaat om een minderjarige. Veilig Thuis is in onze regio ook het Meldpunt Mensenhandel en Jeugdprostitutie en is dag en nacht bereikbaar voor advies en melding.', [
                ...TELL_BASICS,
                'De leeftijd van de jongere, en of ouders of hulpverleners al betrokken zijn.',
            ]),
        );
    }
    steps.push(
        step('aandachtfunctionaris', 'Meld je signaal altijd bij de aandachtfunctionaris van je gemeente. Die denkt mee en zet het door naar de juiste partner.', [
            ...TELL_BASICS,
            'Welke signalen je zag, en sinds wanneer.',
        ]),
    );
    if (minor === 'onbekend') {
        steps.push(step('veilig-thuis', 'Je weet niet of de persoon minderjarig is. Twijfel je, vraag dan advies aan Veilig Thuis (Meldpunt Mensenhandel en Jeugdprostitutie).', TELL_BASICS));
    }

    if (form === 'arbeid') steps.push(labourInspectionStep());
    if (form === 'seksueel' && minor !== 'ja' && minor !== 'onbekend') {
        steps.push(step('veilig-thuis', 'Veilig Thuis is ook het Meldpunt Mensenhandel voor volwassenen: voor advies, melding en het regelen van opvang.', TELL_BASICS));
    }
    if (form === 'crimineel' || form === 'orgaan') {
        steps.push(policeStep('Bij gedwongen criminaliteit of orgaanhandel kan de politie onderzoek doen; slachtoffers horen niet gestraft te worden voor wat ze moesten doen.'));
    }

    if (answers.anonymous === 'ja') {
        steps.push(anonymousStep());
        notes.push(ANONYMOUS_NOTE);
        related.push('meld-misdaad-anoniem');
    }

    const origin = originOf(answers.foreign);
    if (origin === 'buitenEu' || origin === 'buitenland') {
        const known = origin === 'buitenEu';
        addOrExtend(steps, policeStep(''), known
            ? 'De persoon komt van buiten de EU of heeft geen papieren. Alleen de politie of de Koninklijke Marechaussee (KMar) kunnen de bedenktijd (B8/3) aanbieden: tot 3 maanden waarin de persoon niet wordt uitgezet en opvang krijgt.'
            : 'Komt de persoon van buiten de EU of heeft hij of zij geen papieren? Dan kunnen alleen de politie of de Koninklijke Marechaussee (KMar) de bedenktijd (B8/3) aanbieden. Voor Nederlanders en EU-burgers is die regeling niet nodig.', [
            'Of de persoon verblijfspapieren heeft, voor zover je dat weet.',
        ]);
        steps.push(careCoordinationStep(known
            ? 'De zorgcoördinatie (Moviera) regelt voor een buitenlands slachtoffer zorg, opvang en procedures, zoals de verblijfsregeling. Ook als de persoon nu nog geen hulp wil, weet zij de weg.'
            : 'De zorgcoördinatie (Moviera) regelt voor een buitenlands slachtoffer zorg, opvang en procedures, en weet welke regeling past. Ook als de persoon nu nog geen hulp wil, weet zij de weg.'));
        steps.push(
            step('comensha', 'CoMensha heeft een juridische helpdesk over bedenktijd, aangifte en verblijf. Opvang in de COSM (voor volwassenen zonder verblijfsrecht in de bedenktijd) loopt alleen via CoMensha.', [
                'Dat het om een buitenlands slachtoffer gaat, en of hij of zij verblijfspapieren heeft.',
                'Of er al contact is met politie, KMar of hulpverlening.',
            ]),
        );
        related.push('bedenktijd-b8', 'opvang-cosm', 'koninklijke-marechaussee');
    } else if (origin === 'eu') {
        steps.push(careCoordinationStep(minor === 'ja'
            ? 'De persoon komt uit een ander EU-land. De zorgcoördinatie (Moviera) denkt mee over zorg en opvang; voor een minderjarige blijft Veilig Thuis de eerste plek.'
            : 'De persoon komt uit een ander EU-land. Bedenktijd en B8/3 zijn dan niet nodig: een volwassen EU-burger kan naar de gewone opvang via de Wmo. De zorgcoördinatie (Moviera) regelt dat, ook als de persoon nu nog geen hulp wil.'));
        related.push('opvang-cosm', 'bedenktijd-b8');
    } else if (origin === 'onbekend') {
        notes.push('Weet je niet waar de persoon vandaan komt? Bedenktijd en de verblijfsregeling B8/3 zijn alleen voor mensen van buiten de EU of zonder papieren; die bieden alleen de politie of de KMar aan. Nederlanders en EU-burgers kunnen naar de gewone opvang via de Wmo. De zorgcoördinatie weet de weg.');
        related.push('bedenktijd-b8');
    }

    if (answers.wantsHelp === 'ja') {
        if (minor !== 'ja') {
            steps.push(
                careCoordinationStep('De persoon wil hulp. De zorgcoördinatie (Moviera) regelt zorg, opvang en procedures voor slachtoffers in de regio.'),
            );
        }
        if (form === 'seksueel' && minor === 'nee') {
            steps.push(step('uitstapprogramma', 'Wil een sekswerker stoppen? Dan kan het uitstapprogramma helpen.', ['Dat de persoon wil stoppen met sekswerk, en wat hij of zij daarvoor nodig heeft.']));
        }
        related.push('opvang-cosm');
    } else if (minor === 'ja') {
        notes.push('Bij een minderjarige hangt hulp niet alleen af van wat de jongere of de ouders willen: Veilig Thuis en de jeugdbescherming beslissen mee over wat nodig is om het kind te beschermen.');
        related.push('jeugdbescherming');
    } else {
        notes.push(
            minor === 'onbekend'
                ? 'Is de persoon volwassen, dan is hulp vrijwillig: meld het signaal toch, en laat de persoon weten dat hulp er blijft. Is de persoon jonger dan 18, dan beslissen Veilig Thuis en de jeugdbescherming mee.'
                : 'Hulp is vrijwillig. Wil de persoon (nog) geen hulp, meld het signaal dan toch: het helpt om daders en plekken in beeld te krijgen. Laat de persoon weten dat hulp er blijft.',
        );
        related.push('slachtoffer-wil-geen-hulp');
    }

    notes.push(COMENSHA_REGISTRATION_NOTE);
    related.push(...formEntries(form));
    return { acuteDanger: false, steps: dedupe(steps), notes, relatedEntryIds: [...new Set(related)], prefill };
}

export function toPrefill(answers: WizardAnswers): ReportPrefill {
    const prefill: ReportPrefill = {};
    if (answers.form !== undefined) prefill.forms = [answers.form];
    if (answers.minor !== undefined) prefill.minor = answers.minor;
    if (answers.acuteDanger !== undefined) prefill.acuteDanger = answers.acuteDanger === 'ja';
    return prefill;
}

function step(contactId: string, reason: string, tellThem: string[]): RouteStep {
    return { contactId, reason, tellThem };
}

const ANONYMOUS_NOTE =
    'Meld Misdaad Anoniem (M.) geeft je informatie zonder jouw naam door aan politie of inspectie. M. is niet voor spoed (bel dan 112) en regelt geen hulp voor het slachtoffer. De aandachtfunctionaris zet signalen door naar partners: zeg het als je niet wilt dat jouw naam daar terechtkomt.';

const COMENSHA_REGISTRATION_NOTE =
    'CoMensha registreert (mogelijke) slachtoffers landelijk. Politie, KMar en Arbeidsinspectie moeten dat doen; anderen alleen met toestemming van het slachtoffer (vanuit de jeugdzorg schriftelijk: ouder dan 16 tekent het slachtoffer zelf, jonger dan 16 de ouders of voogd). Registratie komt naast de routes hierboven, niet in plaats daarvan.';

function anonymousStep(): RouteStep {
    return step('meld-misdaad-anoniem', 'Je wilt anoniem blijven. Bij Meld Misdaad Anoniem (0800-7000 of het online formulier) wordt je naam niet gevraagd en je nummer niet gezien. M. geeft de informatie zonder jouw naam door aan politie of inspectie. Niet voor spoed en niet voor hulp aan het slachtoffer.', [
        'Zo precies mogelijk wat, waar en wanneer, zonder dingen waaraan jij te herkennen bent.',
    ]);
}

function careCoordinationStep(reason: string): RouteStep {
    return step('moviera-zorgcoordinatie', reason, ['Wat voor hulp de persoon nodig heeft of vraagt (onderdak, medisch, juridisch).', 'Hoe de persoon veilig te bereiken is.']);
}

/** "ja" (from abroad, not known where) and "nee" (Dutch) from yes/no callers, mapped onto the wizard's origins. */
function originOf(answer: ForeignAnswer | undefined): Origin | 'buitenland' | undefined {
    if (answer === 'ja') return 'buitenland';
    if (answer === 'nee') return 'nederland';
    return answer;
}

/** Adds the step, or when its contact is already advised, adds this reason and what to tell to that step. */
function addOrExtend(steps: RouteStep[], fresh: RouteStep, reason: string, tellThem: string[]): void {
    const existing = steps.find((s) => s.contactId === fresh.contactId);
    if (existing === undefined) {
        steps.push({ ...fresh, reason, tellThem: [...fresh.tellThem, ...tellThem] });
        return;
    }
    existing.reason = `${existing.reason} ${reason}`;
    existing.tellThem = [...new Set([...existing.tellThem, ...tellThem])];
}

function labourInspectionStep(): RouteStep {
    return step('arbeidsinspectie', 'Bij een vermoeden van arbeidsuitbuiting is de Nederlandse Arbeidsinspectie de partner. Melden kan ook anoniem.', [
        'De naam en het adres van het bedrijf of de werkplek, en de sector.',
        'Hoeveel mensen er werken, hoe lang ze werken en waar ze wonen.',
        'Wat je zag: loon, boetes, ingenomen paspoorten, huisvesting via de werkgever.',
    ]);
}

function policeStep(reason: string): RouteStep {
    return step('politie', reason, [...TELL_BASICS, 'Namen, kentekens of adressen die je kent.']);
}

function formEntries(form: ExploitationForm): string[] {
    switch (form) {
        case 'seksueel':
            return ['signalen-seksuele-uitbuiting'];
        case 'arbeid':
            return ['signalen-arbeidsuitbuiting'];
        case 'crimineel':
            return ['signalen-criminele-uitbuiting'];
        case 'orgaan':
            return ['orgaanhandel'];
        case 'onbekend':
            return ['signalen-algemeen'];
    }
}

/** A contact appears once, at its first (most important) place. */
function dedupe(steps: RouteStep[]): RouteStep[] {
    const seen = new Set<string>();
    return steps.filter((s) => (seen.has(s.contactId) ? false : (seen.add(s.contactId), true)));
}

/**
 * Rebuilds answers from untyped data (dialog state), keeping only a valid prefix: each answer
 * must be the one the wizard would ask for next, with one of its options.
 */
export function sanitizeAnswers(raw: unknown): WizardAnswers {
    let answers: WizardAnswers = {};
    if (typeof raw !== 'object' || raw === null) return answers;
    const record = raw as Record<string, unknown>;
    for (let q = nextQuestion(answers); q !== null && record[q.id] !== undefined; q = nextQuestion(answers)) {
        const r = applyAnswer(answers, q.id, record[q.id]);
        if (!r.ok) break;
        answers = r.answers;
    }
    return answers;
}
