import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { ChannelRegistry, ConversationTarget } from './channelRegistry';
import { channelOf, tenantOf } from '../teams/identity';

/**
 * Keeps conversation references fresh on every incoming activity: Teams may move a conversation to
 * another serviceUrl, and proactive sends (channel posts, the reporter's status messages) need the current one.
 */
export async function rememberConversation(registry: ChannelRegistry, logger: Logger, context: TurnContext): Promise<void> {
    const activity = context.activity;
    const tenantId = tenantOf(activity);
    if (!tenantId || !activity.serviceUrl || !activity.conversation?.id || !activity.recipient?.id) return;
    const channelData = activity.channelData as { team?: { id?: string; aadGroupId?: string }; channel?: { id?: string; name?: string } } | undefined;
    const type = activity.conversation.conversationType;
    const base: ConversationTarget = {
        conversationId: channelOf(activity.conversation.id),
        serviceUrl: activity.serviceUrl,
        tenantId,
        botId: activity.recipient.id,
    };
    try {
        if (type === 'channel') {
            await registry.rememberChannel({
                ...base,
                conversationId: channelData?.channel?.id ?? base.conversationId,
                teamId: channelData?.team?.id,
                channelName: channelData?.channel?.name,
                teamAadGroupId: channelData?.team?.aadGroupId,
            });
        } else if (type === 'personal' && activity.from?.aadObjectId && activity.type !== ActivityTypes.InstallationUpdate) {
            await registry.rememberPersonalChat(activity.from.aadObjectId.toLowerCase(), base);
        }
    } catch (err) {
        // Not worth failing the colleague's turn over; the next activity tries again.
        logger.warn({ activityId: activity.id, err: { code: (err as { code?: string }).code } }, 'could not store conversation reference');
    }
}
