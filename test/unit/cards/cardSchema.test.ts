import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AdaptiveCards } from '../../support/adaptiveCardsLib';
import type { AdaptiveCardJson } from '../../../cards/renderCard';
import { repoRoot } from '../../../bot/paths';
import { CARD_SAMPLES } from './cardSamples';

/**
 * Every card template, expanded with sample data (cardSamples.ts), must parse and validate with the
 * Adaptive Cards library: unknown elements or actions, invalid property values, duplicate input ids,
 * required inputs without label or error message, too many actions, a version above what Teams renders.
 * Teams' own elements (Chart.*, CodeBlock) are unknown to the library; they pass only with a fallback.
 * The host config is Teams' limit of six actions in a row (the library's default is five).
 */
const CARDS_DIR = path.join(repoRoot, 'cards');
const TEAMS_MAX_VERSION = 1.5;
const TEAMS_HOST = new AdaptiveCards.HostConfig({ actions: { maxActions: 6 } });

interface Problem {
    where: string;
    event: string;
    message: string;
}

/** Element types Teams renders that the library does not know, and that need a fallback for other clients. */
function teamsOnlyTypesWithFallback(value: unknown, out = new Set<string>()): Set<string> {
    if (Array.isArray(value)) for (const v of value) teamsOnlyTypesWithFallback(v, out);
    else if (value && typeof value === 'object') {
        const node = value as { type?: unknown; fallback?: unknown };
        if (typeof node.type === 'string' && (node.type.startsWith('Chart.') || node.type === 'CodeBlock') && node.fallback !== undefined) out.add(node.type);
        for (const v of Object.values(value)) teamsOnlyTypesWithFallback(v, out);
    }
    return out;
}

function problemsOf(card: AdaptiveCardJson): Problem[] {
    const context = new AdaptiveCards.SerializationContext();
    const parsed = new AdaptiveCards.AdaptiveCard();
    parsed.hostConfig = TEAMS_HOST;
    parsed.parse(card, context);
    const allowedUnknown = teamsOnlyTypesWithFallback(card);
    const problems: Problem[] = [];
    for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        const unknownButFallback = e.event === AdaptiveCards.ValidationEvent.UnknownElementType && [...allowedUnknown].some((t) => e.message.includes(`"${t}"`));
        if (!unknownButFallback) problems.push({ where: 'parse', event: AdaptiveCards.ValidationEvent[e.event], message: e.message });
    }
    for (const e of parsed.validateProperties().validationEvents) {
        if (e.event === AdaptiveCards.ValidationEvent.Hint) continue;
        problems.push({ where: 'validate', event: AdaptiveCards.ValidationEvent[e.event], message: e.message });
    }
    if (Number(card.version) > TEAMS_MAX_VERSION) problems.push({ where: 'version', event: 'UnsupportedCardVersion', message: `version ${card.version}` });
    return problems;
}

describe('card schema (adaptivecards parse + validateProperties on every template with sample data)', () => {
    const templates = fs.readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).sort();

    it('has a sample for every card template in cards/ (a new card joins in cardSamples.ts)', () => {
        assert.ok(templates.length >= 20, `found ${templates.length} templates`);
        assert.deepEqual(templates.filter((t) => !(t in CARD_SAMPLES)), [], 'templates without samples');
        assert.deepEqual(Object.keys(CARD_SAMPLES).filter((k) => !templates.includes(k)), [], 'samples for templates that do not exist');
    });

    for (const template of templates) {
        it(`${template}: every sample parses and validates without errors`, async function () {
            this.timeout(20000);
            const samples = CARD_SAMPLES[template];
            assert.ok(samples, `no sample for ${template}`);
            const cards = await samples();
            assert.ok(cards.length > 0, 'at least one sample');
            for (const [i, card] of cards.entries()) {
                assert.equal(card.type, 'AdaptiveCard');
                assert.ok(!JSON.stringify(card).includes('"${'), `sample ${i}: nothing left unexpanded`);
                assert.deepEqual(problemsOf(card), [], `sample ${i} of ${template}`);
            }
        });
    }

    it('catches what it should: a broken card fails', () => {
        const broken = {
            type: 'AdaptiveCard' as const,
            version: '1.5',
            body: [{ type: 'TextBlock', text: 'x', size: 'Enorm' }, { type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }, { type: 'Chart.Donut' }],
            actions: [{ type: 'Action.Bogus', title: 'x' }],
        };
        const events = problemsOf(broken).map((p) => p.event).sort();
        assert.deepEqual(events, ['DuplicateId', 'InvalidPropertyValue', 'UnknownActionType', 'UnknownElementType']);
    });
});
