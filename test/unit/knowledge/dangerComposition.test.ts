import assert from 'node:assert/strict';
import { composeDanger, corrected } from '../../../bot/knowledge/dangerComposition';
import { assessDanger, strongRuleMet } from '../../../bot/knowledge/dangerDetector';
import { normalise, words } from '../../../bot/knowledge/dutchText';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';

const acute = (text: string) => assessDanger(text).acute;
const composed = (text: string) => composeDanger(` ${normalise(text)} `);

describe('danger detection by sentence structure', () => {
    it('joins separable verbs again when a person stands between verb and particle', () => {
        assert.match(composed('de man sloot de werknemers zojuist op in de koelcel').text, /\bopsluiten\b/);
        assert.match(composed('als ze niet betaalt brengen ze haar broertje om').text, /\bombrengen\b/);
        // No person in between: closing a meeting or a deal is no danger.
        assert.doesNotMatch(composed('we sluiten de vergadering op tijd op').text, /\bopsluiten\b/);
        assert.doesNotMatch(composed('hij maakt het rapport vandaag af').text, /\bdoodmaken\b/);
    });

    it('reads "not allowed to leave" in any word order, but not control or leaving a job', () => {
        assert.equal(composed('dat de baas ze niet laat gaan voordat de schuld betaald is').held, true);
        assert.equal(composed('de arbeiders mogen de kas niet verlaten').held, true);
        assert.equal(composed('ze mag nooit alleen weg').held, false);
        assert.equal(composed('ze mag niet naar school gaan van haar vader').held, false);
        assert.equal(acute('hij kan niet weg bij zijn werkgever omdat zijn contract dat zegt'), false);
    });

    it('counts a locked door only with someone behind it', () => {
        assert.equal(acute('de uitzendbaas heeft net de slaapkamerdeur van de polen afgesloten'), true);
        assert.equal(acute('de deur zat op slot toen ik langskwam, verder zag ik niemand'), false);
        assert.equal(acute('de deur van het archief zit op slot, wie heeft de sleutel?'), false);
    });

    it('names the rule a message meets, for whoever diagnoses a miss or a false alarm', () => {
        assert.ok(strongRuleMet('ze zit vast in schuur bij de kwekerij') !== undefined);
        assert.equal(strongRuleMet('wat zijn signalen van arbeidsuitbuiting'), undefined);
    });

    it('hears being pulled into a vehicle in any tense', () => {
        assert.equal(acute('ik zag net hoe een man een vrouw in een auto trok'), true);
        assert.equal(acute('two men pushed a girl into a van outside the station'), true);
        assert.equal(acute('we zetten de dozen in de bus'), false);
    });

    it('corrects one slip towards a danger verb, never a real word of the content', () => {
        assert.equal(corrected('slaatr'), 'slaat');
        assert.equal(corrected('opgsloten'), 'opgesloten');
        assert.equal(corrected('opvangen'), 'opvangen');
        assert.equal(corrected('gestolen'), 'gestolen');
        // the same sound spelled another way is no slip at all; a different sound one edit off stays itself
        assert.equal(corrected('verkragt'), 'verkracht');
        assert.equal(corrected('opgeslotten'), 'opgesloten');
        assert.equal(corrected('lockd'), 'locked');
        assert.equal(corrected('scholen'), 'scholen');
        assert.equal(corrected('schoten'), 'schoten');
        assert.equal(corrected('stoppen'), 'stoppen');
        const kb = loadKnowledgeBase();
        const changed = new Set<string>();
        for (const e of kb.content.entries) for (const w of words(`${e.title} ${e.summary} ${e.text} ${e.questions.join(' ')}`)) if (corrected(w) !== w) changed.add(w);
        assert.deepEqual([...changed], []);
    });
});

describe('acute danger in wording nobody tuned on', () => {
    it('raises the alarm for being held, violence, threats, self-harm and a child, also after a greeting', () => {
        for (const m of [
            'hallo, een vrouw in de tuin zegt dat ze al drie dagen niet naar buiten mag',
            'help, de eigenaar laat de meiden het pand niet uit',
            'ik ben bij een adres waar een jongen aan een verwarming vastzit',
            'ze heeft een bult op haar hoofd en zegt dat haar vriend haar vanochtend tegen de kast heeft gegooid',
            'mijn cliënte zegt dat haar vriend haar doodt als ze hem verlaat',
            'de loverboy stuurde haar dat hij weet waar haar kinderen op school zitten',
            'hij heeft zijn afscheidsbericht al verstuurd',
            'hij zegt dat hij morgen niet meer leeft',
            'een tienermeisje wordt op dit moment naar een hotel gebracht door een oudere man',
            'goedemorgen, de slachtoffers worden op dit moment afgevoerd in een vrachtwagen',
            'hij appte net dat hij er vanavond een einde aan gaat maken',
            'er ligt een man roerloos achter de loods',
            'een meisje van 13 wordt nu bij de bushalte een grijze mercedes in getrokken',
            'een jongen van 14 is bang dat ze hem vanavond neersteken',
            'een vrouw sms\'t me dat ze in de berging van haar werkgever zit en dat hij de sleutel heeft',
            'hij heeft zijn telefoon afgepakt en laat hem de boerderij niet af',
            'de vrouw belt vanuit een kelder, ze weet niet waar ze is',
            'de pooier heeft gedreigd haar zusje iets aan te doen als ze niet terugkomt',
            'hij dreigt mijn collega kapot te maken als ze praat',
        ]) {
            assert.equal(acute(m), true, m);
        }
    });

    it('understands plain English and misspellings', () => {
        for (const m of [
            'help a man is choking his wife in the hallway',
            'the workers are locked inside the warehouse and someone is screaming',
            'my colleague just told me he is going to end his life',
            'they took her passport and won\'t let her go outside',
            'they are keeping three girls in the flat above the shop, one of them is crying for help',
            'er zit een man opgeslotten in een container achter de loods',
            'hij is net geslaggen door de ploegleider',
            'de man dreight haar te vermoorde',
            'hij slaatr haar nu',
        ]) {
            assert.equal(acute(m), true, m);
        }
    });

    it('marks the warning signs of suicide for 113, in Dutch and English', () => {
        for (const m of ['he bought rope and says nobody will miss him', 'she gave away her things and said goodbye', 'hij heeft een touw gekocht, niemand zal hem missen zegt hij']) {
            const d = assessDanger(m);
            assert.equal(d.acute && d.selfHarm, true, m);
        }
    });

    it('marks self-harm for 113 in indirect wording', () => {
        assert.equal(assessDanger('hij zegt dat hij morgen niet meer leeft').selfHarm, true);
        assert.equal(assessDanger('ze wil er een eind aan maken').selfHarm, true);
    });
});

describe('danger families rather than phrases', () => {
    it('hears English violence by its family: hit, slap, choke, beat up, a weapon held', () => {
        for (const m of [
            'she got hit by her boss this morning',
            'they hit him with a stick',
            'the foreman slapped the new girl',
            'he is choking her',
            'two men beat him up behind the greenhouse',
            'he pointed a gun at the workers',
            'he is lockd in a room',
            'he tried to kil himself',
        ]) {
            assert.equal(acute(m), true, m);
        }
    });

    it('hears a person in a car boot, an earlier today, and sound-alike spellings', () => {
        for (const m of ['ze zit in de kofferbak', 'hij is eerder vandaag geslagen door zijn baas', 'hij heeft haar verkragt']) {
            assert.equal(acute(m), true, m);
        }
        for (const m of [
            'de tas met laptops zit in de kofferbak',
            'de werknemers slapen in een schuur',
            'mijn collega werd bedreigd met een slechte beoordeling',
            'he was threatened with losing his job',
            'een cliënt heeft een mes in zijn tas omdat hij kok is',
        ]) {
            assert.equal(acute(m), false, m);
        }
    });
});

describe('danger that is about to happen, a lost contact, a safe place now', () => {
    it('raises the alarm for a child meeting or picked up by an adult soon, and a person moved elsewhere tonight', () => {
        for (const m of [
            'mijn nichtje van 13 gaat vanavond naar een man die ze op tiktok heeft leren kennen, hij komt haar ophalen',
            'a 14 year old girl is meeting an adult man from instagram tonight',
            'de jongen van 15 moet straks weer mee met die mannen om drugs te vervoeren',
            'ze zeggen dat ze hem vannacht naar een ander adres brengen',
            'ze zit nu in een busje met drie onbekende mannen',
            'ze appte "ik moet me verstoppen" en sindsdien hebben we niets meer gehoord',
            'ik hoorde hem roepen laat me los',
            'the man is taking her to a hotel now and she is crying',
            'er wordt op de deur gebonkt en ze roept dat ze eruit wil',
            'ik krijg een bericht: help ze doen me pijn',
            'someone is hurting a child next door',
            'mn vriendin wordt gedwongen met mannen te slapen en vanavond moet ze weer',
            'er is een meisje van 15 verdwenen en ze zit waarschijnlijk bij haar loverboy',
            'ze houden hem gevangen',
            'the traffickers are outside her house',
            'een man stuurt steeds berichten dat hij haar gaat vinden en afmaken',
            'de baas zei dat wie naar de politie gaat een kogel krijgt',
            'hij zegt dat ze zijn broertje meenemen als hij niet betaalt',
            'he said if i talk he will burn my house down',
        ]) {
            assert.equal(acute(m), true, m);
        }
    });

    it('stays calm for an ordinary pick-up, a move we arrange, an unanswered mail, a person safe now, and figures of speech', () => {
        for (const m of [
            'mijn dochter van 15 is zo blij met haar vriendje die haar altijd ophaalt',
            'de leerling van 14 wordt vanavond opgehaald door zijn vader na de training',
            'we verhuizen de cliënt volgende week naar een andere woning',
            'de jongen reageert niet meer op mijn mails over zijn uitkering',
            'ik heb niks meer gehoord van de gemeente over mijn aanvraag',
            'het meisje wordt uitgebuit door haar oom, ze is nu veilig bij haar oma',
            'ze werd in 2021 bedreigd door haar pooier, de pooier zit nu vast',
            'die vergadering was murder',
            'de oppositie wil de gemeenteraad gijzelen met moties',
            'de fysiotherapeut doet me pijn bij de behandeling',
            'de buurman bonkt op de muur als de muziek te hard staat',
            'hij wil eruit bij dat bedrijf, kan hij zijn contract opzeggen',
            'hij heeft touw gekocht voor de tent',
            'nobody will miss that meeting',
            'het kind van de buren is vermist geweest maar is weer terecht',
            'hoe werkt het als een minderjarige vermist wordt',
            'the traffickers are outside the country',
            'ik ga hem morgen even bellen en dan de melding afmaken',
            'mijn collega komt de kinderen ophalen na school',
            'we had a fire drill in the office today',
            'mijn cliënte werd vroeger gedwongen tot prostitutie en heeft nu nog steeds nachtmerries',
        ]) {
            assert.equal(acute(m), false, m);
        }
    });
});

describe('no alarm for calm descriptions of our own wording', () => {
    it('stays calm for the past, what-ifs, general questions, concepts and feelings', () => {
        for (const m of [
            'wat als iemand zegt dat hij niet weg mag bij zijn baas?',
            'hoe kan ik zien of iemand wordt vastgehouden?',
            'wat is de straf op gijzeling?',
            'ik heb gelezen over mensen die opgesloten werden in kassen',
            'ze vertelde dat ze in haar thuisland werd geslagen door haar oom',
            'de man zei dat hij zich opgesloten voelt in zijn baan',
            'bij een controle zagen we matrassen in de schuur liggen',
            'wat doe ik bij een noodgeval buiten kantoortijd?',
            'she was locked in a room by her former employer, where can she get help?',
            'de kamer was afgesloten maar er was niemand binnen',
            'een casus uit 2019: een vrouw werd in een kelder vastgehouden, de daders zijn veroordeeld',
            'ik dreig de trein te missen, kan ik de melding morgen afmaken?',
            'mijn collega dreigt haar deadline te missen door al het werk',
            'I was told in a training that victims are often locked in, is that true?',
            'I watched a documentary about girls held in flats, does that happen here?',
            'iemand heeft vannacht de ruit van mijn auto ingeslagen',
            'mijn tante kreeg een sms van haar zoon met een nieuw nummer en maakte geld over, wat nu?',
        ]) {
            assert.equal(acute(m), false, m);
        }
    });

    it('shows 112 for a past-tense danger unless something says it is over or far away', () => {
        // Unclear whether it is over: it may have happened an hour ago.
        for (const m of [
            'hij werd opgesloten in een container',
            'een arbeider vertelde dat ze werden geslagen door de ploegbaas',
            'the girls were locked in the basement by the owner',
            'ze werd meegenomen door twee mannen in een auto',
            // a safe ending denied is no safe ending
            'ze werd geslagen maar is niet veilig',
            'she was locked in and is not safe',
        ]) {
            assert.equal(acute(m), true, m);
        }
        // A time long gone, a safe ending, a general question: calm.
        for (const m of [
            'hij werd vorige maand opgesloten in een container',
            'ze werd geslagen door haar pooier, inmiddels zit ze in de opvang',
            'toen hij op de boerderij werkte werd hij opgesloten in de schuur',
            'she was beaten by her boss years ago',
            'de man werd vastgehouden in een kelder, de dader is opgepakt',
            'hoe vaak werden slachtoffers in de regio opgesloten?',
        ]) {
            assert.equal(acute(m), false, m);
        }
    });

    it('keeps the alarm when a past-tense story comes close to now', () => {
        assert.equal(acute('ze werd net geslagen door haar pooier'), true);
        assert.equal(acute('wat moet ik doen als hij haar nu slaat'), true);
        assert.equal(acute('she was beaten and is still bleeding'), true);
        assert.equal(acute('de deur was van buiten dicht en ze was opgesloten, ik hoor haar roepen'), true);
    });
});
