/**
 * Small-cell protection for published counts. A count that can point at a person (fewer than 5, zero
 * included) is shown as "< 5" (primary suppression). That alone is not enough when a total is shown
 * next to its parts: total minus the shown parts gives the one small part back. So for every relation
 * published together (a total and the parts that add up to it) we compute what a reader can derive
 * from the shown numbers, and when a "< 5" cell or an "x" cell would be pinned to one value we also
 * hide another member of that relation as "x" (secondary suppression), until no relation pins a cell.
 *
 * What a reader knows of a cell: an exact number; "< 5" is 0..4 (or 1..4 for a row that only exists
 * because it counts something); "x" is anything from that floor upwards. Each relation is checked on
 * its own first, then all of them together (what one relation reveals tightens another); with the
 * relations the overview publishes that covers the subtraction from a total, the sum of the months of a
 * quarter, the parts that must be at least 1, and their combinations.
 * Pure; keys are opaque strings chosen by the caller.
 */

export const SMALL_CELL_LIMIT = 5;

export const SMALL_TEXT = '< 5';
export const HIDDEN_TEXT = 'x';

export type CellState = 'exact' | 'small' | 'hidden';

export interface CountRelation {
    /** 'sum': total = sum of parts. 'atMost': total <= sum of parts (a report with two forms is one report but counts in two rows). */
    kind: 'sum' | 'atMost';
    total: string;
    parts: readonly string[];
}

export interface CountModel {
    values: ReadonlyMap<string, number>;
    /** Lower bound a reader knows without the number (1 for a row that is only listed when it counts something); default 0. */
    floors?: ReadonlyMap<string, number>;
    relations: readonly CountRelation[];
}

interface Bounds {
    lo: number;
    hi: number;
}

export function protectCounts(model: CountModel): Map<string, CellState> {
    const state = new Map<string, CellState>();
    for (const [key, value] of model.values) state.set(key, value < SMALL_CELL_LIMIT ? 'small' : 'exact');
    const floor = (key: string) => model.floors?.get(key) ?? 0;
    const value = (key: string) => model.values.get(key) ?? 0;
    const bounds = (key: string): Bounds => {
        const s = state.get(key) ?? 'exact';
        if (s === 'exact') return { lo: value(key), hi: value(key) };
        if (s === 'small') return { lo: floor(key), hi: SMALL_CELL_LIMIT - 1 };
        return { lo: floor(key), hi: Infinity };
    };
    // Each round hides at least one more cell or ends, so this ends within the number of cells.
    for (let changed = true; changed; ) {
        changed = false;
        for (const relation of model.relations) {
            const pinned = pinnedMembers(relation, bounds, state);
            if (pinned.length === 0) continue;
            const hide = complement(relation, pinned, state, value);
            // Nothing left to hide: every other member is already "x"; the pinned value then follows from "x" cells only.
            if (hide === undefined) continue;
            state.set(hide, 'hidden');
            changed = true;
        }
        // Relations one at a time are not all a reader can do: the month card, the quarter card and the CSV
        // together let bounds from one relation tighten another. Propagate over all of them; a cell still
        // pinned gets one more member of one of its relations hidden, and the loop runs again.
        if (!changed) {
            search: for (const key of jointlyPinned(model, bounds, state)) {
                for (const relation of model.relations) {
                    if (relation.total !== key && !relation.parts.includes(key)) continue;
                    const hide = complement(relation, [key], state, value);
                    if (hide === undefined) continue;
                    state.set(hide, 'hidden');
                    changed = true;
                    break search;
                }
            }
        }
    }
    return state;
}

/** Propagation rounds over all relations together; every round only narrows, so few are needed. */
const JOINT_ROUNDS = 50;

/** Cells not shown exactly whose value the shown numbers fix when every relation is combined (0 excepted). */
function jointlyPinned(model: CountModel, bounds: (key: string) => Bounds, state: ReadonlyMap<string, CellState>): string[] {
    const lo = new Map<string, number>();
    const hi = new Map<string, number>();
    for (const key of model.values.keys()) {
        const b = bounds(key);
        lo.set(key, b.lo);
        hi.set(key, b.hi);
    }
    const L = (k: string) => lo.get(k) ?? 0;
    const H = (k: string) => hi.get(k) ?? 0;
    for (let round = 0, narrowed = true; narrowed && round < JOINT_ROUNDS; round++) {
        narrowed = false;
        const raise = (k: string, v: number) => {
            if (v > L(k)) {
                lo.set(k, v);
                narrowed = true;
            }
        };
        const lower = (k: string, v: number) => {
            if (v < H(k)) {
                hi.set(k, v);
                narrowed = true;
            }
        };
        for (const r of model.relations) {
            const sumLo = r.parts.reduce((acc, p) => acc + L(p), 0);
            const sumHi = r.parts.reduce((acc, p) => acc + H(p), 0);
            lower(r.total, sumHi);
            for (const p of r.parts) raise(p, L(r.total) - (sumHi - H(p)));
            if (r.kind === 'sum') {
                raise(r.total, sumLo);
                for (const p of r.parts) lower(p, H(r.total) - (sumLo - L(p)));
            }
        }
    }
    return [...model.values.keys()].filter((k) => (state.get(k) ?? 'exact') !== 'exact' && L(k) >= H(k) && L(k) > 0);
}

/**
 * Members of a relation that are not shown exactly but whose value the shown numbers fix. A cell fixed
 * at 0 does not count: no report, nobody to point at; hiding more for it would only cost numbers.
 */
export function pinnedMembers(relation: CountRelation, bounds: (key: string) => Bounds, state: ReadonlyMap<string, CellState>): string[] {
    const members = [relation.total, ...relation.parts];
    if (members.every((m) => (state.get(m) ?? 'exact') === 'exact')) return [];
    const parts = relation.parts.map((key) => ({ key, ...bounds(key) }));
    const t = bounds(relation.total);
    const sumLo = parts.reduce((s, p) => s + p.lo, 0);
    const finiteHi = parts.reduce((s, p) => s + (Number.isFinite(p.hi) ? p.hi : 0), 0);
    const infiniteHi = parts.filter((p) => !Number.isFinite(p.hi)).length;
    const hiWithout = (p: { hi: number }) => (infiniteHi - (Number.isFinite(p.hi) ? 0 : 1) > 0 ? Infinity : finiteHi - (Number.isFinite(p.hi) ? p.hi : 0));
    const pinned: string[] = [];
    for (const p of parts) {
        if ((state.get(p.key) ?? 'exact') === 'exact') continue;
        // total - (others at their most) <= part; for a sum also part <= total - (others at their least).
        const lo = Math.max(p.lo, t.lo - hiWithout(p));
        const hi = relation.kind === 'sum' ? Math.min(p.hi, t.hi - (sumLo - p.lo)) : p.hi;
        if (lo >= hi && lo > 0) pinned.push(p.key);
    }
    if ((state.get(relation.total) ?? 'exact') !== 'exact') {
        const allHi = infiniteHi > 0 ? Infinity : finiteHi;
        const lo = relation.kind === 'sum' ? Math.max(t.lo, sumLo) : t.lo;
        const hi = Math.min(t.hi, allHi);
        if (lo >= hi && lo > 0) pinned.push(relation.total);
    }
    return pinned;
}

/**
 * The cell to hide next: hiding a pinned cell itself does not help (the others still give it away), so
 * another member that is not hidden yet; the smallest first (it tells the least), the total last (totals
 * are what the numbers are for), then by key so the outcome does not depend on the order of reports.
 */
function complement(relation: CountRelation, pinned: readonly string[], state: ReadonlyMap<string, CellState>, value: (key: string) => number): string | undefined {
    const candidates = relation.parts.filter((k) => !pinned.includes(k) && state.get(k) !== 'hidden');
    candidates.sort((a, b) => value(a) - value(b) || (a < b ? -1 : a > b ? 1 : 0));
    if (candidates.length > 0) return candidates[0];
    return !pinned.includes(relation.total) && state.get(relation.total) !== 'hidden' ? relation.total : undefined;
}

export function shownText(state: CellState | undefined, value: number): string {
    if (state === 'small') return SMALL_TEXT;
    if (state === 'hidden') return HIDDEN_TEXT;
    return String(value);
}
