import assert from 'node:assert/strict';
import { assessDanger } from '../../../bot/knowledge/dangerDetector';
import { analyse, normalise, stem } from '../../../bot/knowledge/dutchText';
import { boundedEditDistance } from '../../../bot/knowledge/fuzzyMatch';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';
import { KnowledgeSearchIndex, type SearchDocument } from '../../../bot/knowledge/knowledgeSearch';
import { EVAL_SET_NAMES, loadEvalSet, loadSafetySet, scoreEvalSet, scoreSafetySet } from '../../knowledge-eval/evalSet';

const doc = (id: string, title: string, text: string, tags: string[] = []): SearchDocument => ({
    id,
    title,
    summary: title,
    questions: [],
    tags,
    text,
});

const small = () =>
    new KnowledgeSearchIndex(
        [
            doc('loverboys', 'Loverboys', 'Een loverboy maakt een meisje verliefd en buit haar daarna uit in de prostitutie.'),
            doc('arbeid', 'Arbeidsuitbuiting', 'Arbeidsmigranten werken lange dagen voor weinig loon en wonen bij de werkgever.', ['arbeidsmigrant']),
            doc('politie', 'Politie', 'Bel de politie als je een strafbaar feit ziet zonder direct gevaar.'),
            doc('huisvesting', 'Huisvesting', 'Een huisjesmelker verhuurt kamers tegen een te hoge huur.', ['huisjesmelker']),
        ],
        [['loverboy', 'pooierboy'], ['arbeidsmigrant', 'seizoenswerker'], ['zonder papieren', 'ongedocumenteerd']],
    );

describe('Dutch text analysis', () => {
    it('normalises accents and punctuation', () => {
        assert.equal(normalise('Coördinatie: B8/3!'), 'coordinatie b8 3');
    });

    it('stems plural and singular to the same form', () => {
        assert.equal(stem('signalen'), stem('signaal'));
        assert.equal(stem('arbeidsmigranten'), stem('arbeidsmigrant'));
        assert.equal(stem('bellen'), stem('bel'));
    });

    it('drops question words and filler', () => {
        assert.deepEqual(analyse('Hoe kan ik eigenlijk precies zien wat mensenhandel is?'), ['mensenhandel']);
    });
});

describe('boundedEditDistance', () => {
    it('counts substitutions, insertions and transpositions', () => {
        assert.equal(boundedEditDistance('loverboy', 'loverboy', 2), 0);
        assert.equal(boundedEditDistance('loverbooy', 'loverboy', 2), 1);
        assert.equal(boundedEditDistance('lovrebboy', 'loverboy', 2), 2);
        assert.equal(boundedEditDistance('abcdef', 'badcfe', 2), 3);
    });
});

describe('KnowledgeSearchIndex', () => {
    it('finds an entry through a synonym', () => {
        const r = small().search('wat is een pooierboy');
        assert.equal(r.hits[0].id, 'loverboys');
        assert.ok(r.confident);
    });

    it('expands multi-word synonyms', () => {
        const idx = new KnowledgeSearchIndex([doc('b8', 'Bedenktijd', 'Een ongedocumenteerd slachtoffer krijgt bedenktijd.')], [['zonder papieren', 'ongedocumenteerd']]);
        assert.equal(idx.search('slachtoffer zonder papieren').hits[0]?.id, 'b8');
    });

    it('corrects typos', () => {
        const idx = small();
        assert.equal(idx.search('arbeidsuitbuting').hits[0]?.id, 'arbeid');
        assert.equal(idx.search('huisjesmelkre').hits[0]?.id, 'huisvesting');
    });

    it('matches plural questions to singular content and back', () => {
        assert.equal(small().search('huisjesmelkers').hits[0]?.id, 'huisvesting');
        assert.equal(small().search('seizoenswerkers').hits[0]?.id, 'arbeid');
    });

    it('splits compounds it does not know into known parts', () => {
        const r = small().search('loverboyprostitutie');
        assert.equal(r.hits[0]?.id, 'loverboys');
    });

    it('ranks the entry whose title matches above one that merely mentions the word', () => {
        const idx = new KnowledgeSearchIndex(
            [
                doc('signalen', 'Signalen van arbeidsuitbuiting', 'Signalen van arbeidsuitbuiting zijn lange dagen en weinig loon bij arbeidsuitbuiting.'),
                doc('wat', 'Arbeidsuitbuiting', 'Bij arbeidsuitbuiting werkt iemand onder dwang.'),
            ],
            [],
        );
        assert.equal(idx.search('wat is arbeidsuitbuiting').hits[0].id, 'wat');
        assert.equal(idx.search('signalen arbeidsuitbuiting').hits[0].id, 'signalen');
    });

    it('declines questions whose words the content does not use', () => {
        const idx = small();
        for (const q of ['hoe reset ik mijn wachtwoord', 'wanneer wordt het grofvuil opgehaald', 'hoe vraag ik een parkeervergunning aan voor de politie']) {
            assert.equal(idx.search(q).confident, false, q);
        }
        assert.equal(idx.search('').confident, false);
        assert.equal(idx.search('hoe wat waar?').confident, false);
    });

    it('offers alternatives only when they are close to the best hit', () => {
        const idx = small();
        const r = idx.search('arbeidsmigrant bij een huisjesmelker');
        const alt = idx.alternatives(r);
        assert.ok(alt.length <= 3);
        for (const a of alt) assert.ok(a.score >= r.hits[0].score * 0.35);
    });
});

describe('assessDanger', () => {
    it('flags phrasing that signals acute danger', () => {
        for (const q of [
            'Ze wordt opgesloten in een kamer',
            'iemand wordt bedreigd door zijn werkgever',
            'er is geweld gebruikt',
            'hij is mishandeld',
            'ze mag niet weg van het erf',
            'acuut gevaar, wat nu',
            'ze heeft een mes bij zich',
        ]) {
            assert.equal(assessDanger(q).acute, true, q);
        }
    });

    it('does not flag everyday urgency words or names of services', () => {
        for (const q of ['wat moet ik nu doen', 'wat is mensenhandel', 'wanneer bel ik het Centrum Seksueel Geweld', 'politie bellen zonder spoed', 'gevaarlijk werk als signaal', 'stappen van de meldcode huiselijk geweld']) {
            assert.equal(assessDanger(q).acute, false, q);
        }
    });
});

describe('KnowledgeBase on the real content', () => {
    const kb = loadKnowledgeBase();

    it('answers typical questions with the right entry', () => {
        const cases: [string, string][] = [
            ['wat is een loverboy', 'loverboys'],
            ['pooierboy', 'loverboys'],
            ['waar meld ik dit', 'waar-meld-ik'],
            ['wie bel ik', 'waar-meld-ik'],
            ['huisjesmelker', 'huisjesmelkers-huisvesting'],
            ['bedenktijd', 'bedenktijd-b8'],
        ];
        for (const [q, id] of cases) {
            const a = kb.ask(q);
            assert.equal(a.kind === 'answer' ? a.entry.id : 'geen antwoord', id, q);
        }
    });

    it('puts the 112 advice on an answer when the question signals danger', () => {
        const a = kb.ask('een arbeidsmigrant wordt nu bedreigd door zijn werkgever, waar meld ik dat');
        assert.equal(a.acuteDanger, true);
        const b = kb.ask('wat is arbeidsuitbuiting');
        assert.equal(b.acuteDanger, false);
    });

    it('declines off-topic questions, but answers anything that signals danger with the acute-danger entry', () => {
        assert.equal(kb.ask('hoe reset ik mijn wachtwoord').kind, 'noMatch');
        // Issue 12: someone in danger is never told "no good answer"; a false alarm costs a line of text.
        const a = kb.ask('ik word bedreigd door de printer');
        assert.equal(a.acuteDanger, true);
        assert.equal(a.kind === 'answer' && a.entry.id, 'acuut-gevaar');
    });

    it('knows every village of the four municipalities as a place, never as a topic word', () => {
        for (const [q, m] of [['wie is de aandachtfunctionaris voor Klarenbeek', 'Voorst'], ['bij wie meld ik iets in Almen', 'Lochem'], ['aandachtfunctionaris in Leesten', 'Zutphen'], ['AF Leuvenheim', 'Brummen']] as const) {
            const a = kb.ask(q);
            assert.equal(a.kind === 'answer' && a.entry.id, 'aandachtfunctionaris', q);
            assert.equal(a.municipality, m, q);
        }
    });

    it('understands more abbreviations, spellings and English terms', () => {
        for (const [q, id] of [
            ['wat doet SHN voor slachtoffers', 'slachtofferhulp'],
            ['waar zit het riek', 'riec'],
            ['centrum sexueel geweld nummer', 'centrum-seksueel-geweld'],
            ['forced criminality, what is it', 'criminele-uitbuiting'],
            // the cliënt is the subject of the question, not a topic that pulls in the LVB entry
            ['nummer van veilig thuis voor een cliënt', 'veilig-thuis'],
            ['mijn cliënte wil geen hulp, wat kan ik nog doen', 'slachtoffer-wil-geen-hulp'],
            // who the colleague is, and English terms, do not dilute the question
            ['wat is mensenhandel, ik ben nieuw hier', 'wat-is-mensenhandel'],
            ['what are the risk factors for becoming a victim', 'risicofactoren'],
        ] as const) {
            const a = kb.ask(q);
            assert.equal(a.kind === 'answer' && a.entry.id, id, q);
        }
    });

    it('answers a rape with the Centrum Seksueel Geweld, the 112 banner beside it, when the search clearly prefers it', () => {
        const a = kb.ask('rape just happened, which centre');
        assert.equal(a.acuteDanger, true);
        assert.equal(a.kind === 'answer' && a.entry.id, 'centrum-seksueel-geweld');
    });

    it('answers a question that names a domain word at half coverage, but not a broad word like signalen', () => {
        for (const [q, id] of [
            // covers 53 %: below the plain threshold, answered because CoMensha names the domain
            ['zeg, die comensha, is dat nieuw?', 'comensha'],
        ] as const) {
            const a = kb.ask(q);
            assert.equal(a.kind === 'answer' && a.entry.id, id, q);
        }
        // each covers over 45 % through a broad word alone
        for (const q of ['signalen van griep', 'opvang katten', 'verblijfsvergunning verlengen']) {
            assert.equal(kb.ask(q).kind, 'noMatch', q);
        }
    });

    it('declines reporting an everyday fault or the colleague\'s own office matters, but not a worker without pay', () => {
        for (const q of ['waar geef ik een kapotte lantaarnpaal door', 'hoe meld ik een datalek bij ons', 'wanneer wordt mijn salaris gestort']) {
            assert.equal(kb.ask(q).kind, 'noMatch', q);
        }
        const a = kb.ask('baas betaalt geen salaris en houdt zijn paspoort');
        assert.equal(a.kind === 'answer' && a.entry.id, 'signalen-arbeidsuitbuiting');
    });

    it('picks the side of a form the question asks for: what it is, or how to recognise it', () => {
        const what = kb.ask('wat is criminele uitbuiting eigenlijk');
        assert.equal(what.kind === 'answer' && what.entry.id, 'criminele-uitbuiting');
        const signs = kb.ask('kenmerken criminele uitbuiting');
        assert.equal(signs.kind === 'answer' && signs.entry.id, 'signalen-criminele-uitbuiting');
    });

    it('keeps its accuracy on the evaluation questions (regression guard; bench:qa reports the targets)', () => {
        // Floors just under today's figures, so a change that loses ground fails here. The held-out
        // floor is a guard against regressions only: nothing is tuned to pass it.
        const floors = { tune: { top1: 0.93, top3: 0.98, off: 0.98 }, dev: { top1: 0.92, top3: 0.98, off: 0.92 }, dev2: { top1: 0.85, top3: 0.94, off: 0.92 }, dev3: { top1: 0.95, top3: 0.97, off: 0.96 }, dev4: { top1: 0.89, top3: 0.95, off: 0.95 }, dev5: { top1: 0.89, top3: 0.95, off: 0.98 }, dev6: { top1: 0.87, top3: 0.95, off: 0.96 }, dev7: { top1: 0.88, top3: 0.95, off: 0.9 }, dev8: { top1: 0.94, top3: 0.99, off: 0.98 }, dev9: { top1: 0.77, top3: 0.9, off: 0.96 }, dev10: { top1: 0.87, top3: 0.94, off: 0.93 }, dev11: { top1: 0.86, top3: 0.95, off: 0.94 }, dev12: { top1: 0.93, top3: 0.97, off: 0.84 }, dev13: { top1: 0.93, top3: 0.95, off: 0.9 }, dev14: { top1: 0.9, top3: 0.95, off: 0.9 }, dev15: { top1: 0.95, top3: 0.98, off: 0.92 }, heldout: { top1: 0.88, top3: 0.96, off: 0.92 }, heldout2: { top1: 0.85, top3: 0.92, off: 0.85 } };
        for (const name of EVAL_SET_NAMES) {
            const r = scoreEvalSet(kb, loadEvalSet(name));
            assert.ok(r.top1 >= floors[name].top1, `${name} top-1 ${r.top1}`);
            assert.ok(r.top3 >= floors[name].top3, `${name} top-3 ${r.top3}`);
            assert.ok(r.offTopicDeclined >= floors[name].off, `${name} off-topic declined ${r.offTopicDeclined}`);
        }
    }).timeout(20000);

    it('catches every acute message of the tuning safety sets with few false alarms', () => {
        // The red team's false alarms are objects (a car boot with laptops, an emergency about a coffee machine).
        const floors = { tune: { recall: 1, alarms: 0.05 }, dev: { recall: 1, alarms: 0.05 }, dev2: { recall: 1, alarms: 0.05 }, dev3: { recall: 1, alarms: 0.05 }, dev4: { recall: 1, alarms: 0.05 }, dev5: { recall: 1, alarms: 0.05 }, dev6: { recall: 1, alarms: 0.05 }, dev7: { recall: 1, alarms: 0.05 }, dev8: { recall: 1, alarms: 0.05 }, dev9: { recall: 1, alarms: 0.05 }, dev10: { recall: 1, alarms: 0.05 }, dev11: { recall: 1, alarms: 0.05 }, dev12: { recall: 1, alarms: 0.05 }, dev13: { recall: 1, alarms: 0.05 }, dev14: { recall: 0.99, alarms: 0.05 }, dev15: { recall: 0.99, alarms: 0.02 }, dev16: { recall: 0.99, alarms: 0.02 }, dev17: { recall: 1, alarms: 0.02 }, dev18: { recall: 0.96, alarms: 0.05 }, know4: { recall: 1, alarms: 0.02 }, redteam: { recall: 1, alarms: 0.06 } };
        for (const name of ['tune', 'dev', 'dev2', 'dev3', 'dev4', 'dev5', 'dev6', 'dev7', 'dev8', 'dev9', 'dev10', 'dev11', 'dev12', 'dev13', 'dev14', 'dev15', 'dev16', 'dev17', 'dev18', 'know4', 'redteam'] as const) {
            const r = scoreSafetySet(kb, loadSafetySet(name));
            assert.ok(r.recall >= floors[name].recall, `${name} recall ${r.recall}: ${r.failures.join('; ')}`);
            assert.ok(r.falseAlarms <= floors[name].alarms, `${name} false alarms ${r.falseAlarms}`);
        }
    }).timeout(20000);
});
