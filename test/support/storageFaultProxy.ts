import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A test-only HTTP proxy in front of Azurite's table endpoint, so a test can make storage fail exactly
 * where the scenario needs it: refuse connections, answer 500, or answer late, for every request or only
 * for the ones a matcher picks (the dedupe table's insert, the bot state's write, the report's batch).
 *
 * The bot's Table client is pointed at it through the connection string (TableEndpoint=...). Shared-key
 * signing covers the path, not the host, so requests pass through unchanged.
 */

/** What the proxy knows about one Table request, enough to pick it out. */
export interface ProxiedRequest {
    method: string;
    /** The table the request is for (for a batch: the first table named in its body); undefined for the Tables list. */
    table?: string;
    operation: 'createTable' | 'insert' | 'upsert' | 'update' | 'merge' | 'delete' | 'read' | 'query' | 'batch' | 'other';
    /** The fault that was applied, if any. */
    fault?: Fault['kind'];
}

export type Fault =
    /** The connection is refused (whole endpoint) or reset (one matched request: a listening socket cannot refuse one request). */
    | { kind: 'refuse' }
    /** Answers this status without passing the request on. */
    | { kind: 'status'; status: number }
    /** Waits, then passes the request on: it still reaches Azurite even when the client gave up meanwhile. */
    | { kind: 'delay'; ms: number };

export type RequestMatcher = (request: ProxiedRequest) => boolean;

interface Rule {
    fault: Fault;
    when: RequestMatcher;
    remaining: number;
}

/** Matches requests for a table whose name ends with `suffix` (tables carry a random test prefix). */
export const onTable =
    (suffix: string, ...operations: ProxiedRequest['operation'][]): RequestMatcher =>
    (r) =>
        r.table !== undefined && r.table.toLowerCase().endsWith(suffix.toLowerCase()) && (operations.length === 0 || operations.includes(r.operation));

/** Writes of an entity (insert, upsert, update, merge, delete, batch). */
export const WRITES: ProxiedRequest['operation'][] = ['insert', 'upsert', 'update', 'merge', 'delete', 'batch'];

function describe(method: string, url: string, headers: http.IncomingHttpHeaders, body: string): Omit<ProxiedRequest, 'fault'> {
    const path = decodeURIComponent(url.split('?')[0]);
    const segments = path.split('/').filter(Boolean);
    const last = segments.at(-1) ?? '';
    if (last === '$batch') {
        // The body names each change as "<METHOD> http://host/account/<table>(...)" or ".../<table>".
        const table = /^(?:POST|PUT|MERGE|PATCH|DELETE) https?:\/\/[^/]+\/[^/]+\/([A-Za-z0-9]+)/m.exec(body)?.[1];
        return { method, table, operation: 'batch' };
    }
    if (/^Tables(\(|$)/.test(last)) {
        return { method, table: undefined, operation: method === 'POST' ? 'createTable' : 'other' };
    }
    const entity = /^([A-Za-z0-9]+)\((.*)\)$/.exec(last);
    const table = entity ? entity[1] : last;
    const keyed = entity !== null && entity[2] !== '';
    switch (method) {
        case 'POST':
            return { method, table, operation: 'insert' };
        case 'PUT':
            return { method, table, operation: headers['if-match'] ? 'update' : 'upsert' };
        case 'MERGE':
        case 'PATCH':
            return { method, table, operation: 'merge' };
        case 'DELETE':
            return { method, table, operation: 'delete' };
        case 'GET':
            return { method, table, operation: keyed ? 'read' : 'query' };
        default:
            return { method, table, operation: 'other' };
    }
}

export class StorageFaultProxy {
    /** Every request seen, in order, with the fault applied to it. */
    readonly requests: ProxiedRequest[] = [];
    private rules: Rule[] = [];
    private readonly sockets = new Set<Socket>();
    private refusing = false;

    private constructor(
        private readonly server: http.Server,
        readonly port: number,
        private readonly target: URL,
    ) {}

    /** Starts a proxy on a free loopback port in front of `targetEndpoint` (Azurite's TableEndpoint). */
    static async start(targetEndpoint: string): Promise<StorageFaultProxy> {
        const target = new URL(targetEndpoint);
        let proxy: StorageFaultProxy | undefined;
        const server = http.createServer((req, res) => proxy?.handle(req, res));
        server.keepAliveTimeout = 1000;
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        proxy = new StorageFaultProxy(server, (server.address() as AddressInfo).port, target);
        server.on('connection', (socket) => proxy?.track(socket));
        return proxy;
    }

    /** The same connection string with its TableEndpoint pointing at this proxy. */
    connectionString(original: string): string {
        return original.replace(/TableEndpoint=http:\/\/[^/;]+/i, `TableEndpoint=http://127.0.0.1:${this.port}`);
    }

    /** Adds a fault for matched requests (all when `when` is left out), for `times` requests or until pass(). */
    fail(fault: Fault, options: { when?: RequestMatcher; times?: number } = {}): void {
        this.rules.push({ fault, when: options.when ?? (() => true), remaining: options.times ?? Number.POSITIVE_INFINITY });
    }

    /**
     * The whole endpoint refuses connections, as a storage account behind a closed firewall or a stopped
     * Azurite does: the listener closes and open keep-alive connections are cut, so the client's next
     * request gets ECONNREFUSED.
     */
    async refuse(): Promise<void> {
        if (this.refusing) return;
        this.refusing = true;
        await new Promise<void>((resolve) => {
            this.server.close(() => resolve());
            for (const socket of this.sockets) socket.destroy();
        });
    }

    /** Everything passes again: rules and the request log are dropped, connections accepted on the same port. */
    async pass(): Promise<void> {
        this.rules = [];
        this.requests.length = 0;
        if (!this.refusing) return;
        await new Promise<void>((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(this.port, '127.0.0.1', () => {
                this.server.off('error', reject);
                resolve();
            });
        });
        this.refusing = false;
    }

    /** How many requests got a fault, optionally only those a matcher picks. */
    faulted(when: RequestMatcher = () => true): number {
        return this.requests.filter((r) => r.fault !== undefined && when(r)).length;
    }

    async close(): Promise<void> {
        this.rules = [];
        for (const socket of this.sockets) socket.destroy();
        if (this.refusing) return;
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private track(socket: Socket): void {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
            const body = Buffer.concat(chunks);
            const seen: ProxiedRequest = describe(req.method ?? 'GET', req.url ?? '/', req.headers, body.toString('utf8'));
            this.requests.push(seen);
            const rule = this.rules.find((r) => r.remaining > 0 && r.when(seen));
            if (rule) {
                rule.remaining--;
                seen.fault = rule.fault.kind;
            }
            const fault = rule?.fault;
            if (fault?.kind === 'refuse') {
                req.socket.destroy();
                return;
            }
            if (fault?.kind === 'status') {
                const text = JSON.stringify({ 'odata.error': { code: 'InternalError', message: { lang: 'en-US', value: 'injected by StorageFaultProxy' } } });
                res.writeHead(fault.status, { 'content-type': 'application/json;odata=nometadata', 'content-length': Buffer.byteLength(text) });
                res.end(text);
                return;
            }
            const forward = () => this.forward(req, res, body);
            if (fault?.kind === 'delay') setTimeout(forward, fault.ms);
            else forward();
        });
    }

    private forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
        // The body was read whole, so it goes on with a length instead of the client's chunking.
        const { 'transfer-encoding': _chunked, ...headers } = req.headers;
        const upstream = http.request(
            {
                host: this.target.hostname,
                port: this.target.port,
                method: req.method,
                path: req.url,
                headers: { ...headers, host: this.target.host, 'content-length': String(body.length) },
            },
            (answer) => {
                if (res.destroyed) {
                    // The client gave up (its timeout): the request still reached storage, as on a slow network.
                    answer.resume();
                    return;
                }
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
            },
        );
        upstream.on('error', () => {
            if (!res.destroyed) res.destroy();
        });
        upstream.end(body);
    }
}
