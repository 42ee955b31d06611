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
 * A single-tenant bot registration does not keep other tenants out of a multi-tenant channel service,
 * so the bot checks every activity itself. An activity without a tenant is refused too.
 */
export function isAllowedTenant(activity: Partial<Activity>, allowed: readonly string[]): boolean {
    const tenant = tenantOf(activity);
    return tenant !== undefined && allowed.includes(tenant);
}
