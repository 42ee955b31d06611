import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { DeliveryError } from '../reports/ports';
import type { ConversationTarget } from './channelRegistry';
import type { TeamsPacer } from './teamsPacer';

/**
 * Sends to Teams without being spoken to first: a new thread in a channel, a message in a personal
 * chat, an update of a card already posted. Every failure becomes a DeliveryError with the HTTP status
 * and Retry-After, so the outbox worker can decide to retry or give up.
 */
export interface PostedActivity {
    conversationId: string;
    activityId: string;
}

export interface ProactiveOptions {
    /** The bot's app id ('' in local mode without authentication). */
    botAppId: string;
    /**
     * Refuses serviceUrls that are not Teams' Connector hosts (guards/teamsDoor.ts, the same check as for
     * incoming activities), so a forged or stale reference cannot send the bot's token elsewhere.
     */
    isTrustedServiceUrl: (url: string) => boolean;
    /** Keeps every send of the process inside Teams' rate limits (shared by all senders). */
    pacer?: TeamsPacer;
}

/** The connector client has no timeout of its own; a hung call would hold an outbox lease forever. */
const REQUEST_TIMEOUT = { timeout: 30_000 };

function toDeliveryError(err: unknown): DeliveryError {
    if (err instanceof DeliveryError) return err;
    const e = err as { statusCode?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } } };
    const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
    const retryAfterRaw = e.response?.headers?.get?.('retry-after');
    let retryAfterMs: number | undefined;
    if (retryAfterRaw !== undefined) {
        const seconds = Number(retryAfterRaw);
        retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(retryAfterRaw) - Date.now()) || undefined;
    }
    return new DeliveryError(status === undefined ? 'Teams not reachable' : `Teams answered ${status}`, { status, retryAfterMs, cause: err });
}

export class ProactiveMessenger {
    constructor(
        private readonly adapter: CloudAdapter,
        private readonly options: ProactiveOptions,
    ) {}

    /** `urgent` (acute danger) may use the pacer's reserve instead of waiting behind a burst. */
    async newChannelThread(channel: ConversationTarget, activity: Partial<Activity>, options: { urgent?: boolean } = {}): Promise<PostedActivity> {
        return this.withClient(channel, channel.conversationId, options.urgent === true, async (client) => {
            const result = await client.conversations.createConversation({
                isGroup: true,
                bot: { id: channel.botId, name: '' },
                tenantId: channel.tenantId,
                channelData: { channel: { id: channel.conversationId }, tenant: { id: channel.tenantId } },
                activity: activity as Activity,
                members: [],
            }, REQUEST_TIMEOUT);
            if (!result.id) throw new DeliveryError('Teams returned no conversation id', { status: 502 });
            return { conversationId: result.id, activityId: result.activityId ?? result.id.split(';messageid=')[1] ?? '' };
        });
    }

    async sendToConversation(target: ConversationTarget, activity: Partial<Activity>): Promise<PostedActivity> {
        return this.withClient(target, target.conversationId, false, async (client) => {
            const result = await client.conversations.sendToConversation(target.conversationId, activity, REQUEST_TIMEOUT);
            return { conversationId: target.conversationId, activityId: result.id ?? '' };
        });
    }

    async replyInThread(target: ConversationTarget, threadConversationId: string, activity: Partial<Activity>): Promise<PostedActivity> {
        return this.withClient(target, threadConversationId, false, async (client) => {
            const result = await client.conversations.sendToConversation(threadConversationId, activity, REQUEST_TIMEOUT);
            return { conversationId: threadConversationId, activityId: result.id ?? '' };
        });
    }

    async updateActivity(target: ConversationTarget, conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void> {
        await this.withClient(target, conversationId, false, async (client) => {
            await client.conversations.updateActivity(conversationId, activityId, { ...activity, id: activityId }, REQUEST_TIMEOUT);
        });
    }

    private async withClient<T>(target: ConversationTarget, conversationKey: string, urgent: boolean, fn: (client: ConnectorClient) => Promise<T>): Promise<T> {
        if (!this.options.isTrustedServiceUrl(target.serviceUrl)) {
            // Permanent: retrying will not make a foreign serviceUrl trustworthy.
            throw new DeliveryError('serviceUrl is not trusted', { status: 403 });
        }
        await this.options.pacer?.acquire(conversationKey, target.tenantId, { urgent });
        const reference: Partial<ConversationReference> = {
            channelId: 'msteams',
            serviceUrl: target.serviceUrl,
            bot: { id: target.botId, name: '' },
            conversation: { id: target.conversationId, tenantId: target.tenantId, isGroup: false, conversationType: '', name: '' },
        };
        let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
        // Errors are caught inside: the adapter would otherwise hand them to onTurnError and swallow them.
        await this.adapter.continueConversationAsync(this.options.botAppId, reference, async (context) => {
            const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
            try {
                outcome = { ok: true, value: await fn(client) };
            } catch (error) {
                outcome = { ok: false, error };
            }
        });
        if (outcome === undefined) throw new DeliveryError('proactive turn did not run (tenant refused?)', { status: 403 });
        if (!outcome.ok) throw toDeliveryError(outcome.error);
        return outcome.value;
    }
}
