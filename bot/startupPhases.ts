import { performance } from 'node:perf_hooks';

/**
 * Where start-up time goes (issue 17: `npm run bench:startup` < 3 s). Each mark is the time since the
 * process started (performance.now() counts from the process's time origin), so node's own start and
 * the loading of main.ts's imports show up too. Numbers only: this goes into the 'bot ready' log line,
 * which `npm run bench:startup` reads to print its per-phase breakdown.
 */
export class StartupPhases {
    private readonly marks: Array<[string, number]> = [];

    constructor(private readonly now: () => number = () => performance.now()) {}

    /** Records that `phase` ended now. */
    mark(phase: string): void {
        this.marks.push([phase, Math.round(this.now())]);
    }

    /** Times `work` and marks `phase` when it settles (also when it fails), so parallel phases get their own end. */
    async time<T>(phase: string, work: Promise<T>): Promise<T> {
        try {
            return await work;
        } finally {
            this.mark(phase);
        }
    }

    /** Phase name -> ms since the process started, in the order the phases ended. */
    toJSON(): Record<string, number> {
        return Object.fromEntries(this.marks);
    }
}
