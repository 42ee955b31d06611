import { randomUUID } from 'node:crypto';
import { LOCAL_TENANT_ID } from '../../bot/config';

/** Teams-shaped activities for HTTP tests, with the ids the Playground and Teams use. */
export const BOT = { id: '28:7d1e5b9c-2f4a-4c3d-8e6f-0a1b2c3d4e5f', name: 'Signaalbot Mensenhandel' };
export const ANNE = { id: '29:colleague-anne', name: 'Anne de Vries', aadObjectId: '6f2b8c1d-3e4a-4b5c-9d6e-7f8091a2b3c4' };
export const SANNE = { id: '29:coordinator-brummen', name: 'Sanne Jansen', aadObjectId: '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f' };
export const PIETER = { id: '29:colleague-pieter', name: 'Pieter Bakker', aadObjectId: '3a4b5c6d-7e8f-4a1b-9c2d-3e4f5a6b7c8d' };
export const FOREIGN_TENANT = '99999999-8888-4777-8666-555555555555';
export const BRUMMEN_CHANNEL = '19:kanaal-brummen@thread.tacv2';
export const TEAM_ID = '19:team-ijsselstreek@thread.tacv2';

export type Person = { id: string; name: string; aadObjectId: string };

export interface ActivityOptions {
    serviceUrl: string;
    from?: Person;
    tenantId?: string;
    conversationId?: string;
}

function personalConversation(from: Person, tenantId: string, conversationId?: string) {
    return { id: conversationId ?? `a:personal-${from.aadObjectId}`, conversationType: 'personal', tenantId };
}

function base(o: ActivityOptions) {
    const from = o.from ?? ANNE;
    const tenantId = o.tenantId ?? LOCAL_TENANT_ID;
    return {
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: o.serviceUrl,
        timestamp: new Date().toISOString(),
        localTimestamp: new Date().toISOString(),
        from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
        recipient: { ...BOT },
        conversation: personalConversation(from, tenantId, o.conversationId),
        channelData: { tenant: { id: tenantId } },
        locale: 'nl-NL',
    };
}

export function personalMessage(text: string, o: ActivityOptions) {
    return { ...base(o), type: 'message', text, textFormat: 'plain' };
}

export function cardSubmit(value: Record<string, unknown>, o: ActivityOptions) {
    return { ...base(o), type: 'message', text: '', value };
}

export function personalInstall(o: ActivityOptions) {
    return { ...base(o), type: 'installationUpdate', action: 'add' };
}

export function botAddedToPersonalChat(o: ActivityOptions) {
    return { ...base(o), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}

export function channelActivityBase(o: ActivityOptions & { channelId?: string; channelName?: string }) {
    const from = o.from ?? ANNE;
    const tenantId = o.tenantId ?? LOCAL_TENANT_ID;
    const channelId = o.channelId ?? BRUMMEN_CHANNEL;
    return {
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: o.serviceUrl,
        timestamp: new Date().toISOString(),
        from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
        recipient: { ...BOT },
        conversation: { id: `${channelId};messageid=${Date.now()}`, conversationType: 'channel', tenantId, isGroup: true },
        channelData: {
            tenant: { id: tenantId },
            team: { id: TEAM_ID, name: 'Aandachtfunctionarissen IJsselstreek' },
            channel: { id: channelId, name: o.channelName ?? 'Meldingen Brummen' },
        },
        locale: 'nl-NL',
    };
}

export function botAddedToTeam(o: ActivityOptions & { channelId?: string }) {
    const b = channelActivityBase(o);
    return {
        ...b,
        type: 'conversationUpdate',
        conversation: { ...b.conversation, id: o.channelId ?? BRUMMEN_CHANNEL },
        membersAdded: [{ id: BOT.id }],
        channelData: { ...b.channelData, eventType: 'teamMemberAdded' },
    };
}

export function channelMessage(text: string, o: ActivityOptions & { channelId?: string }) {
    return { ...channelActivityBase(o), type: 'message', text: `<at>${BOT.name}</at> ${text}`, entities: [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }] };
}

/**
 * A Universal Action (Action.Execute) pressed on a card in a channel thread, as Teams sends it: an
 * `adaptiveCard/action` invoke whose value carries the verb and the data (card data merged with inputs).
 */
export function cardActionInvoke(
    verb: string,
    data: Record<string, unknown>,
    o: ActivityOptions & { channelId?: string; threadConversationId?: string; replyToId?: string; trigger?: 'manual' | 'automatic' },
) {
    const b = channelActivityBase(o);
    return {
        ...b,
        type: 'invoke',
        name: 'adaptiveCard/action',
        conversation: { ...b.conversation, id: o.threadConversationId ?? b.conversation.id },
        ...(o.replyToId !== undefined && { replyToId: o.replyToId }),
        value: { action: { type: 'Action.Execute', verb, data }, trigger: o.trigger ?? 'manual' },
    };
}
