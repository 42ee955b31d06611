import type { Municipality } from '../domain/vocabulary';
import type { OrganisationDirectory } from '../organisation/organisationDirectory';
import { DeliveryError, isDeliveryError, type ChannelCard, type ChannelDirectory, type ChannelPost, type PostOptions, type PostRoute, type ReportChannelSender } from '../reports/ports';
import type { ChannelRegistry, ConversationTarget } from './channelRegistry';
import type { ProactiveMessenger } from './proactiveMessenger';

/**
 * Which channel gets a municipality's reports, in this order: a binding made with "koppel <gemeente>",
 * the channel in the organisation file, the bound reserve channel, the file's fallback channel.
 */
export class ReportChannelRouting implements ChannelDirectory, ReportChannelSender {
    constructor(
        private readonly registry: ChannelRegistry,
        private readonly organisation: OrganisationDirectory,
        private readonly messenger: ProactiveMessenger,
        private readonly defaultTenantId: string,
    ) {}

    async targetFor(municipality: Municipality): Promise<{ kind: 'bound' | 'fallback' } | undefined> {
        const resolved = await this.resolve(municipality);
        return resolved ? { kind: resolved.kind } : undefined;
    }

    async postNewThread(municipality: Municipality, card: ChannelCard, route: PostRoute = 'own', options: PostOptions = {}): Promise<ChannelPost> {
        const resolved = route === 'own' ? await this.resolve(municipality) : await this.fallback();
        const via = resolved?.kind ?? (route === 'own' ? 'bound' : 'fallback');
        // Permanent: without any channel there is nobody to deliver to until an admin binds one.
        if (!resolved) throw new DeliveryError('no channel for this route', { status: 404, via });
        const target = await this.targetOf(resolved.conversationId);
        if (!target) throw new DeliveryError('the bot has not seen this channel or tenant yet', { status: 404, via });
        try {
            const posted = await this.messenger.newChannelThread(
                target,
                {
                    type: 'message',
                    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
                },
                options,
            );
            return { ...posted, kind: resolved.kind };
        } catch (err) {
            if (isDeliveryError(err)) throw new DeliveryError(err.message, { status: err.status, retryAfterMs: err.retryAfterMs, via, cause: err });
            throw err;
        }
    }

    /** The stored reference of a channel, or one built from the tenant's last known serviceUrl. */
    async targetOf(conversationId: string): Promise<ConversationTarget | undefined> {
        const known = await this.registry.channel(conversationId);
        if (known) return known;
        const tenant = await this.registry.tenantReference(this.defaultTenantId);
        if (!tenant) return undefined;
        return { ...tenant, conversationId, teamId: undefined, channelName: undefined };
    }

    private async resolve(municipality: Municipality): Promise<{ kind: 'bound' | 'fallback'; conversationId: string } | undefined> {
        const bound = (await this.registry.binding(municipality))?.conversationId ?? this.organisation.configuredChannel(municipality);
        if (bound) return { kind: 'bound', conversationId: bound };
        return this.fallback();
    }

    private async fallback(): Promise<{ kind: 'fallback'; conversationId: string } | undefined> {
        const reserve = (await this.registry.binding('reserve'))?.conversationId ?? this.organisation.fallbackChannel;
        return reserve ? { kind: 'fallback', conversationId: reserve } : undefined;
    }
}
