import assert from 'node:assert/strict';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';
import { createSilentLogger } from '../../../bot/logger';
import { KnowledgeResponder, UNKNOWN_ENTRY_MESSAGE } from '../../../dialogs/knowledgeResponder';

const coordinators = {
    coordinatorsOf: (m: string) => (m === 'Zutphen' ? [{ aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Ria Zutphen', email: 'r.zutphen@zutphen.nl' }] : []),
};
const responder = new KnowledgeResponder(loadKnowledgeBase(), createSilentLogger(), coordinators);

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

    it('answers "wie is de AF in Zutphen" with Zutphen\'s own aandachtfunctionaris, and says so when a municipality has none', async () => {
        const [reply] = await turn((c) => responder.answer(c, 'wie is de AF in Zutphen?'));
        const json = cardJson(reply);
        assert.match(json, /Aandachtfunctionaris in Zutphen/);
        assert.match(json, /Ria Zutphen, r.zutphen@zutphen.nl/);
        assert.match(json, /"url":"mailto:r.zutphen@zutphen.nl"/);
        const [lochem] = await turn((c) => responder.answer(c, 'wie is de aandachtfunctionaris in Lochem'));
        assert.match(cardJson(lochem), /Voor Lochem staat nog geen aandachtfunctionaris in de bot/);
    });

    it('answers a described situation with the route advice for what it understood, and buttons to refine or report prefilled', async () => {
        const [reply] = await turn((c) => responder.answer(c, 'bij de balie zag ik een meisje van 14 dat steeds door een oudere man wordt opgehaald, ze krijgt dure spullen'));
        const json = cardJson(reply);
        assert.match(json, /Je beschrijft een minderjarige, mogelijk seksuele uitbuiting/);
        assert.match(json, /Veilig Thuis/);
        assert.match(json, /"action":"menu.waarMeldIk"/);
        assert.match(json, /"action":"menu.melden","prefill":\{[^}]*"minor":"ja"/);
    });

    it('puts 112 and 113 on top for self-harm, and Veilig Thuis for a child in danger, with numbers from contacten.yaml', async () => {
        const [selfHarm] = await turn((c) => responder.answer(c, 'een klant zegt dat hij er vanavond een eind aan maakt'));
        const content = selfHarm.attachments?.[0]?.content as { body: { style?: string }[] };
        assert.equal(content.body[0].style, 'attention');
        assert.match(cardJson(selfHarm), /"url":"tel:112"/);
        assert.match(cardJson(selfHarm), /113 Zelfmoordpreventie[^:"]*: 0800-0113/);
        const [child] = await turn((c) => responder.answer(c, 'help, een meisje van 12 wordt nu in een auto getrokken'));
        assert.match(cardJson(child), /Meld het na 112 ook bij Veilig Thuis[^:"]*: 0800-2000/);
        // Also when the message is a question, not a story.
        const [question] = await turn((c) => responder.answer(c, 'wat moet ik doen, een kind wordt nu geslagen'));
        assert.match(cardJson(question), /Meld het na 112 ook bij Veilig Thuis/);
    });

    it('answers an English question in Dutch with one English line', async () => {
        const [reply] = await turn((c) => responder.answer(c, 'what are the signs of labour exploitation?'));
        const json = cardJson(reply);
        assert.match(json, /I only speak Dutch/);
        assert.match(json, /arbeidsuitbuiting/i);
    });

    it('never leaves a non-answer a dead end: the safe routes and a button to the aandachtfunctionaris that carries no free text', async () => {
        const [reply] = await turn((c) => responder.answer(c, 'hoe vraag ik een parkeervergunning aan in Zutphen'));
        const json = cardJson(reply);
        assert.match(json, /Waar je altijd terecht kunt/);
        assert.match(json, /Veilig Thuis[^:"]*: 0800-2000/);
        assert.match(json, /"action":"knowledge.askCoordinator","municipality":"Zutphen"/);
        assert.doesNotMatch(json, /parkeervergunning/);
        const [ask] = await turn((c) => responder.askCoordinator(c, 'Zutphen'));
        assert.match(cardJson(ask), /Ria Zutphen/);
        const [forged] = await turn((c) => responder.askCoordinator(c, { $gt: '' }));
        assert.doesNotMatch(cardJson(forged), /Aandachtfunctionaris in/);
    });
});
