/**
 * What the reports domain needs from the bot edge. The integrator implements these over the channel
 * registry, the organisation file and the proactive Teams sender; the domain never sees botbuilder.
 */
import type { AdaptiveCardJson } from '../../cards/renderCard';
import type { Municipality } from '../domain/vocabulary';

export type ChannelTargetKind = 'bound' | 'fallback';

export interface ChannelDirectory {
    /**
     * Where a report for this municipality would be posted: its own bound channel, the configured
     * fallback channel, or undefined when neither exists. Asked at submit time so the confirmation
     * can say honestly where the report went.
     */
    targetFor(municipality: Municipality): Promise<{ kind: ChannelTargetKind } | undefined>;
}

export interface ChannelPost {
    conversationId: string;
    activityId: string;
}

export interface ReportChannelSender {
    /**
     * Posts the card as a new thread in the municipality's channel (or the fallback channel).
     * Throws DeliveryError on failure; any other error counts as a transient network failure.
     */
    postNewThread(municipality: Municipality, card: AdaptiveCardJson): Promise<ChannelPost>;
}

export interface CoordinatorContact {
    name: string;
    email?: string;
}

export interface CoordinatorDirectory {
    /** The aandachtfunctionaris of the municipality, from the organisation file. */
    contactFor(municipality: Municipality): CoordinatorContact | undefined;
}

/** A failed channel post. `status` is the HTTP status from the Bot Connector; absent for network errors. */
export class DeliveryError extends Error {
    readonly code = 'DELIVERY_FAILED';
    readonly status?: number;
    readonly retryAfterMs?: number;

    constructor(message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'DeliveryError';
        if (options.status !== undefined) this.status = options.status;
        if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    }
}

export function isDeliveryError(err: unknown): err is DeliveryError {
    return err instanceof DeliveryError || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'DELIVERY_FAILED');
}
