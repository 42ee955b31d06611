import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../../../bot/paths';
import { parseBicep } from './bicepText';

/**
 * The Microsoft 365 Agents Toolkit project (m365agents.yml, m365agents.local.yml, env/ samples,
 * .vscode/): only VS Code with the Toolkit runs it, so this checks what can break without it. Every
 * file, folder, npm script, Bicep parameter and ${{VARIABLE}} they name must exist, and the env samples
 * hold no secrets and the filled-in env files stay out of git.
 */

interface Action {
    uses: string;
    name?: string;
    with?: Record<string, unknown>;
    writeToEnvironmentFile?: Record<string, string>;
}
interface Project {
    version: string;
    environmentFolderPath?: string;
    provision?: Action[];
    deploy?: Action[];
    publish?: Action[];
}

const KNOWN_ACTIONS = new Set([
    'teamsApp/create',
    'teamsApp/validateManifest',
    'teamsApp/zipAppPackage',
    'teamsApp/validateAppPackage',
    'teamsApp/update',
    'arm/deploy',
    'cli/runNpmCommand',
    'azureAppService/zipDeploy',
    'file/createOrUpdateEnvironmentFile',
]);
/** Set by the Toolkit itself, or chosen interactively when empty. */
const BUILT_IN = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'APP_NAME_SUFFIX']);

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(repoRoot, file));
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const project = (file: string) => YAML.parse(read(file)) as Project;
const actions = (p: Project) => [...(p.provision ?? []), ...(p.deploy ?? []), ...(p.publish ?? [])];
const variablesIn = (text: string) => [...text.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1] as string);

function envSample(file: string): Map<string, string> {
    const values = new Map<string, string>();
    for (const line of read(file).split('\n')) {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (m) values.set(m[1] as string, m[2] as string);
    }
    return values;
}

/** The npm script an `args` of cli/runNpmCommand runs, if it runs one. */
function npmScriptOf(args: string): string | undefined {
    const m = /^run(?:-script)?\s+([\w:.-]+)/.exec(args.trim());
    return m?.[1];
}

function checkPaths(action: Action, problems: string[], where: string): void {
    const w = action.with ?? {};
    const fileKeys = ['manifestPath', 'ignoreFile', 'artifactFolder'];
    for (const key of fileKeys) {
        const value = w[key];
        if (typeof value === 'string' && !exists(value)) problems.push(`${where} ${action.uses}: ${key} ${value} does not exist`);
    }
    // Generated files (the zip): their folder must be one the build writes and git ignores.
    for (const key of ['outputZipPath', 'appPackagePath', 'outputFolder']) {
        const value = w[key];
        if (typeof value !== 'string') continue;
        const folder = key === 'outputFolder' ? value : path.posix.dirname(value);
        const ignored = spawnSync('git', ['check-ignore', '-q', `${folder}/x.zip`], { cwd: repoRoot }).status === 0;
        if (!ignored) problems.push(`${where} ${action.uses}: ${key} ${value} is not in a git-ignored build folder`);
    }
    for (const template of (w.templates as { path: string; parameters?: string }[] | undefined) ?? []) {
        if (!exists(template.path)) problems.push(`${where} arm/deploy: template ${template.path} does not exist`);
        if (template.parameters && !exists(template.parameters)) problems.push(`${where} arm/deploy: parameters ${template.parameters} do not exist`);
    }
    if (action.uses === 'cli/runNpmCommand') {
        const script = npmScriptOf(String(w.args ?? ''));
        if (script !== undefined && scripts[script] === undefined) problems.push(`${where}: npm script ${script} does not exist`);
    }
}

describe('Microsoft 365 Agents Toolkit project', () => {
    const remote = project('m365agents.yml');
    const local = project('m365agents.local.yml');

    it('m365agents.yml provisions with the existing Bicep and manifest, deploys with zip deploy', () => {
        assert.match(remote.version, /^v1\.\d+$/);
        assert.equal(remote.environmentFolderPath, './env');
        const provision = (remote.provision ?? []).map((a) => a.uses);
        for (const uses of ['teamsApp/create', 'arm/deploy', 'teamsApp/zipAppPackage', 'teamsApp/update']) assert.ok(provision.includes(uses), `provision has ${uses}`);
        const arm = remote.provision?.find((a) => a.uses === 'arm/deploy');
        assert.deepEqual((arm?.with?.templates as { path: string }[]).map((t) => t.path), ['./infra/azure/main.bicep']);
        const zip = remote.provision?.find((a) => a.uses === 'teamsApp/zipAppPackage');
        assert.equal(zip?.with?.manifestPath, './infra/appPackage/manifest.json');
        const deploy = (remote.deploy ?? []).map((a) => `${a.uses} ${String(a.with?.args ?? '')}`.trim());
        assert.ok(deploy.indexOf('cli/runNpmCommand run build') < deploy.indexOf('azureAppService/zipDeploy'), deploy.join('\n'));
        assert.ok(deploy.indexOf('cli/runNpmCommand prune --omit=dev') < deploy.indexOf('azureAppService/zipDeploy'), 'only production packages are zipped');
    });

    it('m365agents.local.yml prepares the local run (the bot and the Playground) and needs nothing in Azure', () => {
        const uses = actions(local).map((a) => a.uses);
        assert.ok(!uses.some((u) => u.startsWith('arm/') || u.startsWith('azure') || u.startsWith('teamsApp/')), uses.join(', '));
        assert.ok(scripts.start?.includes('--local') && scripts.playground, 'npm start (local mode) and npm run playground exist');
    });

    it('every action is known, and every file, folder and npm script it names exists', () => {
        const problems: string[] = [];
        for (const [file, p] of [['m365agents.yml', remote], ['m365agents.local.yml', local]] as const) {
            for (const action of actions(p)) {
                if (!KNOWN_ACTIONS.has(action.uses)) problems.push(`${file}: unknown action ${action.uses}`);
                checkPaths(action, problems, file);
            }
        }
        assert.deepEqual(problems, []);
    });

    it('every ${{VARIABLE}} in the projects, the Bicep parameters and the manifest is set by the env sample, an earlier action or the Bicep', () => {
        const dev = envSample('env/.env.dev.sample');
        const localEnv = envSample('env/.env.local.sample');
        const bicepOutputs = [...parseBicep(path.join(repoRoot, 'infra/azure/main.bicep')).outputs.keys()];
        const written = actions(remote).flatMap((a) => Object.values(a.writeToEnvironmentFile ?? {}));
        const known = (name: string, env: Map<string, string>) => BUILT_IN.has(name) || env.has(name) || written.includes(name) || bicepOutputs.includes(name);
        const missing: string[] = [];
        const remoteText = read('m365agents.yml') + read('infra/azure/main.parameters.m365agents.json') + read('infra/appPackage/manifest.json');
        for (const name of variablesIn(remoteText)) if (!known(name, dev)) missing.push(`dev: ${name}`);
        for (const name of variablesIn(read('m365agents.local.yml'))) if (!known(name, localEnv)) missing.push(`local: ${name}`);
        assert.deepEqual(missing, []);
        // The outputs the Toolkit reads are the Bicep's, under the same names.
        for (const name of ['BOT_ID', 'BOT_DOMAIN', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID']) assert.ok(bicepOutputs.includes(name), `main.bicep outputs ${name}`);
    });

    it('the Toolkit parameters file names only parameters main.bicep has', () => {
        const params = parseBicep(path.join(repoRoot, 'infra/azure/main.bicep')).params;
        const file = JSON.parse(read('infra/azure/main.parameters.m365agents.json')) as { parameters: Record<string, unknown> };
        const unknown = Object.keys(file.parameters).filter((name) => !params.has(name));
        assert.deepEqual(unknown, []);
        assert.ok(Object.keys(file.parameters).length >= 5);
    });

    it('the env samples hold no secrets, and the filled-in env files stay out of git', () => {
        for (const file of ['env/.env.dev.sample', 'env/.env.local.sample']) {
            for (const [name, value] of envSample(file)) {
                if (/SECRET|PASSWORD|KEY|CONNECTION_STRING|TOKEN/.test(name)) assert.equal(value, '', `${file}: ${name} has a value`);
                assert.doesNotMatch(value, /AccountKey=|InstrumentationKey=|SharedAccessSignature|sig=/, `${file}: ${name}`);
            }
        }
        const ignored = (file: string) => spawnSync('git', ['check-ignore', '-q', file], { cwd: repoRoot }).status === 0;
        for (const file of ['env/.env.dev', 'env/.env.local', 'env/.env.dev.user', '.localConfigs']) assert.ok(ignored(file), `${file} is ignored`);
        for (const file of ['env/.env.dev.sample', 'env/.env.local.sample']) assert.ok(!ignored(file), `${file} is committed`);
    });

    it('.vscode: F5 starts the bot locally with the repo\'s Node and the Playground; every task, script and path exists', () => {
        const launch = JSON.parse(read('.vscode/launch.json')) as {
            configurations: { name: string; program?: string; runtimeExecutable?: string; preLaunchTask?: string; args?: string[] }[];
            compounds?: { name: string; configurations: string[]; preLaunchTask?: string }[];
        };
        const tasks = (JSON.parse(read('.vscode/tasks.json')) as { tasks: { label: string; type?: string; script?: string; dependsOn?: string[]; command?: string; args?: { env?: string } }[] }).tasks;
        const labels = new Set(tasks.map((t) => t.label));
        const workspace = (p: string) => p.replace('${workspaceFolder}/', '');
        const problems: string[] = [];
        for (const config of launch.configurations) {
            if (config.program && !exists(workspace(config.program))) problems.push(`${config.name}: program ${config.program}`);
            if (config.runtimeExecutable?.startsWith('${workspaceFolder}') && !exists(workspace(config.runtimeExecutable))) problems.push(`${config.name}: runtime ${config.runtimeExecutable}`);
            if (config.preLaunchTask && !labels.has(config.preLaunchTask)) problems.push(`${config.name}: task ${config.preLaunchTask}`);
        }
        const names = new Set(launch.configurations.map((c) => c.name));
        for (const compound of launch.compounds ?? []) {
            for (const c of compound.configurations) if (!names.has(c)) problems.push(`${compound.name}: configuration ${c}`);
            if (compound.preLaunchTask && !labels.has(compound.preLaunchTask)) problems.push(`${compound.name}: task ${compound.preLaunchTask}`);
        }
        for (const task of tasks) {
            if (task.type === 'npm' && (task.script === undefined || scripts[task.script] === undefined)) problems.push(`task ${task.label}: npm script ${task.script}`);
            for (const dep of task.dependsOn ?? []) if (!labels.has(dep)) problems.push(`task ${task.label}: dependsOn ${dep}`);
        }
        assert.deepEqual(problems, []);
        // F5 runs the Toolkit's local deploy (m365agents.local.yml), then the Playground, then the bot in local mode on Node 22.
        const f5 = launch.compounds?.[0];
        const prepare = tasks.find((t) => t.label === f5?.preLaunchTask);
        const steps = (prepare?.dependsOn ?? []).map((label) => tasks.find((t) => t.label === label));
        assert.ok(steps.some((t) => t?.type === 'teamsfx' && t.command === 'deploy' && t.args?.env === 'local'), 'the Toolkit runs m365agents.local.yml');
        assert.ok(steps.some((t) => t?.script === 'playground'), 'the Playground starts');
        const bot = launch.configurations.find((c) => c.name === f5?.configurations[0]);
        assert.equal(bot?.program, '${workspaceFolder}/bot/main.ts');
        assert.deepEqual(bot?.args, ['--local']);
        assert.equal(bot?.runtimeExecutable, '${workspaceFolder}/node_modules/node/bin/node');
    });
});
