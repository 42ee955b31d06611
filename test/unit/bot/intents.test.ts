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
});
