/**
 * The Monday digest for each municipality's coordinators' channel: how many reports are open, by
 * status and age, and which ones nobody has picked up yet (references only, never content). It runs
 * once a week per municipality across all instances: a scheduled run is a row claimed with an eTag
 * lease (ScheduledRuns), marked done after the post.
 */
import type { Logger } from '../domain/ports';
import { MUNICIPALITIES, type Municipality } from '../domain/vocabulary';
import { isWeekendInAmsterdam, todayInAmsterdam } from '../domain/amsterdamTime';
import type { ChannelCard, ChannelDirectory, ReportArchive, ReportChannelSender } from './ports';
import { isAcute } from './reminderPolicy';
import type { Report } from './reportModel';

/** Every open report counts in the digest; this only bounds the read (far above what four municipalities have open). */
const DIGEST_MAX_OPEN = 20_000;

const DAY = 24 * 3600 * 1000;
const HOUR_IN_AMSTERDAM = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' });
const WEEKDAY_IN_AMSTERDAM = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', weekday: 'short' });
/** At most this many references are named; the rest is a count. */
const LISTED = 10;

/** A run of a weekly job, exactly once across instances. */
export interface ScheduledRuns {
    /** Claims the run for `owner` until `leaseUntil`; false when it is done or someone else holds it. */
    claim(key: string, owner: string, leaseUntil: Date): Promise<boolean>;
    complete(key: string, owner: string): Promise<void>;
    release(key: string, owner: string): Promise<void>;
}

/** The Monday of this week (Amsterdam) as YYYY-MM-DD, or undefined before Monday 09:00 or at the weekend. */
export function digestWeekOf(now: Date): string | undefined {
    if (isWeekendInAmsterdam(now)) return undefined;
    let monday = now.getTime();
    while (WEEKDAY_IN_AMSTERDAM.format(new Date(monday)) !== 'Mon') monday -= DAY;
    if (monday === now.getTime() && Number(HOUR_IN_AMSTERDAM.format(now)) < 9) return undefined;
    return todayInAmsterdam(new Date(monday));
}

const OPEN: readonly Report['status'][] = ['nieuw', 'in_behandeling', 'doorgezet'];

/** The digest text for one municipality: counts and references only (and how many questions wait for an answer). */
export function digestText(municipality: Municipality, reports: readonly Report[], now: Date, waitingQuestions = 0): string {
    const open = reports.filter((r) => r.municipality === municipality && OPEN.includes(r.status) && !r.purgedAt);
    const ageDays = (r: Report) => Math.floor((now.getTime() - Date.parse(r.submittedAt)) / DAY);
    const questions = waitingQuestions > 0 ? `Vragen van collega's die op antwoord wachten: ${waitingQuestions}.` : '';
    if (open.length === 0) return [`Weekoverzicht ${municipality}: geen open meldingen. Dank voor het oppakken.`, questions].filter(Boolean).join('\n\n');
    const count = (status: Report['status']) => open.filter((r) => r.status === status).length;
    const older = open.filter((r) => ageDays(r) > 28).length;
    const waiting = open.filter((r) => r.status === 'nieuw').sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
    const named = waiting.slice(0, LISTED).map((r) => `${r.reference} (${ageDays(r)} ${ageDays(r) === 1 ? 'dag' : 'dagen'}${isAcute(r) ? ', mogelijk acuut gevaar' : ''})`);
    const rest = waiting.length > LISTED ? ` en nog ${waiting.length - LISTED}` : '';
    return [
        `Weekoverzicht ${municipality}: ${open.length} open ${open.length === 1 ? 'melding' : 'meldingen'}.`,
        `Nieuw, nog door niemand opgepakt: ${count('nieuw')}${named.length > 0 ? `: ${named.join(', ')}${rest}` : ''}.`,
        `In behandeling: ${count('in_behandeling')}. Doorgezet naar een ketenpartner: ${count('doorgezet')}.`,
        older > 0 ? `Langer dan 4 weken open: ${older}.` : '',
        questions,
    ]
        .filter(Boolean)
        .join('\n\n');
}

export interface WeeklyDigestDeps {
    runs: ScheduledRuns;
    reports: Pick<ReportArchive, 'listOpenReports'>;
    channels: ChannelDirectory;
    sender: ReportChannelSender;
    /** The digest as a message card (the sender posts cards). */
    renderDigest: (text: string) => ChannelCard;
    /** Questions to the aandachtfunctionaris of the municipality that wait for an answer. */
    waitingQuestions?: (municipality: Municipality) => Promise<number>;
    instanceId: string;
    logger: Logger;
    clock?: () => Date;
}

export class WeeklyDigest {
    constructor(private readonly deps: WeeklyDigestDeps) {}

    /** Posts this week's digest to every municipality with its own channel that has not had it; returns how many. */
    async runDue(): Promise<number> {
        const now = (this.deps.clock ?? (() => new Date()))();
        const week = digestWeekOf(now);
        if (!week) return 0;
        let posted = 0;
        let reports: Report[] | undefined;
        for (const municipality of MUNICIPALITIES) {
            const target = await this.deps.channels.targetFor(municipality);
            // Only a municipality's own channel: a digest of four municipalities in one fallback channel helps nobody.
            if (target?.kind !== 'bound') continue;
            const key = `digest_${week}_${municipality}`;
            if (!(await this.deps.runs.claim(key, this.deps.instanceId, new Date(now.getTime() + 5 * 60_000)))) continue;
            try {
                // The open index, not every report ever stored: the digest is about open reports only.
                reports ??= (await this.deps.reports.listOpenReports(MUNICIPALITIES, DIGEST_MAX_OPEN)).reports;
                const waiting = (await this.deps.waitingQuestions?.(municipality)) ?? 0;
                await this.deps.sender.postNewThread(municipality, this.deps.renderDigest(digestText(municipality, reports, now, waiting)), 'own');
                await this.deps.runs.complete(key, this.deps.instanceId);
                posted++;
                this.deps.logger.info({ job: 'digest', municipality, week, event: 'digest.posted' }, 'weekly digest posted');
            } catch (err) {
                // Not posted: released, so the next run (in minutes) tries again.
                await this.deps.runs.release(key, this.deps.instanceId).catch(() => undefined);
                this.deps.logger.warn({ job: 'digest', municipality, week, code: (err as { code?: unknown }).code, event: 'digest.failed' }, 'weekly digest not posted; will retry');
            }
        }
        return posted;
    }
}
