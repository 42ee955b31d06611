import assert from 'node:assert/strict';
import {
    applyAnswer,
    nextQuestion,
    optionFromText,
    recommendRoutes,
    sanitizeAnswers,
    WIZARD_QUESTIONS,
    type WizardAnswers,
} from '../../../bot/knowledge/routeWizard';
import { loadKnowledgeContent } from '../../../bot/knowledge/knowledgeLoader';
import { DEFAULT_CONTENT_DIR } from '../../../bot/knowledge/knowledgeBase';

const routeIds = (a: WizardAnswers) => recommendRoutes(a).steps.map((s) => s.contactId);

describe('route wizard logic', () => {
    it('asks danger first and stops asking when there is danger', () => {
        assert.equal(nextQuestion({})?.id, 'acuteDanger');
        assert.equal(nextQuestion({ acuteDanger: 'ja' }), null);
        assert.deepEqual(routeIds({ acuteDanger: 'ja' }), ['alarmnummer-112', 'aandachtfunctionaris']);
        assert.equal(recommendRoutes({ acuteDanger: 'ja' }).prefill.acuteDanger, true);
    });

    it('asks only the form for a place, and all person questions for a person', () => {
        assert.equal(nextQuestion({ acuteDanger: 'nee' })?.id, 'subject');
        assert.equal(nextQuestion({ acuteDanger: 'nee', subject: 'plek' })?.id, 'form');
        assert.equal(nextQuestion({ acuteDanger: 'nee', subject: 'plek', form: 'arbeid' }), null);
        const person: WizardAnswers = { acuteDanger: 'nee', subject: 'persoon' };
        assert.equal(nextQuestion(person)?.id, 'minor');
        assert.equal(nextQuestion({ ...person, minor: 'nee' })?.id, 'form');
        assert.equal(nextQuestion({ ...person, minor: 'nee', form: 'arbeid' })?.id, 'foreign');
        assert.equal(nextQuestion({ ...person, minor: 'nee', form: 'arbeid', foreign: 'nee' })?.id, 'wantsHelp');
        assert.equal(nextQuestion({ ...person, minor: 'nee', form: 'arbeid', foreign: 'nee', wantsHelp: 'nee' }), null);
    });

    it('routes a place to the aandachtfunctionaris first, then the partner for the form', () => {
        const place = { acuteDanger: 'nee', subject: 'plek' } as const;
        assert.deepEqual(routeIds({ ...place, form: 'arbeid' }), ['aandachtfunctionaris', 'arbeidsinspectie']);
        assert.deepEqual(routeIds({ ...place, form: 'seksueel' }), ['aandachtfunctionaris', 'politie']);
        assert.deepEqual(routeIds({ ...place, form: 'onbekend' }), ['aandachtfunctionaris']);
    });

    it('puts Veilig Thuis first for a minor and adds care and CoMensha when asked for', () => {
        const ids = routeIds({ acuteDanger: 'nee', subject: 'persoon', minor: 'ja', form: 'seksueel', foreign: 'ja', wantsHelp: 'ja' });
        assert.deepEqual(ids, ['veilig-thuis', 'aandachtfunctionaris', 'comensha']);
    });

    it('advises labour routes, care and no duplicates for an adult', () => {
        const ids = routeIds({ acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'arbeid', foreign: 'ja', wantsHelp: 'ja' });
        assert.deepEqual(ids, ['aandachtfunctionaris', 'arbeidsinspectie', 'comensha', 'moviera-zorgcoordinatie']);
        const sex = routeIds({ acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'seksueel', foreign: 'nee', wantsHelp: 'ja' });
        assert.deepEqual(sex, ['aandachtfunctionaris', 'veilig-thuis', 'moviera-zorgcoordinatie', 'uitstapprogramma']);
    });

    it('asks Veilig Thuis for advice when the age is unknown, and notes that help is voluntary', () => {
        const advice = recommendRoutes({ acuteDanger: 'nee', subject: 'persoon', minor: 'onbekend', form: 'crimineel', foreign: 'onbekend', wantsHelp: 'nee' });
        assert.deepEqual(advice.steps.map((s) => s.contactId), ['aandachtfunctionaris', 'veilig-thuis', 'politie']);
        assert.equal(advice.notes.length, 1);
        assert.ok(advice.relatedEntryIds.includes('slachtoffer-wil-geen-hulp'));
        assert.deepEqual(advice.prefill, { forms: ['crimineel'], minor: 'onbekend', acuteDanger: false });
    });

    it('only references contacts and entries that exist in the content', () => {
        const content = loadKnowledgeContent(DEFAULT_CONTENT_DIR);
        const contacts = new Set(content.contacts.map((c) => c.id));
        const entries = new Set(content.entries.map((e) => e.id));
        const yn = ['ja', 'nee', 'onbekend'] as const;
        const forms = ['seksueel', 'crimineel', 'arbeid', 'orgaan', 'onbekend'] as const;
        const all: WizardAnswers[] = [{ acuteDanger: 'ja' }];
        for (const form of forms) {
            all.push({ acuteDanger: 'nee', subject: 'plek', form });
            for (const minor of yn) for (const foreign of yn) for (const wantsHelp of yn) all.push({ acuteDanger: 'nee', subject: 'persoon', minor, form, foreign, wantsHelp });
        }
        for (const a of all) {
            const advice = recommendRoutes(a);
            assert.ok(advice.steps.length > 0);
            assert.ok(advice.steps.some((s) => s.contactId === 'aandachtfunctionaris'), JSON.stringify(a));
            for (const s of advice.steps) assert.ok(contacts.has(s.contactId), s.contactId);
            for (const e of advice.relatedEntryIds) assert.ok(entries.has(e), e);
            assert.equal(new Set(advice.steps.map((s) => s.contactId)).size, advice.steps.length);
        }
    });

    it('refuses answers to another question or outside the options', () => {
        assert.equal(applyAnswer({}, 'acuteDanger', 'misschien').ok, false);
        assert.equal(applyAnswer({}, 'form', 'arbeid').ok, false);
        assert.equal(applyAnswer({}, 'acuteDanger', 1).ok, false);
        assert.deepEqual(applyAnswer({}, 'acuteDanger', 'nee'), { ok: true, answers: { acuteDanger: 'nee' } });
        assert.equal(applyAnswer({ acuteDanger: 'ja' }, 'subject', 'plek').ok, false);
    });

    it('understands typed answers that match an option', () => {
        assert.equal(optionFromText(WIZARD_QUESTIONS.minor, 'Weet ik niet'), 'onbekend');
        assert.equal(optionFromText(WIZARD_QUESTIONS.acuteDanger, ' JA. '), 'ja');
        assert.equal(optionFromText(WIZARD_QUESTIONS.form, 'arbeidsuitbuiting'), 'arbeid');
        assert.equal(optionFromText(WIZARD_QUESTIONS.acuteDanger, 'geen idee'), undefined);
    });

    it('keeps only a valid prefix of stored answers', () => {
        assert.deepEqual(sanitizeAnswers({ acuteDanger: 'nee', subject: 'iets', minor: 'ja' }), { acuteDanger: 'nee' });
        assert.deepEqual(sanitizeAnswers('rommel'), {});
    });
});
