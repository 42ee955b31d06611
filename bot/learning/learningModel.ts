/**
 * The rules of learning (issue 18), pure: which case a participant gets next, which questions a quiz
 * draws, when this week's cases are due. Nothing here knows Tables or Teams.
 */
import type { Municipality } from '../domain/vocabulary';
import { LEARNING_ROLES, type LearningCase, type LearningRole, type QuizQuestion } from './learningContent';

/** A colleague who opted in (or did once): learning data, never report data. */
export interface Participant {
    aadObjectId: string;
    tenantId: string;
    /** A random id for the counts (so a count row never names the person). */
    learnerId: string;
    municipality?: Municipality;
    role?: LearningRole;
    optedIn: boolean;
    optedInAt?: string;
    optedOutAt?: string;
    /** Case ids sent or answered: nobody gets the same case twice. */
    seen: string[];
    /** Case ids answered (each counts once). */
    answered: string[];
    /** The week (YYYY-MM-DD of its send day) whose case was queued last. */
    lastWeek?: string;
}

export interface StoredParticipant {
    participant: Participant;
    etag: string;
}

export const QUIZ_LENGTH = 5;

export function isLearningRole(value: unknown): value is LearningRole {
    return typeof value === 'string' && (LEARNING_ROLES as readonly string[]).includes(value);
}

/**
 * The next case for a participant, never one they had: first a case written for their role, then a
 * general one, then any other (so the weeks do not stop when the role's cases run out). Without a role:
 * general cases first. Among equals the order of the content file, so editors decide what comes first.
 */
export function nextCaseFor(cases: readonly LearningCase[], role: LearningRole | undefined, seen: readonly string[]): LearningCase | undefined {
    const had = new Set(seen);
    const fresh = cases.filter((c) => !had.has(c.id));
    const forRole = role && role !== 'algemeen' ? fresh.find((c) => c.roles.includes(role)) : undefined;
    return forRole ?? fresh.find((c) => c.roles.includes('algemeen')) ?? fresh[0];
}

/**
 * Five questions for a role: the role's own first, then general ones, shuffled within each group by the
 * given random source (tests pass a fixed one). Fewer when the content has fewer.
 */
export function drawQuiz(questions: readonly QuizQuestion[], role: LearningRole | undefined, random: () => number = Math.random): QuizQuestion[] {
    const shuffle = <T>(items: T[]): T[] => {
        const a = [...items];
        for (let i = a.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [a[i], a[j]] = [a[j] as T, a[i] as T];
        }
        return a;
    };
    const own = role && role !== 'algemeen' ? shuffle(questions.filter((q) => q.roles.includes(role))) : [];
    const general = shuffle(questions.filter((q) => q.roles.includes('algemeen') && !own.includes(q)));
    const rest = shuffle(questions.filter((q) => !own.includes(q) && !general.includes(q)));
    return [...own, ...general, ...rest].slice(0, QUIZ_LENGTH);
}

/** The weekly send: which day (1 = Monday .. 7 = Sunday) and time in Europe/Amsterdam. */
export interface WeeklySchedule {
    weekday: number;
    hour: number;
    minute: number;
}

const AMSTERDAM_PARTS = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function amsterdamParts(at: Date): { date: string; weekday: number; minutes: number } {
    const parts = Object.fromEntries(AMSTERDAM_PARTS.formatToParts(at).map((p) => [p.type, p.value]));
    return {
        date: `${parts.year}-${parts.month}-${parts.day}`,
        weekday: WEEKDAYS.indexOf(parts.weekday ?? '') + 1,
        minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
}

/**
 * The key of this week's send (the Amsterdam date of the send day, YYYY-MM-DD) once its time has come,
 * until the week ends (Sunday 24:00): a bot that was down at 10:00 still sends that week, once.
 * undefined before the send time of this week.
 */
export function learningWeekOf(now: Date, schedule: WeeklySchedule): string | undefined {
    const here = amsterdamParts(now);
    const due = here.weekday > schedule.weekday || (here.weekday === schedule.weekday && here.minutes >= schedule.hour * 60 + schedule.minute);
    if (!due) return undefined;
    const [y, m, d] = here.date.split('-').map(Number) as [number, number, number];
    const sendDay = new Date(Date.UTC(y, m - 1, d - (here.weekday - schedule.weekday)));
    return sendDay.toISOString().slice(0, 10);
}

/** The month a count belongs to (YYYY-MM in Amsterdam). */
export function monthOf(at: Date): string {
    return amsterdamParts(at).date.slice(0, 7);
}

/** The case a coordinator's campaign sends without naming one: a general case, changing every week. */
export function caseOfTheWeek(cases: readonly LearningCase[], now: Date): LearningCase | undefined {
    const general = cases.filter((c) => c.roles.includes('algemeen'));
    const pool = general.length > 0 ? general : cases;
    if (pool.length === 0) return undefined;
    const week = Math.floor((now.getTime() + 3 * 24 * 3600 * 1000) / (7 * 24 * 3600 * 1000));
    return pool[week % pool.length];
}
