import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/renderCard';

/** One adaptive card as a Teams message: the only place that wraps card JSON into an activity. */
export function cardMessage(card: AdaptiveCardJson, text?: string): Partial<Activity> {
    return MessageFactory.attachment(CardFactory.adaptiveCard(card), text);
}

export async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
    await context.sendActivity(cardMessage(card));
}
