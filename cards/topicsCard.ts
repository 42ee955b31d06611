import { expandCard, type AdaptiveCardJson } from './renderCard';
import template from './topicsCard.json';

export interface TopicLink {
    topicId: string;
    title: string;
    description: string;
}

export interface TopicsCardData {
    topics: TopicLink[];
}

export function renderTopicsCard(data: TopicsCardData): AdaptiveCardJson {
    return expandCard(template, data);
}
