import assert from 'node:assert/strict';
import { TableBotStorage } from '../../../bot/storage/tableBotStorage';
import { personalMessage } from '../../support/activities';
import { startTestBot, type TestBot } from '../../support/botHarness';
import { testAzurite } from '../../support/testAzurite';

describe('Production mode without a valid token', () => {
    let bot: TestBot;
    before(async () => {
        const azurite = await testAzurite();
        bot = await startTestBot({
            production: true,
            env: {
                MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
                MicrosoftAppType: 'SingleTenant',
                MicrosoftAppTenantId: '4a8c2f1e-6b3d-4e5f-9a7b-1c2d3e4f5a6b',
                MicrosoftAppPassword: 'not-a-real-secret',
                STORAGE_CONNECTION_STRING: azurite.connectionString,
            },
        });
    });
    after(async () => bot.close());

    for (const [label, headers] of [
        ['no Authorization header', {}],
        ['a malformed bearer token', { authorization: 'Bearer not.a.jwt' }],
    ] as const) {
        it(`answers 401 to ${label} and processes nothing`, async () => {
            const activity = personalMessage('hallo', { serviceUrl: bot.connector.url, conversationId: 'a:prod-auth' });
            const res = await bot.post(activity, headers);
            assert.equal(res.status, 401);
            // The answer says no more than that: no library message, no stack.
            assert.deepEqual(res.body, { error: 'unauthorized' });
            assert.equal(bot.connector.calls.length, 0);
            assert.deepEqual(await new TableBotStorage(bot.tables).read(['msteams/conversations/a:prod-auth/']), {});
        });
    }
});
