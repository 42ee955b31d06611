import assert from 'node:assert/strict';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import type { CoordinatorQuestion } from '../../../bot/questions/questionModel';
import { BRUMMEN_CHANNEL, botAddedToTeam, cardActionInvoke, cardSubmit, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';
import { KIM, type InvokeAnswer } from '../cases/caseTestKit';

export { KIM };

/** A clock the test moves by hand, for the whole bot (questions, outbox, state). */
export function movableClock(startIso: string) {
    let now = new Date(startIso).getTime();
    return {
        now: () => new Date(now),
        set: (iso: string) => {
            now = new Date(iso).getTime();
        },
        advance: (ms: number) => {
            now += ms;
        },
    };
}

export async function startQuestionBot(options: { env?: Record<string, string>; clock?: () => Date } = {}): Promise<TestBot> {
    const bot = await startTestBot({
        env: { ALLOWED_TENANT_IDS: LOCAL_TENANT_ID, ...(options.env ?? {}) },
        app: { ...(options.clock && { clock: options.clock }) },
    });
    await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
    // The asker has a 1:1 chat with the bot, so the answer can reach her.
    await bot.post(personalMessage('hallo', { serviceUrl: bot.connector.url, from: KIM }));
    return bot;
}

export const personalChat = (p: Person) => `a:personal-${p.aadObjectId}`;

export async function say(bot: TestBot, from: Person, text: string): Promise<void> {
    const res = await bot.post(personalMessage(text, { serviceUrl: bot.connector.url, from }));
    assert.ok(res.status < 300, `status ${res.status}`);
}

export async function submit(bot: TestBot, from: Person, value: Record<string, unknown>): Promise<void> {
    const res = await bot.post(cardSubmit(value, { serviceUrl: bot.connector.url, from }));
    assert.ok(res.status < 300, `status ${res.status}`);
}

/** What the bot sent into a person's 1:1 chat: texts and card texts, in order. */
export function chat(bot: TestBot, p: Person): { texts: string[]; cards: Record<string, unknown>[] } {
    const activities = bot.connector.sentTo(personalChat(p));
    return { texts: activities.map((a) => String(a.text ?? '')).filter(Boolean), cards: cardsIn(activities) };
}

export function lastText(bot: TestBot, p: Person): string {
    const { texts } = chat(bot, p);
    return texts[texts.length - 1] ?? '';
}

export function lastCard(bot: TestBot, p: Person): Record<string, unknown> {
    const { cards } = chat(bot, p);
    const card = cards[cards.length - 1];
    assert.ok(card, 'no card in the chat');
    return card;
}

/** The Action.Submit data of a card's button by its title. */
export function buttonData(card: unknown, title: string): Record<string, unknown> {
    let found: Record<string, unknown> | undefined;
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
            const o = node as Record<string, unknown>;
            if ((o.type === 'Action.Submit' || o.type === 'Action.Execute') && o.title === title) found = (o.data as Record<string, unknown>) ?? {};
            Object.values(o).forEach(walk);
        }
    };
    walk(card);
    assert.ok(found, `no button "${title}"`);
    return found;
}

/** The value of an input of a card by its id. */
export function inputValue(card: unknown, id: string): unknown {
    let value: unknown;
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
            const o = node as Record<string, unknown>;
            if (typeof o.type === 'string' && o.type.startsWith('Input.') && o.id === id) value = o.value;
            Object.values(o).forEach(walk);
        }
    };
    walk(card);
    return value;
}

export async function questions(bot: TestBot): Promise<CoordinatorQuestion[]> {
    return (await bot.app.questions.store.list()).map((s) => s.question);
}

export async function onlyQuestion(bot: TestBot): Promise<CoordinatorQuestion> {
    const all = await questions(bot);
    assert.equal(all.length, 1, 'exactly one question stored');
    return all[0] as CoordinatorQuestion;
}

export async function stored(bot: TestBot, questionId: string): Promise<CoordinatorQuestion> {
    const s = await bot.app.questions.store.get(questionId);
    assert.ok(s);
    return s.question;
}

/** Sends what the question outbox has due now (the clock decides what is due). */
export async function deliver(bot: TestBot): Promise<void> {
    await bot.app.questions.delivery.drainOnce();
    await bot.app.questions.delivery.drainOnce();
}

/** Fills the form and sends it, as the colleague would. */
export async function askViaForm(bot: TestBot, from: Person, municipality: string, question: string): Promise<CoordinatorQuestion> {
    await say(bot, from, 'vraag aan de aandachtfunctionaris');
    const form = lastCard(bot, from);
    const before = new Set((await questions(bot)).map((q) => q.questionId));
    await submit(bot, from, { ...buttonData(form, 'Vraag versturen'), municipality, question });
    // The test clock stands still, so the new question is the one that was not there before.
    const added = (await questions(bot)).filter((q) => !before.has(q.questionId));
    assert.equal(added.length, 1, lastText(bot, from));
    await deliver(bot);
    return stored(bot, (added[0] as CoordinatorQuestion).questionId);
}

export async function execute(bot: TestBot, from: Person, q: CoordinatorQuestion, verb: string, data: Record<string, unknown>): Promise<InvokeAnswer> {
    const thread = q.delivery.conversationId ?? `${BRUMMEN_CHANNEL};messageid=0`;
    const res = await bot.post(cardActionInvoke(verb, data, { serviceUrl: bot.connector.url, from, threadConversationId: thread, channelId: BRUMMEN_CHANNEL }));
    const body = (res.body ?? {}) as { statusCode?: number; type?: string; value?: Record<string, unknown> };
    const card = body.value ?? {};
    return { status: res.status, statusCode: body.statusCode, type: body.type, card, text: cardText(card).replace(/\\(.)/g, '$1') };
}

/** Lines in the question's thread. */
export function threadLines(bot: TestBot, q: CoordinatorQuestion): string[] {
    const thread = `${(q.delivery.conversationId ?? '').split(';messageid=')[0]};messageid=${q.delivery.activityId}`;
    return bot.connector.calls
        .filter((c) => c.method === 'POST' && c.conversationId === thread && c.path.endsWith('/activities') && c.failedWith === undefined)
        .map((c) => String(c.body.text ?? ''));
}

/** The newest card PUT over the question's post. */
export function lastPut(bot: TestBot, q: CoordinatorQuestion): string {
    const puts = bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === q.delivery.activityId && c.failedWith === undefined);
    const last = puts[puts.length - 1];
    assert.ok(last, 'no card update');
    const attachments = (last.body.attachments as { content: unknown }[] | undefined) ?? [];
    return cardText(attachments[0]?.content).replace(/\\(.)/g, '$1');
}

export const plain = (card: unknown) => cardText(card).replace(/\\(.)/g, '$1');
