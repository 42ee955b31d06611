import assert from 'node:assert/strict';
import type { CoordinatorRoster } from '../../../bot/cases/ports';
import { scopeDetail, statisticsScopeOf } from '../../../bot/cases/statisticsScope';
import type { Municipality } from '../../../bot/domain/vocabulary';

const BRUMMEN_ONLY = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f';
const TWO = '11111111-1111-4111-8111-111111111111';
const REGIONAL = '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a';
const REGIONAL_AND_ZUTPHEN = '22222222-2222-4222-8222-222222222222';

const OWN: Record<string, Municipality[]> = { [BRUMMEN_ONLY]: ['Brummen'], [TWO]: ['Lochem', 'Voorst'], [REGIONAL_AND_ZUTPHEN]: ['Zutphen'] };
const roster: CoordinatorRoster = {
    isCoordinator: (id, m) => (OWN[id?.toLowerCase() ?? ''] ?? []).includes(m),
    coordinatorsOf: () => [],
    municipalitiesOf: (id) => OWN[id?.toLowerCase() ?? ''] ?? [],
    isRegional: (id) => id?.toLowerCase() === REGIONAL || id?.toLowerCase() === REGIONAL_AND_ZUTPHEN,
};

describe('statistics scope: who sees which numbers', () => {
    it('a coordinator of one municipality sees that one, exact on the card', () => {
        assert.deepEqual(statisticsScopeOf(roster, BRUMMEN_ONLY), { kind: 'gemeente', municipalities: ['Brummen'], exactOnCard: true });
        assert.deepEqual(statisticsScopeOf(roster, BRUMMEN_ONLY.toUpperCase())?.municipalities, ['Brummen']);
    });

    it('a coordinator of two municipalities sees those two, protected (the view spans municipalities)', () => {
        assert.deepEqual(statisticsScopeOf(roster, TWO), { kind: 'gemeenten', municipalities: ['Lochem', 'Voorst'], exactOnCard: false });
    });

    it('the regional list sees all four, protected; a regional coordinator gets the regional view only', () => {
        assert.deepEqual(statisticsScopeOf(roster, REGIONAL), { kind: 'regionaal', municipalities: ['Brummen', 'Lochem', 'Voorst', 'Zutphen'], exactOnCard: false });
        assert.equal(statisticsScopeOf(roster, REGIONAL_AND_ZUTPHEN)?.kind, 'regionaal');
    });

    it('anyone else, or no identity, sees nothing', () => {
        assert.equal(statisticsScopeOf(roster, '33333333-3333-4333-8333-333333333333'), undefined);
        assert.equal(statisticsScopeOf(roster, undefined), undefined);
        assert.equal(statisticsScopeOf(roster, ''), undefined);
    });

    it('names the scope in codes for the audit trail', () => {
        assert.equal(scopeDetail(statisticsScopeOf(roster, REGIONAL)!), 'regionaal:Brummen+Lochem+Voorst+Zutphen');
        assert.equal(scopeDetail(statisticsScopeOf(roster, BRUMMEN_ONLY)!), 'gemeente:Brummen');
    });
});
