/**
 * Bounded Damerau-Levenshtein (optimal string alignment) distance: typos like "arbeidsuitbuting"
 * or "lovrboy" are one edit away. Returns `max + 1` as soon as the distance must exceed `max`, so a
 * scan over the vocabulary stays cheap.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    if (a === b) return 0;
    const n = b.length;
    let prevPrev: number[] = new Array<number>(n + 1).fill(0);
    let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
    let cur: number[] = new Array<number>(n + 1).fill(0);
    for (let i = 1; i <= a.length; i++) {
        cur[0] = i;
        let rowMin = cur[0];
        for (let j = 1; j <= n; j++) {
            const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
            let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
                v = Math.min(v, prevPrev[j - 2] + 1);
            }
            cur[j] = v;
            if (v < rowMin) rowMin = v;
        }
        if (rowMin > max) return max + 1;
        [prevPrev, prev, cur] = [prev, cur, prevPrev];
    }
    return prev[n];
}

/** How many typos a word of this length may have: short words must match exactly, or "mes" becomes "mens". */
export function allowedTypos(length: number): number {
    if (length <= 4) return 0;
    if (length <= 8) return 1;
    return 2;
}
