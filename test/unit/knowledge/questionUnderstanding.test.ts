import assert from 'node:assert/strict';
import { assessDanger, dangerWordLike } from '../../../bot/knowledge/dangerDetector';
import { analyse, words } from '../../../bot/knowledge/dutchText';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';
import { readQuestion } from '../../../bot/knowledge/questionReader';
import { readSituation } from '../../../bot/knowledge/situationReader';
import { MAX_MESSAGE_CHARS, MAX_WORD_CHARS } from '../../../bot/knowledge/textLimits';

const kb = loadKnowledgeBase();

describe('assessDanger: danger first, in any wording', () => {
    it('flags being held, violence now, threats to life and self-harm, also misspelt and in English', () => {
        for (const q of [
            'ze zit opgesloten in een container',
            'de baas laat hem het huis niet uit',
            'hij wordt nu geschopt',
            'hij zei dat hij haar gaat vermoorden',
            'opgeslote in de kelder',
            'ze wordt bedrijgd met een mes',
            'she is locked in a room',
            'they threaten to kill him',
            'HELP ZE WORDT MEEGENOMEN',
            'de pooier staat buiten en hij neemt haar zo mee',
            'ik heb de pillen al klaarliggen',
            'they are driving her to the border',
            'hij slaat haar nu, die vrouw die we vorige maand spraken',
            "he says he'd rather be dead",
            'they are holding him in a basement',
            'she is scared for her life',
            'de pooier heeft gedreigd haar kind iets aan te doen',
            'hij heeft al dagen niet gegeten en wil niet meer',
        ]) {
            assert.equal(assessDanger(q).acute, true, q);
        }
    });

    it('marks self-harm for 113 and a child in danger for Veilig Thuis', () => {
        const selfHarm = assessDanger('hij zegt dat hij zichzelf iets aan gaat doen');
        assert.equal(selfHarm.acute, true);
        assert.equal(selfHarm.selfHarm, true);
        assert.equal(assessDanger('ik kan niet meer, het touw ligt al klaar').selfHarm, true);
        const child = assessDanger('een meisje van 13 wordt nu in een auto geduwd');
        assert.equal(child.acute, true);
        assert.equal(child.minor, true);
        assert.equal(assessDanger('een man wordt nu in een auto geduwd').minor, false);
    });

    it('does not raise the alarm for signals, the past, concepts and names of services', () => {
        for (const q of [
            'de werkgever houdt de paspoorten vast',
            'ze zitten vast aan een schuld bij de werkgever',
            'dit sluit aan op het beleidsplan',
            'ze is vorig jaar mishandeld door haar ex, nu woont ze veilig',
            'wat is geweld in afhankelijkheidsrelaties',
            'wanneer bel ik 112',
            'de baas dreigt met ontslag als ze klagen',
            'nummer van het Centrum Seksueel Geweld',
            'geen spoed, maar ik twijfel',
            'can you help me write a birthday message',
            'hoe worden mensen over de grens gesmokkeld',
            'the client is not responding to my emails',
            'is daar iets aan te doen als de werkgever de paspoorten houdt?',
        ]) {
            assert.equal(assessDanger(q).acute, false, q);
        }
    });

    it('lets no word of the knowledge content pass for a danger word by typo tolerance', () => {
        const vocabulary = new Set<string>();
        for (const e of kb.content.entries) for (const w of words(`${e.title} ${e.summary} ${e.text}`)) vocabulary.add(w);
        const intended = /^(opgeslo|opsluit|vastgehou|gegijzel|ontvoer|mishandel|verkracht|vermoord|zelfmoord|suicid|bedreig|dreig|geweld|gevaar|levensgevaar|doodsbedreig|geslagen|geschopt|bloed|noodgeval|bewusteloos|aangerand|meegenom|steekwond|neergesto|zelfbeschadig|gewurgd|overdos|emergenc|danger|threat|violen|urgent|trapped|assault|murder|kidnap|hostage|captive|abduct|beaten|bleeding|raped|stabbed|strangl|zelfdoding|gestompt|doods)/;
        const surprises = [...vocabulary].filter((w) => dangerWordLike(w) !== undefined && !intended.test(w));
        assert.deepEqual(surprises, []);
    });
});

describe('readQuestion', () => {
    it('takes the municipality out of the search and keeps it as a fact', () => {
        const r = readQuestion('wie is de aandachtfunctionaris in Zutphen?');
        assert.equal(r.municipality, 'Zutphen');
        assert.doesNotMatch(r.searchText, /zutphen/);
        assert.equal(readQuestion('AF gemeente Twello').municipality, 'Voorst');
    });

    it('expands the abbreviations colleagues use and drops words that only ask for a number', () => {
        assert.equal(readQuestion('tel nr NLA').searchText, 'arbeidsinspectie');
        assert.equal(readQuestion('wat doet het VT').searchText, 'wat doet het veilig thuis');
        assert.match(readQuestion('kan ik dat via M. doorgeven').searchText, /meld misdaad anoniem/);
    });

    it('takes no function or particle for a municipality or an abbreviation', () => {
        assert.equal(readQuestion('wie is de AF in constructor').municipality, undefined);
        assert.equal(readQuestion('__proto__ toString').municipality, undefined);
        assert.doesNotMatch(readQuestion('ik vraag me af of dit uitbuiting is').searchText, /aandachtfunctionaris/);
        assert.doesNotMatch(readQuestion('hoe spreek ik hem aan als ik m wil waarschuwen').searchText, /meld misdaad anoniem/);
        assert.match(readQuestion('tel nr AF').searchText, /aandachtfunctionaris/);
    });

    it('recognises English and maps its terms to Dutch', () => {
        const r = readQuestion('What are the signs of labour exploitation?');
        assert.equal(r.english, true);
        assert.equal(r.searchText, 'signalen arbeidsuitbuiting');
        assert.equal(readQuestion('wat zijn signalen van arbeidsuitbuiting').english, false);
    });
});

describe('readSituation', () => {
    it('reads age, form, origin and wishes from a story', () => {
        const f = readSituation('Bij een huisbezoek zag ik een meisje van 15 dat steeds wordt opgehaald door oudere mannen en dure cadeaus krijgt');
        assert.equal(f.described, true);
        assert.equal(f.minor, 'ja');
        assert.equal(f.form, 'seksueel');
        const g = readSituation('Aan de balie vertelde een Poolse man dat hij 70 uur per week werkt in de kassen en dat zijn baas zijn paspoort heeft; hij wil geen hulp');
        assert.equal(g.form, 'arbeid');
        assert.equal(g.origin, 'eu');
        assert.equal(g.minor, 'onbekend');
        assert.equal(g.wantsHelp, 'nee');
        assert.equal(readSituation('een vrouw van 34 zonder papieren werkt als schoonmaakster zonder loon').origin, 'buitenEu');
        // A stated adult age wins over words like "jongens" or "kinderen".
        assert.equal(readSituation('een man van 30 brengt pakketjes rond voor oudere jongens en moet een schuld afbetalen').minor, 'nee');
        assert.equal(readSituation('een vrouw van 35, moeder van twee kinderen, werkt 70 uur per week in de kas').minor, 'nee');
    });

    it('does not take a question about a concept for a story', () => {
        for (const q of ['wat zijn signalen van seksuele uitbuiting bij meisjes', 'wat is een loverboy', 'moet ik een minderjarige melden bij veilig thuis']) {
            assert.equal(readSituation(q).described, false, q);
        }
    });
});

describe('KnowledgeBase: answers with what it understood', () => {
    it('answers "wie is de AF in <gemeente>" with that municipality', () => {
        const a = kb.ask('wie is de AF in Lochem');
        assert.equal(a.kind, 'answer');
        assert.equal(a.kind === 'answer' && a.entry.id, 'aandachtfunctionaris');
        assert.equal(a.municipality, 'Lochem');
    });

    it('gives a described situation with a minor the route via Veilig Thuis, and says what it understood', () => {
        const a = kb.ask('bij de balie zag ik een meisje van 14 dat door een oudere man wordt opgehaald, ze krijgt dure spullen en spijbelt');
        assert.ok(a.situation !== undefined);
        assert.match(a.situation.understood, /^Je beschrijft een minderjarige, mogelijk seksuele uitbuiting\./);
        assert.ok(a.situation.advice.steps.some((s) => s.contactId === 'veilig-thuis'));
        assert.equal(a.situation.advice.prefill.minor, 'ja');
    });

    it('advises Helpwanted, never copying, when images of a minor are online', () => {
        const a = kb.ask('een leerling van 15 vertelt dat haar naaktfoto online is gezet door een jongen');
        const step = a.situation?.advice.steps.find((s) => s.contactId === 'helpwanted');
        assert.ok(step !== undefined);
        assert.match(step.reason, /nooit door/);
    });

    it('declines a municipal service question unless it names something of ours', () => {
        for (const q of ['subsidie aanvragen voor een buurtfeest', 'wie is de burgemeester van Lochem', 'drank- en horecavergunning aanvragen']) {
            assert.equal(kb.ask(q).kind, 'noMatch', q);
        }
        const a = kb.ask('hoe vraag ik een verblijfsvergunning aan voor een slachtoffer van mensenhandel');
        assert.equal(a.kind, 'answer');
    });

    it('answers a story about one form with an entry of that form', () => {
        const a = kb.ask('een jongen van 19 vertelt de jongerenwerker dat hij moet zakkenrollen voor zijn oom, anders krijgt hij geen eten');
        assert.equal(a.situation?.facts.form, 'crimineel');
        assert.ok(a.kind === 'answer' && (a.entry.forms.length === 0 || a.entry.forms.includes('crimineel')), a.kind === 'answer' ? a.entry.id : 'geen antwoord');
    });

    it('answers an English question in Dutch and says so', () => {
        const a = kb.ask('who do I call about labour exploitation');
        assert.equal(a.english, true);
        assert.equal(a.kind, 'answer');
    });
});

describe('Bounded text handling (the one Node thread serves everyone)', () => {
    it('drops words longer than any word of the domain before searching', () => {
        assert.deepEqual(words(`${'x'.repeat(MAX_WORD_CHARS + 1)} loverboy`), ['loverboy']);
        assert.deepEqual(analyse('a'.repeat(MAX_MESSAGE_CHARS)), []);
    });

    it('answers calmly for a message of one 28,000-character word, 5,000 words, emoji, HTML and a phone number alone', () => {
        const inputs = [
            'a'.repeat(MAX_MESSAGE_CHARS),
            Array.from({ length: 5000 }, (_, i) => `woord${i}`).join(' '),
            '🙂🙂🙂',
            '<p><b>Hallo</b> <script>alert(1)</script></p>',
            '0612345678',
            '',
        ];
        for (const q of inputs) {
            const started = process.hrtime.bigint();
            const a = kb.ask(q);
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            assert.equal(a.kind, 'noMatch', q.slice(0, 20));
            // A loose guard against the old explosion (264 s for one long word); bench:qa measures the real figure.
            assert.ok(ms < 1000, `${q.slice(0, 20)} took ${ms} ms`);
        }
    });
});
