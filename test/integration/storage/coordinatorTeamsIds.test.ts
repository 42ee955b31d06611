import assert from 'node:assert/strict';
import { ChannelRegistry } from '../../../bot/channels/channelRegistry';
import { CoordinatorTeamsIds } from '../../../bot/channels/coordinatorTeamsIds';
import { createSilentLogger } from '../../../bot/logger';
import type { Municipality } from '../../../bot/domain/vocabulary';
import { freshTables } from '../../support/testAzurite';

const SANNE = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f';
const ANNE = '6f2b8c1d-3e4a-4b5c-9d6e-7f8091a2b3c4';
const KIM = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';

const roster = {
    coordinatorsOf: (m: Municipality) => (m === 'Brummen' ? [{ aadObjectId: SANNE }, { aadObjectId: ANNE }] : []),
    municipalitiesOf: (id: string | undefined): Municipality[] => (id === SANNE || id === ANNE ? ['Brummen'] : []),
};

describe("Coordinators' Teams ids (for the channel card's refresh) on Azurite", () => {
    it('learns only coordinators, only well-formed ids, stores them once, and another instance reads them at load', async () => {
        const { factory } = await freshTables('teamsids');
        const registry = new ChannelRegistry(factory);
        const here = new CoordinatorTeamsIds(registry, roster, createSilentLogger());
        assert.deepEqual(here.of('Brummen'), []);
        assert.equal(await here.learn({ id: '29:sanne', aadObjectId: SANNE.toUpperCase() }), true);
        assert.equal(await here.learn({ id: '29:sanne', aadObjectId: SANNE }), false, 'known: no second write');
        assert.equal(await here.learn({ id: '29:kim', aadObjectId: KIM }), false, 'not a coordinator: not kept');
        assert.equal(await here.learn({ id: 'evil<script>', aadObjectId: ANNE }), false, 'not a Teams user id');
        assert.equal(await here.learn({ id: '29:anne', aadObjectId: 'not-a-guid' }), false);
        assert.equal(await here.learnAll([{ id: '29:anne', aadObjectId: ANNE }, { id: '29:kim', aadObjectId: KIM }, {}]), 1);
        assert.deepEqual(here.of('Brummen'), ['29:sanne', '29:anne']);
        assert.deepEqual(here.of('Zutphen'), []);
        assert.deepEqual((await registry.teamsUsers()).map((r) => r.aadObjectId).sort(), [ANNE, SANNE].sort());

        const elsewhere = new CoordinatorTeamsIds(new ChannelRegistry(factory), roster, createSilentLogger());
        assert.equal(await elsewhere.load(), 2);
        assert.deepEqual(elsewhere.of('Brummen'), ['29:sanne', '29:anne']);
        // A Teams id that moved (re-created account): the new one wins.
        await elsewhere.learn({ id: '29:sanne-nieuw', aadObjectId: SANNE });
        await here.load();
        assert.deepEqual(here.of('Brummen'), ['29:sanne-nieuw', '29:anne']);
    });

    it('keeps what it knows when storage fails, and never fails the turn', async () => {
        const failing = {
            rememberTeamsUser: async () => {
                throw Object.assign(new Error('down'), { code: 'STORAGE_UNAVAILABLE' });
            },
            teamsUsers: async () => {
                throw Object.assign(new Error('down'), { code: 'STORAGE_UNAVAILABLE' });
            },
        };
        const ids = new CoordinatorTeamsIds(failing, roster, createSilentLogger());
        assert.equal(await ids.load(), 0);
        assert.equal(await ids.learn({ id: '29:sanne', aadObjectId: SANNE }), false);
        assert.deepEqual(ids.of('Brummen'), [], 'not remembered when it could not be stored (tried again next time)');
    });
});
