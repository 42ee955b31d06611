import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import type { Report, ReportDraft } from '../../../bot/reports/reportModel';
import { ANNE, BRUMMEN_CHANNEL, FOREIGN_TENANT, botAddedToTeam, cardActionInvoke, personalMessage, type Person } from '../../support/activities';
import { cardText, startTestBot, type TestBot } from '../../support/botHarness';
import type { RecordedCall } from '../../support/fakeConnector';

/** A colleague who reports and coordinates nothing. */
export const KIM = { id: '29:colleague-kim', name: 'Kim Balie', aadObjectId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' };

export function yesterday(): string {
    return new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

export function draft(overrides: Partial<ReportDraft> = {}): ReportDraft {
    return {
        municipality: 'Brummen',
        forms: ['arbeid'],
        description: 'Busje haalt elke ochtend om 5 uur mensen op bij een overvol huis.',
        location: 'Dorpsstraat 1',
        observedOn: yesterday(),
        workContext: 'handhaving',
        indicators: ['arb_huisvesting'],
        peopleCount: 12,
        estimatedAge: 30,
        minor: 'nee',
        informed: ['niemand'],
        acuteDanger: false,
        ...overrides,
    };
}

export interface Delivered {
    report: Report;
    /** The thread conversation (`<channel>;messageid=<n>`) and the card's activity id. */
    thread: string;
    activityId: string;
}

export interface InvokeAnswer {
    status: number;
    statusCode?: number;
    type?: string;
    card: Record<string, unknown>;
    text: string;
}

/** The bot on Azurite with both tenants allowed, so the case handler's own tenant check is what refuses. */
export async function startCaseBot(env: Record<string, string> = {}, clock?: () => Date): Promise<TestBot> {
    const bot = await startTestBot({
        env: { ALLOWED_TENANT_IDS: `${LOCAL_TENANT_ID},${FOREIGN_TENANT}`, ...env },
        // The clock moves the case service (retention) only; the outbox keeps real time and finds follow-ups due.
        app: { ...(clock && { cases: { clock } }) },
    });
    await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
    // The reporter has a 1:1 chat with the bot, so the bot can tell her the new status.
    await bot.post(personalMessage('hallo', { serviceUrl: bot.connector.url, from: KIM }));
    return bot;
}

/** A report by Kim, stored and delivered to the channel by the outbox worker. */
export async function deliveredReport(bot: TestBot, overrides: Partial<ReportDraft> = {}, reporter: Person = KIM): Promise<Delivered> {
    const { report } = await bot.app.reporting.service.submit(draft(overrides), { aadObjectId: reporter.aadObjectId, tenantId: LOCAL_TENANT_ID, displayName: reporter.name }, `sub-${randomUUID()}`);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
        const stored = await bot.app.reporting.store.get(report.reportId);
        if (stored?.report.delivery.activityId && stored.report.delivery.conversationId) {
            return { report: stored.report, thread: stored.report.delivery.conversationId, activityId: stored.report.delivery.activityId };
        }
        await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('report was not delivered in time');
}

export async function invoke(
    bot: TestBot,
    from: Person,
    verb: string,
    data: Record<string, unknown>,
    options: { thread: string; tenantId?: string; trigger?: 'manual' | 'automatic' },
): Promise<InvokeAnswer> {
    const res = await bot.post(
        cardActionInvoke(verb, data, { serviceUrl: bot.connector.url, from, threadConversationId: options.thread, channelId: BRUMMEN_CHANNEL, tenantId: options.tenantId, ...(options.trigger && { trigger: options.trigger }) }),
    );
    const body = (res.body ?? {}) as { statusCode?: number; type?: string; value?: Record<string, unknown> };
    const card = body.value ?? {};
    // Our texts go through plainText() (markdown escaped); assertions read them as Teams shows them.
    return { status: res.status, statusCode: body.statusCode, type: body.type, card, text: cardText(card).replace(/\\(.)/g, '$1') };
}

/** Presses a button as the card showed it: reportId and the card's current version. */
export async function press(bot: TestBot, from: Person, d: Delivered, verb: string, inputs: Record<string, unknown> = {}, version?: number): Promise<InvokeAnswer> {
    const current = (await bot.app.reporting.store.get(d.report.reportId))?.report;
    return invoke(bot, from, verb, { reportId: d.report.reportId, version: version ?? current?.handling?.version ?? 0, ...inputs }, { thread: d.thread });
}

export async function current(bot: TestBot, d: Delivered): Promise<Report> {
    const stored = await bot.app.reporting.store.get(d.report.reportId);
    assert.ok(stored);
    return stored.report;
}

/** Waits for the shared card PUT that shows at least `version` (card data carries the version). */
export function cardPut(bot: TestBot, d: Delivered, version: number): Promise<RecordedCall> {
    return bot.connector.waitFor((c) => c.method === 'PUT' && c.activityId === d.activityId && c.failedWith === undefined && putVersion(c) >= version);
}

export function putVersion(call: RecordedCall): number {
    const m = /"version":(\d+)/.exec(JSON.stringify(call.body));
    return m ? Number(m[1]) : -1;
}

export function putCard(call: RecordedCall): Record<string, unknown> {
    const attachments = (call.body.attachments as { content: Record<string, unknown> }[] | undefined) ?? [];
    return attachments[0]?.content ?? {};
}

/** Thread replies (short lines) under the report's card. */
export function threadLines(bot: TestBot, d: Delivered): string[] {
    const channel = d.thread.split(';messageid=')[0];
    return bot.connector.calls
        .filter((c) => c.method === 'POST' && c.conversationId === `${channel};messageid=${d.activityId}` && c.path.endsWith('/activities') && c.failedWith === undefined)
        .map((c) => String(c.body.text ?? ''));
}

export function reporterMessages(bot: TestBot, reporter: Person = KIM): string[] {
    return bot.connector.sentTo(`a:personal-${reporter.aadObjectId}`).map((a) => String(a.text ?? ''));
}

/** Lets background follow-ups (PUT, thread line, reporter message) finish. */
export function settle(bot: TestBot): Promise<void> {
    return bot.app.reporting.worker.idle();
}

export { ANNE };
