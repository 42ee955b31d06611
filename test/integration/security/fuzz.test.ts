/**
 * Fuzzing the real server over HTTP with random and malformed payloads of the report card shapes
 * (report.safety/details/signals/send, plus the other report actions) and of Universal Action invokes
 * (adaptiveCard/action with random verbs and data). Deterministic (seeded PRNG), bounded in count and
 * time. Properties: never a 5xx, no turn that fails inside the bot, never a partial report in storage
 * (every stored report passes the server's own validation and has its outbox row), and the server
 * still answers normally afterwards.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import sinon from 'sinon';
import { GENERIC_ERROR_MESSAGE, STORAGE_DOWN_MESSAGE, TEMPORARY_ERROR_MESSAGE } from '../../../bot/http/turnErrors';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import { EXPLOITATION_FORMS, MUNICIPALITIES } from '../../../bot/domain/vocabulary';
import { createLogger } from '../../../bot/logger';
import { indicatorsOf } from '../../../bot/reports/indicatorCatalog';
import { INFORMED_PARTIES, WORK_CONTEXTS } from '../../../bot/reports/reportModel';
import { SUBMISSION_ID_PATTERN } from '../../../bot/reports/reportService';
import { REPORTS_TABLE, TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import { todayInAmsterdam, validateReportDraft } from '../../../bot/reports/reportValidation';
import { BOT, botAddedToTeam, cardSubmit, channelActivityBase, personalInstall, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';

const SEED = 0x5eed7;
const FUZZ_PAYLOADS = 1200;
const LANES = 6;
const TIME_BUDGET_MS = 50_000;

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (n: number) => Math.floor(next() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)];
    const chance = (p: number) => next() < p;
    return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const REPORT_FIELDS = [
    'action', 'acuteDanger', 'municipality', 'forms', 'description', 'location', 'observedOn', 'workContext', 'workContextOther',
    'indicators_algemeen', 'indicators_arbeid', 'indicators_seksueel', 'indicators_crimineel', 'indicators_orgaan', 'otherIndicator',
    'peopleCount', 'estimatedAge', 'minor', 'informed', 'informedOther', 'submissionId',
] as const;
const REPORT_ACTIONS = ['report.safety', 'report.details', 'report.signals', 'report.send', 'report.back', 'report.edit', 'report.cancel'];
const WEIRD_STRINGS = [
    '', ' ', '\u0000', '\u202eRTL-override', 'zero\u200bwidth', '👩🏽‍⚕️🇳🇱', '𝕳𝖊𝖑𝖑𝖔', 'e\u0301\u0301\u0301', '\ud800', '<script>alert(1)</script>',
    '**vet** [link](javascript:alert(1)) ![x](http://127.0.0.1/x.png)', '${{data}}', '{{x}}', "'; DROP TABLE reports; --", "PartitionKey eq ''",
    '../../etc/passwd', '%00%2F', 'NaN', 'Infinity', '-1', '1e308', '2099-12-31', '0000-00-00', '2026-02-30', 'true', 'null', 'undefined',
    '__proto__', 'constructor', 'Brummen,Apeldoorn', 'arbeid,arbeid,arbeid', 'seksueel,onbekend', 'MH-2026-0001',
];
const VERBS = ['', 'report.claim', 'report.assign', 'report.close', 'case.pickUp', 'case.forward', 'case.close', 'refresh', '__proto__', 'x'.repeat(300), '../../admin'];

function validBase(action: string, rng: Rng, today: string, submissionId?: string): Record<string, unknown> {
    const form = rng.pick(EXPLOITATION_FORMS.filter((f) => f !== 'onbekend'));
    switch (action) {
        case 'report.safety':
            return { action, acuteDanger: rng.chance(0.5) };
        case 'report.details':
            return {
                action,
                municipality: rng.pick(MUNICIPALITIES),
                forms: form,
                description: 'Iemand slaapt op de werkplek en houdt zijn paspoort niet zelf.',
                location: 'Industrieterrein',
                observedOn: today,
                workContext: rng.pick(WORK_CONTEXTS.filter((w) => w !== 'anders')),
            };
        case 'report.signals':
            return {
                action,
                [`indicators_${form}`]: indicatorsOf(form).slice(0, 2).map((o) => o.code).join(','),
                peopleCount: '3',
                estimatedAge: '30',
                minor: 'nee',
                informed: rng.pick(INFORMED_PARTIES.filter((p) => p !== 'anders')),
            };
        case 'report.send':
            return { action, submissionId: submissionId ?? randomUUID() };
        default:
            return { action };
    }
}

function randomString(rng: Rng): string {
    switch (rng.int(6)) {
        case 0:
            return rng.pick(WEIRD_STRINGS);
        case 1: // huge: some beyond every text limit, a few beyond the body limit (413, never 500)
            return rng.pick(['A', 'é', '😀', '<b>', '\n']).repeat(rng.pick([2001, 10_000, 70_000, 140_000]));
        case 2:
            return Array.from({ length: rng.int(40) }, () => String.fromCodePoint(rng.chance(0.2) ? 0x1f300 + rng.int(500) : 32 + rng.int(0x2fff))).join('');
        case 3:
            return rng.pick(MUNICIPALITIES) + rng.pick(['', ' ', '\t', 'x']);
        case 4:
            return String(rng.int(1e6) - 5e5);
        default:
            return randomUUID();
    }
}

function randomValue(rng: Rng, depth = 0): unknown {
    switch (rng.int(depth > 2 ? 6 : 9)) {
        case 0:
            return null;
        case 1:
            return rng.chance(0.5);
        case 2:
            return rng.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, Number.MIN_VALUE]);
        case 3:
        case 4:
        case 5:
            return randomString(rng);
        case 6:
            return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1));
        case 7:
            return pollutedObject(rng, depth + 1);
        default:
            return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick([...REPORT_FIELDS, 'x', '']), randomValue(rng, depth + 1)]));
    }
}

/** JSON.parse makes "__proto__" an own key, so it travels over the wire as a real prototype-pollution attempt. */
function pollutedObject(rng: Rng, depth: number): Record<string, unknown> {
    const raw = rng.pick([
        '{"__proto__":{"polluted":"yes","isAdmin":true}}',
        '{"constructor":{"prototype":{"polluted":"yes"}}}',
        '{"__proto__":{"action":"report.send","submissionId":"forged-forged"}}',
        '{"prototype":{"toString":"x"},"hasOwnProperty":"nope","valueOf":1}',
    ]);
    const object = JSON.parse(raw) as Record<string, unknown>;
    if (depth < 3 && rng.chance(0.3)) object.nested = randomValue(rng, depth + 1);
    return object;
}

/** A report card payload: a valid base for some action, then mutated (fields dropped, retyped, added). */
function fuzzReportValue(rng: Rng, today: string, knownSubmissionId: string | undefined): unknown {
    const action = rng.chance(0.9) ? rng.pick(REPORT_ACTIONS) : randomValue(rng);
    const forged = rng.pick([knownSubmissionId, randomUUID(), 'x', '', 'A'.repeat(65), '../../' + randomUUID(), 'sub_' + 'é'.repeat(10), undefined]);
    const value: Record<string, unknown> = typeof action === 'string' ? validBase(action, rng, today, forged) : { action };
    const mutations = 1 + rng.int(4);
    for (let i = 0; i < mutations; i++) {
        const field = rng.pick(REPORT_FIELDS);
        switch (rng.int(4)) {
            case 0:
                delete value[field];
                break;
            case 1:
            case 2:
                if (field !== 'action' || rng.chance(0.2)) value[field] = randomValue(rng);
                break;
            default:
                Object.assign(value, pollutedObject(rng, 1));
        }
    }
    // A few payloads whose value is not an object at all.
    if (rng.chance(0.03)) return rng.pick([[value], 'report.send', 42, null, true]);
    return value;
}

function fuzzInvoke(rng: Rng, person: Person, serviceUrl: string, inChannel: boolean): Record<string, unknown> {
    const base = inChannel ? channelActivityBase({ serviceUrl, from: person }) : personalMessage('', { serviceUrl, from: person });
    const data = rng.chance(0.5)
        ? { reportId: rng.pick([randomUUID().replace(/-/g, ''), 'f'.repeat(32), randomString(rng)]), version: randomValue(rng), ...pollutedObject(rng, 1) }
        : randomValue(rng);
    const shapes: unknown[] = [
        { action: { type: 'Action.Execute', verb: rng.pick(VERBS), data }, trigger: 'manual' },
        { action: { type: rng.pick(['Action.Submit', 'Action.Execute', 42]), verb: randomValue(rng), data: randomValue(rng) } },
        { action: randomValue(rng) },
        randomValue(rng),
    ];
    const { text: _text, textFormat: _tf, ...rest } = base as Record<string, unknown>;
    return { ...rest, type: 'invoke', name: 'adaptiveCard/action', value: rng.pick(shapes) };
}

const ENVELOPE_PAYLOADS = Number(process.env.FUZZ_ENVELOPES ?? 400);
const ENVELOPE_PATHS = [
    'channelId', 'serviceUrl', 'type', 'id', 'timestamp', 'localTimestamp', 'locale', 'text', 'textFormat', 'value', 'name', 'action',
    'from', 'from.id', 'from.name', 'from.aadObjectId', 'recipient', 'recipient.id', 'recipient.name',
    'conversation', 'conversation.id', 'conversation.tenantId', 'conversation.conversationType', 'conversation.isGroup',
    'channelData', 'channelData.tenant', 'channelData.tenant.id', 'channelData.channel', 'channelData.channel.id', 'channelData.team', 'channelData.eventType',
    'entities', 'attachments', 'membersAdded', 'membersRemoved', 'replyToId', 'relatesTo',
] as const;
const ENVELOPE_VALUES: unknown[] = [
    undefined, null, '', 'x', 42, -1, true, [], {}, [null], [{}], [{ id: 42 }], { id: 42 }, { id: '' }, { id: null }, 'directline', 'webchat',
    // No trusted URL that answers nothing (Teams' own host without DNS here, a dead loopback port: local mode
    // trusts loopback on purpose): a reply there is an honest outage, not a malformed activity.
    'MSTEAMS', 'https://smba.trafficmanager.net:8443/emea/', 'https://evil.trafficmanager.net/', 'http://127.0.0.2:9/', LOCAL_TENANT_ID,
    LOCAL_TENANT_ID.toUpperCase(), '99999999-8888-4777-8666-555555555555', 'invoke', 'message', 'conversationUpdate', 'installationUpdate',
    'event', 'typing', 'endOfConversation', 'messageReaction', 'adaptiveCard/action', 'channel', 'personal', 'groupChat', '1970-01-01T00:00:00Z', 'not a date',
];

/** One to three fields of the envelope set to something else (dropped, retyped, another plausible value). */
function mutateEnvelope(rng: Rng, activity: Record<string, unknown>): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
    const mutations = 1 + rng.int(3);
    for (let i = 0; i < mutations; i++) {
        const path = rng.pick(ENVELOPE_PATHS).split('.');
        let holder: Record<string, unknown> = copy;
        for (const key of path.slice(0, -1)) {
            const next = holder[key];
            if (typeof next !== 'object' || next === null || Array.isArray(next)) {
                holder = {};
                break;
            }
            holder = next as Record<string, unknown>;
        }
        const last = path[path.length - 1];
        const value = rng.chance(0.7) ? rng.pick(ENVELOPE_VALUES) : randomValue(rng);
        if (value === undefined) delete holder[last];
        else holder[last] = value;
    }
    return copy;
}

function colleague(lane: number, n: number): Person {
    const hex = (lane * 100 + n).toString(16).padStart(12, '0');
    return { id: `29:fuzz-${lane}-${n}`, name: `Fuzz ${lane}.${n}`, aadObjectId: `f0220000-0000-4000-8000-${hex}` };
}

interface Finding {
    status: number;
    kind: string;
    sample: string;
}

describe('Fuzzing the report and action shapes over HTTP (seeded)', function () {
    this.timeout(120_000);
    let bot: TestBot;
    let runSpy: sinon.SinonSpy;
    const logLines: string[] = [];

    before(async () => {
        const sink = { write: (line: string) => void logLines.push(line) } as unknown as Writable;
        bot = await startTestBot({ logger: createLogger('warn', sink) });
        // The payloads are from our tenant and a known kind of colleague, so they reach the bot instead of
        // stopping at the tenant guard (which would make every property below hold trivially).
        assert.deepEqual(bot.config.allowedTenantIds, [LOCAL_TENANT_ID]);
        runSpy = sinon.spy(bot.app.bot, 'run');
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url, tenantId: LOCAL_TENANT_ID }));
    });
    after(async () => {
        runSpy?.restore();
        await bot?.close();
    });

    it('answers a malformed card action invoke (no action object) with 400, not a failed turn and 501', async () => {
        const serviceUrl = bot.connector.url;
        for (const value of ['x', { action: 'report.claim' }, [], { verb: 'x' }]) {
            const { text: _t, ...rest } = personalMessage('', { serviceUrl, from: colleague(98, 1) });
            const res = await bot.post({ ...rest, type: 'invoke', name: 'adaptiveCard/action', value });
            assert.equal(res.status, 400, JSON.stringify(value));
            assert.deepEqual((res.body as { value?: unknown }).value, { code: 'BadRequest', message: 'Malformed action' });
        }
    });

    it('answers an invoke the bot does not handle with 400, not the SDK\'s 501', async () => {
        const serviceUrl = bot.connector.url;
        for (const name of ['task/fetch', 'composeExtension/query', 'x', '', undefined]) {
            const { text: _t, ...rest } = personalMessage('', { serviceUrl, from: colleague(98, 2) });
            const res = await bot.post({ ...rest, type: 'invoke', ...(name !== undefined && { name }), value: { action: { type: 'Action.Execute', verb: 'x' } } });
            assert.equal(res.status, 400, String(name));
            assert.deepEqual((res.body as { value?: unknown }).value, { code: 'BadRequest', message: 'Unknown invoke' });
        }
    });

    it(`sends ${FUZZ_PAYLOADS} malformed payloads: no 5xx, no failed turn, no partial report, server still answers`, async () => {
        const serviceUrl = bot.connector.url;
        const today = todayInAmsterdam(new Date());
        const deadline = Date.now() + TIME_BUDGET_MS;
        const findings: Finding[] = [];
        let fuzzed = 0;
        let total = 0;

        const post = async (activity: Record<string, unknown>, kind: string, isFuzz: boolean) => {
            const res = await bot.post(activity);
            total++;
            if (isFuzz) fuzzed++;
            if (res.status >= 500) findings.push({ status: res.status, kind, sample: JSON.stringify(activity.value ?? activity.text).slice(0, 300) });
            return res;
        };
        const summaryId = (person: Person) => {
            const card = cardsIn(bot.connector.sentTo(`a:personal-${person.aadObjectId}`)).at(-1);
            return /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(card ?? {}))?.[1];
        };

        const runsBefore = runSpy.callCount;
        const lane = async (laneNo: number) => {
            const rng = prng(SEED + laneNo);
            const people = Array.from({ length: 4 }, (_, n) => colleague(laneNo, n));
            while (fuzzed < FUZZ_PAYLOADS && Date.now() < deadline) {
                const person = rng.pick(people);
                const roll = rng.next();
                if (roll < 0.12) {
                    await post(personalMessage(rng.pick(['melden', 'ik wil iets melden', 'stop']), { serviceUrl, from: person }), 'start', false);
                } else if (roll < 0.22) {
                    // Walk the valid path to the summary, then attack Versturen.
                    for (const action of ['report.safety', 'report.details', 'report.signals']) {
                        await post(cardSubmit(validBase(action, rng, today), { serviceUrl, from: person }), action, false);
                    }
                    const known = summaryId(person);
                    const value = rng.chance(0.3) && known ? { action: 'report.send', submissionId: known } : fuzzReportValue(rng, today, known);
                    await post({ ...cardSubmit({}, { serviceUrl, from: person }), value }, 'report.send', true);
                } else if (roll < 0.82) {
                    const value = fuzzReportValue(rng, today, summaryId(person));
                    await post({ ...cardSubmit({}, { serviceUrl, from: person }), value }, 'report card', true);
                } else {
                    await post(fuzzInvoke(rng, person, serviceUrl, rng.chance(0.5)), 'adaptiveCard/action', true);
                }
            }
        };
        await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));

        assert.ok(fuzzed >= 1000, `only ${fuzzed} fuzz payloads were sent within the time budget`);
        // Only bodies past the size limit (413) stop before the bot; everything else reached a turn.
        const turns = runSpy.callCount - runsBefore;
        assert.ok(turns >= total * 0.9, `only ${turns} of ${total} requests reached the bot`);
        assert.deepEqual(findings.slice(0, 5), [], `${findings.length} requests answered 5xx (${[...new Set(findings.map((f) => `${f.kind} ${f.status}`))].join(", ")})`);

        // No turn died inside the bot: the adapter's error handler neither logged nor apologised.
        const turnFailures = logLines.filter((l) => l.includes('"turn failed"'));
        assert.deepEqual(turnFailures.slice(0, 3), [], `${turnFailures.length} turns failed`);
        const apologies = bot.connector.calls.filter((c) => [GENERIC_ERROR_MESSAGE, STORAGE_DOWN_MESSAGE, TEMPORARY_ERROR_MESSAGE].includes(String(c.body.text)));
        assert.equal(apologies.length, 0);

        // Storage: every report row is a complete, valid report with its outbox row, and no outbox row is orphaned.
        const table = await bot.tables.table(REPORTS_TABLE);
        const partitions = new Map<string, Set<string>>();
        for await (const row of table.listEntities({ queryOptions: { filter: "PartitionKey ge 'rpt_' and PartitionKey lt 'rpt`'" } })) {
            const rows = partitions.get(row.partitionKey ?? '') ?? new Set<string>();
            rows.add(row.rowKey ?? '');
            partitions.set(row.partitionKey ?? '', rows);
        }
        const store = new TableReportStore(bot.tables);
        let reports = 0;
        for (const [partition, rows] of partitions) {
            assert.ok(rows.has('report') && rows.has('outbox'), `partition ${partition} holds ${[...rows].join('+')}, not report+outbox`);
            const stored = await store.get(partition.slice('rpt_'.length));
            assert.ok(stored);
            const { report } = stored;
            assert.match(report.reference, /^MH-\d{4}-\d{4,}$/);
            assert.match(report.submissionId, SUBMISSION_ID_PATTERN);
            assert.equal(report.reporter.tenantId, LOCAL_TENANT_ID);
            assert.match(report.reporter.aadObjectId, /^f0220000-/);
            const recheck = validateReportDraft(report, todayInAmsterdam(new Date(report.submittedAt)));
            assert.ok(recheck.ok, `stored report ${report.reportId} fails validation: ${JSON.stringify(!recheck.ok && recheck.errors)}`);
            reports++;
        }
        // Nothing leaked into the prototype of the server's objects (same process).
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.equal(({} as Record<string, unknown>).isAdmin, undefined);

        // The server still answers: health, and a fresh colleague can start a report.
        assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
        const fresh = colleague(99, 1);
        const res = await bot.post(personalMessage('melden', { serviceUrl, from: fresh }));
        assert.equal(res.status, 200);
        assert.match(cardText(cardsIn(bot.connector.sentTo(`a:personal-${fresh.aadObjectId}`)).at(-1)), /acuut gevaar/i);
        // Recorded for whoever reads the test output.
        console.log(`      fuzz: ${fuzzed} payloads (${total} requests), ${reports} complete reports stored, bot id ${BOT.id.slice(0, 6)}…`);
    });

    /**
     * The envelope itself, as a caller inside the tenant could send it: fields dropped, retyped or
     * replaced on messages, card submits, invokes, conversationUpdate and installationUpdate, always with
     * our tenant and a known colleague as the starting point. Before the door (bot/guards/teamsDoor.ts)
     * a missing channelId or conversation was a 500 and a missing serviceUrl held the request ~10 s;
     * retyped from, recipient, conversation, locale, entities or members failed inside the turn.
     * FUZZ_SEED_OFFSET and FUZZ_ENVELOPES run other and more payloads (5 × 1500 were clean).
     */
    it(`sends ${ENVELOPE_PAYLOADS} activities with mutated envelopes from our tenant: no 5xx, no hold, no failed turn`, async () => {
        const serviceUrl = bot.connector.url;
        const findings: Finding[] = [];
        const turnFailuresBefore = logLines.filter((l) => l.includes('"turn failed"')).length;
        const runsBefore = runSpy.callCount;
        const statuses = new Map<number, number>();
        let slowest = 0;
        const lane = async (laneNo: number) => {
            // One generator per lane: the same payloads whatever order the lanes' requests finish in.
            const rng = prng((SEED ^ 0xe11e) + laneNo + Number(process.env.FUZZ_SEED_OFFSET ?? 0));
            for (let i = laneNo; i < ENVELOPE_PAYLOADS; i += LANES) {
                const person = colleague(60 + laneNo, i % 5);
                const opts = { serviceUrl, from: person, tenantId: LOCAL_TENANT_ID };
                const shapes: (() => Record<string, unknown>)[] = [
                    () => personalMessage(rng.pick(['hallo', 'melden', 'help', 'overzicht', 'mijn meldingen', '']), opts),
                    () => cardSubmit({ action: rng.pick(REPORT_ACTIONS) }, opts),
                    () => fuzzInvoke(rng, person, serviceUrl, rng.chance(0.5)),
                    () => botAddedToTeam(opts),
                    () => personalInstall(opts),
                    () => ({ ...channelActivityBase(opts), type: 'message', text: `<at>${BOT.name}</at> hallo` }),
                ];
                const activity = mutateEnvelope(rng, rng.pick(shapes)());
                const started = performance.now();
                const res = await bot.post(activity);
                slowest = Math.max(slowest, performance.now() - started);
                statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
                if (res.status >= 500) findings.push({ status: res.status, kind: 'envelope', sample: JSON.stringify(activity).slice(0, 400) });
            }
        };
        await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));

        assert.deepEqual(findings.slice(0, 3), [], `${findings.length} envelopes answered 5xx`);
        const turnFailures = logLines.filter((l) => l.includes('"turn failed"')).slice(turnFailuresBefore);
        assert.deepEqual(turnFailures.slice(0, 3), [], `${turnFailures.length} turns failed`);
        // Nothing waits for a Connector that is not there: every answer comes at once.
        assert.ok(slowest < 3000, `slowest envelope answered after ${slowest.toFixed(0)} ms`);
        // Both sides were exercised: refused at the door, and reaching the bot.
        assert.ok((statuses.get(400) ?? 0) > ENVELOPE_PAYLOADS * 0.2, `400s: ${JSON.stringify([...statuses])}`);
        assert.ok(runSpy.callCount - runsBefore > ENVELOPE_PAYLOADS * 0.2, `turns: ${runSpy.callCount - runsBefore}`);
        console.log(`      envelopes: ${ENVELOPE_PAYLOADS}, answers ${JSON.stringify(Object.fromEntries(statuses))}, ${runSpy.callCount - runsBefore} reached the bot, slowest ${slowest.toFixed(0)} ms`);
    });

    it('answers the longest free text Teams carries from an allowed colleague, in any shape, while /healthz keeps answering', async () => {
        const serviceUrl = bot.connector.url;
        const rng = prng(SEED ^ 0x7e47);
        const texts = [
            'a'.repeat(28_000),
            Buffer.from('x'.repeat(21_000)).toString('base64'),
            Array.from({ length: 5000 }, (_, i) => ['mensenhandel', 'opgesloten', 'arbeidsuitbuting', `w${i}`][i % 4]).join(' '),
            `https://example.org/${'pad/'.repeat(6900)}`,
            ...Array.from({ length: 40 }, () => Array.from({ length: 1 + rng.int(60) }, () => rng.pick(WEIRD_STRINGS)).join(rng.pick([' ', '', '\n']))),
        ];
        const person = colleague(77, 0);
        let slowest = 0;
        for (const text of texts) {
            const started = performance.now();
            const health = fetch(`${bot.url}/healthz`);
            const res = await bot.post(personalMessage(text, { serviceUrl, from: person }));
            assert.equal(res.status, 200, text.slice(0, 40));
            assert.equal((await health).status, 200);
            slowest = Math.max(slowest, performance.now() - started);
        }
        // On one thread /healthz waits for a stalled turn, so the guard is the turn's time: far below
        // Teams' 15 s (the old search took 264 s for the first text). bench:qa measures the real figure.
        assert.ok(slowest < 5000, `slowest turn ${slowest.toFixed(0)} ms`);
        console.log(`      longest texts (28,000-character word, base64, 5,000 words, long link, ${texts.length - 4} odd mixes): slowest turn with /healthz beside it ${slowest.toFixed(0)} ms, /healthz 200 every time`);
        const sent = bot.connector.sentTo(`a:personal-${person.aadObjectId}`);
        assert.ok(cardsIn(sent).length >= texts.length, 'every message got an answer card');
        assert.ok(!JSON.stringify(sent).includes('a'.repeat(200)), 'no long input is echoed back');
    });
});
