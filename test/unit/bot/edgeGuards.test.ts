import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ActivityTypes, TestAdapter, TurnContext, type Activity, type CloudAdapter } from 'botbuilder';
import sinon from 'sinon';
import { plainText } from '../../../cards/renderCard';
import { ProactiveMessenger } from '../../../bot/channels/proactiveMessenger';
import { stripInvisible, stripInvisibleDeep } from '../../../bot/domain/invisibleText';
import { checkAtDoor, trustedServiceUrl } from '../../../bot/guards/teamsDoor';
import { tenantGuardMiddleware } from '../../../bot/guards/tenantGuard';
import { createLogger, loggedCode, loggedName, loggedType } from '../../../bot/logger';
import { DeliveryError } from '../../../bot/reports/ports';

const TENANT = '4a8c2f1e-6b3d-4e5f-9a7b-1c2d3e4f5a6b';

describe('the edges of issue 14 (unit)', () => {
    describe('trustedServiceUrl: exact Connector hosts', () => {
        const production = trustedServiceUrl('production');
        const local = trustedServiceUrl('local');
        for (const url of ['https://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net/amer/', 'https://smba.trafficmanager.net/teams/', 'https://SMBA.trafficmanager.net/apac/', 'https://smba.onyx.prod.teams.trafficmanager.net/']) {
            it(`trusts ${url} in both modes`, () => {
                assert.equal(production(url), true);
                assert.equal(local(url), true);
            });
        }
        for (const url of ['http://localhost:56150/_connector', 'http://127.0.0.1:3979', 'http://[::1]:3979/']) {
            it(`trusts loopback ${url} in local mode only`, () => {
                assert.equal(local(url), true);
                assert.equal(production(url), false);
            });
        }
        for (const url of [
            'https://smba-evil.trafficmanager.net/emea/',
            'https://x.smba.trafficmanager.net/emea/',
            'https://smba.trafficmanager.net.evil.example/',
            'https://smba.infra.gcc.teams.microsoft.com/teams',
            'https://directline.botframework.com/',
            'http://smba.trafficmanager.net/emea/',
            'https://smba.trafficmanager.net:444/emea/',
            'https://a@smba.trafficmanager.net/emea/',
            'ftp://127.0.0.1/',
            'http://127.0.0.2/',
            '',
        ]) {
            it(`refuses ${JSON.stringify(url)} in both modes`, () => {
                assert.equal(production(url), false);
                assert.equal(local(url), false);
            });
        }
    });

    it('the door refuses a non-Teams channel first, tolerates a missing conversation.tenantId, refuses fields of the wrong type', () => {
        const base = {
            type: 'message',
            channelId: 'msteams',
            recipient: { id: '28:b', name: 'Signaalbot' },
            serviceUrl: 'https://smba.trafficmanager.net/emea/',
            from: { id: '29:a', name: '' },
            conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' },
            channelData: { tenant: { id: TENANT } },
        } as Partial<Activity>;
        const check = trustedServiceUrl('production');
        assert.equal(checkAtDoor(base, check), undefined);
        assert.equal(checkAtDoor({ ...base, channelId: 'directline' }, check), 'not_teams');
        assert.equal(checkAtDoor({ ...base, conversation: { ...base.conversation!, tenantId: TENANT.toUpperCase() } }, check), undefined);
        assert.equal(checkAtDoor({ ...base, channelData: 'x' }, check), 'no_tenant');
        // Types the SDK relies on when it answers: it failed inside the turn on each of these.
        const malformed: Record<string, unknown>[] = [
            { recipient: undefined },
            { recipient: { id: true } },
            { from: { id: '29:a', name: 42 } },
            { conversation: { ...base.conversation!, isGroup: 'ja' } },
            { conversation: { ...base.conversation!, id: 'a:ü' } },
            { locale: { x: 1 } },
            { text: 42 },
            { entities: [{}] },
            { entities: [{ type: 'mention', text: '<at>x</at>' }] },
            { membersAdded: 'x' },
            { type: '' },
            { id: { x: 1 } },
        ];
        for (const change of malformed) assert.equal(checkAtDoor({ ...base, ...change } as Partial<Activity>, check), 'malformed', JSON.stringify(change));
        assert.equal(checkAtDoor({ ...base, text: null, locale: null, entities: [{ type: 'clientInfo' }] } as unknown as Partial<Activity>, check), undefined);
    });

    it('the tenant guard refuses an allowed tenant on another channel (proactive turns too)', async () => {
        const lines: string[] = [];
        const logger = createLogger('info', new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }));
        const guard = tenantGuardMiddleware([TENANT], logger);
        const adapter = new TestAdapter();
        for (const [channelId, expected] of [['msteams', true], ['directline', false], ['webchat', false]] as const) {
            const next = sinon.stub().resolves();
            const context = new TurnContext(adapter, { type: 'message', channelId, conversation: { id: 'c', tenantId: TENANT }, from: { id: 'u' } } as Activity);
            await guard.onTurn(context, next);
            assert.equal(next.called, expected, channelId);
        }
        assert.match(lines.join(''), /"reason":"not_teams"/);
    });

    it('a proactive send to a host the door would refuse fails permanently without a turn', async () => {
        const adapter = { continueConversationAsync: sinon.stub().resolves() };
        const messenger = new ProactiveMessenger(adapter as unknown as CloudAdapter, { botAppId: '', isTrustedServiceUrl: trustedServiceUrl('production') });
        const target = { conversationId: '19:x@thread.tacv2', serviceUrl: 'https://smba-evil.trafficmanager.net/emea/', tenantId: TENANT, botId: '28:b' };
        await assert.rejects(messenger.sendToConversation(target, { type: 'message', text: 'x' }), (err: unknown) => err instanceof DeliveryError && err.status === 403);
        assert.equal(adapter.continueConversationAsync.called, false);
    });

    it('strips bidi controls and zero-width characters, in nested card data too, keeping __proto__ an own key', () => {
        assert.equal(stripInvisible('a\u202Eb\u202Ac\u2066d\u2069e\u200Ef\u200Fg\u061Ch\u200Bi\u200Cj\u200Dk\u2060l\uFEFFm\u180En'), 'abcdefghijklmn');
        assert.equal(stripInvisible('Café 👍 naïve'), 'Café 👍 naïve');
        // Control characters too (JSON writes each as six characters); tab, newline and return stay.
        assert.equal(stripInvisible('a\u0001b\u001Fc\u007Fd\u0085e\tf\ng\rh'), 'abcde\tf\ng\rh');
        // The cards' last line, for text that reached a card without passing the door (the organisation file, older rows).
        assert.equal(plainText('Jan \u202Eteiw\u202C *x*'), 'Jan teiw \\*x\\*');
        const data = JSON.parse('{"a":"x\\u200By","b":[{"c":"\\u202Ez"}],"__proto__":{"polluted":"p\\u200Bq"},"n":3,"t":true,"z":null}') as Record<string, unknown>;
        const cleaned = stripInvisibleDeep(data) as Record<string, unknown>;
        assert.equal(JSON.stringify(cleaned), '{"a":"xy","b":[{"c":"z"}],"__proto__":{"polluted":"pq"},"n":3,"t":true,"z":null}');
        assert.ok(Object.prototype.hasOwnProperty.call(cleaned, '__proto__'), '__proto__ stays an own key');
        assert.equal(Object.getPrototypeOf(cleaned), Object.prototype);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        let deep: unknown = 'x';
        for (let i = 0; i < 100; i++) deep = [deep];
        assert.doesNotThrow(() => stripInvisibleDeep(deep));
    });

    it('logs only known activity types, names and codes', () => {
        assert.equal(loggedType(ActivityTypes.Message), 'message');
        assert.equal(loggedType('invoke'), 'invoke');
        assert.equal(loggedType('Geheime melding over Jan'), 'other');
        assert.equal(loggedType({ x: 1 }), 'other');
        assert.equal(loggedName('adaptiveCard/action'), 'adaptiveCard/action');
        assert.equal(loggedName('naam van iemand'), 'other');
        assert.equal(loggedName(undefined), undefined);
        assert.equal(loggedCode('STORAGE_UNAVAILABLE'), 'STORAGE_UNAVAILABLE');
        assert.equal(loggedCode('ECONNREFUSED'), 'ECONNREFUSED');
        assert.equal(loggedCode('de tekst van een melding'), 'other');
        assert.equal(loggedCode(42), 'other');
    });

    it('redacts sensitive fields at nested depths, not just at the top', () => {
        const lines: string[] = [];
        const logger = createLogger('trace', new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }));
        logger.info({ activity: { text: 'GEHEIM1', from: { name: 'GEHEIM2' }, value: { description: 'GEHEIM3' } }, req: { headers: { authorization: 'GEHEIM4' } }, note: 'GEHEIM5', a: { b: { c: { token: 'GEHEIM6' } } } }, 'x');
        assert.doesNotMatch(lines.join(''), /GEHEIM/);
        assert.match(lines.join(''), /\[verwijderd\]/);
    });
});
