import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/renderCard';

/** One adaptive card as a Teams message: the only place that wraps card JSON into an activity. */
export function cardMessage(card: AdaptiveCardJson, text?: string): Partial<Activity> {
    return MessageFactory.attachment(CardFactory.adaptiveCard(card), text);
}

export async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
    await context.sendActivity(cardMessage(card));
}

/**
 * The id of the card a submit came from: Teams (and the Playground) put the card message's id in
 * `replyToId` of an Action.Submit. Undefined when the client sends none; the flow then sends new cards.
 */
export function pressedCardId(context: TurnContext): string | undefined {
    const id = context.activity.replyToId;
    return typeof id === 'string' && id !== '' && context.activity.value !== undefined ? id : undefined;
}

/**
 * Replaces the card `cardId` with `card` (a flow's next step in the same place), or sends `card` as a new
 * message when there is no id or Teams refuses the update (the message was deleted). Returns the id of the
 * message that shows the card now.
 */
export async function replaceOrSendCard(context: TurnContext, card: AdaptiveCardJson, cardId: string | undefined): Promise<string | undefined> {
    if (cardId !== undefined) {
        try {
            await context.updateActivity({ ...cardMessage(card), id: cardId });
            return cardId;
        } catch {
            // A card that cannot be updated any more: show the step as a new message instead.
        }
    }
    const sent = await context.sendActivity(cardMessage(card));
    return sent?.id;
}
