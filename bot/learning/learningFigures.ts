/**
 * The figures for Ambitie 3 (adequaat signaleren en melden) beside the overview: per municipality and
 * month, how many colleagues take part, how many cases and how many quizzes were answered. Counts only,
 * from the count rows (ports.ts), never from profiles. Who sees which municipalities, and whether
 * exactly, follows the overview's scope (bot/cases/statisticsScope.ts); small counts follow the same
 * small-cell rule (bot/cases/smallCells.ts). Only cells are published, no totals, so no cell can be
 * derived from others and primary suppression is the whole rule here.
 */
import { protectCounts, shownText } from '../cases/smallCells';
import type { StatisticsScope } from '../cases/statisticsScope';
import type { Municipality } from '../domain/vocabulary';
import { monthOf } from './learningModel';
import type { CountKind, CountRow } from './ports';

export const FIGURE_MONTHS = 6;

export interface LearningFigureRow {
    month: string;
    municipality: Municipality;
    participants: string;
    cases: string;
    quizzes: string;
}

export interface LearningFigures {
    scope: StatisticsScope;
    months: string[];
    rows: LearningFigureRow[];
    protected: boolean;
}

/** The last `count` months up to `now`, oldest first (YYYY-MM, Amsterdam). */
export function recentMonths(now: Date, count = FIGURE_MONTHS): string[] {
    const [y, m] = monthOf(now).split('-').map(Number) as [number, number];
    const months: string[] = [];
    for (let i = count - 1; i >= 0; i--) {
        const d = new Date(Date.UTC(y, m - 1 - i, 1));
        months.push(d.toISOString().slice(0, 7));
    }
    return months;
}

export function learningFigures(scope: StatisticsScope, months: readonly string[], counts: readonly CountRow[]): LearningFigures {
    const values = new Map<string, number>();
    const key = (month: string, municipality: string, kind: CountKind) => `${month}|${municipality}|${kind}`;
    const kinds: CountKind[] = ['deelnemer', 'casus', 'quiz'];
    for (const month of months) for (const m of scope.municipalities) for (const kind of kinds) values.set(key(month, m, kind), 0);
    for (const c of counts) {
        const k = key(c.month, c.municipality, c.kind);
        if (values.has(k)) values.set(k, (values.get(k) ?? 0) + 1);
    }
    const exact = scope.exactOnCard;
    const states = exact ? undefined : protectCounts({ values, relations: [] });
    const text = (k: string) => (states ? shownText(states.get(k), values.get(k) ?? 0) : String(values.get(k) ?? 0));
    const rows: LearningFigureRow[] = [];
    for (const month of months) {
        for (const municipality of scope.municipalities) {
            rows.push({
                month,
                municipality,
                participants: text(key(month, municipality, 'deelnemer')),
                cases: text(key(month, municipality, 'casus')),
                quizzes: text(key(month, municipality, 'quiz')),
            });
        }
    }
    return { scope, months: [...months], rows, protected: !exact };
}
