import { expandCard, type AdaptiveCardJson } from './renderCard';
import template from './routeWizardQuestionCard.json';

export interface RouteWizardQuestionCardData {
    step: number;
    questionId: string;
    text: string;
    help: string;
    options: { value: string; label: string }[];
}

export function renderRouteWizardQuestionCard(data: RouteWizardQuestionCardData): AdaptiveCardJson {
    return expandCard(template, data);
}
