/** Teams identity helpers in one place: which tenant an activity is from, which channel an id names. */
import type { Activity } from 'botbuilder';

/** The Entra tenant an activity comes from, wherever Teams put it. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
    const fromConversation = activity.conversation?.tenantId;
    const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
    const fromChannelData = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined;
    const id = fromConversation ?? fromChannelData;
    return id === undefined || id === '' ? undefined : id.toLowerCase();
}

/**
 * A Teams channel thread has the id `<channel id>;messageid=<root activity id>`. Bindings, references
 * and permission checks are about the channel, so they compare the part before ';messageid='.
 */
export function channelOf(conversationId: string | undefined): string {
    return (conversationId ?? '').split(';messageid=')[0];
}
