import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A fake Bot Connector: the REST shapes the bot uses (POST and PUT under /v3/conversations/...),
 * recorded for assertions, with scripted failures (status codes, Retry-After) to test retries.
 */
export interface RecordedCall {
    method: string;
    path: string;
    conversationId?: string;
    activityId?: string;
    body: Record<string, unknown>;
    at: number;
    /** Set when a scripted failure answered this call instead of a success. */
    failedWith?: number;
    /** The id the connector answered with for a new activity (what the bot later updates or gets replyToId for). */
    responseId?: string;
}

interface ScriptedFailure {
    status: number;
    headers?: Record<string, string>;
    /** Only fail calls whose method + path match. */
    match?: (method: string, path: string) => boolean;
}

interface Hold {
    match: (method: string, path: string) => boolean;
    waiting: { release: () => void; drop: () => void }[];
    arrived: () => void;
}

/** A file the bot put at an upload URL this connector handed out (file consent; Teams' OneDrive stand-in). */
export interface RecordedUpload {
    path: string;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
}

/** A member as the connector returns one (TeamsChannelAccount). */
export interface FakeMember {
    id: string;
    name: string;
    aadObjectId: string;
    email?: string;
    userPrincipalName?: string;
    tenantId?: string;
    userRole?: 'user' | 'guest';
}

/** One of Teams' documented rate limits: at most `max` operations in any `windowMs`. */
export interface ConnectorRateWindow {
    windowMs: number;
    max: number;
}

/**
 * Teams' documented limits (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): per bot
 * per thread 7/1 s, 8/2 s, 60/30 s, 1800/h; per app per tenant 50 requests/s. Written out here, apart
 * from the bot's pacer, so a mistake in the bot's numbers cannot hide in the test.
 */
export const TEAMS_DOCUMENTED_LIMITS = {
    conversation: [
        { windowMs: 1000, max: 7 },
        { windowMs: 2000, max: 8 },
        { windowMs: 30_000, max: 60 },
        { windowMs: 3_600_000, max: 1800 },
    ],
    tenant: [{ windowMs: 1000, max: 50 }],
} as const satisfies { conversation: readonly ConnectorRateWindow[]; tenant: readonly ConnectorRateWindow[] };

export interface FakeConnectorOptions {
    /**
     * Enforce rate limits as Teams does: a call beyond them gets 429 with Retry-After (seconds) and does not
     * count. The conversation of a new channel thread (POST /v3/conversations) is its channel.
     */
    limits?: { conversation: readonly ConnectorRateWindow[]; tenant: readonly ConnectorRateWindow[] };
}

/** Accepted call times per key, for the optional limiter. */
class AcceptedLog {
    private readonly times = new Map<string, number[]>();

    /** Ms until one more call fits all windows for `key`; 0 when it fits now. */
    waitFor(key: string, windows: readonly ConnectorRateWindow[], now: number): number {
        const list = this.times.get(key) ?? [];
        const longest = Math.max(...windows.map((w) => w.windowMs));
        while (list.length > 0 && (list[0] as number) <= now - longest) list.shift();
        this.times.set(key, list);
        let wait = 0;
        for (const w of windows) {
            const inside = list.filter((t) => t > now - w.windowMs);
            if (inside.length >= w.max) wait = Math.max(wait, (inside[inside.length - w.max] as number) + w.windowMs - now);
        }
        return wait;
    }

    add(key: string, now: number): void {
        const list = this.times.get(key) ?? [];
        list.push(now);
        this.times.set(key, list);
    }
}

export class FakeConnector {
    readonly calls: RecordedCall[] = [];
    /** The roster every conversation answers with (GET .../members and .../pagedmembers). */
    members: FakeMember[] = [];
    /** Calls the limiter answered with 429. */
    throttled = 0;
    private readonly accepted = new AcceptedLog();

    constructor(private readonly options: FakeConnectorOptions = {}) {}

    /** PUTs under /uploads/: the bytes of files the bot uploaded after a file consent. */
    readonly uploads: RecordedUpload[] = [];
    private failures: ScriptedFailure[] = [];
    /** Calls that wait before they are answered (as a slow Teams would), by match. */
    private holds: Hold[] = [];
    private server?: http.Server;
    private waiters: { predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
    private counter = 0;

    get url(): string {
        const address = this.server?.address() as AddressInfo | null;
        if (!address) throw new Error('fake connector not started');
        return `http://127.0.0.1:${address.port}`;
    }

    async start(): Promise<void> {
        this.server = http.createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    }

    async stop(): Promise<void> {
        if (!this.server) return;
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server!.close(() => resolve()));
        this.server = undefined;
    }

    /** The next `times` matching calls answer with `status` (and headers) instead of succeeding. */
    failNext(times: number, status: number, headers?: Record<string, string>, match?: ScriptedFailure['match']): void {
        for (let i = 0; i < times; i++) this.failures.push({ status, headers, match });
    }

    /**
     * Matching calls wait, unanswered, until release() (then answered as usual) or drop() (the
     * connection is cut and nothing was created: Teams never got the request). `arrived` resolves
     * with the first one that is waiting.
     */
    hold(match: (method: string, path: string) => boolean): { arrived: Promise<void>; release(): void; drop(): void } {
        let signal: () => void = () => undefined;
        const arrived = new Promise<void>((resolve) => (signal = resolve));
        const hold: Hold = { match, waiting: [], arrived: () => signal() };
        this.holds.push(hold);
        const end = (how: 'release' | 'drop') => {
            this.holds = this.holds.filter((h) => h !== hold);
            for (const waiting of hold.waiting.splice(0)) waiting[how]();
        };
        return { arrived, release: () => end('release'), drop: () => end('drop') };
    }

    clearFailures(): void {
        this.failures = [];
    }

    reset(): void {
        this.calls.length = 0;
        this.failures = [];
    }

    /**
     * Activities the bot sent into a conversation (new messages and replies), in order. A channel
     * thread (`<channel>;messageid=<n>`) counts as part of its channel.
     */
    sentTo(conversationId: string): Record<string, unknown>[] {
        const base = (id: string | undefined) => id?.split(';messageid=')[0];
        return this.calls
            .filter((c) => c.failedWith === undefined && c.method === 'POST' && base(c.conversationId) === base(conversationId) && c.path.includes('/activities'))
            .map((c) => c.body);
    }

    /** Resolves with the first call (already recorded or future) that matches. */
    /**
     * Every message as a Teams user would see it now: each one the bot created, with the content of its
     * last successful update (PUT) in place of what it first said.
     */
    visibleMessages(): { conversationId: string; activityId: string; body: Record<string, unknown> }[] {
        const now = new Map<string, { conversationId: string; activityId: string; body: Record<string, unknown> }>();
        for (const c of this.calls) {
            if (c.failedWith !== undefined) continue;
            if (c.method === 'POST' && c.responseId !== undefined) {
                const body = c.path === '/v3/conversations' ? ((c.body.activity as Record<string, unknown> | undefined) ?? {}) : c.body;
                now.set(c.responseId, { conversationId: c.conversationId ?? '', activityId: c.responseId, body });
            } else if (c.method === 'PUT' && c.activityId !== undefined && now.has(c.activityId)) {
                now.set(c.activityId, { conversationId: c.conversationId ?? '', activityId: c.activityId, body: c.body });
            }
        }
        return [...now.values()];
    }

    waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
        const existing = this.calls.find(predicate);
        if (existing) return Promise.resolve(existing);
        return new Promise((resolve, reject) => {
            const waiter = { predicate, resolve };
            this.waiters.push(waiter);
            setTimeout(() => {
                this.waiters = this.waiters.filter((w) => w !== waiter);
                reject(new Error('fake connector: expected call did not arrive in time'));
            }, timeoutMs).unref();
        });
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const method0 = req.method ?? 'GET';
        if (method0 === 'PUT' && (req.url ?? '').startsWith('/uploads/')) {
            // Not JSON: the raw bytes of an uploaded file.
            this.uploads.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
            // Two calls: restify (loaded with the bot) replaces writeHead with one that does not return `res`.
            res.writeHead(201, { 'content-type': 'application/json' });
            res.end('{}');
            return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown> = {};
        try {
            body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
            res.writeHead(400).end();
            return;
        }
        const method = req.method ?? 'GET';
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const hold = this.holds.find((h) => h.match(method, path));
        if (hold) {
            const go = await new Promise<boolean>((resolve) => {
                hold.waiting.push({ release: () => resolve(true), drop: () => resolve(false) });
                hold.arrived();
            });
            if (!go) {
                req.socket.destroy();
                return;
            }
        }
        const failureIndex = this.failures.findIndex((f) => !f.match || f.match(method, path));
        if (failureIndex >= 0) {
            const [failure] = this.failures.splice(failureIndex, 1);
            this.record({ method, path, body, at: Date.now(), ...this.ids(path), failedWith: failure.status });
            res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.headers ?? {}) });
            res.end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${failure.status}` } }));
            return;
        }
        const send = (status: number, payload: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(payload));
        };
        const ids = this.ids(path);
        const limits = this.options.limits;
        if (limits && (method === 'POST' || method === 'PUT')) {
            const data = body as { channelData?: { channel?: { id?: string }; tenant?: { id?: string } }; conversation?: { tenantId?: string }; tenantId?: string };
            const conversation = path === '/v3/conversations' ? (data.channelData?.channel?.id ?? 'a:new') : (ids.conversationId ?? path);
            const tenant = data.channelData?.tenant?.id ?? data.conversation?.tenantId ?? data.tenantId ?? 'tenant';
            const now = Date.now();
            const wait = Math.max(this.accepted.waitFor(`c:${conversation}`, limits.conversation, now), this.accepted.waitFor(`t:${tenant}`, limits.tenant, now));
            if (wait > 0) {
                this.throttled++;
                this.record({ method, path, body, at: now, ...ids, failedWith: 429 });
                res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
                res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'rate limit' } }));
                return;
            }
            this.accepted.add(`c:${conversation}`, now);
            this.accepted.add(`t:${tenant}`, now);
        }
        if (method === 'POST' && path === '/v3/conversations') {
            const conversationId = `${(body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'a:new'};messageid=${++this.counter}`;
            const activityId = String(this.counter);
            this.record({ method, path, body, at: Date.now(), conversationId, activityId, responseId: activityId });
            send(201, { id: conversationId, activityId });
            return;
        }
        if (ids.conversationId !== undefined && /\/activities/.test(path) && (method === 'POST' || method === 'PUT')) {
            const activityId = method === 'PUT' ? (ids.activityId ?? randomUUID()) : `act-${++this.counter}`;
            this.record({ method, path, body, at: Date.now(), ...ids, responseId: activityId });
            send(method === 'PUT' ? 200 : 201, { id: activityId });
            return;
        }
        if (method === 'DELETE') {
            this.record({ method, path, body, at: Date.now(), ...ids });
            send(200, {});
            return;
        }
        if (method === 'GET' && /^\/v3\/conversations\/[^/]+\/pagedmembers$/.test(path)) {
            // Paged as Teams does: pageSize (default and at most 500), then an opaque continuationToken.
            this.record({ method, path, body, at: Date.now(), ...ids });
            const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
            const pageSize = Math.min(500, Math.max(1, Number(query.get('pageSize') ?? 500) || 500));
            const start = Number(query.get('continuationToken') ?? 0) || 0;
            const members = this.members.slice(start, start + pageSize);
            const next = start + pageSize < this.members.length ? String(start + pageSize) : undefined;
            send(200, { members, ...(next !== undefined && { continuationToken: next }) });
            return;
        }
        if (method === 'GET' && /^\/v3\/conversations\/[^/]+\/members$/.test(path)) {
            this.record({ method, path, body, at: Date.now(), ...ids });
            send(200, this.members);
            return;
        }
        this.record({ method, path, body, at: Date.now(), ...ids });
        send(404, { error: { code: 'NotFound', message: 'not served by the fake connector' } });
    }

    private ids(path: string): { conversationId?: string; activityId?: string } {
        const m = /^\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(path);
        if (!m) return {};
        return {
            conversationId: decodeURIComponent(m[1]),
            activityId: m[2] !== undefined ? decodeURIComponent(m[2]) : undefined,
        };
    }

    private record(call: RecordedCall): void {
        this.calls.push(call);
        for (const waiter of [...this.waiters]) {
            if (waiter.predicate(call)) {
                this.waiters = this.waiters.filter((w) => w !== waiter);
                waiter.resolve(call);
            }
        }
    }
}
