/**
 * The server side of the HTTP benchmarks, run as its own process (forked by benchKit) so the load
 * generator and the fake connector do not share its event loop and its RSS is its own.
 *
 * BENCH_SERVER=bot  the real bot: buildApp from loadConfig in local mode, on Azurite (BENCH_STORAGE).
 * BENCH_SERVER=echo the floor: restify with the same body parser, a CloudAdapter without auth and an
 *                   ActivityHandler that answers every message with one adaptive card. No storage.
 * BENCH_SERVER=stateful the stateful floor: the echo floor plus what every turn of a bot that stores its
 *                   state exactly once cannot avoid: the dedupe claim (beside the read of the conversation
 *                   state, as the bot does), and a write of the project's Table-backed conversation state,
 *                   on the same Azurite (BENCH_STORAGE). Still one card per message, nothing else.
 *
 * Tells the parent its URL over IPC, and stops on 'stop'.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MessageFactory, type TurnContext } from 'botbuilder';
import restify from 'restify';
import { buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { createTableClientFactory } from '../../bot/storage/tableClientFactory';
import { dedupeMiddleware } from '../../bot/guards/dedupeGuard';
import { ActivityDeduplicator } from '../../bot/storage/activityDedupe';
import { TableBotStorage } from '../../bot/storage/tableBotStorage';

function send(message: object): void {
    process.send?.(message);
}

/** The floors' one card. With state, the turn also counts the conversation's messages in its state. */
async function startEcho(stateful: boolean): Promise<{ url: string; close: () => Promise<void> }> {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    let conversationState: ConversationState | undefined;
    if (stateful) {
        const connectionString = process.env.BENCH_STORAGE ?? '';
        if (!connectionString) throw new Error('BENCH_STORAGE missing');
        const tables = createTableClientFactory({ kind: 'connectionString', connectionString }, process.env.BENCH_TABLE_PREFIX ?? 'benchfloor');
        const state = new ConversationState(new TableBotStorage(tables, { maxAgeMs: 30 * 24 * 3600 * 1000 }));
        conversationState = state;
        adapter.use(dedupeMiddleware(new ActivityDeduplicator(tables), createLogger(process.env.BENCH_LOG_LEVEL ?? 'info'), (context: TurnContext) => state.load(context)));
    }
    const turns = conversationState?.createProperty<{ count: number; last: string }>('floor');
    const bot = new ActivityHandler();
    bot.onMessage(async (context, next) => {
        const said = typeof context.activity.text === 'string' ? context.activity.text : '';
        if (turns && conversationState) {
            const seen = await turns.get(context, { count: 0, last: '' });
            await turns.set(context, { count: seen.count + 1, last: said.slice(0, 200) });
        }
        const card = {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.5',
            body: [
                { type: 'TextBlock', text: 'Echo', weight: 'Bolder', size: 'Medium' },
                { type: 'TextBlock', text: said.slice(0, 2000), wrap: true },
            ],
            actions: [{ type: 'Action.Submit', title: 'Nog een keer', data: { action: 'echo' } }],
        };
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        await conversationState?.saveChanges(context, false);
        await next();
    });
    const server = restify.createServer({ name: 'echo-floor', handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, mapFiles: false }));
    server.post('/api/messages', async (req, res) => {
        await adapter.process(req, res, (context) => bot.run(context));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function startBot(): Promise<{ url: string; close: () => Promise<void> }> {
    const connectionString = process.env.BENCH_STORAGE ?? '';
    const config = loadConfig(
        {
            PORT: '0',
            HOST: '127.0.0.1',
            STORAGE_CONNECTION_STRING: connectionString,
            TABLE_PREFIX: process.env.BENCH_TABLE_PREFIX ?? 'bench',
            LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
            // The limiter stays on (its cost is part of the figures) but above what the bench submits.
            REPORT_RATE_LIMIT_PER_HOUR: process.env.BENCH_RATE_LIMIT ?? '999',
            // The load bench binds a channel per municipality; without it, the local organisation file.
            ...(process.env.BENCH_ORGANISATION_FILE ? { ORGANISATION_FILE: process.env.BENCH_ORGANISATION_FILE } : {}),
        },
        ['--local'],
    );
    if (config.storage.kind !== 'connectionString') throw new Error('BENCH_STORAGE missing');
    const tables = createTableClientFactory(config.storage, config.tablePrefix);
    // Production logs go to stdout; here stdout is discarded by the parent, so the cost of logging stays in.
    const app = buildApp(config, tables, createLogger(config.logLevel));
    const url = await app.listen();
    return { url, close: () => app.close() };
}

/** Diagnostic, on with BENCH_COUNT_REQUESTS=1: counts outgoing HTTP requests by method and target (table or connector). */
const outgoing = new Map<string, number>();
function countRequests(): void {
    const request = http.request.bind(http);
    (http as { request: typeof http.request }).request = ((...args: Parameters<typeof http.request>) => {
        const options = args[0] as http.RequestOptions;
        const prefix = process.env.BENCH_TABLE_PREFIX ?? 'bench';
        const path = String(options.path ?? '');
        const table = path.startsWith(`/devstoreaccount1/${prefix}`) ? /^[A-Za-z]+/.exec(path.slice(`/devstoreaccount1/${prefix}`.length))?.[0] : undefined;
        // A transaction goes to the account's $batch endpoint, so its table is not in the path.
        const target = table ? `table ${table}${path.includes('$batch') ? ' batch' : ''}` : path.startsWith('/devstoreaccount1/$batch') ? 'table (transaction)' : path.startsWith('/v3/conversations') ? 'connector' : path.slice(0, 30);
        // Which kind of row a point read or write names (report, outbox, a follow-up...), to tell them apart.
        const rowKind = /RowKey='([A-Za-z]+)/.exec(decodeURIComponent(path))?.[1];
        const key = `${options.method ?? 'GET'} ${target.slice(0, 40)}${table === 'reports' && rowKind ? ` (${rowKind.slice(0, 12)})` : ''}`;
        outgoing.set(key, (outgoing.get(key) ?? 0) + 1);
        return request(...args);
    }) as typeof http.request;
}

async function main(): Promise<void> {
    if (process.env.BENCH_COUNT_REQUESTS === '1') countRequests();
    const kind = process.env.BENCH_SERVER;
    const running = kind === 'echo' || kind === 'stateful' ? await startEcho(kind === 'stateful') : kind === 'bot' ? await startBot() : undefined;
    if (!running) throw new Error(`BENCH_SERVER must be bot, echo or stateful, not ${kind}`);
    process.on('message', (message: unknown) => {
        // bench:turns asks between turns, to attribute Table requests to the kind of turn that sent them.
        if (message === 'counts') send({ counts: Object.fromEntries(outgoing) });
        if (message === 'stop') {
            if (process.env.BENCH_COUNT_REQUESTS === '1') {
                const m = process.memoryUsage();
                const mib = (n: number) => Math.round(n / 1048576);
                process.stderr.write(`memory at stop (MiB): rss ${mib(m.rss)}, heapTotal ${mib(m.heapTotal)}, heapUsed ${mib(m.heapUsed)}, external ${mib(m.external)}\n`);
            }
            if (outgoing.size > 0) process.stderr.write(`outgoing requests: ${JSON.stringify(Object.fromEntries([...outgoing].sort((a, b) => b[1] - a[1])))}\n`);
            void running.close().finally(() => process.exit(0));
        }
    });
    send({ url: running.url });
}

main().catch((err: unknown) => {
    send({ error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
});
