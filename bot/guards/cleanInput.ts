import type { Middleware, TurnContext } from 'botbuilder';
import { stripInvisible, stripInvisibleDeep } from '../domain/invisibleText';

const strip = <T>(value: T): T => (typeof value === 'string' ? (stripInvisible(value) as T) : value);

function stripName(account: unknown): void {
    if (typeof account === 'object' && account !== null && typeof (account as { name?: unknown }).name === 'string') {
        const holder = account as { name: string };
        holder.name = stripInvisible(holder.name);
    }
}

/**
 * The one place where what a person typed or chose enters the bot: the activity's text, the card
 * submit or invoke value, the display names (from, recipient, conversation, team, channel) and the
 * mention texts. Bidi controls and zero-width characters are stripped here, once, before a dialog,
 * the knowledge search, the danger detector, storage, a card or a log sees them.
 */
export function cleanInputMiddleware(): Middleware {
    return {
        async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
            const activity = context.activity;
            // The door lets null through as "absent"; from here on the bot sees a string or nothing.
            if (activity.text === null) Reflect.deleteProperty(activity, 'text');
            activity.text = strip(activity.text);
            if (activity.value !== undefined) activity.value = stripInvisibleDeep(activity.value);
            stripName(activity.from);
            stripName(activity.recipient);
            stripName(activity.conversation);
            for (const member of [...(Array.isArray(activity.membersAdded) ? activity.membersAdded : []), ...(Array.isArray(activity.membersRemoved) ? activity.membersRemoved : [])]) {
                stripName(member);
            }
            const channelData: unknown = activity.channelData;
            if (typeof channelData === 'object' && channelData !== null) {
                stripName((channelData as { team?: unknown }).team);
                stripName((channelData as { channel?: unknown }).channel);
            }
            if (Array.isArray(activity.entities)) {
                for (const entity of activity.entities as unknown[]) {
                    if (typeof entity !== 'object' || entity === null) continue;
                    const mention = entity as { text?: unknown; mentioned?: unknown };
                    if (typeof mention.text === 'string') mention.text = stripInvisible(mention.text);
                    stripName(mention.mentioned);
                }
            }
            await next();
        },
    };
}
