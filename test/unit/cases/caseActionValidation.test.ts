import assert from 'node:assert/strict';
import { parseCaseAction } from '../../../bot/cases/caseActionValidation';

const ID = '0123456789abcdef0123456789abcdef';
const GUID = '6F2B8C1D-3E4A-4B5C-9D6E-7F8091A2B3C4';

describe('case action validation (card data is input)', () => {
    const accepted: [string, Record<string, unknown>, unknown][] = [
        ['case.oppakken', {}, { kind: 'oppakken' }],
        ['case.heropenen', {}, { kind: 'heropenen' }],
        ['case.geschiedenis', {}, { kind: 'geschiedenis' }],
        ['case.kaart', {}, { kind: 'kaart' }],
        ['case.toewijzen', { assignee: GUID }, { kind: 'toewijzen', assigneeAadObjectId: GUID.toLowerCase() }],
        ['case.doorzetten', { partner: 'comensha' }, { kind: 'doorzetten', partner: 'comensha' }],
        ['case.doorzetten', { partner: 'anders', forwardNote: '  de GGD  ' }, { kind: 'doorzetten', partner: 'anders', note: 'de GGD' }],
        ['case.afsluiten', { closeReason: 'dubbele_melding', closeNote: '' }, { kind: 'afsluiten', reason: 'dubbele_melding' }],
        ['case.notitie', { note: ' iets ' }, { kind: 'notitie', note: 'iets' }],
    ];
    for (const [verb, inputs, request] of accepted) {
        it(`accepts ${verb} ${JSON.stringify(inputs)}`, () => {
            const parsed = parseCaseAction(verb, { reportId: ID, version: 2, ...inputs });
            assert.ok(parsed.ok);
            assert.deepEqual(parsed.value, { reportId: ID, cardVersion: 2, request });
        });
    }

    it('accepts a version sent as digits (some clients stringify card data)', () => {
        const parsed = parseCaseAction('case.oppakken', { reportId: ID, version: '7' });
        assert.ok(parsed.ok && parsed.value.cardVersion === 7);
    });

    const forged: [unknown, unknown][] = [
        [undefined, { reportId: ID, version: 0 }],
        [42, { reportId: ID, version: 0 }],
        ['case.onbekend', { reportId: ID, version: 0 }],
        ['case.oppakken', null],
        ['case.oppakken', []],
        ['case.oppakken', 'tekst'],
        ['case.oppakken', { reportId: ID.toUpperCase(), version: 0 }],
        ['case.oppakken', { reportId: `${ID}0`, version: 0 }],
        ['case.oppakken', { reportId: ID, version: 1.5 }],
        ['case.oppakken', { reportId: ID, version: 2_000_000 }],
        ['case.oppakken', { reportId: ID, version: '1e3' }],
        ['case.toewijzen', { reportId: ID, version: 0, assignee: 'niet-een-guid' }],
        ['case.toewijzen', { reportId: ID, version: 0, assignee: 7 }],
        ['case.doorzetten', { reportId: ID, version: 0, partner: 'fbi' }],
        ['case.afsluiten', { reportId: ID, version: 0, closeReason: ['anders'] }],
        ['case.notitie', { reportId: ID, version: 0, note: { x: 1 } }],
    ];
    for (const [verb, data] of forged) {
        it(`refuses forged ${String(verb)} ${JSON.stringify(data)}`, () => {
            const parsed = parseCaseAction(verb, data);
            assert.ok(!parsed.ok);
            assert.equal(parsed.reason, 'forged');
            assert.match(parsed.message, /Er is niets veranderd/);
        });
    }

    const incomplete: [string, Record<string, unknown>, RegExp][] = [
        ['case.toewijzen', {}, /Kies eerst aan wie/],
        ['case.doorzetten', {}, /Kies eerst naar welke ketenpartner/],
        ['case.doorzetten', { partner: 'anders', forwardNote: '  ' }, /hoort een toelichting/],
        ['case.afsluiten', { closeReason: '' }, /Kies eerst een reden/],
        ['case.afsluiten', { closeReason: 'anders' }, /hoort een toelichting/],
        ['case.notitie', { note: '' }, /Typ eerst een notitie/],
        ['case.notitie', { note: 'x'.repeat(1001) }, /hoogstens 1000 tekens/],
        ['case.afsluiten', { closeReason: 'anders', closeNote: 'x'.repeat(1001) }, /hoogstens 1000 tekens/],
    ];
    for (const [verb, inputs, message] of incomplete) {
        it(`asks for what is missing: ${verb} ${JSON.stringify(inputs).slice(0, 60)}`, () => {
            const parsed = parseCaseAction(verb, { reportId: ID, version: 3, ...inputs });
            assert.ok(!parsed.ok);
            assert.equal(parsed.reason, 'incomplete');
            assert.equal(parsed.reportId, ID);
            assert.match(parsed.message, message);
        });
    }
});
