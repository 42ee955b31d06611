import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import type { MetricAttributes, MetricName, RecordMetric } from '../domain/ports';

/** Every metric the domain records, with its OpenTelemetry shape. Names are what the Bicep alerts query. */
const COUNTERS = {
    'reports.stored': 'Reports stored (with their outbox row)',
    'reports.delivered': 'Reports posted in a channel',
    'reports.undelivered': "Reports marked 'niet bezorgd'",
} as const;
const HISTOGRAMS = {
    'reports.time_to_delivery': 'Seconds from submitting to the post in the channel',
    'reports.time_to_pickup': 'Seconds from submitting to the first pick-up',
    'outbox.oldest_pending_age': 'Seconds the oldest waiting channel post has waited, per outbox scan',
} as const;

export const METRIC_PREFIX = 'signaalbot.';

function attributesOf(attributes: MetricAttributes | undefined): Record<string, string | boolean> {
    const out: Record<string, string | boolean> = {};
    if (attributes?.municipality !== undefined) out.municipality = attributes.municipality;
    if (attributes?.acute !== undefined) out.acute = attributes.acute;
    if (attributes?.route !== undefined) out.route = attributes.route;
    if (attributes?.status !== undefined) out.status = attributes.status;
    return out;
}

/** recordMetric over one meter; the instruments are made once, here. */
export function metricRecorder(meter: Meter): RecordMetric {
    const counters = new Map<MetricName, Counter>();
    const histograms = new Map<MetricName, Histogram>();
    for (const [name, description] of Object.entries(COUNTERS) as [MetricName, string][]) {
        counters.set(name, meter.createCounter(`${METRIC_PREFIX}${name}`, { description }));
    }
    for (const [name, description] of Object.entries(HISTOGRAMS) as [MetricName, string][]) {
        histograms.set(name, meter.createHistogram(`${METRIC_PREFIX}${name}`, { description, unit: 's' }));
    }
    return (name, value, attributes) => {
        if (!Number.isFinite(value)) return;
        const shaped = attributesOf(attributes);
        counters.get(name)?.add(value, shaped);
        histograms.get(name)?.record(value, shaped);
    };
}
