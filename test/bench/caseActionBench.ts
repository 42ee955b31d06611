/**
 * `npm run bench:cases`: action-to-card-update latency with 10 coordinators acting at once over HTTP.
 * The real bot in its own process (restify, CloudAdapter, Azurite in memory in a third process) and a
 * fake Bot Connector on loopback in this one; each
 * coordinator adds notes to reports in turn (so several act on the same report at the same time), then
 * all ten press Oppakken on the same reports at once. Measured per action: from sending the invoke to
 * the shared card's PUT (showing that change or a later one) arriving at the connector, and the invoke
 * answer itself. Lost updates: an applied action missing from the history, the version or the final card.
 * Target: p99 < 200 ms on 2 cores, 0 lost updates.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TableCaseHistory } from '../../bot/storage/tables/tableCaseHistory';
import { ChannelRegistry } from '../../bot/channels/channelRegistry';
import { LOCAL_TENANT_ID } from '../../bot/config';
import { createSilentLogger } from '../../bot/logger';
import { repoRoot } from '../../bot/paths';
import { createReporting } from '../../bot/app';
import { TableReportStore } from '../../bot/storage/tables/tableReportStore';
import { BOT, BRUMMEN_CHANNEL, cardActionInvoke, type Person } from '../support/activities';
import { FakeConnector, type RecordedCall } from '../support/fakeConnector';
import { freshTables, stopTestAzurite } from '../support/testAzurite';

const COORDINATORS = 10;
const REPORTS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const SATURATION_ROUNDS = 10;

const REPORTER: Person = { id: '29:bench-reporter', name: 'Melder', aadObjectId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' };

function guid(i: number): string {
    return `${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`;
}

/** CPU time (user + system) a process has used so far, from /proc. */
function cpuMs(pid: number): number {
    try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
        return NaN;
    }
}

/** The Azurite process the test support started (a child of this process). */
function azuritePid(): number | undefined {
    try {
        const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
        return children.find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('azurite'));
    } catch {
        return undefined;
    }
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
    const connector = new FakeConnector();
    await connector.start();
    const { factory: tables, prefix, connectionString } = await freshTables('casebench');
    const store = new TableReportStore(tables);
    const cases = new TableCaseHistory(store, tables);
    // The channel and the reporter's chat as the bot would have learned them from Teams.
    const registry = new ChannelRegistry(tables);
    const ref = { serviceUrl: connector.url, tenantId: LOCAL_TENANT_ID, botId: BOT.id };
    await registry.rememberChannel({ ...ref, conversationId: BRUMMEN_CHANNEL });
    await registry.rememberPersonalChat(REPORTER.aadObjectId, { ...ref, conversationId: `a:personal-${REPORTER.aadObjectId}` });
    // Reports stored before the bot starts: its outbox worker posts them on its first pass.
    const seeding = createReporting({
        tables,
        channels: { targetFor: async () => ({ kind: 'bound' }) },
        sender: { postNewThread: () => Promise.reject(new Error('not used')) },
        coordinators: { contactFor: () => undefined },
        logger: createSilentLogger(),
    });
    const reportIds: string[] = [];
    for (let i = 0; i < REPORTS; i++) {
        const { report } = await seeding.service.submit(
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
        reportIds.push(report.reportId);
    }
    const child = fork(path.join(repoRoot, 'test', 'bench', 'caseBenchServer.ts'), [], {
        cwd: repoRoot,
        // CASE_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the bot process.
        execArgv: ['--import', 'tsx', ...(process.env.CASE_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CASE_BENCH_CPU_PROF}`] : [])],
        env: { ...process.env, CASE_BENCH_STORAGE: connectionString, CASE_BENCH_PREFIX: prefix, CASE_BENCH_ORGANISATION: orgFile },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const botUrl = await new Promise<string>((resolve, reject) => {
        child.once('message', (m: { url?: string; error?: string }) => (m.url ? resolve(m.url) : reject(new Error(m.error ?? 'bot failed'))));
        child.once('exit', () => reject(new Error('bot exited')));
    });
    const post = async (activity: object) => {
        const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    };
    try {
        const targets: Target[] = [];
        for (const reportId of reportIds) {
            for (;;) {
                const d = (await store.get(reportId))?.report.delivery;
                if (d?.activityId && d.conversationId) {
                    targets.push({ reportId, thread: d.conversationId, activityId: d.activityId });
                    break;
                }
                await new Promise((r) => setTimeout(r, 20));
            }
        }

        const latencies: number[] = [];
        const answerTimes: number[] = [];
        const applied = new Map<string, number>(targets.map((t) => [t.reportId, 0]));
        const notesSent = new Map<string, string[]>(targets.map((t) => [t.reportId, []]));
        let conflicts = 0;
        let failures = 0;

        const act = async (who: Person, target: Target, verb: string, data: Record<string, unknown>): Promise<'applied' | 'conflict' | 'failed'> => {
            const started = Date.now();
            const res = await post(cardActionInvoke(verb, { reportId: target.reportId, ...data }, { serviceUrl: connector.url, from: who, threadConversationId: target.thread }));
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
            const put = await connector.waitFor((c) => c.method === 'PUT' && c.activityId === target.activityId && c.failedWith === undefined && versionOf(c) >= version, 10_000);
            latencies.push(put.at - started);
            applied.set(target.reportId, (applied.get(target.reportId) ?? 0) + 1);
            return 'applied';
        };

        // Warm-up outside the figures (JIT, connections): three waves like the measured ones.
        for (let wave = 0; wave < 3; wave++) {
            await Promise.all(
                coordinators.map((who, ci) => {
                    const target = targets[(ci + wave) % REPORTS];
                    notesSent.get(target.reportId)!.push(`opwarmen ${ci}-${wave}`);
                    return act(who, target, 'case.notitie', { version: 0, note: `opwarmen ${ci}-${wave}` });
                }),
            );
        }
        latencies.length = 0;
        answerTimes.length = 0;

        const started = Date.now();
        const botBefore = cpuMs(child.pid ?? 0);
        const harnessBefore = cpuMs(process.pid);
        const azurite = azuritePid();
        const azuriteBefore = azurite ? cpuMs(azurite) : NaN;
        const loadBefore = os.loadavg()[0];
        // Phase 1 (the target scenario): in each wave all ten coordinators act at the same moment, two on
        // each of five reports (so eTag races happen); the next wave starts when the last card is updated.
        for (let wave = 0; wave < ROUNDS; wave++) {
            await Promise.all(
                coordinators.map((who, ci) => {
                    const target = targets[(Math.floor(ci / 2) + wave) % REPORTS];
                    const note = `notitie ${ci}-${wave}`;
                    notesSent.get(target.reportId)!.push(note);
                    return act(who, target, 'case.notitie', { version: 0, note });
                }),
            );
            await new Promise((r) => setTimeout(r, 20));
        }
        // Phase 2: all ten press Oppakken on the same report at the same moment, for every report.
        let contentionWinners = 0;
        for (const target of targets) {
            const version = (await store.get(target.reportId))?.report.handling?.version ?? 0;
            const outcomes = await Promise.all(coordinators.map((who) => act(who, target, 'case.oppakken', { version })));
            contentionWinners += outcomes.filter((o) => o === 'applied').length === 1 ? 1 : 0;
        }
        const elapsedMs = Date.now() - started;
        const waveLatencies = [...latencies];
        const waveAnswers = [...answerTimes];

        // Phase 3 (capacity, for information): the same ten without pause, each acting again as soon as
        // its previous action was answered and its card updated. This saturates the two cores.
        latencies.length = 0;
        answerTimes.length = 0;
        const saturatedStart = Date.now();
        await Promise.all(
            coordinators.map(async (who, ci) => {
                for (let round = 0; round < SATURATION_ROUNDS; round++) {
                    const target = targets[(ci + Math.floor(round / 2)) % REPORTS];
                    const note = `doorlopend ${ci}-${round}`;
                    notesSent.get(target.reportId)!.push(note);
                    await act(who, target, 'case.notitie', { version: 0, note });
                }
            }),
        );
        const saturatedMs = Date.now() - saturatedStart;
        const saturated = [...latencies].sort((a, b) => a - b);
        const saturatedActions = answerTimes.length;
        const botCpu = cpuMs(child.pid ?? 0) - botBefore;
        const harnessCpu = cpuMs(process.pid) - harnessBefore;
        const azuriteCpu = azurite ? cpuMs(azurite) - azuriteBefore : NaN;
        const loadAfter = os.loadavg()[0];
        await new Promise((r) => setTimeout(r, 300)); // let the last follow-ups land

        // Lost updates: every applied action is in the version, the history and the last card PUT.
        let lost = 0;
        for (const target of targets) {
            const stored = (await store.get(target.reportId))!.report;
            const entries = await cases.history(target.reportId);
            const notes = new Set(entries.map((e) => e.note));
            const missingNotes = notesSent.get(target.reportId)!.filter((n) => !notes.has(n)).length;
            const expected = applied.get(target.reportId)!;
            const lastPut = connector.calls.filter((c) => c.method === 'PUT' && c.activityId === target.activityId && c.failedWith === undefined).at(-1);
            const cardBehind = lastPut ? Math.max(0, (stored.handling?.version ?? 0) - versionOf(lastPut)) : 1;
            lost += Math.abs((stored.handling?.version ?? 0) - expected) + Math.abs(entries.length - expected) + missingNotes + cardBehind;
        }

        const sorted = waveLatencies.sort((a, b) => a - b);
        const answers = waveAnswers.sort((a, b) => a - b);
        const cpu = os.cpus();
        const line = (label: string, xs: number[]) =>
            `${label.padEnd(36)} p50 ${percentile(xs, 50)} ms · p95 ${percentile(xs, 95)} ms · p99 ${percentile(xs, 99)} ms · max ${xs.at(-1)} ms`;
        process.stdout.write(
            [
                '',
                `Case actions: ${COORDINATORS} coordinators acting at once in ${ROUNDS} waves (notes, two per report) + ${REPORTS} waves of ${COORDINATORS} simultaneous Oppakken on one report`,
                `Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), Node ${process.version}; bot in its own process, Azurite in memory, fake connector on loopback`,
                `Load average during the run: ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)} (other work on the machine inflates the latencies below)`,
                line(`action -> card PUT (${sorted.length} applied)`, sorted),
                line(`invoke answer (${answers.length} invokes)`, answers),
                `applied ${sorted.length} · refused as concurrent ${conflicts} · unexpected refusals/errors ${failures}`,
                `contention: ${contentionWinners}/${REPORTS} reports with exactly one winner of ${COORDINATORS} simultaneous Oppakken`,
                `lost updates: ${lost}`,
                `waves took ${elapsedMs} ms for ${answers.length} actions`,
                line(`saturated: action -> card PUT (${saturated.length})`, saturated),
                `saturated throughput: ${Math.round((saturatedActions / saturatedMs) * 1000)} actions/s (10 coordinators without pause)`,
                `CPU per action (all phases): bot ${(botCpu / (answers.length + saturatedActions)).toFixed(1)} ms, load generator + fake connector ${(harnessCpu / (answers.length + saturatedActions)).toFixed(1)} ms, Azurite ${(azuriteCpu / (answers.length + saturatedActions)).toFixed(1)} ms`,
                `target (waves) p99 < 200 ms and 0 lost updates: ${percentile(sorted, 99) < 200 && lost === 0 && failures === 0 ? 'MET' : 'NOT MET'}`,
                '',
            ].join('\n'),
        );
    } finally {
        child.send('stop');
        await new Promise((r) => child.once('exit', r));
        await connector.stop();
        await stopTestAzurite();
        fs.rmSync(path.dirname(orgFile), { recursive: true, force: true });
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
});
