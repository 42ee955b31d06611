import { ActivityTypes, StatusCodes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { loggedName, type Logger } from '../logger';

const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';
/** Teams' answer to the CSV file-consent card in the personal chat (the overview's export). */
const FILE_CONSENT = 'fileConsent/invoke';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function badRequest(message: string): Partial<Activity> {
    return {
        type: ActivityTypes.InvokeResponse,
        value: {
            status: StatusCodes.BAD_REQUEST,
            body: { statusCode: StatusCodes.BAD_REQUEST, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } },
        },
    };
}

/**
 * Invokes the bot does not handle, and malformed card actions, get a 400 before the bot runs.
 *
 * The bot handles two kinds of invoke: adaptiveCard/action (Action.Execute on the channel cards) and
 * fileConsent/invoke (the answer to the CSV file offer, whose value the feature checks). For any other name the SDK answers 501 Not Implemented, a 5xx for what is the
 * caller's mistake. And botbuilder 4.23 reads `value.action.type` of an adaptiveCard/action invoke
 * without checking that `action` exists, so a malformed one (value a string, or no action) throws
 * inside the SDK: a failed turn and a 501. Both are answered with the 400 error response the SDK
 * itself uses for a missing value, so nothing is processed and nothing fails.
 */
export function invokeShapeGuardMiddleware(logger: Logger): Middleware {
    return {
        async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
            const { type, name, value } = context.activity;
            if (type !== ActivityTypes.Invoke) {
                await next();
                return;
            }
            if (name === FILE_CONSENT && isPlainObject(value)) {
                await next();
                return;
            }
            if (name !== ADAPTIVE_CARD_ACTION) {
                logger.warn({ activityId: context.activity.id, type, invokeName: loggedName(name), outcome: 'refused' }, 'invoke the bot does not handle');
                await context.sendActivity(badRequest('Unknown invoke'));
                return;
            }
            if (isPlainObject(value) && isPlainObject(value.action)) {
                await next();
                return;
            }
            logger.warn({ activityId: context.activity.id, type, invokeName: loggedName(name), outcome: 'refused' }, 'malformed card action invoke');
            await context.sendActivity(badRequest('Malformed action'));
        },
    };
}
