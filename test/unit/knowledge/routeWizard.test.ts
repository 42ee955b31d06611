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
        assert.equal(nextQuestion({ acuteDanger: 'nee', subject: 'plek', form: 'arbeid' })?.id, 'anonymous');
        assert.equal(nextQuestion({ acuteDanger: 'nee', subject: 'plek', form: 'arbeid', anonymous: 'nee' }), null);
        const person: WizardAnswers = { acuteDanger: 'nee', subject: 'persoon' };
        assert.equal(nextQuestion(person)?.id, 'minor');
        assert.equal(nextQuestion({ ...person, minor: 'nee' })?.id, 'form');
        assert.equal(nextQuestion({ ...person, minor: 'nee', form: 'arbeid' })?.id, 'foreign');
        assert.equal(nextQuestion({ ...person, minor: 'nee', form: 'arbeid', foreign: 'nederland' })?.id, 'wantsHelp');
        assert.equal(nextQuestion({ ...person, minor: 'nee', form: 'arbeid', foreign: 'nederland', wantsHelp: 'nee' })?.id, 'anonymous');
        assert.equal(nextQuestion({ ...person, minor: 'nee', form: 'arbeid', foreign: 'nederland', wantsHelp: 'nee', anonymous: 'nee' }), null);
    });

    it('asks the origin with four answers: Dutch, EU, outside the EU or without papers, unknown', () => {
        assert.deepEqual(WIZARD_QUESTIONS.foreign.options.map((o) => o.value), ['nederland', 'eu', 'buitenEu', 'onbekend']);
        const at: WizardAnswers = { acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'arbeid' };
        assert.equal(applyAnswer(at, 'foreign', 'ja').ok, false);
        assert.equal(applyAnswer(at, 'foreign', 'buitenEu').ok, true);
        assert.equal(optionFromText(WIZARD_QUESTIONS.foreign, 'een ander eu-land'), 'eu');
    });

    it('routes a place to the aandachtfunctionaris first, then the partner for the form', () => {
        const place = { acuteDanger: 'nee', subject: 'plek', anonymous: 'nee' } as const;
        assert.deepEqual(routeIds({ ...place, form: 'arbeid' }), ['aandachtfunctionaris', 'arbeidsinspectie']);
        assert.deepEqual(routeIds({ ...place, form: 'seksueel' }), ['aandachtfunctionaris', 'politie']);
        assert.deepEqual(routeIds({ ...place, form: 'onbekend' }), ['aandachtfunctionaris']);
    });

    it('puts Veilig Thuis first for a minor; a minor from outside the EU also gets police/KMar, care and CoMensha', () => {
        const ids = routeIds({ acuteDanger: 'nee', subject: 'persoon', minor: 'ja', form: 'seksueel', foreign: 'buitenEu', wantsHelp: 'ja', anonymous: 'nee' });
        assert.deepEqual(ids, ['veilig-thuis', 'aandachtfunctionaris', 'politie', 'moviera-zorgcoordinatie', 'comensha']);
    });

    it('advises labour routes, care and no duplicates for an adult', () => {
        const ids = routeIds({ acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'arbeid', foreign: 'buitenEu', wantsHelp: 'ja', anonymous: 'nee' });
        assert.deepEqual(ids, ['aandachtfunctionaris', 'arbeidsinspectie', 'politie', 'moviera-zorgcoordinatie', 'comensha']);
        const sex = routeIds({ acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'seksueel', foreign: 'nederland', wantsHelp: 'ja', anonymous: 'nee' });
        assert.deepEqual(sex, ['aandachtfunctionaris', 'veilig-thuis', 'moviera-zorgcoordinatie', 'uitstapprogramma']);
    });

    it('asks Veilig Thuis for advice when the age is unknown, and notes that help is voluntary for an adult', () => {
        const advice = recommendRoutes({ acuteDanger: 'nee', subject: 'persoon', minor: 'onbekend', form: 'crimineel', foreign: 'onbekend', wantsHelp: 'nee', anonymous: 'nee' });
        assert.deepEqual(advice.steps.map((s) => s.contactId), ['aandachtfunctionaris', 'veilig-thuis', 'politie']);
        assert.ok(advice.notes.some((n) => n.includes('hulp vrijwillig') && n.includes('jonger dan 18')));
        assert.ok(advice.relatedEntryIds.includes('slachtoffer-wil-geen-hulp'));
        assert.deepEqual(advice.prefill, { forms: ['crimineel'], minor: 'onbekend', acuteDanger: false });
    });

    describe('origin of a foreign victim', () => {
        const adult = { acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'onbekend', anonymous: 'nee' } as const;
        const textOf = (a: WizardAnswers) => {
            const r = recommendRoutes(a);
            return [...r.steps.map((s) => s.reason), ...r.notes].join(' ');
        };

        it('outside the EU or without papers: police (bedenktijd, also KMar), zorgcoördinatie and CoMensha, not CoMensha alone', () => {
            const a: WizardAnswers = { ...adult, foreign: 'buitenEu', wantsHelp: 'nee' };
            assert.deepEqual(routeIds(a), ['aandachtfunctionaris', 'politie', 'moviera-zorgcoordinatie', 'comensha']);
            const police = recommendRoutes(a).steps.find((s) => s.contactId === 'politie');
            assert.match(police?.reason ?? '', /bedenktijd/);
            assert.match(police?.reason ?? '', /Marechaussee \(KMar\)/);
            assert.match(police?.reason ?? '', /Alleen de politie of/);
            assert.ok(recommendRoutes(a).relatedEntryIds.includes('bedenktijd-b8'));
            assert.ok(recommendRoutes(a).relatedEntryIds.includes('koninklijke-marechaussee'));
        });

        it('adds the bedenktijd to the police step when the police is already advised for the form', () => {
            const steps = recommendRoutes({ ...adult, form: 'crimineel', foreign: 'buitenEu', wantsHelp: 'nee' }).steps;
            assert.equal(steps.filter((s) => s.contactId === 'politie').length, 1);
            const police = steps.find((s) => s.contactId === 'politie');
            assert.match(police?.reason ?? '', /gedwongen criminaliteit/);
            assert.match(police?.reason ?? '', /bedenktijd/);
        });

        it('EU citizen: regular Wmo shelter via the zorgcoördinatie, no bedenktijd, B8/3 or COSM route', () => {
            const a: WizardAnswers = { ...adult, foreign: 'eu', wantsHelp: 'nee' };
            assert.deepEqual(routeIds(a), ['aandachtfunctionaris', 'moviera-zorgcoordinatie']);
            const care = recommendRoutes(a).steps.find((s) => s.contactId === 'moviera-zorgcoordinatie');
            assert.match(care?.reason ?? '', /Wmo/);
            assert.match(care?.reason ?? '', /niet nodig/);
            assert.ok(!routeIds(a).includes('comensha'));
        });

        it('Dutch: no foreign routes and no bedenktijd', () => {
            const a: WizardAnswers = { ...adult, foreign: 'nederland', wantsHelp: 'nee' };
            assert.deepEqual(routeIds(a), ['aandachtfunctionaris']);
            assert.doesNotMatch(textOf(a), /bedenktijd|B8/);
        });

        it('unknown origin: a note that says for whom the bedenktijd is, and who offers it', () => {
            const a: WizardAnswers = { ...adult, foreign: 'onbekend', wantsHelp: 'nee' };
            assert.deepEqual(routeIds(a), ['aandachtfunctionaris']);
            assert.ok(recommendRoutes(a).notes.some((n) => /buiten de EU/.test(n) && /politie of de KMar/.test(n) && /Wmo/.test(n)));
        });

        it('zorgcoördinatie for every foreign victim, also one who does not want help or whose wish is unknown', () => {
            for (const foreign of ['buitenEu', 'eu', 'ja'] as const) {
                for (const wantsHelp of ['nee', 'onbekend'] as const) {
                    assert.ok(routeIds({ ...adult, foreign, wantsHelp }).includes('moviera-zorgcoordinatie'), `${foreign} ${wantsHelp}`);
                }
            }
        });

        it('still understands yes/no from callers that do not know the origin', () => {
            assert.deepEqual(routeIds({ ...adult, foreign: 'ja', wantsHelp: 'nee' }), ['aandachtfunctionaris', 'politie', 'moviera-zorgcoordinatie', 'comensha']);
            assert.match(textOf({ ...adult, foreign: 'ja', wantsHelp: 'nee' }), /Komt de persoon van buiten de EU/);
            assert.deepEqual(routeIds({ ...adult, foreign: 'nee', wantsHelp: 'nee' }), ['aandachtfunctionaris']);
        });
    });

    it('gives a minor no "help is voluntary, report anyway" note: Veilig Thuis and child protection decide', () => {
        for (const wantsHelp of ['nee', 'onbekend'] as const) {
            const advice = recommendRoutes({ acuteDanger: 'nee', subject: 'persoon', minor: 'ja', form: 'seksueel', foreign: 'nederland', wantsHelp, anonymous: 'nee' });
            assert.ok(!advice.notes.some((n) => n.startsWith('Hulp is vrijwillig')), wantsHelp);
            assert.ok(advice.notes.some((n) => n.includes('Veilig Thuis en de jeugdbescherming beslissen mee')), wantsHelp);
            assert.ok(!advice.relatedEntryIds.includes('slachtoffer-wil-geen-hulp'));
            assert.equal(advice.steps[0].contactId, 'veilig-thuis');
        }
        const adult = recommendRoutes({ acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'arbeid', foreign: 'nederland', wantsHelp: 'nee', anonymous: 'nee' });
        assert.ok(adult.notes.some((n) => n.startsWith('Hulp is vrijwillig')));
    });

    it('acute danger asks nothing else; a known minor gets Veilig Thuis after 112, an unknown age a Veilig Thuis note', () => {
        assert.equal(nextQuestion({ acuteDanger: 'ja', minor: 'ja' }), null);
        assert.deepEqual(routeIds({ acuteDanger: 'ja', minor: 'ja' }), ['alarmnummer-112', 'veilig-thuis', 'aandachtfunctionaris']);
        assert.deepEqual(recommendRoutes({ acuteDanger: 'ja', minor: 'ja' }).prefill, { minor: 'ja', acuteDanger: true });
        const unknown = recommendRoutes({ acuteDanger: 'ja' });
        assert.deepEqual(unknown.steps.map((s) => s.contactId), ['alarmnummer-112', 'aandachtfunctionaris']);
        assert.ok(unknown.notes.some((n) => n.includes('jonger dan 18') && n.includes('Veilig Thuis')));
        const adult = recommendRoutes({ acuteDanger: 'ja', minor: 'nee' });
        assert.deepEqual(adult.steps.map((s) => s.contactId), ['alarmnummer-112', 'aandachtfunctionaris']);
        assert.equal(adult.notes.length, 0);
    });

    it('asks whether the colleague wants to stay anonymous and then advises Meld Misdaad Anoniem, saying what it is and is not', () => {
        assert.equal(WIZARD_QUESTIONS.anonymous.text, 'Wil jij anoniem blijven?');
        const person = recommendRoutes({ acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'arbeid', foreign: 'nederland', wantsHelp: 'nee', anonymous: 'ja' });
        const ids = person.steps.map((s) => s.contactId);
        assert.ok(ids.includes('meld-misdaad-anoniem'));
        assert.equal(ids[0], 'aandachtfunctionaris');
        const mma = person.steps.find((s) => s.contactId === 'meld-misdaad-anoniem');
        assert.match(mma?.reason ?? '', /0800-7000/);
        assert.match(mma?.reason ?? '', /zonder jouw naam door aan politie of inspectie/);
        assert.match(mma?.reason ?? '', /Niet voor spoed en niet voor hulp aan het slachtoffer/);
        assert.ok(person.relatedEntryIds.includes('meld-misdaad-anoniem'));
        const place = routeIds({ acuteDanger: 'nee', subject: 'plek', form: 'arbeid', anonymous: 'ja' });
        assert.deepEqual(place, ['aandachtfunctionaris', 'meld-misdaad-anoniem', 'arbeidsinspectie']);
        const notAnonymous = routeIds({ acuteDanger: 'nee', subject: 'plek', form: 'arbeid', anonymous: 'nee' });
        assert.ok(!notAnonymous.includes('meld-misdaad-anoniem'));
    });

    it('notes CoMensha registration with consent for a person, without making it a route that replaces others', () => {
        const a: WizardAnswers = { acuteDanger: 'nee', subject: 'persoon', minor: 'nee', form: 'seksueel', foreign: 'nederland', wantsHelp: 'ja', anonymous: 'nee' };
        const advice = recommendRoutes(a);
        const note = advice.notes.find((n) => n.startsWith('CoMensha registreert'));
        assert.ok(note);
        assert.match(note, /toestemming/);
        assert.match(note, /niet in plaats daarvan/);
        assert.ok(!advice.steps.some((s) => s.contactId === 'comensha'));
        assert.ok(!recommendRoutes({ acuteDanger: 'nee', subject: 'plek', form: 'seksueel', anonymous: 'nee' }).notes.some((n) => n.startsWith('CoMensha')));
        assert.ok(!recommendRoutes({ acuteDanger: 'ja' }).notes.some((n) => n.startsWith('CoMensha')));
    });

    it('only references contacts and entries that exist in the content', () => {
        const content = loadKnowledgeContent(DEFAULT_CONTENT_DIR);
        const contacts = new Set(content.contacts.map((c) => c.id));
        const entries = new Set(content.entries.map((e) => e.id));
        const yn = ['ja', 'nee', 'onbekend'] as const;
        const forms = ['seksueel', 'crimineel', 'arbeid', 'orgaan', 'onbekend'] as const;
        const origins = ['nederland', 'eu', 'buitenEu', 'onbekend', 'ja', 'nee'] as const;
        const all: WizardAnswers[] = [{ acuteDanger: 'ja' }, ...yn.map((minor) => ({ acuteDanger: 'ja', minor }) as const)];
        for (const form of forms) {
            for (const anonymous of ['ja', 'nee'] as const) {
                all.push({ acuteDanger: 'nee', subject: 'plek', form, anonymous });
                for (const minor of yn) for (const foreign of origins) for (const wantsHelp of yn) all.push({ acuteDanger: 'nee', subject: 'persoon', minor, form, foreign, wantsHelp, anonymous });
            }
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
        assert.deepEqual(sanitizeAnswers({ acuteDanger: 'nee', subject: 'plek', form: 'arbeid', anonymous: 'ja' }), { acuteDanger: 'nee', subject: 'plek', form: 'arbeid', anonymous: 'ja' });
        assert.deepEqual(sanitizeAnswers('rommel'), {});
    });
});
