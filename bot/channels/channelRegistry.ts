import type { TableClient } from '@azure/data-tables';
import { type Municipality } from '../domain/vocabulary';
import { encodeKey } from '../storage/keyEncoding';
import { ifFound, toStorageError } from '../storage/storageErrors';
import type { TableClientFactory } from '../storage/tableClientFactory';

export const CHANNELS_TABLE = 'Channels';

/**
 * Where the bot can post without being spoken to first: channel conversation references (stored when
 * the bot joins a team or hears from a channel), personal chats of colleagues (to tell them about their
 * report), and which channel is bound to which municipality. References are refreshed on every incoming
 * activity because Teams may move a conversation to another serviceUrl.
 */
export interface ConversationTarget {
    conversationId: string;
    serviceUrl: string;
    tenantId: string;
    botId: string;
    teamId?: string;
    channelName?: string;
    /** The team's Microsoft 365 group id (channelData.team.aadGroupId), for deep links to channel messages. */
    teamAadGroupId?: string;
}

export interface Binding {
    municipality: Municipality | 'reserve';
    conversationId: string;
    boundBy: string;
    boundAt: Date;
}

/** Stored as is: the reference is the row. */
type TargetEntity = ConversationTarget;

const P_CHANNEL = 'channel';
const P_PERSONAL = 'personal';
const P_BINDING = 'binding';
const P_TENANT = 'tenant';
/** Entra object id -> Teams user id (29:...), for the channel card's refresh `userIds`. */
const P_TEAMS_USER = 'teamsUser';

export interface TeamsUserRow {
    aadObjectId: string;
    teamsUserId: string;
}

/**
 * How long a read is reused. Every report reads bindings and the channel reference several times (at
 * submit and at delivery); they change rarely. Changes made through this instance show at once; one
 * made through another instance shows here within this time.
 */
const READ_CACHE_MS = 30_000;

export class ChannelRegistry {
    /** Last stored serviceUrl per conversation, so an unchanged reference costs no write. */
    private readonly seen = new Map<string, string>();
    /**
     * Last stored serviceUrl and bot id per tenant. Only those are read from the tenant row (a channel
     * bound by configuration takes its own conversation id), so every new colleague's first contact
     * need not write the tenant row again.
     */
    private readonly seenTenant = new Map<string, string>();
    private readonly reads = new Map<string, { value: unknown; until: number }>();

    constructor(
        private readonly tables: TableClientFactory,
        private readonly now: () => number = Date.now,
    ) {}

    private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
        const hit = this.reads.get(key);
        if (hit && hit.until > this.now()) return hit.value as T;
        const value = await load();
        this.reads.set(key, { value, until: this.now() + READ_CACHE_MS });
        return value;
    }

    private forget(key: string): void {
        this.reads.delete(key);
    }

    /** Runs Table work on the registry's table; any failure comes out as a coded StorageError. */
    private async withTable<T>(operation: string, work: (table: TableClient) => Promise<T>): Promise<T> {
        try {
            // The factory caches the client and creates the table once.
            return await work(await this.tables.table(CHANNELS_TABLE));
        } catch (err) {
            throw toStorageError(operation, err);
        }
    }

    async rememberChannel(target: ConversationTarget): Promise<void> {
        await this.remember(P_CHANNEL, target.conversationId, target);
    }

    async rememberPersonalChat(aadObjectId: string, target: ConversationTarget): Promise<void> {
        await this.remember(P_PERSONAL, aadObjectId, target);
    }

    async rememberTeamsUser(row: TeamsUserRow): Promise<void> {
        await this.withTable('remember teams user', (table) =>
            table.upsertEntity({ partitionKey: P_TEAMS_USER, rowKey: encodeKey(row.aadObjectId), aadObjectId: row.aadObjectId, teamsUserId: row.teamsUserId }, 'Replace'),
        );
    }

    /** Every learned Teams user id (a few per municipality: only coordinators are stored). */
    async teamsUsers(): Promise<TeamsUserRow[]> {
        return this.withTable('list teams users', async (table) => {
            const rows: TeamsUserRow[] = [];
            for await (const e of table.listEntities<TeamsUserRow>({ queryOptions: { filter: `PartitionKey eq '${P_TEAMS_USER}'` } })) {
                if (typeof e.aadObjectId === 'string' && typeof e.teamsUserId === 'string') rows.push({ aadObjectId: e.aadObjectId, teamsUserId: e.teamsUserId });
            }
            return rows;
        });
    }

    async channel(conversationId: string): Promise<ConversationTarget | undefined> {
        return this.get(P_CHANNEL, conversationId);
    }

    async personalChat(aadObjectId: string): Promise<ConversationTarget | undefined> {
        return this.get(P_PERSONAL, aadObjectId);
    }

    /** The last reference seen in a tenant (serviceUrl, bot id): used for channels bound by configuration only. */
    async tenantReference(tenantId: string): Promise<ConversationTarget | undefined> {
        return this.get(P_TENANT, tenantId);
    }

    async bind(municipality: Municipality | 'reserve', conversationId: string, boundBy: string): Promise<void> {
        await this.withTable('bind channel', (table) =>
            table.upsertEntity({ partitionKey: P_BINDING, rowKey: municipality, conversationId, boundBy, boundAt: new Date() }, 'Replace'),
        );
        this.forget(`${P_BINDING}|${municipality}`);
    }

    async binding(municipality: Municipality | 'reserve'): Promise<Binding | undefined> {
        return this.cached(`${P_BINDING}|${municipality}`, async () => {
            const row = await this.withTable('read binding', (table) =>
                ifFound(table.getEntity<{ conversationId: string; boundBy: string; boundAt: Date }>(P_BINDING, municipality)),
            );
            return row && { municipality, conversationId: row.conversationId, boundBy: row.boundBy, boundAt: row.boundAt };
        });
    }

    private async remember(partition: string, id: string, target: ConversationTarget): Promise<void> {
        const cacheKey = `${partition}|${id}`;
        if (this.seen.get(cacheKey) === target.serviceUrl) return;
        const entity: TargetEntity = {
            conversationId: target.conversationId,
            serviceUrl: target.serviceUrl,
            tenantId: target.tenantId,
            botId: target.botId,
            ...(target.teamId !== undefined ? { teamId: target.teamId } : {}),
            ...(target.channelName !== undefined ? { channelName: target.channelName } : {}),
            ...(target.teamAadGroupId !== undefined ? { teamAadGroupId: target.teamAadGroupId } : {}),
        };
        const tenantSeen = `${target.serviceUrl}|${target.botId}`;
        const tenantChanged = this.seenTenant.get(target.tenantId) !== tenantSeen;
        await this.withTable('remember conversation', async (table) => {
            await Promise.all([
                table.upsertEntity({ partitionKey: partition, rowKey: encodeKey(id), ...entity }, 'Replace'),
                tenantChanged ? table.upsertEntity({ partitionKey: P_TENANT, rowKey: encodeKey(target.tenantId), ...entity }, 'Replace') : undefined,
            ]);
        });
        this.seen.set(cacheKey, target.serviceUrl);
        this.forget(cacheKey);
        if (tenantChanged) {
            this.seenTenant.set(target.tenantId, tenantSeen);
            this.forget(`${P_TENANT}|${target.tenantId}`);
        }
    }

    private get(partition: string, id: string): Promise<ConversationTarget | undefined> {
        return this.cached(`${partition}|${id}`, () => this.load(partition, id));
    }

    private async load(partition: string, id: string): Promise<ConversationTarget | undefined> {
        const row = await this.withTable('read conversation', (table) => ifFound(table.getEntity<TargetEntity>(partition, encodeKey(id))));
        if (!row) return undefined;
        return {
            conversationId: row.conversationId,
            serviceUrl: row.serviceUrl,
            tenantId: row.tenantId,
            botId: row.botId,
            teamId: row.teamId,
            channelName: row.channelName,
            teamAadGroupId: row.teamAadGroupId,
        };
    }
}
