import type { Activity } from 'botbuilder';
import { z } from 'zod';

/**
 * What comes in at POST /api/messages before any storage or dialog work: the bot is a Teams bot, so
 * everything that is not an activity as Teams sends it is refused here with a 400 and no reply.
 *
 * Outside Teams (Direct Line, Web Chat, the Emulator) the client itself writes from.aadObjectId and the
 * tenant id, and coordinator rights and the tenant guard rest on those: only `msteams` gets in.
 */
export const TEAMS_CHANNEL_ID = 'msteams';

/**
 * The Bot Connector hosts of the Microsoft public cloud, by exact name, as Microsoft's Teams SDK lists
 * them ("Service URL Validation", cloud preset Public). Teams puts a region or tenant path after the
 * host (https://smba.trafficmanager.net/emea/, /amer/, /apac/, /teams/, /<tenant>/), so the path is free.
 * A suffix match (*.trafficmanager.net) would let in any Azure customer's Traffic Manager profile.
 *
 * Deliberately not here: the US government clouds (smba.infra.gcc.teams.microsoft.com,
 * smba.infra.gov.teams.microsoft.us, smba.infra.dod.teams.microsoft.us) and the sovereign clouds. This
 * bot serves Dutch municipalities on the public cloud; a bot registered in another cloud needs its own
 * Bot Service configuration anyway, and then its host is one line here.
 */
export const TEAMS_CONNECTOR_HOSTS: readonly string[] = ['smba.trafficmanager.net', 'smba.onyx.prod.teams.trafficmanager.net'];

/** The Playground (http://localhost:56150/_connector) and the tests' fake connector: local mode only. */
const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export type ServiceUrlCheck = (url: string) => boolean;

/**
 * The one check for serviceUrls, used for incoming activities (the door) and for every outgoing
 * proactive send, so a stored reference can never send the bot's token anywhere the door would refuse.
 */
export function trustedServiceUrl(mode: 'local' | 'production'): ServiceUrlCheck {
    return (url: string): boolean => {
        let parsed: URL;
        try {
            parsed = new URL(url);
        } catch {
            return false;
        }
        // A user:password@ or a port would make "the same host" mean another endpoint.
        if (parsed.username !== '' || parsed.password !== '') return false;
        if (parsed.protocol === 'https:' && parsed.port === '' && TEAMS_CONNECTOR_HOSTS.includes(parsed.hostname)) return true;
        return mode === 'local' && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK_HOSTS.includes(parsed.hostname);
    };
}

/** Why the door refused an activity; logged as is (a fixed set, never the caller's values). */
export type DoorRefusal =
    | 'not_teams'
    | 'no_service_url'
    | 'untrusted_service_url'
    | 'no_from'
    | 'no_conversation'
    | 'no_tenant'
    | 'tenant_mismatch'
    | 'malformed';

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Optional in Teams' activities, but a string when there; null is how some clients say "absent". */
const optionalString = z.string().nullish();
/**
 * Teams' ids are printable ASCII ("29:1a2b…", "a:1x…", "19:…@thread.tacv2;messageid=…"). The SDK puts
 * the conversation id in an HTTP header of every reply, where anything else makes the request throw.
 */
const teamsId = z.string().regex(/^[\x20-\x7E]+$/);
const account = z.looseObject({ id: teamsId, name: optionalString, aadObjectId: optionalString, role: optionalString });
/** The SDK's mention handling reads entity.type and mention.mentioned.id of every entity without looking. */
const entity = z.looseObject({ type: z.string(), text: optionalString, mentioned: z.looseObject({ id: z.string() }).optional() }).refine(
    (e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined,
);

/**
 * The types of the fields the SDK copies into every reply (from, recipient, conversation, locale) and
 * the bot reads (text, entities, members). The Bot Connector client refuses to serialise a reply whose
 * conversation.isGroup is not a boolean or whose recipient.name is not a string, so such an activity
 * failed inside the turn; its mention handling and the members check threw on entities or members that
 * are not lists. Unknown fields are left alone: Teams adds fields over time.
 */
const envelope = z.looseObject({
    id: optionalString,
    type: z.string().min(1),
    from: account,
    recipient: account,
    conversation: z.looseObject({ id: teamsId, name: optionalString, conversationType: optionalString, tenantId: optionalString, isGroup: z.boolean().nullish() }),
    locale: optionalString,
    text: optionalString,
    textFormat: optionalString,
    replyToId: optionalString,
    name: optionalString,
    entities: z.array(entity).nullish(),
    attachments: z.array(z.looseObject({})).nullish(),
    membersAdded: z.array(account).nullish(),
    membersRemoved: z.array(account).nullish(),
});

/**
 * The fields Teams puts on every activity it sends a bot (message, conversationUpdate,
 * installationUpdate, invoke, messageReaction, event), and the Microsoft 365 Agents Playground with
 * channel `msteams` as well: serviceUrl, from.id, recipient.id, conversation.id and
 * channelData.tenant.id, each of the type Teams sends. Without them the SDK fails inside the turn (a
 * 500) or tries to answer nowhere (held ~10 s). conversation.tenantId is optional (not on every event),
 * but when both are there they must agree: two tenants in one activity is not something Teams sends.
 */
export function checkAtDoor(activity: Partial<Activity>, isTrusted: ServiceUrlCheck): DoorRefusal | undefined {
    if (activity.channelId !== TEAMS_CHANNEL_ID) return 'not_teams';
    if (!isNonEmptyString(activity.serviceUrl)) return 'no_service_url';
    if (!isTrusted(activity.serviceUrl)) return 'untrusted_service_url';
    if (!isNonEmptyString(activity.from?.id)) return 'no_from';
    if (!isNonEmptyString(activity.conversation?.id)) return 'no_conversation';
    const channelTenant: unknown = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
    if (!isNonEmptyString(channelTenant)) return 'no_tenant';
    const conversationTenant: unknown = activity.conversation.tenantId;
    if (conversationTenant !== undefined && conversationTenant !== null) {
        if (typeof conversationTenant !== 'string' || conversationTenant.toLowerCase() !== channelTenant.toLowerCase()) return 'tenant_mismatch';
    }
    if (!envelope.safeParse(activity).success) return 'malformed';
    return undefined;
}
