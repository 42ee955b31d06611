/**
 * Issue 16 item 8: telemetry carries ids and outcomes only. A full run of the real bot (restify,
 * CloudAdapter, Tables on Azurite, outbox, fake Connector) with Azure Monitor OpenTelemetry on, in a
 * child process (telemetryRun.ts), with in-memory exporters beside the real Azure Monitor exporter, which
 * sends to a fake ingestion endpoint here. The report, the question, the names and a note carry one
 * marker; it must reach storage and appear in no span, no metric and nothing sent to "Azure Monitor".
 * The run must also really be measured: requests, Table and Connector dependencies, the custom metrics.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { repoRoot } from '../../../bot/paths';

interface SpanRecord {
    name: string;
    kind: number;
    scope: string;
    attributes: Record<string, unknown>;
    events: { name: string; attributes?: Record<string, unknown> }[];
    status: { code: number; message?: string };
}
interface MetricRecord {
    descriptor: { name: string };
    dataPoints: { value: number | { count: number; sum: number } }[];
}
interface RunResult {
    spans: SpanRecord[];
    metrics: MetricRecord[];
    connectorUrl: string;
    reporterId: string;
    pickedUpStatus: number;
    storedHasMarker: boolean;
}

const SERVER = 1;
const CLIENT = 2;
const MARKER = 'zqtelemetrymarkerx';

function pointTotal(metric: MetricRecord | undefined): number {
    return (metric?.dataPoints ?? []).reduce((n, p) => n + (typeof p.value === 'number' ? p.value : p.value.count), 0);
}

describe('Telemetry carries no personal data (issue 16 item 8)', function () {
    this.timeout(120_000);
    const received: string[] = [];
    let ingestion: https.Server;
    let run: RunResult;

    before(async () => {
        // The exporter speaks only HTTPS: a throwaway certificate for 127.0.0.1, trusted by the child alone.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemetry-run-'));
        const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
        const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
            stdio: 'pipe',
        });
        assert.equal(made.status, 0, `openssl could not make a test certificate: ${made.stderr.toString()}`);
        ingestion = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (c: Buffer) => chunks.push(c));
            req.on('end', () => {
                const body = Buffer.concat(chunks);
                received.push((req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8'));
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
            });
        });
        await new Promise<void>((resolve) => ingestion.listen(0, '127.0.0.1', resolve));
        const address = ingestion.address();
        if (address === null || typeof address !== 'object') throw new Error('no port');
        const output = path.join(dir, 'run.json');
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'telemetryRun.ts')], {
            cwd: repoRoot,
            stdio: ['ignore', 'ignore', 'pipe'],
            env: {
                ...process.env,
                TELEMETRY_RUN_INGESTION: `https://127.0.0.1:${address.port}/`,
                NODE_EXTRA_CA_CERTS: cert,
                TELEMETRY_RUN_OUTPUT: output,
                TELEMETRY_RUN_MARKER: MARKER,
                // No statsbeat to Microsoft's hosts from a test.
                APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL: 'true',
                APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
            },
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        assert.equal(code, 0, `the telemetry run failed:\n${stderr}`);
        run = JSON.parse(fs.readFileSync(output, 'utf8')) as RunResult;
    });
    after(() => new Promise<void>((resolve) => (ingestion ? ingestion.close(() => resolve()) : resolve())));

    it('the marker went through the bot: it is in the stored report', () => {
        assert.equal(run.storedHasMarker, true);
        assert.equal(run.pickedUpStatus, 200);
    });

    it('records the turns as requests, Table and Connector calls as dependencies', () => {
        const server = run.spans.filter((s) => s.kind === SERVER && String(s.attributes['url.path'] ?? s.attributes['http.target']) === '/api/messages');
        assert.ok(server.length >= 8, `requests to /api/messages: ${server.length}`);
        assert.ok(run.spans.some((s) => s.scope === '@azure/data-tables' && s.name.startsWith('TableClient.')), 'Azure SDK spans of the Table calls');
        const connectorHost = new URL(run.connectorUrl).host;
        const connector = run.spans.filter((s) => s.kind === CLIENT && String(s.attributes['url.full'] ?? '').includes(connectorHost));
        assert.ok(connector.some((s) => String(s.attributes['url.full']).endsWith('/v3/conversations/:id/activities')), 'a post to the Connector');
    });

    it('records the custom metrics: stored, delivered, time to delivery, time to pick-up, outbox age', () => {
        const byName = new Map(run.metrics.map((m) => [m.descriptor.name, m]));
        assert.equal(pointTotal(byName.get('signaalbot.reports.stored')), 1);
        assert.equal(pointTotal(byName.get('signaalbot.reports.delivered')), 1);
        assert.equal(pointTotal(byName.get('signaalbot.reports.time_to_delivery')), 1);
        assert.equal(pointTotal(byName.get('signaalbot.reports.time_to_pickup')), 1);
        assert.ok(pointTotal(byName.get('signaalbot.outbox.oldest_pending_age')) >= 1, 'the outbox age is sampled on scans');
    });

    it('sends the run to Azure Monitor (requests, dependencies, metrics)', () => {
        const all = received.join('\n');
        for (const type of ['RequestData', 'RemoteDependencyData', 'MetricData']) assert.ok(all.includes(type), `${type} sent to the ingestion endpoint`);
        assert.ok(all.includes('signaalbot.reports.stored'), 'the custom metrics are sent');
    });

    it('no span, metric or envelope holds the marker, the reporter id, a query string or a Table key', () => {
        const exported = JSON.stringify({ spans: run.spans, metrics: run.metrics });
        const sent = received.join('\n');
        for (const [what, text] of [
            ['the spans and metrics', exported],
            ['what was sent to Azure Monitor', sent],
        ] as const) {
            assert.ok(!text.includes(MARKER), `the marker is in ${what}`);
            assert.ok(!text.toLowerCase().includes(run.reporterId), `the reporter's object id is in ${what}`);
            assert.doesNotMatch(text, /PartitionKey|RowKey|%24filter|\$filter/, `a Table key or filter is in ${what}`);
        }
        for (const span of run.spans) {
            for (const key of ['url.full', 'http.url', 'http.target', 'url.path']) {
                const value = span.attributes[key];
                if (typeof value === 'string') assert.ok(!value.includes('?'), `${span.name} ${key} keeps a query: ${value}`);
            }
        }
    });
});
