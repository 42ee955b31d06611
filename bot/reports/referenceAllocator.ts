/**
 * Hands out readable references MH-<year>-<NNNN>, unique per year, from a ReferenceCounter (which makes
 * them unique across instances).
 */
import { yearInAmsterdam } from '../domain/amsterdamTime';
import type { ReferenceCounter } from './ports';

export interface ReferenceAllocatorOptions {
    clock?: () => Date;
}

export interface AllocatedReference {
    reference: string;
    year: number;
    sequence: number;
}

export function formatReference(year: number, sequence: number): string {
    return `MH-${year}-${String(sequence).padStart(4, '0')}`;
}

export const REFERENCE_PATTERN = /^MH-\d{4}-\d{4,}$/;


interface Waiter {
    resolve(value: AllocatedReference): void;
    reject(reason: unknown): void;
}

export class ReferenceAllocator {
    private readonly clock: () => Date;
    private queue: Waiter[] = [];
    private pumping = false;

    constructor(
        private readonly counter: ReferenceCounter,
        options: ReferenceAllocatorOptions = {},
    ) {
        this.clock = options.clock ?? (() => new Date());
    }

    /**
     * The next reference. Requests that arrive while a counter update is in flight are served together
     * by one update that reserves a block of numbers: within one instance there is then no contention
     * at all, and across instances the eTag still decides who gets which block.
     */
    next(): Promise<AllocatedReference> {
        return new Promise<AllocatedReference>((resolve, reject) => {
            this.queue.push({ resolve, reject });
            if (!this.pumping) void this.pump();
        });
    }

    private async pump(): Promise<void> {
        this.pumping = true;
        try {
            while (this.queue.length > 0) {
                const batch = this.queue;
                this.queue = [];
                try {
                    const year = yearInAmsterdam(this.clock());
                    const first = await this.counter.reserve(year, batch.length);
                    batch.forEach((waiter, i) => waiter.resolve({ reference: formatReference(year, first + i), year, sequence: first + i }));
                } catch (err) {
                    for (const waiter of batch) waiter.reject(err);
                }
            }
        } finally {
            this.pumping = false;
        }
    }
}
