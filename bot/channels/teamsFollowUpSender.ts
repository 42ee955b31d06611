/**
 * The Teams side of follow-ups (bot/reports/outboxWorker.ts decides when, and retries): the shared
 * channel card is updated in place for everyone (PUT) with the report's state as it is now, a line goes
 * into the report's thread, and a 1:1 message reaches a colleague in their personal chat with the bot.
 */
import type { Activity, Entity } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/renderCard';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards/renderCard';
import { channelOf } from '../teams/identity';
import type { Logger } from '../logger';
import { DeliveryError, REDACTED_MESSAGE_TEXT, type FollowUpResult, type FollowUpSender, type OutboxRow } from '../reports/ports';
import type { Report } from '../reports/reportModel';
import type { Municipality } from '../domain/vocabulary';
import { isAcute, stillUnhandled } from '../reports/reminderPolicy';
import { questionStillOpen } from '../cases/reporterQuestions';
import { formatDutchDateTime } from '../domain/amsterdamTime';
import type { ChannelRegistry, ConversationTarget } from './channelRegistry';
import type { ProactiveMessenger } from './proactiveMessenger';

export interface TeamsFollowUpSenderDeps {
    messenger: ProactiveMessenger;
    registry: ChannelRegistry;
    /** The stored reference of a channel (or one built from the tenant's serviceUrl). */
    channelTarget: (conversationId: string) => Promise<ConversationTarget | undefined>;
    renderCard: (report: Report) => AdaptiveCardJson;
    /** The reporter's 1:1 card with a coordinator's question and an answer field (bot/cases/reporterQuestions.ts). */
    renderReporterQuestion: (report: Report, question: string, questionVersion: number) => AdaptiveCardJson;
    /** The coordinators a reminder mentions (the organisation file). */
    coordinatorsOf: (municipality: Municipality) => readonly { aadObjectId: string; name: string }[];
    logger: Logger;
}

/** A name inside <at>…</at>: no markup of its own. */
function plainName(name: string): string {
    return name.replace(/[<>]/g, '');
}

export class TeamsFollowUpSender implements FollowUpSender {
    constructor(private readonly deps: TeamsFollowUpSenderDeps) {}

    async send(row: OutboxRow, report: Report): Promise<FollowUpResult> {
        switch (row.purpose) {
            case 'card':
                return this.updateCard(report);
            case 'thread':
                return this.threadLine(report, row.text ?? '');
            case 'person':
                return row.questionVersion === undefined ? this.toPerson(row) : this.questionToReporter(row, row.questionVersion, report);
            case 'reminder':
                return this.reminder(report);
            case 'redact':
                return this.redact(row);
            case 'post':
                throw new DeliveryError('a post is not a follow-up', { status: 400 });
        }
    }

    private async updateCard(report: Report): Promise<'sent' | 'moot'> {
        const { conversationId, activityId } = report.delivery;
        // Not posted yet: the post itself will show the current state.
        if (!conversationId || !activityId) return 'moot';
        const target = await this.channel(conversationId);
        const activity: Partial<Activity> = { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: this.deps.renderCard(report) }] };
        await this.deps.messenger.updateActivity(target, conversationId, activityId, activity);
        return 'sent';
    }

    private async threadLine(report: Report, text: string): Promise<FollowUpResult> {
        const { conversationId, activityId } = report.delivery;
        if (!conversationId || !activityId || !text) return 'moot';
        const channel = channelOf(conversationId);
        const target = await this.channel(conversationId);
        return this.deps.messenger.replyInThread(target, `${channel};messageid=${activityId}`, { type: 'message', text, ...this.assigneeMention(report, text) });
    }

    /**
     * After the retention purge: a thread line or 1:1 message that showed what someone typed is
     * overwritten where it landed (the same channel, or the colleague's personal chat).
     */
    private async redact(row: OutboxRow): Promise<'sent' | 'moot'> {
        const conversationId = row.sentConversationId;
        const activityId = row.sentActivityId;
        if (!conversationId || !activityId) return 'moot';
        const target = await this.deps.channelTarget(channelOf(conversationId));
        if (!target) throw new DeliveryError('no reference for the conversation', { status: 404 });
        await this.deps.messenger.updateActivity(target, conversationId, activityId, { type: 'message', text: REDACTED_MESSAGE_TEXT });
        return 'sent';
    }

    /** The @mention entity for an assignee marked in a thread line (Toewijzen), from the stored Entra id. */
    private assigneeMention(report: Report, text: string): { entities?: Entity[] } {
        const id = report.handling?.assigneeAadObjectId;
        const m = /<at>([^<]{1,200})<\/at>/.exec(text);
        if (!id || !m) return {};
        return { entities: [{ type: 'mention', text: m[0], mentioned: { id, name: m[1] } }] };
    }

    /** In the report's thread, mentioning the municipality's coordinators, while nobody has picked it up. */
    private async reminder(report: Report): Promise<'sent' | 'moot'> {
        const { conversationId, activityId } = report.delivery;
        if (!stillUnhandled(report) || !conversationId || !activityId) return 'moot';
        const coordinators = this.deps.coordinatorsOf(report.municipality);
        const mentions = coordinators.map((c) => ({ type: 'mention', text: `<at>${plainName(c.name)}</at>`, mentioned: { id: c.aadObjectId, name: plainName(c.name) } }));
        const who = mentions.length > 0 ? ` ${mentions.map((m) => m.text).join(', ')}: wil een van jullie haar oppakken?` : ' Wil een aandachtfunctionaris haar oppakken?';
        const urgency = isAcute(report) ? ', MOGELIJK ACUUT GEVAAR' : '';
        const text = `Herinnering: melding ${report.reference} (${report.municipality}${urgency}) is sinds ${formatDutchDateTime(report.submittedAt)} nog door niemand opgepakt.${who}`;
        const channel = channelOf(conversationId);
        const target = await this.channel(conversationId);
        await this.deps.messenger.replyInThread(target, `${channel};messageid=${activityId}`, { type: 'message', text, entities: mentions });
        return 'sent';
    }

    private async toPerson(row: OutboxRow): Promise<FollowUpResult> {
        if (!row.recipient || !row.text) return 'moot';
        const chat = await this.deps.registry.personalChat(row.recipient);
        if (!chat) {
            // The bot can only write to someone who has a chat with it; nothing to retry until they do. An
            // alert that reaches no admin is worth a loud line: the logs' alert rules look for it.
            const alert = row.rowKey.includes('_alert_');
            this.deps.logger[alert ? 'error' : 'info']({ reportId: row.reportId, event: alert ? 'followUp.alertUndeliverable' : 'followUp.noPersonalChat' }, 'recipient has no known 1:1 chat; not sent');
            return 'moot';
        }
        return this.deps.messenger.sendToConversation(chat, { type: 'message', text: row.text });
    }

    /**
     * A coordinator's question, as a card rendered now from the report as it is now: a question that was
     * replaced, answered or purged before it went out is not sent (the newer question has its own row),
     * and it only ever goes to the report's own reporter.
     */
    private async questionToReporter(row: OutboxRow, questionVersion: number, report: Report): Promise<FollowUpResult> {
        const reporter = report.reporter.aadObjectId.toLowerCase();
        if (!row.text || !row.recipient || !reporter || row.recipient !== reporter || !questionStillOpen(report, questionVersion)) {
            this.deps.logger.info({ reportId: row.reportId, event: 'followUp.questionMoot' }, 'question to the reporter no longer open; not sent');
            return 'moot';
        }
        const chat = await this.deps.registry.personalChat(row.recipient);
        if (!chat) {
            // Checked when the question was asked; the chat can still go (the app removed) before it is sent.
            this.deps.logger.warn({ reportId: row.reportId, event: 'followUp.questionNoPersonalChat' }, 'reporter has no known 1:1 chat; question not sent');
            return 'moot';
        }
        const card = this.deps.renderReporterQuestion(report, row.text, questionVersion);
        return this.deps.messenger.sendToConversation(chat, { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] });
    }

    private async channel(conversationId: string): Promise<ConversationTarget> {
        const target = await this.deps.channelTarget(channelOf(conversationId));
        // Permanent until someone talks to the bot in that team again (which stores the reference).
        if (!target) throw new DeliveryError('no reference for the channel', { status: 404 });
        return target;
    }
}
