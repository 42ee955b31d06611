import assert from 'node:assert/strict';
import { ChannelRegistry } from '../../../bot/channels/channelRegistry';
import { TableBotStorage } from '../../../bot/storage/tableBotStorage';
import {
    ANNE,
    BRUMMEN_CHANNEL,
    FOREIGN_TENANT,
    PIETER,
    botAddedToPersonalChat,
    botAddedToTeam,
    cardSubmit,
    channelMessage,
    personalInstall,
    personalMessage,
} from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';

describe('Foundation over HTTP (real server, Azurite, fake connector)', () => {
    let bot: TestBot;
    before(async () => {
        bot = await startTestBot();
    });
    after(async () => {
        await bot.close();
    });
    beforeEach(() => bot.connector.reset());

    const serviceUrl = () => bot.connector.url;
    const personalId = (p = ANNE) => `a:personal-${p.aadObjectId}`;

    it('answers /healthz and /readyz', async () => {
        const health = await fetch(`${bot.url}/healthz`);
        assert.equal(health.status, 200);
        const ready = await fetch(`${bot.url}/readyz`);
        assert.equal(ready.status, 200);
        assert.deepEqual(await ready.json(), { status: 'ready' });
    });

    it('greets with the Dutch welcome card when installed in a personal chat', async () => {
        const res = await bot.post(personalInstall({ serviceUrl: serviceUrl() }));
        assert.equal(res.status, 200);
        const cards = cardsIn(bot.connector.sentTo(personalId()));
        assert.equal(cards.length, 1);
        const text = cardText(cards[0]);
        assert.match(text, /Welkom bij de Signaalbot Mensenhandel/);
        assert.match(text, /Signaal melden/);
        assert.match(text, /Vraag stellen/);
        assert.match(text, /Waar meld ik dit\?/);
        assert.match(text, /112/);
    });

    it('greets once when both conversationUpdate and installationUpdate arrive', async () => {
        await bot.post(botAddedToPersonalChat({ serviceUrl: serviceUrl(), from: PIETER }));
        await bot.post(personalInstall({ serviceUrl: serviceUrl(), from: PIETER }));
        assert.equal(cardsIn(bot.connector.sentTo(personalId(PIETER))).length, 1);
    });

    it('introduces itself in a channel when added to a team and stores the channel reference', async () => {
        const res = await bot.post(botAddedToTeam({ serviceUrl: serviceUrl() }));
        assert.equal(res.status, 200);
        const text = cardText(cardsIn(bot.connector.sentTo(BRUMMEN_CHANNEL))[0]);
        assert.match(text, /Signaalbot Mensenhandel is toegevoegd/);
        assert.match(text, /koppel Brummen/);
        const stored = await new ChannelRegistry(bot.tables).channel(BRUMMEN_CHANNEL);
        assert.ok(stored, 'channel reference stored in Tables');
        assert.equal(stored.serviceUrl, serviceUrl());
        assert.equal(stored.teamId, '19:team-ijsselstreek@thread.tacv2');
    });

    it('answers text it does not understand with the options, never with an echo', async () => {
        await bot.post(personalMessage('xyzzy plugh', { serviceUrl: serviceUrl() }));
        const sent = bot.connector.sentTo(personalId());
        assert.ok(sent.length >= 1);
        const all = JSON.stringify(sent);
        assert.ok(!all.includes('xyzzy'), 'the bot must not echo the input');
        assert.match(cardText(cardsIn(sent)[0]), /Signaal melden/);
    });

    it('refuses an activity from a foreign tenant: nothing sent, nothing stored', async () => {
        const activity = personalMessage('hallo', { serviceUrl: serviceUrl(), tenantId: FOREIGN_TENANT, conversationId: 'a:foreign' });
        const res = await bot.post(activity);
        assert.equal(res.status, 200);
        assert.equal(bot.connector.calls.length, 0);
        const state = await new TableBotStorage(bot.tables).read([`msteams/conversations/a:foreign/`]);
        assert.deepEqual(state, {});
    });

    it('refuses an activity without any tenant', async () => {
        const activity = personalMessage('hallo', { serviceUrl: serviceUrl() }) as Record<string, unknown>;
        activity.conversation = { id: 'a:no-tenant', conversationType: 'personal' };
        activity.channelData = {};
        await bot.post(activity);
        assert.equal(bot.connector.calls.length, 0);
    });

    it('handles the same activity delivered twice only once', async () => {
        const activity = personalMessage('hallo', { serviceUrl: serviceUrl() });
        await bot.post(activity);
        await bot.post(activity);
        assert.equal(bot.connector.sentTo(personalId()).length, 1);
    });

    it('says an old card button belongs to a finished conversation', async () => {
        await bot.post(cardSubmit({ action: 'report.submit', submissionId: 'x' }, { serviceUrl: serviceUrl() }));
        const sent = bot.connector.sentTo(personalId());
        assert.match(String(sent[0].text), /al is afgerond/);
    });

    it('refuses "koppel" from someone who is not an admin, and binds for an admin', async () => {
        await bot.post(channelMessage('koppel Brummen', { serviceUrl: serviceUrl(), from: PIETER }));
        let replies = bot.connector.sentTo(BRUMMEN_CHANNEL);
        assert.match(String(replies.at(-1)?.text), /Alleen een beheerder/);
        assert.equal(await new ChannelRegistry(bot.tables).binding('Brummen'), undefined);

        await bot.post(channelMessage('koppel Brummen', { serviceUrl: serviceUrl(), from: ANNE }));
        replies = bot.connector.sentTo(BRUMMEN_CHANNEL);
        assert.match(String(replies.at(-1)?.text), /gekoppeld aan de gemeente Brummen/);
        const binding = await new ChannelRegistry(bot.tables).binding('Brummen');
        assert.equal(binding?.conversationId, BRUMMEN_CHANNEL);
    });

    it('refuses to bind an unknown municipality and changes nothing', async () => {
        await bot.post(channelMessage('koppel Apeldoorn', { serviceUrl: serviceUrl(), from: ANNE }));
        assert.match(String(bot.connector.sentTo(BRUMMEN_CHANNEL).at(-1)?.text), /Die gemeente ken ik niet/);
    });

    it('refuses a request body over the size limit', async () => {
        const activity = personalMessage('a'.repeat(400 * 1024), { serviceUrl: serviceUrl() });
        const res = await bot.post(activity);
        assert.equal(res.status, 413);
        assert.equal(bot.connector.calls.length, 0);
    });

    it('answers 400 to a body that is not an activity, and to broken JSON, without processing anything', async () => {
        const noType = await bot.post({ text: 'hallo' });
        assert.equal(noType.status, 400);
        const list = await bot.post([personalMessage('hallo', { serviceUrl: serviceUrl() })]);
        assert.equal(list.status, 400);
        const broken = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
        assert.equal(broken.status, 400);
        assert.equal(bot.connector.calls.length, 0);
    });

    it('never starts a report in a channel, typed or through a card button', async () => {
        await bot.post(channelMessage('melden', { serviceUrl: serviceUrl() }));
        assert.match(String(bot.connector.sentTo(BRUMMEN_CHANNEL).at(-1)?.text), /1-op-1-chat/);
        const button = channelMessage('', { serviceUrl: serviceUrl() }) as Record<string, unknown>;
        button.text = '';
        button.value = { action: 'menu.melden', prefill: { forms: ['arbeid'] } };
        await bot.post(button);
        const replies = bot.connector.sentTo(BRUMMEN_CHANNEL);
        assert.match(String(replies.at(-1)?.text), /1-op-1-chat/);
        assert.doesNotMatch(JSON.stringify(replies), /report\.safety|report\.details/);
    });

    it('shows "mijn meldingen" only in the personal chat', async () => {
        await bot.post(channelMessage('mijn meldingen', { serviceUrl: serviceUrl() }));
        assert.match(String(bot.connector.sentTo(BRUMMEN_CHANNEL).at(-1)?.text), /alleen zien in je 1-op-1-chat/);
        assert.equal(cardsIn(bot.connector.sentTo(BRUMMEN_CHANNEL)).length, 0);
    });
});
