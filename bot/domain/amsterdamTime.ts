/**
 * Dates as the municipalities mean them: the calendar in Europe/Amsterdam, whatever zone the server
 * runs in. The one place that knows the zone; the formatters are built once because constructing an
 * Intl.DateTimeFormat with a time zone costs far more than using one, and every report turn asks.
 * (bot/knowledge keeps its own date label for content dates; it is rewritten separately.)
 */
const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
const DUTCH_DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const DUTCH_DATE_TIME = new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
});

/** The calendar date (YYYY-MM-DD) in the Netherlands at this instant: where "no dates in the future" is meant. */
export function todayInAmsterdam(now: Date): string {
    return AMSTERDAM_DATE.format(now);
}

/** The year in the Netherlands: a report at 00:30 on 1 January (local) belongs to the new year. */
export function yearInAmsterdam(now: Date): number {
    return Number(todayInAmsterdam(now).slice(0, 4));
}

const AMSTERDAM_WEEKDAY = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', weekday: 'short' });
const WEEKEND = new Set(['Sat', 'Sun']);

/** Whether this instant falls on a Saturday or Sunday in the Netherlands. */
export function isWeekendInAmsterdam(at: Date): boolean {
    return WEEKEND.has(AMSTERDAM_WEEKDAY.format(at));
}

/**
 * `days` working days (Monday to Friday in the Netherlands) after `from`, at the same time of day; from a
 * weekend the count starts on Monday. Public holidays are not known here: they count as working days.
 * Steps a day at a time, so at most days + 2 weekends of steps: bounded.
 */
export function addWorkingDaysInAmsterdam(from: Date, days: number): Date {
    const DAY = 24 * 3600 * 1000;
    let at = from.getTime();
    while (isWeekendInAmsterdam(new Date(at))) at += DAY;
    for (let left = days; left > 0; ) {
        at += DAY;
        if (!isWeekendInAmsterdam(new Date(at))) left--;
    }
    return new Date(at);
}

/** "2026-03-04" -> "4 maart 2026" (a calendar date, no time zone shift). */
export function formatDutchDate(isoDate: string): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
    if (!m) return isoDate;
    return DUTCH_DATE.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** An instant (ISO timestamp) as Dutch local date and time; an unreadable one is shown as it is. */
export function formatDutchDateTime(isoTimestamp: string): string {
    const date = new Date(isoTimestamp);
    if (Number.isNaN(date.getTime())) return isoTimestamp;
    return DUTCH_DATE_TIME.format(date);
}
