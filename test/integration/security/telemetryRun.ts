/**
 * One full run of the real bot with telemetry on, in a process of its own: OpenTelemetry must start
 * before the HTTP and Azure SDK modules load (as bot/main.ts does), and its global providers must not
 * leak into the other tests. The parent (telemetryPrivacy.test.ts) runs this and reads the JSON it writes:
 * every finished span and metric as the in-memory exporters saw them, next to the Azure Monitor exporter
 * that sends the same run to the parent's fake ingestion endpoint.
 */
import fs from 'node:fs';
import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '../../../bot/telemetry/startTelemetry';

const ingestion = process.env.TELEMETRY_RUN_INGESTION ?? '';
const output = process.env.TELEMETRY_RUN_OUTPUT ?? '';
const marker = process.env.TELEMETRY_RUN_MARKER ?? '';

function yesterday(): string {
    return new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

async function main(): Promise<void> {
    const spans = new InMemorySpanExporter();
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
    const telemetry = startTelemetry(
        { kind: 'azure', connectionString: `InstrumentationKey=3f0c6a52-1d2e-4b7a-9c8d-5e6f7a8b9c0d;IngestionEndpoint=${ingestion};LiveEndpoint=${ingestion}` },
        { spanProcessors: [new SimpleSpanProcessor(spans)], metricReaders: [reader] },
    );

    // Only now the bot and its SDKs.
    const { BRUMMEN_CHANNEL, SANNE, botAddedToTeam, cardActionInvoke, cardSubmit, personalInstall, personalMessage } = await import('../../support/activities');
    const { cardsIn, startTestBot } = await import('../../support/botHarness');
    const { stopTestAzurite } = await import('../../support/testAzurite');
    const { CASE_VERBS } = await import('../../../bot/cases/caseModel');

    const bot = await startTestBot({ app: { telemetry } });
    const serviceUrl = bot.connector.url;
    const reporter = { id: '29:colleague-telemetry', name: `Anne ${marker}`, aadObjectId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' };
    await bot.post(botAddedToTeam({ serviceUrl }));
    await bot.post(personalInstall({ serviceUrl, from: reporter }));
    await bot.post(personalMessage(`Wat zijn signalen van arbeidsuitbuiting bij ${marker}?`, { serviceUrl, from: reporter }));

    const submit = (value: Record<string, unknown>) => bot.post(cardSubmit(value, { serviceUrl, from: reporter }));
    await bot.post(personalMessage('melden', { serviceUrl, from: reporter }));
    await submit({ action: 'report.safety', acuteDanger: false });
    await submit({
        action: 'report.details',
        municipality: 'Brummen',
        forms: 'arbeid',
        description: `Busje haalt elke ochtend mensen op bij ${marker} in een overvol huis.`,
        location: `Dorpsstraat bij ${marker}`,
        observedOn: yesterday(),
        workContext: 'handhaving',
    });
    await submit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', peopleCount: '12', estimatedAge: '', minor: 'nee', informed: 'niemand' });
    const summary = JSON.stringify(cardsIn(bot.connector.sentTo(`a:personal-${reporter.aadObjectId}`)).at(-1) ?? {});
    const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(summary)?.[1];
    if (!submissionId) throw new Error('the report never reached its summary');
    await submit({ action: 'report.send', submissionId });

    // Delivered to the channel, then picked up with a note that carries the marker too.
    const deadline = Date.now() + 15_000;
    let reportId: string | undefined;
    let thread: string | undefined;
    while (Date.now() < deadline && thread === undefined) {
        reportId = (await bot.app.reporting.service.listByReporter(reporter.aadObjectId))[0]?.reportId;
        thread = reportId === undefined ? undefined : (await bot.app.reporting.store.get(reportId))?.report.delivery.conversationId;
        if (thread === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    if (!reportId || !thread) throw new Error('the report was not delivered');
    const press = async (verb: string, data: Record<string, unknown>) => {
        const version = (await bot.app.reporting.store.get(reportId))?.report.handling?.version ?? 0;
        return bot.post(cardActionInvoke(verb, { reportId, version, ...data }, { serviceUrl, from: SANNE, threadConversationId: thread, channelId: BRUMMEN_CHANNEL }));
    };
    const pickedUp = await press(CASE_VERBS.oppakken, {});
    await press(CASE_VERBS.notitie, { note: `Gebeld met ${marker}` });
    await bot.app.reporting.worker.idle();
    const stored = JSON.stringify((await bot.app.reporting.store.get(reportId))?.report ?? {});

    await reader.forceFlush();
    await bot.close();
    await stopTestAzurite();
    // Read before the shutdown, which empties the in-memory exporters.
    const finished = spans.getFinishedSpans().map((s) => ({
        name: s.name,
        kind: s.kind,
        scope: s.instrumentationScope.name,
        attributes: s.attributes,
        events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
        status: s.status,
        resource: s.resource.attributes,
    }));
    const metrics = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
    // Exports what is still buffered, also to the fake ingestion endpoint.
    await telemetry.shutdown();
    fs.writeFileSync(
        output,
        JSON.stringify({ spans: finished, metrics, connectorUrl: serviceUrl, reporterId: reporter.aadObjectId, pickedUpStatus: pickedUp.status, storedHasMarker: stored.includes(marker) }),
    );
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
    },
);
