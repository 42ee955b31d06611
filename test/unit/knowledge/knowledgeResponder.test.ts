import assert from 'node:assert/strict';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';
import { createSilentLogger } from '../../../bot/logger';
import { KnowledgeResponder, UNKNOWN_ENTRY_MESSAGE } from '../../../dialogs/knowledgeResponder';

const responder = new KnowledgeResponder(loadKnowledgeBase(), createSilentLogger());

/** Runs one turn through a TestAdapter and returns what the bot sent. */
async function turn(run: (context: TurnContext) => Promise<void>): Promise<Partial<Activity>[]> {
    const adapter = new TestAdapter(run);
    const sent: Partial<Activity>[] = [];
    await adapter.send('x');
    for (let a = adapter.activeQueue.shift(); a !== undefined; a = adapter.activeQueue.shift()) sent.push(a);
    return sent;
}

function cardJson(activity: Partial<Activity>): string {
    const content: unknown = activity.attachments?.[0]?.content;
    assert.ok(content !== undefined, 'expected a card');
    return JSON.stringify(content);
}

describe('KnowledgeResponder', () => {
    it('answers with an answer card: text, tel: links, source, date and alternatives', async () => {
        const [reply] = await turn((c) => responder.answer(c, 'hoe meld ik arbeidsuitbuiting bij de inspectie'));
        const json = cardJson(reply);
        assert.match(json, /Nederlandse Arbeidsinspectie/);
        assert.match(json, /"url":"tel:08005151"/);
        assert.match(json, /Laatst gecontroleerd: 28 november 2026/);
        assert.match(json, /Bron: /);
        assert.doesNotMatch(json, /Is er nu direct gevaar/);
    });

    it('puts the 112 advice on top when the question signals danger', async () => {
        const [reply] = await turn((c) => responder.answer(c, 'een meisje wordt opgesloten door haar loverboy'));
        const content = reply.attachments?.[0]?.content as { body: { type: string; style?: string }[] };
        assert.equal(content.body[0].style, 'attention');
        assert.match(cardJson(reply), /"url":"tel:112"/);
    });

    it('declines an off-topic question with the three ways forward', async () => {
        const [reply] = await turn((c) => responder.answer(c, 'hoe reset ik mijn wachtwoord'));
        const json = cardJson(reply);
        assert.match(json, /geen goed antwoord/);
        assert.match(json, /"action":"menu.melden"/);
        assert.match(json, /"action":"menu.onderwerpen"/);
        assert.match(json, /"entryId":"aandachtfunctionaris"/);
    });

    it('shows an entry by id and refuses unknown or forged ids in Dutch', async () => {
        const [ok] = await turn((c) => responder.showEntry(c, 'bibob'));
        assert.match(cardJson(ok), /Wet Bibob/);
        for (const bad of ['bestaat-niet', '../contacten', { id: 'bibob' }, undefined]) {
            const [reply] = await turn((c) => responder.showEntry(c, bad));
            assert.equal(reply.text, UNKNOWN_ENTRY_MESSAGE);
        }
    });

    it('shows the topics and a topic with its entries', async () => {
        const [topics] = await turn((c) => responder.showTopics(c));
        assert.match(cardJson(topics), /"action":"knowledge.topic","topicId":"signalen"/);
        const [topic] = await turn((c) => responder.showTopic(c, 'signalen'));
        assert.match(cardJson(topic), /"entryId":"signalen-arbeidsuitbuiting"/);
        const replies = await turn((c) => responder.showTopic(c, 'nope'));
        assert.equal(replies[0].text, UNKNOWN_ENTRY_MESSAGE);
    });

    it('asks for a question when the text is empty', async () => {
        const [reply] = await turn((c) => responder.answer(c, '   '));
        assert.match(reply.text ?? '', /Typ je vraag/);
    });
});
