/**
 * "After 2 working days", as the municipalities mean it: Monday to Friday in Europe/Amsterdam, counting
 * only time that falls on a working day. A question asked on Friday at 15:00 is due on Tuesday at 15:00;
 * one asked on Saturday counts from Monday 00:00 and is due on Wednesday 00:00. Public holidays are not
 * known to the bot and count as working days (documented in the README).
 */
const PARTS = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
});

interface LocalTime {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    weekend: boolean;
}

function local(at: Date): LocalTime {
    const p = Object.fromEntries(PARTS.formatToParts(at).map((x) => [x.type, x.value]));
    return {
        year: Number(p.year),
        month: Number(p.month),
        day: Number(p.day),
        hour: Number(p.hour),
        minute: Number(p.minute),
        second: Number(p.second),
        weekend: p.weekday === 'Sat' || p.weekday === 'Sun',
    };
}

/** The instant of a local Amsterdam wall-clock time (the offset is found by asking the formatter). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): Date {
    const guess = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    // Two rounds settle the offset also on the days the clocks change.
    let at = guess;
    for (let round = 0; round < 2; round++) {
        const l = local(new Date(at));
        const shown = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, ms);
        at += guess - shown;
    }
    return new Date(at);
}

const weekday = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay();
const isWeekend = (year: number, month: number, day: number) => [0, 6].includes(weekday(year, month, day));

/**
 * `start` plus `days` working days, on the wall clock in Amsterdam (so the clocks changing does not
 * move the hour): each step goes to the same local time on the next Monday-to-Friday day.
 */
export function addWorkingDays(start: Date, days: number): Date {
    const l = local(start);
    let { year, month, day, hour, minute, second } = l;
    const ms = start.getUTCMilliseconds();
    // A weekend start counts from Monday 00:00: no working time has passed yet.
    if (l.weekend) {
        while (isWeekend(year, month, day)) ({ year, month, day } = nextDay(year, month, day));
        hour = 0;
        minute = 0;
        second = 0;
    }
    for (let step = 0; step < days; step++) {
        do ({ year, month, day } = nextDay(year, month, day));
        while (isWeekend(year, month, day));
    }
    return instantOf(year, month, day, hour, minute, second, l.weekend ? 0 : ms);
}

function nextDay(year: number, month: number, day: number): { year: number; month: number; day: number } {
    const d = new Date(Date.UTC(year, month - 1, day + 1));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
