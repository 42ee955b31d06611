/**
 * Paces every proactive send of this process to the limits Teams documents for bots
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): per bot per conversation
 * 7 per second, 8 per 2 s, 60 per 30 s and 1800 per hour, and 50 requests per second per app per
 * tenant. Staying under them means a burst after an outage drains steadily instead of provoking a
 * storm of 429s that all back off together. The limits are a sliding log per key; waiting is
 * first come, first served per key, so one busy channel never starves another.
 *
 * Urgent sends (a report of possible acute danger) may not wait behind a burst: ordinary sends leave a
 * reserve of every window unused (one send of a small window, a tenth of a large one), which only urgent
 * sends may take, and urgent sends queue separately from ordinary ones. A burst of 300 reports into one
 * channel then drains at about 90 % of Teams' rate, and an acute report still finds a free slot within
 * a second or two (`npm run bench:burst`).
 */
export interface RateWindow {
    windowMs: number;
    max: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
    { windowMs: 1000, max: 7 },
    { windowMs: 2000, max: 8 },
    { windowMs: 30_000, max: 60 },
    { windowMs: 3_600_000, max: 1800 },
];

export const TEAMS_TENANT_LIMITS: readonly RateWindow[] = [{ windowMs: 1000, max: 50 }];

export interface PacerOptions {
    conversation?: readonly RateWindow[];
    tenant?: readonly RateWindow[];
    clock?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

/** Keys not used for an hour are forgotten, so the map stays as small as the set of active chats. */
const FORGET_AFTER_MS = 3_600_000;

/**
 * A send is counted from when the pacer lets it go, Teams counts it when it arrives: between the two
 * lie the token, the SDK and the network, which vary by a few hundred ms under load. Every window is
 * kept this much longer, so two sends the pacer let go one window apart never arrive inside one.
 */
export const ARRIVAL_MARGIN_MS = 300;

/** What ordinary sends leave free in a window of `max` sends, for urgent ones. */
export function urgentReserve(max: number): number {
    return max <= 10 ? 1 : Math.ceil(max / 10);
}

class SlidingLog {
    private readonly sent: number[] = [];

    constructor(private readonly windows: readonly RateWindow[]) {}

    /** Ms to wait before one more send fits every window (ordinary sends: minus the reserve); 0 when it fits now. */
    waitFor(now: number, urgent = false): number {
        const longest = Math.max(...this.windows.map((w) => w.windowMs)) + ARRIVAL_MARGIN_MS;
        while (this.sent.length > 0 && (this.sent[0] as number) <= now - longest) this.sent.shift();
        let wait = 0;
        for (const w of this.windows) {
            const max = urgent ? w.max : Math.max(1, w.max - urgentReserve(w.max));
            const windowMs = w.windowMs + ARRIVAL_MARGIN_MS;
            const inWindow = this.countSince(now - windowMs);
            if (inWindow >= max) {
                // The send that must leave the window first is the (inWindow - max + 1)-th oldest inside it.
                const oldestInside = this.sent.length - inWindow;
                const leaving = this.sent[oldestInside + (inWindow - max)] as number;
                wait = Math.max(wait, leaving + windowMs - now);
            }
        }
        return wait;
    }

    record(now: number): void {
        this.sent.push(now);
    }

    lastAt(): number {
        return this.sent.at(-1) ?? Number.NEGATIVE_INFINITY;
    }

    private countSince(from: number): number {
        // Times are pushed in order: binary search for the first inside the window.
        let lo = 0;
        let hi = this.sent.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if ((this.sent[mid] as number) > from) hi = mid;
            else lo = mid + 1;
        }
        return this.sent.length - lo;
    }
}

export class TeamsPacer {
    private readonly conversations = new Map<string, SlidingLog>();
    private readonly tenants = new Map<string, SlidingLog>();
    private readonly queues = new Map<string, Promise<void>>();
    private readonly conversationLimits: readonly RateWindow[];
    private readonly tenantLimits: readonly RateWindow[];
    private readonly clock: () => number;
    private readonly sleep: (ms: number) => Promise<void>;
    private sinceCleanup = 0;

    constructor(options: PacerOptions = {}) {
        this.conversationLimits = options.conversation ?? TEAMS_CONVERSATION_LIMITS;
        this.tenantLimits = options.tenant ?? TEAMS_TENANT_LIMITS;
        this.clock = options.clock ?? Date.now;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    }

    /** Resolves when one send to this conversation (in this tenant) fits the limits, and counts it. */
    acquire(conversationKey: string, tenantId: string, options: { urgent?: boolean } = {}): Promise<void> {
        const urgent = options.urgent === true;
        // Urgent sends have a queue of their own: they never wait behind ordinary ones.
        const key = `${tenantId}\n${conversationKey}\n${urgent ? 'urgent' : 'ordinary'}`;
        const previous = this.queues.get(key) ?? Promise.resolve();
        const turn = previous.then(() => this.take(conversationKey, tenantId, urgent));
        const settled = turn.catch(() => undefined);
        this.queues.set(key, settled);
        void settled.then(() => {
            if (this.queues.get(key) === settled) this.queues.delete(key);
        });
        return turn;
    }

    private async take(conversationKey: string, tenantId: string, urgent: boolean): Promise<void> {
        const conversation = this.logOf(this.conversations, `${tenantId}\n${conversationKey}`, this.conversationLimits);
        const tenant = this.logOf(this.tenants, tenantId, this.tenantLimits);
        for (;;) {
            const now = this.clock();
            const wait = Math.max(conversation.waitFor(now, urgent), tenant.waitFor(now, urgent));
            if (wait <= 0) {
                conversation.record(now);
                tenant.record(now);
                this.cleanup(now);
                return;
            }
            await this.sleep(wait);
        }
    }

    private logOf(map: Map<string, SlidingLog>, key: string, limits: readonly RateWindow[]): SlidingLog {
        let log = map.get(key);
        if (!log) {
            log = new SlidingLog(limits);
            map.set(key, log);
        }
        return log;
    }

    private cleanup(now: number): void {
        if (++this.sinceCleanup < 500) return;
        this.sinceCleanup = 0;
        for (const map of [this.conversations, this.tenants]) {
            for (const [key, log] of map) if (log.lastAt() < now - FORGET_AFTER_MS) map.delete(key);
        }
    }
}
