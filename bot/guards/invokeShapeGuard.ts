import { ActivityTypes, StatusCodes, type Middleware, type TurnContext } from 'botbuilder';
import { loggedName, type Logger } from '../logger';

const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * botbuilder 4.23 reads `value.action.type` of an adaptiveCard/action invoke without checking that
 * `action` exists, so a malformed invoke (value a string, or no action) throws inside the SDK: a failed
 * turn and a 501. This answers such an invoke with the 400 error response the SDK itself uses for a
 * missing value, before the bot runs, so nothing is processed and nothing fails.
 */
export function invokeShapeGuardMiddleware(logger: Logger): Middleware {
    return {
        async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
            const { type, name, value } = context.activity;
            if (type !== ActivityTypes.Invoke || name !== ADAPTIVE_CARD_ACTION || (isPlainObject(value) && isPlainObject(value.action))) {
                await next();
                return;
            }
            logger.warn({ activityId: context.activity.id, type, invokeName: loggedName(name), outcome: 'refused' }, 'malformed card action invoke');
            await context.sendActivity({
                type: ActivityTypes.InvokeResponse,
                value: {
                    status: StatusCodes.BAD_REQUEST,
                    body: { statusCode: StatusCodes.BAD_REQUEST, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Malformed action' } },
                },
            });
        },
    };
}
