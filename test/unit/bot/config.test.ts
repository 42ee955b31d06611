import assert from 'node:assert/strict';
import { ConfigError, LOCAL_TENANT_ID, loadConfig } from '../../../bot/config';

const prod = {
    MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: 'AAAAAAAA-2222-4333-8444-555555555555',
    MicrosoftAppPassword: 'secret',
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
};

function failsOn(env: Record<string, string>, setting: string, argv: string[] = []) {
    assert.throws(() => loadConfig(env, argv), (err: unknown) => {
        assert.ok(err instanceof ConfigError, 'a ConfigError');
        assert.equal(err.setting, setting);
        assert.match(err.message, new RegExp(setting));
        return true;
    });
}

describe('config', () => {
    it('local mode needs nothing and uses embedded Azurite, the local tenant and the local organisation', () => {
        const c = loadConfig({}, ['--local']);
        assert.equal(c.mode, 'local');
        assert.equal(c.port, 3978);
        assert.equal(c.auth.kind, 'none');
        assert.equal(c.storage.kind, 'embedded');
        assert.deepEqual(c.allowedTenantIds, [LOCAL_TENANT_ID]);
        assert.match(c.organisationFile ?? '', /organisation\.local\.yml$/);
    });

    it('production is the default and requires the bot registration', () => {
        failsOn({}, 'MicrosoftAppId');
        failsOn({ ...prod, MicrosoftAppType: 'MultiTenant' }, 'MicrosoftAppType');
        failsOn({ ...prod, MicrosoftAppTenantId: '' }, 'MicrosoftAppTenantId');
        failsOn({ ...prod, MicrosoftAppPassword: '' }, 'MicrosoftAppPassword');
        failsOn({ ...prod, MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId');
    });

    it('production requires storage, and not two kinds at once', () => {
        const { STORAGE_CONNECTION_STRING: _omit, ...noStorage } = prod;
        failsOn(noStorage, 'STORAGE_CONNECTION_STRING');
        failsOn({ ...prod, STORAGE_ACCOUNT_URL: 'https://x.table.core.windows.net' }, 'STORAGE_CONNECTION_STRING');
        failsOn({ ...noStorage, STORAGE_ACCOUNT_URL: 'http://x.table.core.windows.net' }, 'STORAGE_ACCOUNT_URL');
    });

    it('accepts a managed identity setup without any secret', () => {
        const c = loadConfig({
            MicrosoftAppId: prod.MicrosoftAppId,
            MicrosoftAppType: 'UserAssignedMSI',
            MicrosoftAppTenantId: prod.MicrosoftAppTenantId,
            STORAGE_ACCOUNT_URL: 'https://mhstore.table.core.windows.net',
            AZURE_CLIENT_ID: prod.MicrosoftAppId,
        });
        assert.equal(c.auth.kind, 'UserAssignedMSI');
        assert.deepEqual(c.storage, { kind: 'accountUrl', accountUrl: 'https://mhstore.table.core.windows.net', managedIdentityClientId: prod.MicrosoftAppId });
    });

    it('defaults the allowed tenants to the bot tenant, lower-cased, and validates a given list', () => {
        assert.deepEqual(loadConfig(prod).allowedTenantIds, [prod.MicrosoftAppTenantId.toLowerCase()]);
        failsOn({ ...prod, ALLOWED_TENANT_IDS: 'abc' }, 'ALLOWED_TENANT_IDS');
        const two = loadConfig({ ...prod, ALLOWED_TENANT_IDS: `${LOCAL_TENANT_ID}, ${prod.MicrosoftAppTenantId}` });
        assert.equal(two.allowedTenantIds.length, 2);
    });

    it('names an invalid PORT, BOT_MODE, LOG_LEVEL or TABLE_PREFIX', () => {
        failsOn({ PORT: 'abc' }, 'PORT', ['--local']);
        failsOn({ PORT: '70000' }, 'PORT', ['--local']);
        failsOn({ BOT_MODE: 'test' }, 'BOT_MODE');
        failsOn({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', ['--local']);
        failsOn({ TABLE_PREFIX: 'bad-prefix' }, 'TABLE_PREFIX', ['--local']);
    });

    it('reads when the casus van de week goes out and how long learning data stays after opting out', () => {
        const d = loadConfig({}, ['--local']);
        assert.deepEqual(d.learningWeekly, { weekday: 1, hour: 10, minute: 0 });
        assert.equal(d.learningRetentionDays, 30);
        const c = loadConfig({ LEARNING_WEEKLY_DAY: '4', LEARNING_WEEKLY_TIME: '13:30', LEARNING_RETENTION_DAYS: '90' }, ['--local']);
        assert.deepEqual(c.learningWeekly, { weekday: 4, hour: 13, minute: 30 });
        assert.equal(c.learningRetentionDays, 90);
        failsOn({ LEARNING_WEEKLY_DAY: '8' }, 'LEARNING_WEEKLY_DAY', ['--local']);
        failsOn({ LEARNING_WEEKLY_TIME: '25:00' }, 'LEARNING_WEEKLY_TIME', ['--local']);
        failsOn({ LEARNING_WEEKLY_TIME: '10 uur' }, 'LEARNING_WEEKLY_TIME', ['--local']);
        failsOn({ LEARNING_RETENTION_DAYS: '0' }, 'LEARNING_RETENTION_DAYS', ['--local']);
    });
});
