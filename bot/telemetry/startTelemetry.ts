/**
 * Starts OpenTelemetry for the whole process, before the bot's modules load (bot/main.ts), so the HTTP
 * and Azure SDK instrumentation see every request: incoming turns, Table calls and Connector calls.
 * Azure Monitor in production, the console on request, nothing otherwise. The rest of the bot gets a
 * TelemetryPort and never touches OpenTelemetry.
 */
import { metrics, SpanStatusCode, trace } from '@opentelemetry/api';
import { shutdownAzureMonitor, useAzureMonitor } from '@azure/monitor-opentelemetry';
import { ManagedIdentityCredential } from '@azure/identity';
import { createAzureSdkInstrumentation } from '@azure/opentelemetry-instrumentation-azure-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ConsoleMetricExporter, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from '../config';
import { metricRecorder } from './metricInstruments';
import { PrivateSpanProcessor, privateException } from './privateSpans';
import { noTelemetry, type TelemetryPort } from './telemetryPort';

export interface RunningTelemetry extends TelemetryPort {
    readonly kind: TelemetryConfig['kind'];
    /** Exports what is buffered and stops; safe to call more than once. */
    shutdown(): Promise<void>;
}

/** For tests: extra processors and readers next to the configured exporter (in-memory ones). */
export interface TelemetryExtras {
    spanProcessors?: SpanProcessor[];
    metricReaders?: MetricReader[];
}

const METER = 'signaalbot';

function port(kind: TelemetryConfig['kind'], stop: () => Promise<void>): RunningTelemetry {
    let stopped: Promise<void> | undefined;
    return {
        kind,
        recordMetric: metricRecorder(metrics.getMeter(METER)),
        recordException(error: unknown) {
            const span = trace.getActiveSpan();
            if (!span) return;
            span.recordException(privateException(error));
            span.setStatus({ code: SpanStatusCode.ERROR });
        },
        shutdown: () => (stopped ??= stop()),
    };
}

export function startTelemetry(config: TelemetryConfig, extras: TelemetryExtras = {}): RunningTelemetry {
    // First, so every exporter sees the scrubbed span.
    const spanProcessors = [new PrivateSpanProcessor(), ...(extras.spanProcessors ?? [])];
    const metricReaders = extras.metricReaders ?? [];
    switch (config.kind) {
        case 'off':
            return { kind: 'off', ...noTelemetry, shutdown: async () => undefined };
        case 'azure': {
            useAzureMonitor({
                azureMonitorExporterOptions: {
                    connectionString: config.connectionString,
                    // Application Insights with local auth off takes only Entra ID tokens (Monitoring Metrics Publisher).
                    ...(config.managedIdentityClientId !== undefined && { credential: new ManagedIdentityCredential({ clientId: config.managedIdentityClientId }) }),
                },
                instrumentationOptions: { http: { enabled: true }, azureSdk: { enabled: true } },
                // Every turn counts (a report is rare and precious); the volume is small.
                samplingRatio: 1,
                tracesPerSecond: 0,
                enableLiveMetrics: false,
                spanProcessors,
                metricReaders,
            });
            return port('azure', shutdownAzureMonitor);
        }
        case 'console': {
            const sdk = new NodeSDK({
                spanProcessors: [...spanProcessors, new SimpleSpanProcessor(new ConsoleSpanExporter())],
                metricReaders: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 60_000 }), ...metricReaders],
                instrumentations: [new HttpInstrumentation(), createAzureSdkInstrumentation()],
            });
            sdk.start();
            return port('console', () => sdk.shutdown());
        }
    }
}
