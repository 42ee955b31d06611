import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import { ANNE, BOT, channelMessage, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';
import { KIM } from '../cases/caseTestKit';
import { movableClock } from '../questions/questionTestKit';

export { KIM, movableClock };
export const ILSE: Person = { id: '29:colleague-ilse', name: 'Ilse Mulder', aadObjectId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a' };
export const SANNE_P: Person = { id: '29:coordinator-brummen', name: 'Sanne Jansen', aadObjectId: '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f' };
/** Not in the organisation file: a colleague like any other. */
export const JOOST: Person = { id: '29:colleague-joost', name: 'Joost Leerplicht', aadObjectId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' };
/** Monday 7 December 2026, 09:00 in Amsterdam (CET, UTC+1): one hour before the weekly case. */
export const MONDAY_0900 = '2026-12-07T08:00:00.000Z';
export const MONDAY_1000 = '2026-12-07T09:00:00.000Z';
export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The bot with a clock the test moves; weekly cases are sent only when the test calls drainOnce(). */
export async function startLearningBot(clock: () => Date, tables?: TestBot['tables'], env: Record<string, string> = {}): Promise<TestBot> {
    return startTestBot({ env: { ALLOWED_TENANT_IDS: LOCAL_TENANT_ID, ...env }, app: { clock, learning: { manualDelivery: true } }, ...(tables && { tables }) });
}

export const personalChat = (p: Person) => `a:personal-${p.aadObjectId}`;

export async function say(bot: TestBot, from: Person, text: string): Promise<void> {
    const res = await bot.post(personalMessage(text, { serviceUrl: bot.connector.url, from }));
    assert.ok(res.status < 300, `status ${res.status}`);
}

export async function sayInChannel(bot: TestBot, from: Person, text: string): Promise<void> {
    const res = await bot.post(channelMessage(text, { serviceUrl: bot.connector.url, from }));
    assert.ok(res.status < 300, `status ${res.status}`);
}

export async function submit(bot: TestBot, from: Person, value: Record<string, unknown>): Promise<void> {
    const res = await bot.post({ ...personalMessage('', { serviceUrl: bot.connector.url, from }), value });
    assert.ok(res.status < 300, `status ${res.status}`);
}

/** Joins learning through the settings card, as a colleague would. */
export async function optIn(bot: TestBot, from: Person, municipality: string, role?: string): Promise<void> {
    await say(bot, from, 'leren aan');
    await submit(bot, from, { action: 'leren.opslaan', municipality, ...(role && { role }) });
}

export function chat(bot: TestBot, p: Person): { texts: string[]; cards: Record<string, unknown>[] } {
    const activities = bot.connector.sentTo(personalChat(p));
    return { texts: activities.map((a) => String(a.text ?? '')).filter(Boolean), cards: cardsIn(activities) };
}

export function lastText(bot: TestBot, p: Person): string {
    return chat(bot, p).texts.at(-1) ?? '';
}

/** The weekly case cards in a chat (their heading says so). */
export function weeklyCases(bot: TestBot, p: Person): Record<string, unknown>[] {
    return chat(bot, p).cards.filter((c) => cardText(c).startsWith('Casus van de week'));
}

/** The Execute data of a card's button by its title. */
export function executeData(card: unknown, title: string): Record<string, unknown> {
    let found: Record<string, unknown> | undefined;
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
            const o = node as Record<string, unknown>;
            if (o.type === 'Action.Execute' && o.title === title) found = (o.data as Record<string, unknown>) ?? {};
            Object.values(o).forEach(walk);
        }
    };
    walk(card);
    assert.ok(found, `no button "${title}"`);
    return found;
}

export interface Answer {
    status: number;
    card: Record<string, unknown>;
    text: string;
}

/** An Action.Execute pressed in a person's 1:1 chat (weekly case, quiz). */
export async function pressPersonal(bot: TestBot, from: Person, verb: string, data: Record<string, unknown>): Promise<Answer> {
    const base = personalMessage('', { serviceUrl: bot.connector.url, from });
    const res = await bot.post({ ...base, type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
    const body = (res.body ?? {}) as { value?: Record<string, unknown> };
    return { status: res.status, card: body.value ?? {}, text: cardText(body.value ?? {}) };
}

/** An Action.Execute pressed on a card in the Brummen channel (a campaign). */
export async function pressInChannel(bot: TestBot, from: Person, verb: string, data: Record<string, unknown>): Promise<Answer> {
    const channel = '19:kanaal-brummen@thread.tacv2';
    const res = await bot.post({
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: bot.connector.url,
        timestamp: new Date().toISOString(),
        from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
        recipient: { ...BOT },
        conversation: { id: `${channel};messageid=1`, conversationType: 'channel', tenantId: LOCAL_TENANT_ID, isGroup: true },
        channelData: { tenant: { id: LOCAL_TENANT_ID }, team: { id: '19:team-ijsselstreek@thread.tacv2' }, channel: { id: channel } },
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    const body = (res.body ?? {}) as { value?: Record<string, unknown> };
    return { status: res.status, card: body.value ?? {}, text: cardText(body.value ?? {}) };
}

export { ANNE };
