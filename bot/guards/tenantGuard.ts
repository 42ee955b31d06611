import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { tenantOf } from '../teams/identity';

/**
 * A single-tenant bot registration does not keep other tenants out of a multi-tenant channel service,
 * so the bot checks every activity itself. An activity without a tenant is refused too.
 */
export function isAllowedTenant(activity: Partial<Activity>, allowed: readonly string[]): boolean {
    const tenant = tenantOf(activity);
    return tenant !== undefined && allowed.includes(tenant);
}

/** Refuses activities from tenants that are not ours before anything else runs: logged, never answered. */
export function tenantGuardMiddleware(allowed: readonly string[], logger: Logger): Middleware {
    return {
        async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
            if (isAllowedTenant(context.activity, allowed)) {
                await next();
                return;
            }
            logger.warn(
                { activityId: context.activity.id, type: context.activity.type, tenantId: tenantOf(context.activity) ?? 'ontbreekt', outcome: 'refused' },
                'activity from a tenant that is not allowed',
            );
        },
    };
}
