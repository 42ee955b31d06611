import assert from 'node:assert/strict';
import { recogniseIntent } from '../../../bot/teams/intents';

describe('recogniseIntent', () => {
    const cases: [string, string][] = [
        ['hallo', 'welcome'],
        ['Help', 'welcome'],
        ['menu', 'welcome'],
        ['melden', 'report'],
        ['Ik wil iets melden', 'report'],
        ['ik wil graag een signaal doorgeven', 'report'],
        ['mijn meldingen', 'myReports'],
        ['Waar meld ik dit?', 'routeWizard'],
        ['waar moet ik dit melden', 'routeWizard'],
        ['wie bel ik', 'routeWizard'],
        ['overzicht', 'overview'],
        ['onderwerpen', 'topics'],
        ['vraag', 'askQuestionPrompt'],
        ['Wat zijn signalen van arbeidsuitbuiting?', 'question'],
        ['<at>Signaalbot</at> koppel Brummen', 'bind'],
        ['   ', 'empty'],
        ['hallo, ik wil iets melden', 'report'],
        ['hoi bot', 'welcome'],
        ['help, er wordt iemand opgesloten in de kelder', 'question'],
        ['hallo, er staat een meisje te huilen en ze zegt dat ze niet naar huis durft', 'question'],
        ['waar meld ik een meisje van 14 dat door oudere mannen wordt opgehaald', 'question'],
        ['wie bel ik bij arbeidsuitbuiting in een kas', 'question'],
    ];
    for (const [text, kind] of cases) {
        it(`"${text}" -> ${kind}`, () => assert.equal(recogniseIntent(text).kind, kind));
    }

    it('reads the municipality of "koppel" case-insensitively, and flags an unknown one', () => {
        assert.deepEqual(recogniseIntent('koppel zutphen'), { kind: 'bind', target: 'Zutphen', raw: 'zutphen' });
        assert.deepEqual(recogniseIntent('koppel reservekanaal'), { kind: 'bind', target: 'reserve', raw: 'reservekanaal' });
        assert.deepEqual(recogniseIntent('koppel Apeldoorn'), { kind: 'bind', target: undefined, raw: 'apeldoorn' });
    });

    it('does not take a question that mentions melden for the report command', () => {
        assert.equal(recogniseIntent('moet ik een loverboy melden bij de politie').kind, 'question');
    });

    it('recognises the learning commands, and a campaign with or without a case id', () => {
        for (const t of ['leren aan', 'Leren', 'casus van de week', 'meedoen']) assert.equal(recogniseIntent(t).kind, 'learnOn', t);
        for (const t of ['leren uit', 'stop met leren', 'stoppen met leren']) assert.equal(recogniseIntent(t).kind, 'learnOff', t);
        for (const t of ['mijn rol', 'rol wijzigen']) assert.equal(recogniseIntent(t).kind, 'learnSettings', t);
        for (const t of ['quiz', 'start de quiz', 'Quiz!']) assert.equal(recogniseIntent(t).kind, 'quiz', t);
        assert.deepEqual(recogniseIntent('<at>Signaalbot</at> campagne'), { kind: 'campaign' });
        assert.deepEqual(recogniseIntent('campagne balie-nagelstudio'), { kind: 'campaign', caseId: 'balie-nagelstudio' });
        assert.equal(recogniseIntent('wat is een quiz over mensenhandel').kind, 'question');
        assert.equal(recogniseIntent('stop').kind, 'cancel', 'stop alone still stops a flow');
    });
});
