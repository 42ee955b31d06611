/**
 * The `koppel <gemeente>` admin command: binds the channel it is typed in to a municipality (or as the
 * reserve channel). Only admins from the organisation file may; anyone else changes nothing. Reports that
 * could not be delivered before are sent again at once: a new binding is usually the fix for them.
 */
import type { TurnContext } from 'botbuilder';
import { isMunicipality, type Municipality } from '../domain/vocabulary';
import type { Logger } from '../logger';
import type { OrganisationDirectory } from '../organisation/organisationDirectory';
import type { ChannelRegistry } from './channelRegistry';
import { channelOf } from '../teams/identity';

export class ChannelBinding {
    constructor(
        private readonly registry: ChannelRegistry,
        private readonly organisation: OrganisationDirectory,
        private readonly logger: Logger,
        /** Re-queues the undelivered reports the new binding can take; returns how many. */
        private readonly requeue?: (target: Municipality | 'reserve') => Promise<number>,
    ) {}

    async bind(context: TurnContext, target: Municipality | 'reserve' | undefined, raw: string): Promise<void> {
        const activity = context.activity;
        const { logger, organisation, registry } = this;
        if (activity.conversation?.conversationType !== 'channel') {
            await context.sendActivity('Koppelen doe je in het kanaal dat je wilt koppelen: noem daar de bot en typ "koppel Brummen" (of Lochem, Voorst, Zutphen).');
            return;
        }
        if (!organisation.isAdmin(activity.from?.aadObjectId)) {
            logger.warn({ activityId: activity.id, outcome: 'refused' }, 'channel binding refused: not an admin');
            await context.sendActivity('Alleen een beheerder van de Signaalbot mag een kanaal koppelen. Er is niets veranderd.');
            return;
        }
        if (target === undefined) {
            await context.sendActivity(
                raw === ''
                    ? 'Welke gemeente? Typ bijvoorbeeld "koppel Brummen". Mogelijk: Brummen, Lochem, Voorst, Zutphen of reservekanaal.'
                    : 'Die gemeente ken ik niet. Mogelijk: Brummen, Lochem, Voorst, Zutphen of reservekanaal. Er is niets veranderd.',
            );
            return;
        }
        const conversationId = channelOf(activity.conversation.id);
        await registry.bind(target, conversationId, activity.from.aadObjectId ?? 'onbekend');
        logger.info({ activityId: activity.id, municipality: target, outcome: 'bound' }, 'channel bound');
        const label = isMunicipality(target) ? `de gemeente ${target}` : 'het reservekanaal (voor gemeenten zonder eigen kanaal)';
        const resent = await this.resend(target, activity.id);
        await context.sendActivity(`Dit kanaal is nu gekoppeld aan ${label}. Nieuwe meldingen verschijnen hier.${resent}`);
    }

    private async resend(target: Municipality | 'reserve', activityId: string | undefined): Promise<string> {
        if (!this.requeue) return '';
        try {
            const count = await this.requeue(target);
            if (count === 0) return '';
            this.logger.info({ activityId, municipality: target, requeued: count, event: 'binding.requeued' }, 'undelivered reports queued again');
            return count === 1 ? ' 1 melding die eerder niet bezorgd kon worden, wordt nu alsnog verstuurd.' : ` ${count} meldingen die eerder niet bezorgd konden worden, worden nu alsnog verstuurd.`;
        } catch (err) {
            this.logger.warn({ activityId, event: 'binding.requeueFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'requeue after binding failed');
            return ' Eerder niet-bezorgde meldingen kon ik nu niet opnieuw versturen door een storing; typ later "onbezorgd" om ze te versturen.';
        }
    }
}
