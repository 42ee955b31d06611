/**
 * The Teams user ids (29:...) of the coordinators, which the channel card's Universal Actions refresh
 * lists in `userIds` so their clients fetch the card with buttons. The organisation file names
 * coordinators by Entra object id only; the Teams id is learned from their first activity to the bot
 * and from the team roster (when the bot joins a team, or members are added). Only coordinators are
 * kept: nobody else needs a refresh of their own. Stored with the channel registry, read into memory at
 * start and again every few minutes (another instance may have learned one), so rendering a card stays
 * synchronous and costs no read.
 */
import type { Logger } from '../logger';
import type { Municipality } from '../domain/vocabulary';
import type { TeamsUserRow } from './channelRegistry';
import { REFRESH_MAX_USERS } from '../../cards/reportChannelCard';

export interface TeamsUserStore {
    rememberTeamsUser(row: TeamsUserRow): Promise<void>;
    teamsUsers(): Promise<TeamsUserRow[]>;
}

export interface CoordinatorList {
    coordinatorsOf(municipality: Municipality): readonly { aadObjectId: string }[];
    municipalitiesOf(aadObjectId: string | undefined): Municipality[];
}

/** A member as Teams describes one (activity.from, membersAdded, the paged roster). */
export interface TeamsMember {
    id?: string;
    aadObjectId?: string;
}

/** What a Teams user id looks like; anything else (a forged or odd id) is not stored. */
const TEAMS_USER_ID = /^29:[A-Za-z0-9_\-.:]{1,256}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A roster page is at most 500 members; more than this in one call is not a team we serve. */
const MAX_MEMBERS_PER_CALL = 5000;

export class CoordinatorTeamsIds {
    private readonly known = new Map<string, string>();

    constructor(
        private readonly store: TeamsUserStore,
        private readonly roster: CoordinatorList,
        private readonly logger: Logger,
    ) {}

    /** Reads what every instance learned. A failure keeps what is known; cards then refresh for fewer people. */
    async load(): Promise<number> {
        try {
            for (const row of await this.store.teamsUsers()) {
                const id = row.aadObjectId.toLowerCase();
                if (GUID.test(id) && TEAMS_USER_ID.test(row.teamsUserId)) this.known.set(id, row.teamsUserId);
            }
        } catch (err) {
            this.logger.warn({ event: 'teamsIds.loadFailed', code: (err as { code?: unknown }).code }, 'could not read the coordinators\' Teams ids');
        }
        return this.known.size;
    }

    /** The Teams ids of the municipality's coordinators that are known, at most what Teams refreshes for. */
    of(municipality: Municipality): string[] {
        const ids = this.roster.coordinatorsOf(municipality).flatMap((c) => {
            const id = this.known.get(c.aadObjectId.toLowerCase());
            return id ? [id] : [];
        });
        return ids.slice(0, REFRESH_MAX_USERS);
    }

    /** A coordinator's Teams id (29:...) when known: what a text @mention names best. */
    teamsIdOf(aadObjectId: string): string | undefined {
        return this.known.get(aadObjectId.toLowerCase());
    }

    /** Learns from one member; true when something new was stored. Never fails the turn. */
    async learn(member: TeamsMember): Promise<boolean> {
        const aad = member.aadObjectId?.toLowerCase();
        const teamsId = member.id;
        if (!aad || !teamsId || !GUID.test(aad) || !TEAMS_USER_ID.test(teamsId)) return false;
        if (this.known.get(aad) === teamsId || this.roster.municipalitiesOf(aad).length === 0) return false;
        try {
            await this.store.rememberTeamsUser({ aadObjectId: aad, teamsUserId: teamsId });
            this.known.set(aad, teamsId);
            this.logger.info({ event: 'teamsIds.learned' }, 'learned a coordinator\'s Teams id');
            return true;
        } catch (err) {
            this.logger.warn({ event: 'teamsIds.storeFailed', code: (err as { code?: unknown }).code }, 'could not store a coordinator\'s Teams id');
            return false;
        }
    }

    async learnAll(members: readonly TeamsMember[]): Promise<number> {
        let learned = 0;
        for (const member of members.slice(0, MAX_MEMBERS_PER_CALL)) if (await this.learn(member)) learned++;
        return learned;
    }
}
