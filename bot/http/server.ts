import restify from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { SignaalAdapter } from './adapter';
import { loggedType, type Logger } from '../logger';

/** The paths the server answers; any other path is the caller's text and is logged as 'other'. */
const KNOWN_PATHS = new Set(['/api/messages', '/healthz', '/readyz']);

export interface ServerDeps {
    adapter: SignaalAdapter;
    bot: ActivityHandler;
    logger: Logger;
    /** Resolves when storage answers; rejects otherwise. */
    checkReady: () => Promise<void>;
    maxBodyBytes?: number;
}

/** Bot Framework activities are small; anything this large is not from Teams. */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export function createServer(deps: ServerDeps): restify.Server {
    const server = restify.createServer({ name: 'signaalbot', handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, mapParams: false, mapFiles: false }));

    server.post('/api/messages', async (req, res) => {
        const started = Date.now();
        const authHeader = req.header('authorization') ?? '';
        const outcome = await deps.adapter.processHttp(req.body, authHeader, (context) => deps.bot.run(context));
        if (outcome.body === undefined) res.send(outcome.status);
        else res.send(outcome.status, outcome.body);
        deps.logger.info(
            {
                activityId: (req.body as { id?: unknown } | undefined)?.id,
                // The caller chooses `type`: only the Bot Framework's own types are logged.
                type: loggedType((req.body as { type?: unknown } | undefined)?.type),
                status: res.statusCode,
                ms: Date.now() - started,
            },
            'activity processed',
        );
    });

    server.get('/healthz', (_req, res, next) => {
        res.send(200, { status: 'ok' });
        return next();
    });

    server.get('/readyz', async (_req, res) => {
        try {
            await withTimeout(deps.checkReady(), 3000);
            res.send(200, { status: 'ready' });
        } catch {
            res.send(503, { status: 'storage unreachable' });
        }
    });

    server.on('restifyError', (req, res, err, callback) => {
        // Never echo internals: restify's default body would include the error message.
        const path = req.getPath();
        deps.logger.warn({ path: KNOWN_PATHS.has(path) ? path : 'other', status: err.statusCode ?? 500, errType: err.name }, 'request refused');
        err.toJSON = () => ({ error: err.statusCode === 413 ? 'payload too large' : 'request refused' });
        return callback();
    });

    return server;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timeout')), ms);
        promise.then(
            (value) => {
                clearTimeout(timer);
                resolve(value);
            },
            (err: unknown) => {
                clearTimeout(timer);
                reject(err instanceof Error ? err : new Error('failed'));
            },
        );
    });
}
