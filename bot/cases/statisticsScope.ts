/**
 * Whose eyes see which numbers (issue 14, item 3). Decided on the server for every request from the
 * organisation file, never from card data:
 * - someone on the `regional` list sees all four municipalities, protected (small counts "< 5");
 * - a coordinator of exactly one municipality sees that municipality with exact counts on the card:
 *   they handle every one of its reports on the channel card anyway, so exact counts show them nothing
 *   new, and "< 5" would only get in the way of their work. Their CSV is protected all the same,
 *   because a CSV leaves Teams;
 * - a coordinator of several municipalities sees those, protected: the view spans municipalities;
 * - anyone else sees nothing.
 * A regional person who also coordinates a municipality gets the regional view: one scope per person,
 * so nobody can set an exact view next to a protected one and subtract.
 */
import { MUNICIPALITIES, type Municipality } from '../domain/vocabulary';
import type { CoordinatorRoster } from './ports';

export type StatisticsScope =
    | { kind: 'regionaal'; municipalities: readonly Municipality[]; exactOnCard: false }
    | { kind: 'gemeente'; municipalities: readonly [Municipality]; exactOnCard: true }
    | { kind: 'gemeenten'; municipalities: readonly Municipality[]; exactOnCard: false };

export function statisticsScopeOf(roster: CoordinatorRoster, aadObjectId: string | undefined): StatisticsScope | undefined {
    if (!aadObjectId) return undefined;
    if (roster.isRegional(aadObjectId)) return { kind: 'regionaal', municipalities: MUNICIPALITIES, exactOnCard: false };
    const own = roster.municipalitiesOf(aadObjectId);
    if (own.length === 0) return undefined;
    if (own.length === 1) return { kind: 'gemeente', municipalities: [own[0]], exactOnCard: true };
    return { kind: 'gemeenten', municipalities: own, exactOnCard: false };
}

/** For the audit trail: which numbers were looked at, in codes ("regionaal:Brummen+Lochem+Voorst+Zutphen"). */
export function scopeDetail(scope: StatisticsScope): string {
    return `${scope.kind}:${scope.municipalities.join('+')}`;
}
