import assert from 'node:assert/strict';
import {
    todayInAmsterdam,
    validateDetails,
    validateReportDraft,
    validateSignals,
} from '../../../bot/reports/reportValidation';
import { draftToFormValues, readFormValues } from '../../../cards/reportFormValues';
import { cleanText } from '../../../bot/reports/fieldReading';
import { groupsForForms, indicatorsOf, INDICATOR_GROUPS } from '../../../bot/reports/indicatorCatalog';
import { FIXED_TODAY, sampleDraft } from './reportFixtures';

const validDetails = {
    action: 'report.details',
    municipality: 'Lochem',
    forms: 'arbeid,crimineel',
    description: 'Jongen werkt elke dag tot laat in een autowasserette.',
    location: '',
    observedOn: '2026-03-01',
    workContext: 'leerplicht',
    workContextOther: '',
};

describe('reportValidation', () => {
    describe('details step', () => {
        it('accepts a valid submission and ignores unknown keys', () => {
            const result = validateDetails({ ...validDetails, msteams: { x: 1 }, evil: '<b>' }, FIXED_TODAY);
            assert.ok(result.ok);
            assert.deepEqual(result.value, {
                municipality: 'Lochem',
                forms: ['arbeid', 'crimineel'],
                description: validDetails.description,
                observedOn: '2026-03-01',
                workContext: 'leerplicht',
            });
        });

        it('names every missing required field in Dutch', () => {
            const result = validateDetails({}, FIXED_TODAY);
            assert.ok(!result.ok);
            assert.deepEqual(Object.keys(result.errors).sort(), ['description', 'forms', 'municipality', 'observedOn', 'workContext']);
            assert.match(result.errors.municipality ?? '', /gemeente/);
        });

        it('refuses a non-object payload', () => {
            for (const input of [null, 'tekst', 42, ['a']]) {
                const result = validateDetails(input, FIXED_TODAY);
                assert.ok(!result.ok);
                assert.ok(result.errors.municipality);
            }
        });

        it('refuses wrong types', () => {
            const result = validateDetails({ ...validDetails, municipality: 7, forms: { a: 1 }, description: ['x'], observedOn: 20260301, workContext: true }, FIXED_TODAY);
            assert.ok(!result.ok);
            assert.deepEqual(Object.keys(result.errors).sort(), ['description', 'forms', 'municipality', 'observedOn', 'workContext']);
            assert.match(result.errors.municipality ?? '', /klopt niet/);
        });

        it('refuses unknown values', () => {
            const result = validateDetails({ ...validDetails, municipality: 'Amsterdam', forms: 'arbeid,drugs', workContext: 'hacker' }, FIXED_TODAY);
            assert.ok(!result.ok);
            assert.match(result.errors.municipality ?? '', /Brummen, Lochem, Voorst of Zutphen/);
            assert.ok(result.errors.forms);
            assert.ok(result.errors.workContext);
        });

        it("does not combine 'weet ik niet' with a form", () => {
            const result = validateDetails({ ...validDetails, forms: 'onbekend,arbeid' }, FIXED_TODAY);
            assert.ok(!result.ok);
            assert.ok(result.errors.forms);
        });

        it('limits free text to 2,000 characters (100 KB refused)', () => {
            const huge = 'a'.repeat(100 * 1024);
            const result = validateDetails({ ...validDetails, description: huge }, FIXED_TODAY);
            assert.ok(!result.ok);
            assert.match(result.errors.description ?? '', /maximaal 2\.000 tekens, je tekst heeft er 102\.400\. Maak hem korter\. In het formulier staan alleen de eerste 10\.000 tekens\./);
            assert.ok(validateDetails({ ...validDetails, description: 'é'.repeat(2000) }, FIXED_TODAY).ok);
            assert.ok(!validateDetails({ ...validDetails, description: 'kort' }, FIXED_TODAY).ok);
        });

        it('says how long a too long text is and never cuts it: 10,000 characters come back whole', () => {
            const pasted = 'woord '.repeat(1667).slice(0, 10_000);
            const result = validateDetails({ ...validDetails, description: pasted }, FIXED_TODAY);
            assert.ok(!result.ok);
            assert.equal(result.errors.description, 'Je tekst is te lang: maximaal 2.000 tekens, je tekst heeft er 10.000. Maak hem korter. Er is niets weggelaten.');
            assert.equal(readFormValues({ description: pasted }).description, pasted, 'the form shows all of it again');
            const location = validateDetails({ ...validDetails, location: 'x'.repeat(250) }, FIXED_TODAY);
            assert.match((location as { errors: { location: string } }).errors.location, /maximaal 200 tekens, je tekst heeft er 250/);
        });

        it('refuses future, impossible and absurdly old dates', () => {
            const at = (observedOn: string) => validateDetails({ ...validDetails, observedOn }, FIXED_TODAY);
            assert.ok(at(FIXED_TODAY).ok);
            assert.match((at('2026-03-16') as { errors: { observedOn: string } }).errors.observedOn, /^De datum ligt in de toekomst\./);
            assert.ok(!at('2026-02-30').ok);
            assert.ok(!at('15-03-2026').ok);
            assert.match((at('1999-01-01') as { errors: { observedOn: string } }).errors.observedOn, /10 jaar/);
            assert.ok(at('2016-03-15').ok);
        });

        it("requires a description when the work context is 'anders'", () => {
            const result = validateDetails({ ...validDetails, workContext: 'anders' }, FIXED_TODAY);
            assert.ok(!result.ok);
            assert.ok(result.errors.workContextOther);
            const ok = validateDetails({ ...validDetails, workContext: 'anders', workContextOther: 'Schuldhulp' }, FIXED_TODAY);
            assert.ok(ok.ok && ok.value.workContextOther === 'Schuldhulp');
        });

        it('strips control and bidi characters from text', () => {
            assert.equal(cleanText('  a\u202Eb\u0007c\r\nd  '), 'abc\nd');
        });
    });

    describe('signals step', () => {
        it('accepts indicators of the chosen forms from the per-group checklists', () => {
            const result = validateSignals(
                { indicators_algemeen: 'alg_schuld', indicators_arbeid: 'arb_lange_dagen,arb_zwart', minor: 'ja', peopleCount: '3', estimatedAge: 16, informed: 'politie,veilig_thuis' },
                ['arbeid'],
            );
            assert.ok(result.ok);
            assert.deepEqual(result.value.indicators, ['alg_schuld', 'arb_lange_dagen', 'arb_zwart']);
            assert.equal(result.value.peopleCount, 3);
            assert.equal(result.value.estimatedAge, 16);
        });

        it('refuses indicators of a form that was not chosen, and unknown codes', () => {
            assert.ok(!validateSignals({ indicators_seksueel: 'sek_hotel', minor: 'nee' }, ['arbeid']).ok);
            assert.ok(!validateSignals({ indicators_algemeen: 'alg_bestaatniet', minor: 'nee' }, ['arbeid']).ok);
        });

        it("requires text with 'anders' and adds 'anders' when text is given", () => {
            assert.ok(!validateSignals({ indicators_algemeen: 'anders', minor: 'nee' }, ['onbekend']).ok);
            const result = validateSignals({ otherIndicator: 'Niet-pluisgevoel bij de inschrijving', minor: 'nee' }, ['onbekend']);
            assert.ok(result.ok && result.value.indicators.includes('anders'));
        });

        it('checks number ranges and types', () => {
            for (const bad of [{ peopleCount: '0' }, { peopleCount: '501' }, { peopleCount: '2.5' }, { peopleCount: 'veel' }, { estimatedAge: -1 }, { estimatedAge: 121 }, { estimatedAge: {} }]) {
                const result = validateSignals({ minor: 'onbekend', ...bad }, ['arbeid']);
                assert.ok(!result.ok, JSON.stringify(bad));
            }
        });

        it('names an out-of-range number instead of clamping it: -5 people, age 300', () => {
            const people = validateSignals({ minor: 'onbekend', peopleCount: '-5', informed: 'niemand' }, ['arbeid']);
            assert.ok(!people.ok);
            assert.equal(people.errors.peopleCount, '-5 personen kan niet: vul een aantal in van 1 tot en met 500, of laat het leeg.');
            const age = validateSignals({ minor: 'onbekend', estimatedAge: 300, informed: 'niemand' }, ['arbeid']);
            assert.ok(!age.ok);
            assert.equal(age.errors.estimatedAge, 'Een leeftijd van 300 jaar kan niet: vul een leeftijd in van 0 tot en met 120 jaar (een schatting is goed), of laat het leeg.');
            // Shown again as typed, not as 1 or 120.
            const values = readFormValues({ peopleCount: '-5', estimatedAge: 300 });
            assert.equal(values.peopleCount, '-5');
            assert.equal(values.estimatedAge, '300');
        });

        it('catches a contradiction between age and minor', () => {
            const result = validateSignals({ minor: 'nee', estimatedAge: '15' }, ['arbeid']);
            assert.ok(!result.ok);
            assert.ok(result.errors.minor);
        });

        it("does not combine 'nog niemand' with a party", () => {
            assert.ok(!validateSignals({ minor: 'nee', informed: 'niemand,politie' }, ['arbeid']).ok);
            assert.ok(!validateSignals({ minor: 'nee', informed: 'anders' }, ['arbeid']).ok);
        });
    });

    it('validates a full draft and round-trips it through form values', () => {
        const draft = sampleDraft();
        const result = validateReportDraft(draft, FIXED_TODAY);
        assert.ok(result.ok);
        assert.deepEqual(result.value, draft);
        const again = validateReportDraft({ ...draftToFormValues(draft), acuteDanger: false }, FIXED_TODAY);
        assert.ok(again.ok);
        assert.deepEqual(again.value, draft);
        assert.ok(!validateReportDraft({ ...draft, acuteDanger: 'misschien' }, FIXED_TODAY).ok);
    });

    it('keeps entered values for the card, cutting a 100 KB paste at the limit', () => {
        const values = readFormValues({ description: 'x'.repeat(100 * 1024), municipality: 12, forms: ['arbeid', 'orgaan'], indicators_arbeid: 'arb_zwart' });
        assert.equal(values.description.length, 10_000, 'a huge paste is shown in part (the error says so)');
        assert.equal(values.municipality, '12');
        assert.equal(values.forms, 'arbeid,orgaan');
        assert.equal(values.indicators, 'arb_zwart');
    });

    it('takes "today" in Amsterdam, not UTC', () => {
        assert.equal(todayInAmsterdam(new Date('2026-03-15T23:30:00Z')), '2026-03-16');
        assert.equal(todayInAmsterdam(new Date('2026-07-01T21:59:00Z')), '2026-07-01');
    });

    it('indicator catalog: stable unique codes, general signals always offered', () => {
        const codes = INDICATOR_GROUPS.flatMap((g) => indicatorsOf(g).map((o) => o.code));
        assert.equal(new Set(codes).size, codes.length);
        assert.deepEqual(groupsForForms(['onbekend']), ['algemeen']);
        assert.deepEqual(groupsForForms(['orgaan', 'seksueel']), ['algemeen', 'seksueel', 'orgaan']);
        for (const g of INDICATOR_GROUPS) for (const o of indicatorsOf(g)) assert.ok(o.label.length <= 80, o.code);
    });
});
