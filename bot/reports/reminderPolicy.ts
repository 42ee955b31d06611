/**
 * When a report nobody picked up is brought to the coordinators' attention again: after an hour for
 * possible acute danger (any day: danger does not wait for Monday), after two working days otherwise,
 * then once a working day, at most three times. Reminders are outbox rows (`fu_reminder`) with this
 * due time, so they survive restarts and go out exactly once across instances.
 */
import { addWorkingDaysInAmsterdam } from '../domain/amsterdamTime';
import type { Report } from './reportModel';

export interface ReminderPolicy {
    acuteAfterMs: number;
    workingDays: number;
    maxReminders: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { acuteAfterMs: 60 * 60 * 1000, workingDays: 2, maxReminders: 3 };

export function isAcute(report: Pick<Report, 'acuteDanger' | 'dangerInText'>): boolean {
    return report.acuteDanger || report.dangerInText === true;
}

/** The first reminder of a report posted at `postedAt`. */
export function firstReminderAt(report: Pick<Report, 'acuteDanger' | 'dangerInText'>, postedAt: Date, policy: ReminderPolicy): Date {
    return isAcute(report) ? new Date(postedAt.getTime() + policy.acuteAfterMs) : addWorkingDaysInAmsterdam(postedAt, policy.workingDays);
}

/** The next one after a reminder went out: the next working day (at most one a working day). */
export function nextReminderAt(sentAt: Date): Date {
    return addWorkingDaysInAmsterdam(sentAt, 1);
}

/** Whether the report still waits for someone to pick it up. */
export function stillUnhandled(report: Pick<Report, 'status' | 'purgedAt'>): boolean {
    return report.status === 'nieuw' && !report.purgedAt;
}
