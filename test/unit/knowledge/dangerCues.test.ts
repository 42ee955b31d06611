import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { harmSaidNow, saidNotAcute } from '../../../bot/knowledge/dangerCues';
import { assessDanger } from '../../../bot/knowledge/dangerDetector';
import { normalise } from '../../../bot/knowledge/dutchText';
import { MAX_MESSAGE_CHARS } from '../../../bot/knowledge/textLimits';

const padded = (text: string) => ` ${normalise(text)} `;
const acute = (text: string) => assessDanger(text).acute;

describe('danger cues: a word of harm and a sign of now', () => {
    it('needs both: harm alone is a signal, now alone is nothing', () => {
        assert.equal(harmSaidNow(padded('de baas duwde haar net tegen de grond')), true);
        assert.equal(harmSaidNow(padded('de baas duwde haar')), false, 'no sign of now');
        assert.equal(harmSaidNow(padded('ik moet nu even weg, tot straks')), false, 'no harm');
    });

    it('reads word beginnings, so every form of a verb counts', () => {
        for (const text of ['hij kicked her just now', 'ze is vannacht getrapt en hij doet het vanavond weer', 'he is choking her now', 'ze bloeit... nee bloedt nu uit haar hoofd']) {
            assert.equal(harmSaidNow(padded(text)), true, text);
        }
    });

    it('hears a threat tied to what the victim does as urgent without a time word', () => {
        assert.equal(acute("'om 3 uur haal ik hem op als je niet betaalt'"), true);
        assert.equal(acute('if i don t sign they light it, i am inside'), true);
        assert.equal(acute('als je naar de politie gaat maak ik je af'), true);
        // A condition without harm is an ordinary sentence.
        assert.equal(acute('als je niet betaalt krijg je vandaag een aanmaning van de gemeente'), false);
    });

    it('catches being kept in, in broken Dutch and English', () => {
        assert.equal(acute('ik niet kan weg, man doe deur dicht en sleutel mee'), true);
        assert.equal(acute('i am in the basement, they dont let me out'), true);
        assert.equal(acute('iemand roept vanuit een container help, de container zit met een slot dicht'), true);
    });

    it('takes a baby or toddler left at home as danger, a schoolchild home alone not', () => {
        assert.equal(assessDanger('peuter al sinds gisteren alleen thuis, we horen hem door de deur').acute, true);
        assert.equal(assessDanger('baby alone at home, parents left two days ago, we hear crying').acute, true);
        assert.equal(acute('mijn dochter van 12 is vanmiddag een uurtje alleen thuis, mag dat?'), false);
    });

    it('takes a farewell as urgent', () => {
        assert.equal(acute('hij stuurde net vaarwel allemaal in de teamapp en is offline'), true);
        assert.equal(acute('I not want live anymore. today I finish'), true);
    });

    it('stays calm for figures of speech, animals, frames, safe states and detained culprits', () => {
        for (const text of [
            'deze deadline voor de subsidieaanvraag vermoordt me echt',
            'killing it vandaag met de voorlichting op het mbo',
            'onze kat heeft twee dagen opgesloten gezeten in de schuur van de buren, hij is weer thuis',
            'casus voor de intervisie (verzonnen): man zit opgesloten in een caravan en de baas heeft zn paspoort',
            'the girl who was held in a room is in a shelter now and doing ok',
            'de man die haar uitbuitte zit sinds maart vast in zwolle, maar zij is nog angstig',
            'ze lijkt niet in nood en doet zelf boodschappen, er komen wel steeds mannen langs',
        ]) {
            assert.equal(acute(text), false, text);
        }
    });

    it('lets news of just now outweigh a safe state said earlier in the message', () => {
        const text = 'hij zit inmiddels in de opvang. wel belde hij me net, hij zei dat hij een touw heeft en het vanavond gaat doen';
        assert.equal(saidNotAcute(padded(text)), false);
        assert.equal(acute(text), true);
    });

    it('reads the longest Teams message in linear time', () => {
        const wall = Array.from({ length: 5000 }, (_, i) => ['als', 'je', 'niet', `woord${i}`, 'nooit', 'meer'][i % 6]).join(' ');
        const token = 'a'.repeat(MAX_MESSAGE_CHARS);
        for (const text of [wall, token]) {
            const started = performance.now();
            harmSaidNow(padded(text));
            saidNotAcute(padded(text));
            // Generous on a loaded CI machine; quadratic behaviour takes seconds here.
            assert.ok(performance.now() - started < 200, `${text.length} characters`);
        }
    });
});
