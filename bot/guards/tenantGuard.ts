import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { loggedType, type Logger } from '../logger';
import { tenantOf } from '../teams/identity';
import { TEAMS_CHANNEL_ID } from './teamsDoor';

/**
 * A single-tenant bot registration does not keep other tenants out of a multi-tenant channel service,
 * so the bot checks every activity itself. An activity without a tenant is refused too.
 */
export function isAllowedTenant(activity: Partial<Activity>, allowed: readonly string[]): boolean {
    const tenant = tenantOf(activity);
    return tenant !== undefined && allowed.includes(tenant);
}

/**
 * Refuses activities from tenants that are not ours before anything else runs: logged, never answered.
 * Only Teams counts: on any other channel the client writes the tenant id itself. The HTTP door refuses
 * such activities first; this check is for every turn, proactive ones included, in every mode.
 */
export function tenantGuardMiddleware(allowed: readonly string[], logger: Logger): Middleware {
    return {
        async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
            const fromTeams = context.activity.channelId === TEAMS_CHANNEL_ID;
            if (fromTeams && isAllowedTenant(context.activity, allowed)) {
                await next();
                return;
            }
            logger.warn(
                {
                    activityId: context.activity.id,
                    type: loggedType(context.activity.type),
                    // The tenant id is a GUID in Teams; anything else is the caller's text and not logged.
                    tenantId: loggableTenant(tenantOf(context.activity)),
                    reason: fromTeams ? 'tenant' : 'not_teams',
                    outcome: 'refused',
                },
                fromTeams ? 'activity from a tenant that is not allowed' : 'activity from a channel other than Teams',
            );
        },
    };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function loggableTenant(tenant: string | undefined): string {
    if (tenant === undefined) return 'ontbreekt';
    return GUID.test(tenant) ? tenant : 'geen GUID';
}
