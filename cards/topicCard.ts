import { expandCard, type AdaptiveCardJson } from './renderCard';
import template from './topicCard.json';

export interface TopicCardData {
    title: string;
    description: string;
    entries: { entryId: string; title: string; summary: string }[];
}

export function renderTopicCard(data: TopicCardData): AdaptiveCardJson {
    return expandCard(template, data);
}
