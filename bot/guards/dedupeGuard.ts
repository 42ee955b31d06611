import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { ActivityDeduplicator } from '../storage/activityDedupe';

/**
 * Handles each message or invoke once, even when Teams delivers it again after a slow turn.
 * `prefetch` (the conversation state read every turn needs) runs beside the claim, so a turn waits for
 * one storage round trip instead of two; its failure is left to the turn, which reads again and reports it.
 * A claim that storage refuses ends the turn with its StorageError, before anything ran: the turn's error
 * handler then says NIET opgeslagen and keeps the conversation state for when storage is back.
 */
export function dedupeMiddleware(dedupe: ActivityDeduplicator, logger: Logger, prefetch?: (context: TurnContext) => Promise<unknown>): Middleware {
    return {
        async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
            const { id, type, conversation } = context.activity;
            const worthChecking = (type === ActivityTypes.Message || type === ActivityTypes.Invoke) && id && conversation?.id;
            if (!worthChecking) {
                await next();
                return;
            }
            const [claim] = await Promise.all([dedupe.claim(conversation.id, id), prefetch?.(context).catch(() => undefined)]);
            if (claim === 'duplicate') {
                logger.info({ activityId: id, type, outcome: 'duplicate' }, 'activity already handled');
                return;
            }
            try {
                await next();
            } catch (err) {
                await dedupe.release(conversation.id, id).catch(() => undefined);
                throw err;
            }
        },
    };
}
