import { buildApp, type App, type AppOptions } from '../../bot/app';
import { loadConfig, type Config } from '../../bot/config';
import { createSilentLogger, type Logger } from '../../bot/logger';
import type { TableClientFactory } from '../../bot/storage/tableClientFactory';
import { FakeConnector } from './fakeConnector';
import { freshTables } from './testAzurite';

/**
 * The real bot (real restify server, real CloudAdapter, real Table storage on Azurite) on a free port,
 * talking to a fake Bot Connector. Tests send activities over HTTP exactly as Teams would.
 */
export interface TestBot {
    app: App;
    url: string;
    connector: FakeConnector;
    tables: TableClientFactory;
    config: Config;
    post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
    close(): Promise<void>;
}

export async function startTestBot(
    options: { env?: Record<string, string>; logger?: Logger; tables?: TableClientFactory; production?: boolean; app?: AppOptions } = {},
): Promise<TestBot> {
    const connector = new FakeConnector();
    await connector.start();
    const tables = options.tables ?? (await freshTables('bot')).factory;
    const config = loadConfig(
        { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...(options.env ?? {}) },
        options.production ? [] : ['--local'],
    );
    const app = buildApp(config, tables, options.logger ?? createSilentLogger(), {
        outbox: { baseDelayMs: 20, maxDelayMs: 200, pollIntervalMs: 200 },
        ...(options.app ?? {}),
    });
    const url = await app.listen();
    // Tests that compare the tables before and after a request start from a settled store.
    await app.indexesSettled();
    return {
        app,
        url,
        connector,
        tables,
        config,
        async post(activity: object, headers: Record<string, string> = {}) {
            const res = await fetch(`${url}/api/messages`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', ...headers },
                body: JSON.stringify(activity),
            });
            const text = await res.text();
            let body: unknown = text;
            try {
                body = text ? JSON.parse(text) : undefined;
            } catch {
                /* not JSON: keep the text */
            }
            return { status: res.status, body };
        },
        async close() {
            await app.close();
            await connector.stop();
        },
    };
}

/** The adaptive card contents of the activities the bot sent into a conversation. */
export function cardsIn(activities: Record<string, unknown>[]): Record<string, unknown>[] {
    return activities.flatMap((a) =>
        ((a.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined) ?? [])
            .filter((att) => att.contentType === 'application/vnd.microsoft.card.adaptive')
            .map((att) => att.content),
    );
}

/** All visible text of a card (TextBlocks, facts, action titles), for assertions. */
export function cardText(card: unknown): string {
    const parts: string[] = [];
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
            const o = node as Record<string, unknown>;
            for (const key of ['text', 'title', 'value', 'label', 'placeholder']) if (typeof o[key] === 'string') parts.push(o[key] as string);
            for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
        }
    };
    walk(card);
    return parts.join('\n');
}
