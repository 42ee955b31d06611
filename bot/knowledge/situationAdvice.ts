import { EXPLOITATION_FORM_LABELS } from '../domain/vocabulary';
import type { DangerAssessment } from './dangerDetector';
import { recommendRoutes, type RouteAdvice, type RouteStep, type WizardAnswers } from './routeWizard';
import type { SituationFacts } from './situationReader';

/**
 * Bridges a described situation to the route wizard's own decision logic, so a colleague who
 * tells a story gets the same routes as one who clicks through the wizard with the same facts.
 * What the text does not say stays "weet ik niet", which the wizard already handles carefully
 * (an unknown age gets Veilig Thuis as advice, for instance).
 */
export function wizardAnswersOf(facts: SituationFacts, danger: DangerAssessment): WizardAnswers {
    if (danger.acute) return { acuteDanger: 'ja', minor: danger.minor || facts.minor === 'ja' ? 'ja' : facts.minor };
    const answers: WizardAnswers = { acuteDanger: 'nee', subject: facts.subject, form: facts.form };
    if (facts.subject === 'plek') return { ...answers, anonymous: facts.anonymous ? 'ja' : 'nee' };
    return {
        ...answers,
        minor: facts.minor,
        // The reader's 'onbekend' is "from abroad, country not said"; the wizard's is "do not know whether",
        // which adds a note on the bedenktijd that a story without any hint of origin does not need.
        ...(facts.origin !== undefined && { foreign: facts.origin === 'onbekend' ? 'ja' : facts.origin }),
        wantsHelp: facts.wantsHelp,
        anonymous: facts.anonymous ? 'ja' : 'nee',
    };
}

const ORIGIN_TEXT: Record<NonNullable<SituationFacts['origin']>, string> = {
    nederland: 'uit Nederland',
    eu: 'uit een ander EU-land',
    buitenEu: 'van buiten de EU of zonder verblijfspapieren',
    onbekend: 'uit het buitenland',
};

/** A few Dutch sentences that say what the bot took from the story, so a wrong reading is easy to spot. */
export function describeFacts(facts: SituationFacts, danger: DangerAssessment): string {
    let who: string;
    if (facts.subject === 'plek') who = 'een plek (woning of bedrijf) met opvallend veel mensen';
    else if (facts.minor === 'ja') who = 'een minderjarige';
    else if (facts.minor === 'nee') who = 'een volwassene';
    else who = 'iemand (leeftijd onbekend)';
    const origin = facts.origin !== undefined && facts.subject === 'persoon' ? ` ${ORIGIN_TEXT[facts.origin]}` : '';
    const form = facts.form !== 'onbekend' ? `, mogelijk ${EXPLOITATION_FORM_LABELS[facts.form].toLowerCase()}` : '';
    const sentences = [`Je beschrijft ${who}${origin}${form}.`];
    if (danger.acute) sentences.push('Er is misschien direct gevaar.');
    if (facts.wantsHelp === 'nee') sentences.push('De persoon wil (nog) geen hulp.');
    if (facts.wantsHelp === 'ja') sentences.push('De persoon wil hulp.');
    if (facts.anonymous) sentences.push('Je wilt zelf anoniem blijven.');
    sentences.push('Klopt iets niet? Doe dan de vragenlijst.');
    return sentences.join(' ');
}

/**
 * The wizard's routes for the facts, plus what a story can tell that the wizard does not ask:
 * images online (Helpwanted, never copy them), sexual violence (Centrum Seksueel Geweld), a sex
 * worker who wants to stop (uitstapprogramma). Each contact appears once.
 */
export function adviseOnSituation(facts: SituationFacts, danger: DangerAssessment): RouteAdvice {
    const advice = recommendRoutes(wizardAnswersOf(facts, danger));
    const extra: RouteStep[] = [];
    if (facts.images) {
        extra.push({
            contactId: 'helpwanted',
            reason: 'Er gaan beelden rond. Helpwanted helpt ze offline te halen. Kopieer of stuur de beelden nooit door, ook niet als bewijs: noteer waar ze staan (link, profiel) en laat de politie het bewijs veiligstellen.',
            tellThem: ['Waar de beelden staan (link, platform, profielnaam).', 'Of de persoon minderjarig is.'],
        });
    }
    if (facts.sexualViolence) {
        extra.push({
            contactId: 'centrum-seksueel-geweld',
            reason: 'Na seksueel geweld kan het Centrum Seksueel Geweld medische, forensische en psychische hulp geven, het liefst zo snel mogelijk.',
            tellThem: ['Wanneer het gebeurde.', 'Of de persoon al medische hulp heeft gehad.'],
        });
    }
    if (facts.wantsToExit && facts.minor !== 'ja') {
        extra.push({
            contactId: 'uitstapprogramma',
            reason: 'Wil een sekswerker stoppen? Een uitstapprogramma helpt met inkomen, wonen en zorg.',
            tellThem: ['Dat de persoon wil stoppen met sekswerk, en wat hij of zij daarvoor nodig heeft.'],
        });
    }
    if (facts.border && facts.subject === 'persoon') {
        extra.push({
            contactId: 'kmar',
            reason: 'De persoon kwam via de grens of een vliegveld binnen. De Koninklijke Marechaussee gaat over de grens en kan, net als de politie, bedenktijd aanbieden.',
            tellThem: ['Hoe en wanneer de persoon het land binnenkwam, voor zover bekend.', 'Welke papieren de persoon heeft.'],
        });
    }
    if (facts.wantsToReport && !advice.steps.some((s) => s.contactId === 'politie')) {
        extra.push({
            contactId: 'politie',
            reason: 'De persoon wil aangifte doen. De politie heeft rechercheurs voor mensenhandel; Slachtofferhulp kan meegaan en helpen.',
            tellThem: ['Dat het slachtoffer aangifte wil doen, en hoe hij of zij veilig te bereiken is.'],
        });
    }
    const seen = new Set(advice.steps.map((s) => s.contactId));
    const added = extra.filter((s) => !seen.has(s.contactId));
    // After 112 and Veilig Thuis (the first steps when they are there), before the rest.
    const urgent = advice.steps.filter((s) => s.contactId === 'alarmnummer-112' || s.contactId === 'veilig-thuis');
    const rest = advice.steps.filter((s) => !urgent.includes(s));
    return { ...advice, steps: [...urgent, ...added, ...rest] };
}
