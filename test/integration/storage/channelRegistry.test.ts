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

    it("writes the tenant's reference only when its serviceUrl or bot id changed, not at every new colleague's first contact", async () => {
        const { factory } = await freshTables('reg');
        const registry = new ChannelRegistry(factory);
        const tenantRow = async () => (await factory.table('Channels')).getEntity<{ serviceUrl: string; conversationId: string }>('tenant', target('x').tenantId).catch(() => undefined);
        await registry.rememberPersonalChat('aad-1', { ...target('https://smba.trafficmanager.net/emea/'), conversationId: 'a:one' });
        const first = await tenantRow();
        assert.equal(first?.conversationId, 'a:one');
        await registry.rememberPersonalChat('aad-2', { ...target('https://smba.trafficmanager.net/emea/'), conversationId: 'a:two' });
        assert.equal((await tenantRow())?.etag, first?.etag, 'same serviceUrl and bot: no write');
        assert.equal((await registry.personalChat('aad-2'))?.conversationId, 'a:two', 'the colleague\'s own row is written');
        await registry.rememberPersonalChat('aad-2', { ...target('https://smba.trafficmanager.net/nl/'), conversationId: 'a:two' });
        assert.equal((await registry.tenantReference(target('x').tenantId))?.serviceUrl, 'https://smba.trafficmanager.net/nl/', 'a moved serviceUrl is written');
    });
});
