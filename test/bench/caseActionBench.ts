/**
 * `npm run bench:cases`: action-to-card-update latency with 10 coordinators acting at once over HTTP.
 * The real bot (restify, CloudAdapter, Azurite in memory) and a fake Bot Connector on loopback; each
 * coordinator adds notes to reports in turn (so several act on the same report at the same time), then
 * all ten press Oppakken on the same reports at once. Measured per action: from sending the invoke to
 * the shared card's PUT (showing that change or a later one) arriving at the connector, and the invoke
 * answer itself. Lost updates: an applied action missing from the history, the version or the final card.
 * Target: p99 < 200 ms on 2 cores, 0 lost updates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { LOCAL_TENANT_ID } from '../../bot/config';
import { BRUMMEN_CHANNEL, botAddedToTeam, cardActionInvoke, personalMessage, type Person } from '../support/activities';
import { startTestBot, type TestBot } from '../support/botHarness';
import type { RecordedCall } from '../support/fakeConnector';
import { stopTestAzurite } from '../support/testAzurite';

const COORDINATORS = 10;
const REPORTS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

const REPORTER: Person = { id: '29:bench-reporter', name: 'Melder', aadObjectId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' };

function guid(i: number): string {
    return `${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`;
}

function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) return NaN;
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const versionOf = (call: RecordedCall) => Number(/"version":(\d+)/.exec(JSON.stringify(call.body))?.[1] ?? -1);

interface Target {
    reportId: string;
    thread: string;
    activityId: string;
}

async function deliver(bot: TestBot, i: number): Promise<Target> {
    const { report } = await bot.app.reporting.service.submit(
        {
            municipality: 'Brummen',
            forms: ['arbeid'],
            description: `Benchmarkmelding ${i}`,
            observedOn: new Date(Date.now() - 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' }),
            workContext: 'toezicht',
            indicators: ['arb_huisvesting'],
            minor: 'nee',
            informed: ['niemand'],
            acuteDanger: false,
        },
        { aadObjectId: REPORTER.aadObjectId, tenantId: LOCAL_TENANT_ID, displayName: REPORTER.name },
        `bench-${randomUUID()}`,
    );
    for (;;) {
        const stored = await bot.app.reporting.store.get(report.reportId);
        const d = stored?.report.delivery;
        if (d?.activityId && d.conversationId) return { reportId: report.reportId, thread: d.conversationId, activityId: d.activityId };
        await new Promise((r) => setTimeout(r, 10));
    }
}

async function main(): Promise<void> {
    const coordinators: Person[] = Array.from({ length: COORDINATORS }, (_, i) => ({ id: `29:bench-${i}`, name: `Coördinator ${i + 1}`, aadObjectId: guid(i + 1) }));
    const orgFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casebench-')), 'organisation.yml');
    fs.writeFileSync(
        orgFile,
        [
            'municipalities:',
            '  Brummen:',
            `    channel: "${BRUMMEN_CHANNEL}"`,
            '    coordinators:',
            ...coordinators.flatMap((c) => [`      - aadObjectId: ${c.aadObjectId}`, `        name: ${c.name}`]),
        ].join('\n'),
    );
    const bot = await startTestBot({ env: { ORGANISATION_FILE: orgFile }, app: { cases: { notificationRetryMs: 20 } } });
    try {
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
        await bot.post(personalMessage('hallo', { serviceUrl: bot.connector.url, from: REPORTER }));
        const targets: Target[] = [];
        for (let i = 0; i < REPORTS; i++) targets.push(await deliver(bot, i));

        const latencies: number[] = [];
        const answerTimes: number[] = [];
        const applied = new Map<string, number>(targets.map((t) => [t.reportId, 0]));
        const notesSent = new Map<string, string[]>(targets.map((t) => [t.reportId, []]));
        let conflicts = 0;
        let failures = 0;

        const act = async (who: Person, target: Target, verb: string, data: Record<string, unknown>): Promise<'applied' | 'conflict' | 'failed'> => {
            const started = Date.now();
            const res = await bot.post(cardActionInvoke(verb, { reportId: target.reportId, ...data }, { serviceUrl: bot.connector.url, from: who, threadConversationId: target.thread }));
            answerTimes.push(Date.now() - started);
            const body = res.body as { statusCode?: number; value?: unknown };
            const json = JSON.stringify(body?.value ?? {});
            if (res.status !== 200 || body?.statusCode !== 200) {
                failures++;
                return 'failed';
            }
            if (/Iemand was je net voor/.test(json)) {
                conflicts++;
                return 'conflict';
            }
            if (/Er is niets veranderd/.test(json)) {
                failures++;
                return 'failed';
            }
            const version = Number(/"version":(\d+)/.exec(json)?.[1] ?? -1);
            const put = await bot.connector.waitFor((c) => c.method === 'PUT' && c.activityId === target.activityId && c.failedWith === undefined && versionOf(c) >= version, 10_000);
            latencies.push(put.at - started);
            applied.set(target.reportId, (applied.get(target.reportId) ?? 0) + 1);
            return 'applied';
        };

        // Warm-up outside the figures (JIT, connections).
        await act(coordinators[0], targets[0], 'case.notitie', { version: 0, note: 'opwarmen' });
        notesSent.get(targets[0].reportId)!.push('opwarmen');
        latencies.length = 0;
        answerTimes.length = 0;

        const started = Date.now();
        // Phase 1: ten coordinators add notes at once, moving over the reports (overlapping on the same report).
        await Promise.all(
            coordinators.map(async (who, ci) => {
                for (let round = 0; round < ROUNDS; round++) {
                    const target = targets[(ci + Math.floor(round / 2)) % REPORTS];
                    const note = `notitie ${ci}-${round}`;
                    notesSent.get(target.reportId)!.push(note);
                    await act(who, target, 'case.notitie', { version: 0, note });
                }
            }),
        );
        // Phase 2: all ten press Oppakken on the same report at the same moment, for every report.
        let contentionWinners = 0;
        for (const target of targets) {
            const version = (await bot.app.reporting.store.get(target.reportId))?.report.handling?.version ?? 0;
            const outcomes = await Promise.all(coordinators.map((who) => act(who, target, 'case.oppakken', { version })));
            contentionWinners += outcomes.filter((o) => o === 'applied').length === 1 ? 1 : 0;
        }
        const elapsedMs = Date.now() - started;
        await bot.app.cases.notifications.idle();

        // Lost updates: every applied action is in the version, the history and the last card PUT.
        let lost = 0;
        for (const target of targets) {
            const stored = (await bot.app.reporting.store.get(target.reportId))!.report;
            const history = await bot.app.cases.service.act(
                { aadObjectId: coordinators[0].aadObjectId, tenantId: LOCAL_TENANT_ID, conversationId: target.thread },
                { reportId: target.reportId, cardVersion: 0, request: { kind: 'geschiedenis' } },
            );
            const entries = history.kind === 'history' ? history.entries : [];
            const notes = new Set(entries.map((e) => e.note));
            const missingNotes = notesSent.get(target.reportId)!.filter((n) => !notes.has(n)).length;
            const expected = applied.get(target.reportId)!;
            const lastPut = bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === target.activityId && c.failedWith === undefined).at(-1);
            const cardBehind = lastPut ? Math.max(0, (stored.handling?.version ?? 0) - versionOf(lastPut)) : 1;
            lost += Math.abs((stored.handling?.version ?? 0) - expected) + Math.abs(entries.length - expected) + missingNotes + cardBehind;
        }

        const sorted = [...latencies].sort((a, b) => a - b);
        const answers = [...answerTimes].sort((a, b) => a - b);
        const cpu = os.cpus();
        const line = (label: string, xs: number[]) =>
            `${label.padEnd(36)} p50 ${percentile(xs, 50)} ms · p95 ${percentile(xs, 95)} ms · p99 ${percentile(xs, 99)} ms · max ${xs.at(-1)} ms`;
        process.stdout.write(
            [
                '',
                `Case actions: ${COORDINATORS} coordinators at once, ${REPORTS} reports, ${ROUNDS} notes each + ${REPORTS} x ${COORDINATORS} simultaneous Oppakken`,
                `Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), Node ${process.version}, Azurite in memory, fake connector on loopback`,
                line(`action -> card PUT (${sorted.length} applied)`, sorted),
                line(`invoke answer (${answers.length} invokes)`, answers),
                `applied ${sorted.length} · refused as concurrent ${conflicts} · unexpected refusals/errors ${failures}`,
                `contention: ${contentionWinners}/${REPORTS} reports with exactly one winner of ${COORDINATORS} simultaneous Oppakken`,
                `lost updates: ${lost}`,
                `throughput: ${Math.round((answers.length / elapsedMs) * 1000)} actions/s over ${elapsedMs} ms`,
                `target p99 < 200 ms and 0 lost updates: ${percentile(sorted, 99) < 200 && lost === 0 && failures === 0 ? 'MET' : 'NOT MET'}`,
                '',
            ].join('\n'),
        );
    } finally {
        await bot.close();
        await stopTestAzurite();
        fs.rmSync(path.dirname(orgFile), { recursive: true, force: true });
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
});
