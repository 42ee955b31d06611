import assert from 'node:assert/strict';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../../bot/config';
import { PrivateSpanProcessor, privateException, privateUrl } from '../../../bot/telemetry/privateSpans';

describe('telemetry: what a span may carry (bot/telemetry/privateSpans.ts)', () => {
    it('keeps scheme, host and the fixed words of a path; ids, Table keys and queries go', () => {
        assert.equal(
            privateUrl("http://127.0.0.1:10002/devstoreaccount1/signaalbotReports(PartitionKey='r1',RowKey='5d4c3b2a-1f0e')?$select=x"),
            'http://127.0.0.1:10002/devstoreaccount1/signaalbotReports(:key)',
        );
        assert.equal(privateUrl('https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xYz-personal/activities/1700000000000'), 'https://smba.trafficmanager.net/emea/v3/conversations/:id/activities/:id');
        assert.equal(privateUrl('https://st.table.core.windows.net/signaalbotAudit()?$filter=PartitionKey%20eq%20%276f2b%27'), 'https://st.table.core.windows.net/signaalbotAudit(:key)');
        assert.equal(privateUrl('https://user:secret@example.org/a/19:kanaal@thread.tacv2#x'), 'https://example.org/a/:id');
        assert.equal(privateUrl('/api/messages?token=abc'), '/api/messages');
        assert.equal(privateUrl('not a url'), ':url');
    });

    it('a span leaves with the URL scrubbed, no query, and an exception without its message', async () => {
        const exporter = new InMemorySpanExporter();
        const provider = new BasicTracerProvider({ spanProcessors: [new PrivateSpanProcessor(), new SimpleSpanProcessor(exporter)] });
        const span = provider.getTracer('t').startSpan('POST', { attributes: { 'url.full': 'https://host/v3/conversations/a:geheim/activities', 'url.query': 'q=geheim' } });
        const error = new Error('tekst van de melder: geheim');
        span.recordException(error);
        span.setStatus({ code: 2, message: 'geheim' });
        span.setAttribute('http.url', 'https://host/x/geheim?y=geheim');
        span.end();
        const [done] = exporter.getFinishedSpans();
        assert.ok(done);
        assert.equal(done.attributes['url.full'], 'https://host/v3/conversations/:id/activities');
        assert.equal(done.attributes['http.url'], 'https://host/x/geheim');
        assert.equal(done.attributes['url.query'], '');
        assert.equal(done.status.message, undefined);
        const text = JSON.stringify({ attributes: done.attributes, events: done.events, status: done.status });
        assert.ok(!text.includes('tekst van de melder'), text);
        assert.ok(!text.includes('geheim?'), text);
        assert.match(String(done.events[0]?.attributes?.['exception.stacktrace']), /^Error\n\s+at /);
        await provider.shutdown();
    });

    it('an exception for recordException keeps type and frames, never the message', () => {
        const reduced = privateException(new TypeError('Dorpsstraat 12'));
        assert.equal(reduced.name, 'TypeError');
        assert.equal(reduced.message, 'TypeError');
        assert.ok(reduced.stack && !reduced.stack.includes('Dorpsstraat'));
        assert.deepEqual(privateException('a string thrown'), { name: 'Error', message: 'Error' });
    });

    it('config: Azure Monitor only in production with a connection string, console on request, off locally', () => {
        const cs = 'InstrumentationKey=3f0c6a52-1d2e-4b7a-9c8d-5e6f7a8b9c0d;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';
        const production = { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: '3f0c6a52-1d2e-4b7a-9c8d-5e6f7a8b9c0e', MicrosoftAppTenantId: '3f0c6a52-1d2e-4b7a-9c8d-5e6f7a8b9c0f', STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
        assert.deepEqual(loadConfig(production).telemetry, { kind: 'off' });
        assert.deepEqual(loadConfig({ ...production, APPLICATIONINSIGHTS_CONNECTION_STRING: cs, AZURE_CLIENT_ID: 'mi-client' }).telemetry, { kind: 'azure', connectionString: cs, managedIdentityClientId: 'mi-client' });
        assert.deepEqual(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: cs }, ['--local']).telemetry, { kind: 'off' });
        assert.deepEqual(loadConfig({ TELEMETRY: 'console' }, ['--local']).telemetry, { kind: 'console' });
        assert.throws(() => loadConfig({ TELEMETRY: 'azure' }, ['--local']), /APPLICATIONINSIGHTS_CONNECTION_STRING/);
        assert.throws(() => loadConfig({ TELEMETRY: 'aan' }, ['--local']), /TELEMETRY/);
        assert.throws(() => loadConfig({ ...production, APPLICATIONINSIGHTS_CONNECTION_STRING: 'geen sleutel' }), /APPLICATIONINSIGHTS_CONNECTION_STRING/);
    });
});
