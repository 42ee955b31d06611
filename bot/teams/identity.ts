/** Teams identity helpers in one place: which tenant an activity is from, which channel an id names. */
import type { Activity, TurnContext } from 'botbuilder';
import type { ReporterIdentity } from '../reports/reportModel';

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

/**
 * The reporter as Teams identifies them; undefined outside an Entra ID tenant. The tenant id is kept as
 * Teams sent it (not lowercased like tenantOf): stored reports and their reportIds were derived from it.
 */
export function reporterFrom(context: TurnContext): ReporterIdentity | undefined {
    const { from, conversation, channelData } = context.activity;
    const aadObjectId = from?.aadObjectId;
    const tenantFromChannel: unknown = (channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
    const tenantId = conversation?.tenantId ?? (typeof tenantFromChannel === 'string' ? tenantFromChannel : undefined);
    if (!aadObjectId || !tenantId) return undefined;
    return { aadObjectId, tenantId, ...(from.name && { displayName: from.name }) };
}
