/**
 * Deep links into Teams. A link to a channel message has the shape Microsoft documents ("Deep link to
 * navigate to channel conversation"):
 *   https://teams.microsoft.com/l/message/<channelId>/<messageId>?tenantId=..&groupId=..&parentMessageId=<messageId>&teamName=..&channelName=..
 * The groupId (the team's Microsoft 365 group) is only known once the bot has heard from that team with
 * channelData.team.aadGroupId; without it there is no working link and the caller shows the reference and
 * the channel name instead.
 */
import type { ConversationTarget } from './channelRegistry';

export function channelMessageLink(channel: Pick<ConversationTarget, 'conversationId' | 'tenantId' | 'teamAadGroupId' | 'channelName'>, messageId: string): string | undefined {
    if (!channel.teamAadGroupId || !messageId || !channel.conversationId) return undefined;
    const query = new URLSearchParams({
        tenantId: channel.tenantId,
        groupId: channel.teamAadGroupId,
        parentMessageId: messageId,
        ...(channel.channelName && { channelName: channel.channelName }),
    });
    return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel.conversationId)}/${encodeURIComponent(messageId)}?${query.toString()}`;
}
