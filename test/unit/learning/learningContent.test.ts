import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadKnowledgeContent } from '../../../bot/knowledge/knowledgeLoader';
import { KnowledgeContentError } from '../../../bot/knowledge/knowledgeContentError';
import { LEARNING_FORMS, LEARNING_ROLES, loadLearningContent, phoneNumbersIn } from '../../../bot/learning/learningContent';
import { repoRoot } from '../../../bot/paths';

const CONTENT = path.join(repoRoot, 'bot/knowledge/content');
const knowledge = loadKnowledgeContent(CONTENT);

function validCase(id = 'een-casus'): Record<string, unknown> {
    return {
        id,
        titel: 'Een casus',
        rollen: ['baliemedewerker'],
        vormen: ['arbeid'],
        casus: 'Aan de balie zie je een man die het woord doet voor drie vrouwen. Hij heeft hun paspoorten bij zich en zegt dat ze bij hem wonen en werken.',
        vraag: 'Wat zou jij doen?',
        opties: [
            { tekst: 'Melden', goed: true, uitleg: 'Zo hoort het.' },
            { tekst: 'Niets', goed: false, uitleg: 'Nee.' },
            { tekst: 'Zelf onderzoeken', goed: false, uitleg: 'Nee.' },
        ],
        signalen: ['Iemand anders voert het woord'],
        route: 'Meld het bij de aandachtfunctionaris. Bij acuut gevaar bel je 112.',
        kennis: ['aandachtfunctionaris'],
        bronnen: [{ titel: 'Beleidsplan Mensenhandel IJsselstreek 2025-2028' }],
        gecontroleerd: '2026-12-02',
    };
}

function validQuestion(id = 'een-vraag'): Record<string, unknown> {
    return {
        id,
        rollen: ['algemeen'],
        vormen: ['seksueel'],
        vraag: 'Wie bel je bij acuut gevaar?',
        opties: [
            { tekst: '112', goed: true, uitleg: 'Altijd.' },
            { tekst: 'Niemand', goed: false, uitleg: 'Nee.' },
            { tekst: 'Later', goed: false, uitleg: 'Nee.' },
        ],
        kennis: ['acuut-gevaar'],
        bronnen: [{ titel: 'Beleidsplan' }],
        gecontroleerd: '2026-12-02',
    };
}

function load(cases: unknown[], questions: unknown[] = [validQuestion()]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leren-'));
    fs.mkdirSync(path.join(dir, 'leren'));
    fs.writeFileSync(path.join(dir, 'leren', 'casussen.yaml'), stringify({ casussen: cases }));
    fs.writeFileSync(path.join(dir, 'leren', 'quiz.yaml'), stringify({ vragen: questions }));
    return loadLearningContent(dir, knowledge);
}

function problems(cases: unknown[], questions?: unknown[]): string {
    try {
        load(cases, questions);
    } catch (err) {
        assert.ok(err instanceof KnowledgeContentError);
        return err.problems.join('\n');
    }
    assert.fail('the content loaded');
}

const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('learning content (casussen.yaml, quiz.yaml)', () => {
    it('loads the shipped content, with every case and question pointing at real entries', () => {
        const content = loadLearningContent(CONTENT, knowledge);
        assert.ok(content.cases.length >= 4);
        assert.ok(content.quiz.length >= 5);
    });

    it('ships at least 40 cases covering every role and every form of exploitation', () => {
        const content = loadLearningContent(CONTENT, knowledge);
        assert.ok(content.cases.length >= 40, `${content.cases.length} cases`);
        for (const role of LEARNING_ROLES) assert.ok(content.cases.some((c) => c.roles.includes(role)), `role ${role}`);
        for (const form of LEARNING_FORMS) assert.ok(content.cases.some((c) => c.forms.includes(form)), `form ${form}`);
    });

    it('loads a valid case and question', () => {
        const content = load([validCase()]);
        assert.equal(content.cases[0]?.id, 'een-casus');
        assert.equal(content.quiz[0]?.options[0]?.text, '112', 'an unquoted number is text');
    });

    it('refuses an unknown role or form', () => {
        assert.match(problems([{ ...validCase(), rollen: ['burgemeester'] }]), /casus "een-casus": veld "rollen.0": onbekende rol/);
        assert.match(problems([{ ...validCase(), vormen: ['onbekend'] }]), /veld "vormen.0": onbekende vorm/);
        assert.match(problems([validCase()], [{ ...validQuestion(), rollen: ['x'] }]), /vraag "een-vraag": veld "rollen.0": onbekende rol/);
    });

    it('refuses a missing or duplicate id', () => {
        assert.match(problems([without(validCase(), 'id')]), /casus "#1": veld "id": ontbreekt/);
        assert.match(problems([validCase('dubbel'), validCase('dubbel')]), /casus "dubbel": id komt twee keer voor/);
        assert.match(problems([validCase()], [validQuestion('q'), validQuestion('q')]), /vraag "q": id komt twee keer voor/);
    });

    it('refuses anything but exactly one correct option, and a case without exactly three options', () => {
        const opts = (validCase().opties as { goed: boolean }[]).map((o) => ({ ...o, goed: true }));
        assert.match(problems([{ ...validCase(), opties: opts }]), /precies één optie moet goed: true hebben \(nu 3\)/);
        const none = (validCase().opties as { goed: boolean }[]).map((o) => ({ ...o, goed: false }));
        assert.match(problems([{ ...validCase(), opties: none }]), /\(nu 0\)/);
        assert.match(problems([{ ...validCase(), opties: (validCase().opties as unknown[]).slice(0, 2) }]), /precies 3 opties/);
        assert.match(problems([validCase()], [{ ...validQuestion(), opties: (validQuestion().opties as unknown[]).slice(0, 2) }]), /3 of 4 opties/);
    });

    it('refuses knowledge ids that do not exist', () => {
        assert.match(problems([{ ...validCase(), kennis: ['bestaat-niet'] }]), /kennisbankitem "bestaat-niet" bestaat niet/);
        assert.match(problems([validCase()], [{ ...validQuestion(), kennis: ['ook-niet'] }]), /kennisbankitem "ook-niet" bestaat niet/);
    });

    it('refuses a phone number that is not in contacten.yaml, wherever it is', () => {
        assert.match(problems([{ ...validCase(), route: 'Bel 0800-1234567 voor advies.' }]), /telefoonnummer 08001234567 staat niet in contacten.yaml/);
        assert.match(problems([{ ...validCase(), casus: 'Zij belde 06-12345678 steeds.' }]), /telefoonnummer 0612345678/);
        // The numbers that are in contacten.yaml pass.
        assert.doesNotThrow(() => load([{ ...validCase(), route: 'Veilig Thuis 0800-2000, politie 0900-8844, bij acuut gevaar 112.' }]));
    });

    it('refuses missing sources or gecontroleerd date', () => {
        assert.match(problems([without(validCase(), 'bronnen')]), /veld "bronnen": ontbreekt/);
        assert.match(problems([{ ...validCase(), bronnen: [] }]), /noem minstens één bron/);
        assert.match(problems([without(validCase(), 'gecontroleerd')]), /veld "gecontroleerd": ontbreekt/);
        assert.match(problems([{ ...validCase(), gecontroleerd: 'gisteren' }]), /JJJJ-MM-DD/);
        assert.match(problems([validCase()], [without(validQuestion(), 'bronnen')]), /vraag "een-vraag": veld "bronnen"/);
    });

    it('refuses a case that is not written in Dutch', () => {
        const english = 'A woman at the desk says her employer keeps her passport and she works every day without pay, she is afraid of him and does not know the address where she lives.';
        assert.match(problems([{ ...validCase(), casus: english }]), /lijkt niet in het Nederlands/);
    });

    it('names every problem at once, with file and id', () => {
        const all = problems([{ ...validCase('a'), kennis: ['x'] }, { ...validCase('b'), rollen: ['y'] }]);
        assert.match(all, /leren\/casussen.yaml, casus "a"/);
        assert.match(all, /leren\/casussen.yaml, casus "b"/);
    });

    it('finds phone numbers but not years or dates', () => {
        assert.deepEqual(phoneNumbersIn('Bel 112 of 0800-2000, of 088 123 45 67.'), ['112', '08002000', '0881234567']);
        assert.deepEqual(phoneNumbersIn('In 2025-2028 en op 2026-12-02, §3.2, 15 jaar'), []);
    });
});
