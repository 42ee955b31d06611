import assert from 'node:assert/strict';
import { TableServiceClient, TableClient } from '@azure/data-tables';
import sinon from 'sinon';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import { SANNE, channelActivityBase, personalMessage } from '../../support/activities';
import { startTestBot, type TestBot } from '../../support/botHarness';
import { makeRsaKey, startFakeIdentityProvider, type ChannelClaims, type FakeIdentityProvider } from '../../support/fakeIdentityProvider';
import { freshTables } from '../../support/testAzurite';

/**
 * Production authentication for real: botframework-connector validates RS256 tokens against OpenID
 * metadata and a JWKS served by a local identity provider (BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER).
 *
 * What the SDK checks, read in botframework-connector 4.23.3 (ParameterizedBotFrameworkAuthentication,
 * JwtTokenExtractor, EndorsementsValidator): the issuer must equal ToBotFromChannelTokenIssuer before
 * the signature is even looked at; the `kid` must be in the JWKS; jsonwebtoken verifies the signature
 * with algorithms RS256/384/512 only, exp/nbf with 5 minutes clock tolerance; the signing key's
 * endorsements must contain the activity's channelId; `aud` must be the bot's app id; the `serviceurl`
 * claim must equal the activity's serviceUrl.
 *
 * The accepted activity is a channel conversationUpdate in which a colleague (not the bot) joins: the
 * bot stores the channel's conversation reference in Tables (ChannelRegistry) and sends nothing, so it
 * needs no outbound token, which this offline test could not get from Entra ID. Its serviceUrl is
 * Teams' own (production accepts only the exact Connector hosts), and nothing is ever sent to it.
 */
const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const APP_ID = '11111111-2222-4333-8444-555555555555';
const OTHER_APP_ID = '99999999-2222-4333-8444-555555555555';

type Snapshot = Record<string, unknown[]>;

/** Every entity in every table with this prefix: "nothing processed" means this did not change. */
async function snapshot(connectionString: string, prefix: string): Promise<Snapshot> {
    const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
    const result: Snapshot = {};
    for await (const table of service.listTables()) {
        if (!table.name?.startsWith(prefix)) continue;
        const client = TableClient.fromConnectionString(connectionString, table.name, { allowInsecureConnection: true });
        const rows: unknown[] = [];
        for await (const entity of client.listEntities()) rows.push({ ...entity, etag: undefined, timestamp: undefined });
        result[table.name] = rows;
    }
    return result;
}

describe('Production authentication with real JWTs (local OpenID provider)', function () {
    this.timeout(30000);
    let idp: FakeIdentityProvider;
    let bot: TestBot;
    let connectionString: string;
    let prefix: string;
    let runSpy: sinon.SinonSpy;
    let caseNumber = 0;

    before(async () => {
        idp = await startFakeIdentityProvider();
        const tables = await freshTables('jwt');
        connectionString = tables.connectionString;
        prefix = tables.prefix;
        bot = await startTestBot({
            production: true,
            tables: tables.factory,
            env: {
                MicrosoftAppId: APP_ID,
                MicrosoftAppType: 'SingleTenant',
                MicrosoftAppTenantId: LOCAL_TENANT_ID,
                MicrosoftAppPassword: 'not-a-real-secret',
                STORAGE_CONNECTION_STRING: connectionString,
                BOT_OPENID_METADATA_URL: idp.metadataUrl,
                BOT_TOKEN_ISSUER: idp.issuer,
            },
        });
        runSpy = sinon.spy(bot.app.bot, 'run');
    });
    beforeEach(() => {
        // botbuilder's CloudAdapter writes every refused request to console.error; keep the test output readable.
        sinon.stub(console, 'error');
        runSpy.resetHistory();
        bot.connector.reset();
    });
    afterEach(() => (console.error as sinon.SinonStub).restore());
    after(async () => {
        runSpy?.restore();
        await bot?.close();
        await idp?.stop();
    });

    /** A colleague joins a channel of a fresh (per case) channel id, so each case has its own registry row. */
    function memberJoined(overrides: { serviceUrl?: string; channelId?: string } = {}) {
        const channelId = `19:kanaal-jwt-${++caseNumber}@thread.tacv2`;
        const base = channelActivityBase({ serviceUrl: TEAMS_SERVICE_URL, channelId, channelName: 'Meldingen JWT-test' });
        return {
            activity: {
                ...base,
                ...(overrides.serviceUrl ? { serviceUrl: overrides.serviceUrl } : {}),
                ...(overrides.channelId ? { channelId: overrides.channelId } : {}),
                type: 'conversationUpdate',
                conversation: { ...base.conversation, id: channelId },
                membersAdded: [{ id: SANNE.id, aadObjectId: SANNE.aadObjectId }],
                channelData: { ...base.channelData, eventType: 'teamMemberAdded' },
            },
            channelId,
        };
    }

    const claims = (extra: Partial<ChannelClaims> = {}): ChannelClaims => ({ aud: APP_ID, serviceurl: TEAMS_SERVICE_URL, ...extra });

    it('accepts a valid token: 200, and the channel reference is stored', async () => {
        const { activity, channelId } = memberJoined();
        const res = await bot.post(activity, { authorization: `Bearer ${idp.channelToken(claims())}` });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(runSpy.callCount, 1);
        const stored = await bot.app.registry.channel(channelId);
        assert.equal(stored?.serviceUrl, TEAMS_SERVICE_URL);
        assert.equal(stored?.tenantId, LOCAL_TENANT_ID);
        assert.equal(bot.connector.calls.length, 0);
        assert.ok(idp.jwksFetches >= 1, 'the SDK fetched the keys from the local provider');
    });

    const now = () => Math.floor(Date.now() / 1000);
    const refused: [string, () => { header?: string; serviceUrl?: string; channelId?: string }][] = [
        ['no Authorization header', () => ({})],
        ['an empty bearer', () => ({ header: 'Bearer ' })],
        ['another scheme (Basic)', () => ({ header: `Basic ${Buffer.from('bot:secret').toString('base64')}` })],
        ['a token that expired 10 minutes ago (beyond the 5-minute clock tolerance)', () => ({
            header: `Bearer ${idp.channelToken(claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 600 }))}`,
        })],
        ['a token for another bot (wrong audience)', () => ({ header: `Bearer ${idp.channelToken(claims({ aud: OTHER_APP_ID }))}` })],
        ['a token without audience', () => ({ header: `Bearer ${idp.channelToken({ serviceurl: TEAMS_SERVICE_URL } as ChannelClaims)}` })],
        ['a token from another issuer', () => ({ header: `Bearer ${idp.channelToken(claims({ iss: 'https://api.botframework.com.evil.example' }))}` })],
        ['an unsigned token (alg none, no kid)', () => ({ header: `Bearer ${idp.channelToken(claims(), { alg: 'none', kid: null })}` })],
        ['a token signed with another key under an unknown kid', () => ({
            header: `Bearer ${idp.channelToken(claims(), { privateKey: makeRsaKey().privateKey, kid: 'forged-key' })}`,
        })],
        ["a token whose serviceurl claim is another URL than the activity's serviceUrl", () => ({
            header: `Bearer ${idp.channelToken(claims({ serviceurl: 'https://smba.trafficmanager.net/amer/' }))}`,
        })],
        ["a valid token replayed with the activity's serviceUrl pointed elsewhere", () => ({
            header: `Bearer ${idp.channelToken(claims())}`,
            serviceUrl: 'http://127.0.0.1:9/elsewhere/',
        })],
        ["a token whose key is not endorsed for the activity's channel (webchat)", () => ({
            header: `Bearer ${idp.channelToken(claims())}`,
            channelId: 'webchat',
        })],
    ];

    /**
     * These reach jsonwebtoken's own checks (signature, algorithm, nbf). botframework-connector 4.23.3
     * passes jsonwebtoken's errors on unwrapped; bot/adapter.ts turns them into 401 (without it they
     * were 500s echoing the library's message, and Teams retries 5xx).
     */
    const refusedByJsonwebtoken: [string, () => string][] = [
        ['an unsigned token (alg none) naming the published kid', () => idp.channelToken(claims(), { alg: 'none' })],
        ['a token signed with another key under the published kid', () => idp.channelToken(claims(), { privateKey: makeRsaKey().privateKey })],
        ['an HS256 token keyed with the published public key (algorithm confusion)', () => idp.channelToken(claims(), { alg: 'HS256' })],
        ['a token that is not valid until 10 minutes from now', () => idp.channelToken(claims({ nbf: now() + 600 }))],
    ];

    for (const [label, make] of refused) {
        it(`refuses ${label}: 401, nothing processed`, async () => {
            const before = await snapshot(connectionString, prefix);
            const request = make();
            const { activity, channelId } = memberJoined({ serviceUrl: request.serviceUrl, channelId: request.channelId });
            const res = await bot.post(activity, request.header === undefined ? {} : { authorization: request.header });
            assert.equal(res.status, 401, JSON.stringify(res.body));
            await assertNothingProcessed(channelId, before);
        });
    }

    for (const [label, make] of refusedByJsonwebtoken) {
        it(`refuses ${label}: 401, nothing processed`, async () => {
            const before = await snapshot(connectionString, prefix);
            const { activity, channelId } = memberJoined();
            const res = await bot.post(activity, { authorization: `Bearer ${make()}` });
            await assertNothingProcessed(channelId, before);
            assert.equal(res.status, 401, JSON.stringify(res.body));
        });
    }

    /**
     * A token the channel service really signed, for a serviceUrl that is not Teams': another channel's
     * Connector, an Azure customer's own Traffic Manager profile, the fake connector on loopback (local
     * mode only). The door (bot/guards/teamsDoor.ts) answers 400 after the token and before the turn.
     */
    for (const serviceUrl of ['https://smba-evil.trafficmanager.net/emea/', 'https://directline.botframework.com/', 'http://127.0.0.1:9/']) {
        it(`refuses a valid token for the serviceUrl ${serviceUrl}: 400, nothing processed`, async () => {
            const before = await snapshot(connectionString, prefix);
            const { activity, channelId } = memberJoined({ serviceUrl });
            const res = await bot.post(activity, { authorization: `Bearer ${idp.channelToken(claims({ serviceurl: serviceUrl }))}` });
            assert.equal(res.status, 400, JSON.stringify(res.body));
            await assertNothingProcessed(channelId, before);
        });
    }

    it('refuses a personal message with a forged token: 401, no reply, no state', async () => {
        const before = await snapshot(connectionString, prefix);
        const activity = personalMessage('melden', { serviceUrl: bot.connector.url, conversationId: 'a:jwt-forged' });
        const forged = idp.channelToken(claims(), { privateKey: makeRsaKey().privateKey, kid: 'forged-key' });
        const res = await bot.post(activity, { authorization: `Bearer ${forged}` });
        assert.equal(res.status, 401);
        assert.equal(runSpy.callCount, 0);
        assert.equal(bot.connector.calls.length, 0);
        assert.deepEqual(await snapshot(connectionString, prefix), before);
    });

    async function assertNothingProcessed(channelId: string, before: Snapshot): Promise<void> {
        assert.equal(runSpy.callCount, 0, 'the bot must not see the activity');
        assert.equal(bot.connector.calls.length, 0, 'the bot must not call the connector');
        assert.equal(await bot.app.registry.channel(channelId), undefined);
        assert.deepEqual(await snapshot(connectionString, prefix), before, 'no Tables write');
    }
});

