import template from './channelIntroCard.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

/** Posted once when the bot is added to a team. It has no data: the same text for every team. */
export function renderChannelIntroCard(): AdaptiveCardJson {
    return expandCard(template, {});
}
