import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { looksDutch } from '../../../bot/knowledge/dutchText';
import { DEFAULT_CONTENT_DIR } from '../../../bot/knowledge/knowledgeBase';
import { KnowledgeContentError } from '../../../bot/knowledge/knowledgeContentError';
import { loadKnowledgeContent } from '../../../bot/knowledge/knowledgeLoader';
import { isValidPhoneNumber, toTelUri } from '../../../bot/knowledge/phoneNumber';

describe('knowledge content', () => {
    const content = loadKnowledgeContent(DEFAULT_CONTENT_DIR);

    it('covers every topic issue 4 asks for', () => {
        const ids = new Set(content.entries.map((e) => e.id));
        for (const id of [
            'wat-is-mensenhandel', 'minderjarigen', 'seksuele-uitbuiting', 'arbeidsuitbuiting', 'criminele-uitbuiting', 'orgaanhandel',
            'signalen-wegen', 'signalen-algemeen', 'signalen-seksuele-uitbuiting', 'signalen-arbeidsuitbuiting', 'signalen-criminele-uitbuiting',
            'acuut-gevaar', 'politie', 'meld-misdaad-anoniem', 'veilig-thuis', 'comensha', 'arbeidsinspectie', 'centrum-seksueel-geweld',
            'zorgcoordinatie', 'uitstapprogramma', 'aandachtfunctionaris', 'meldpunt-ondermijning', 'lokaal-ondermijningsoverleg',
            'regionaal-ondermijningsoverleg', 'riec', 'meldcode', 'bestuurlijke-maatregelen', 'bibob', 'prostitutiebeleid', 'adreskwaliteit',
            'bedenktijd-b8', 'opvang-cosm', 'wat-schrijf-ik-op', 'privacy-gegevens-delen',
        ]) {
            assert.ok(ids.has(id), `missing entry ${id}`);
        }
    });

    it('gives every entry Dutch text, a source and a valid last-checked date', () => {
        for (const e of content.entries) {
            assert.ok(e.sources.length > 0, `${e.id} has no source`);
            assert.ok(e.sources.every((s) => s.title.trim().length > 0), `${e.id} has an empty source`);
            assert.match(e.lastChecked, /^\d{4}-\d{2}-\d{2}$/, `${e.id} date`);
            assert.ok(looksDutch(e.text), `${e.id} text does not look Dutch`);
        }
    });

    it('only references contacts that exist, and every contact has a valid phone number if it has one', () => {
        const contactIds = new Set(content.contacts.map((c) => c.id));
        for (const e of content.entries) for (const c of e.contactIds) assert.ok(contactIds.has(c), `${e.id} -> ${c}`);
        for (const c of content.contacts) {
            if (c.phone !== undefined) assert.ok(isValidPhoneNumber(c.phone), `${c.id} phone ${c.phone}`);
            assert.ok(c.sources.length > 0, `${c.id} has no source`);
        }
    });

    it('marks the contacts the fact base calls unverified or old as such', () => {
        const status = (id: string) => content.contacts.find((c) => c.id === id)?.status;
        assert.equal(status('moviera-zorgcoordinatie'), 'old');
        assert.equal(status('uitstapprogramma'), 'unverified');
        assert.equal(status('riec-oost-nederland'), 'unverified');
        assert.equal(status('veilig-thuis'), 'verified');
    });
});

describe('phone numbers', () => {
    it('accepts Dutch numbers as editors type them and builds tel: links', () => {
        assert.equal(toTelUri('112'), 'tel:112');
        assert.equal(toTelUri('0800-2000'), 'tel:08002000');
        assert.equal(toTelUri('0900-8844'), 'tel:09008844');
        assert.equal(toTelUri('033-448 11 86'), 'tel:+31334481186');
        assert.equal(toTelUri('+31 70 333 44 44'), 'tel:+31703334444');
    });

    it('rejects malformed numbers', () => {
        for (const bad of ['', '0800-20O0', '033-448 11', '12345', 'bel 112', '033--4481186', '+32 2 123 45 67', '0033 448 1186 12']) {
            assert.equal(isValidPhoneNumber(bad), false, bad);
        }
    });
});

describe('loadKnowledgeContent with invalid content', () => {
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kennis-'));
        fs.mkdirSync(path.join(dir, 'onderwerpen'));
        fs.writeFileSync(path.join(dir, 'synoniemen.yaml'), 'groepen:\n  - [loverboy, pooierboy]\n');
        fs.writeFileSync(
            path.join(dir, 'contacten.yaml'),
            'contacten:\n  - id: vt\n    naam: Veilig Thuis\n    waarvoor: Advies\n    telefoon: 0800-2000\n    status: verified\n    bronnen: [{ titel: Beleidsplan }]\n    gecontroleerd: 2026-11-28\n',
        );
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const item = (over: Record<string, string>) => {
        const fields: Record<string, string> = {
            id: 'voorbeeld',
            titel: 'Voorbeeld',
            samenvatting: 'Een voorbeeld.',
            tekst: '"Dit is een tekst in het Nederlands over de aanpak van mensenhandel en het melden van een signaal."',
            bronnen: '[{ titel: Beleidsplan }]',
            gecontroleerd: '2026-11-28',
            contacten: '[vt]',
            ...over,
        };
        const lines = Object.entries(fields)
            .filter(([, v]) => v !== '')
            .map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`);
        return `onderwerp: { id: test, titel: Test, omschrijving: Test, volgorde: 1 }\nitems:\n${lines.join('\n')}\n`;
    };

    const loadError = (): KnowledgeContentError => {
        try {
            loadKnowledgeContent(dir);
        } catch (err) {
            assert.ok(err instanceof KnowledgeContentError);
            assert.equal(err.code, 'KNOWLEDGE_CONTENT_INVALID');
            return err;
        }
        assert.fail('expected the content to be refused');
    };

    it('loads a valid minimal set', () => {
        fs.writeFileSync(path.join(dir, 'onderwerpen', 'test.yaml'), item({}));
        const c = loadKnowledgeContent(dir);
        assert.equal(c.entries[0].id, 'voorbeeld');
    });

    for (const [what, over, expected] of [
        ['no source', { bronnen: '[]' }, /bronnen/],
        ['no date', { gecontroleerd: '' }, /gecontroleerd/],
        ['an impossible date', { gecontroleerd: '2026-02-30' }, /bestaat niet/],
        ['no text', { tekst: '""' }, /tekst/],
        ['English text', { tekst: '"This is the text in English and it is about the approach to trafficking with you."' }, /Nederlands/],
        ['an unknown contact', { contacten: '[bestaat-niet]' }, /contact "bestaat-niet" bestaat niet/],
    ] as const) {
        it(`names the file and entry when an entry has ${what}`, () => {
            fs.writeFileSync(path.join(dir, 'onderwerpen', 'test.yaml'), item(over));
            const err = loadError();
            assert.match(err.message, /onderwerpen[/\\]test\.yaml, item "voorbeeld"/);
            assert.match(err.message, expected);
        });
    }

    it('names the contact with a malformed phone number', () => {
        fs.writeFileSync(path.join(dir, 'onderwerpen', 'test.yaml'), item({}));
        fs.writeFileSync(
            path.join(dir, 'contacten.yaml'),
            'contacten:\n  - id: vt\n    naam: Veilig Thuis\n    waarvoor: Advies\n    telefoon: 0800-20x0\n    status: verified\n    bronnen: [{ titel: Beleidsplan }]\n    gecontroleerd: 2026-11-28\n',
        );
        const err = loadError();
        assert.match(err.message, /contacten\.yaml, contact "vt": telefoonnummer "0800-20x0"/);
    });

    it('reports duplicate ids and broken YAML', () => {
        fs.writeFileSync(path.join(dir, 'onderwerpen', 'a.yaml'), item({}));
        fs.writeFileSync(path.join(dir, 'onderwerpen', 'b.yaml'), item({}).replace('id: test', 'id: test2'));
        fs.writeFileSync(path.join(dir, 'onderwerpen', 'c.yaml'), 'onderwerp: [unclosed\n');
        const err = loadError();
        assert.match(err.message, /item "voorbeeld": id komt ook voor in/);
        assert.match(err.message, /c\.yaml: geen geldige YAML/);
    });
});
