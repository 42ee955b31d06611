import assert from 'node:assert/strict';
import { ChannelRegistry } from '../../../bot/channels/channelRegistry';
import { freshTables } from '../../support/testAzurite';

describe('ChannelRegistry on Azurite', () => {
    const target = (serviceUrl: string) => ({
        conversationId: '19:kanaal@thread.tacv2',
        serviceUrl,
        tenantId: '4a8c2f1e-6b3d-4e5f-9a7b-1c2d3e4f5a6b',
        botId: '28:bot',
    });

    it('shows a binding made through this instance at once, and one made elsewhere after the read cache expires', async () => {
        const { factory } = await freshTables('reg');
        let clock = 1_000_000;
        const here = new ChannelRegistry(factory, () => clock);
        const elsewhere = new ChannelRegistry(factory);
        assert.equal(await here.binding('Brummen'), undefined);
        await here.bind('Brummen', '19:a@thread.tacv2', 'admin');
        assert.equal((await here.binding('Brummen'))?.conversationId, '19:a@thread.tacv2');

        await elsewhere.bind('Brummen', '19:b@thread.tacv2', 'admin');
        assert.equal((await here.binding('Brummen'))?.conversationId, '19:a@thread.tacv2', 'still the cached read');
        clock += 31_000;
        assert.equal((await here.binding('Brummen'))?.conversationId, '19:b@thread.tacv2');
    });

    it('stores a channel reference once per serviceUrl and refreshes it when the serviceUrl moves', async () => {
        const { factory } = await freshTables('reg');
        const registry = new ChannelRegistry(factory);
        await registry.rememberChannel(target('https://smba.trafficmanager.net/emea/'));
        assert.equal((await registry.channel('19:kanaal@thread.tacv2'))?.serviceUrl, 'https://smba.trafficmanager.net/emea/');
        await registry.rememberChannel(target('https://smba.trafficmanager.net/nl/'));
        assert.equal((await registry.channel('19:kanaal@thread.tacv2'))?.serviceUrl, 'https://smba.trafficmanager.net/nl/');
        const fresh = new ChannelRegistry(factory);
        assert.equal((await fresh.channel('19:kanaal@thread.tacv2'))?.serviceUrl, 'https://smba.trafficmanager.net/nl/');
        assert.equal((await fresh.tenantReference(target('x').tenantId))?.botId, '28:bot');
    });
});
