import template from './welcomeCard.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

export interface WelcomeCardData {
    title: string;
    intro: string;
}

/** The card with the bot's three jobs; also the answer to text the bot does not understand. */
export function renderWelcomeCard(data: WelcomeCardData): AdaptiveCardJson {
    return expandCard(template, data);
}

export const WELCOME = {
    title: 'Welkom bij de Signaalbot Mensenhandel',
    intro:
        'Mensenhandel zie je alleen als je ernaar kijkt. Deze bot helpt medewerkers van Brummen, Lochem, Voorst en Zutphen om signalen te herkennen en door te geven. Wat wil je doen?',
} as const;

export const NOT_UNDERSTOOD = {
    title: 'Dat begreep ik niet helemaal',
    intro: 'Ik kan je helpen met deze drie dingen. Kies een knop, of typ je vraag in gewone woorden.',
} as const;
