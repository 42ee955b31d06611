import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../../../bot/paths';

/** Checks the CI/CD workflow's shape; GitHub itself is the only place it really runs. */

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
}

interface Job {
    if?: string;
    needs?: string[];
    environment?: string;
    permissions?: Record<string, string>;
    steps: Step[];
}

interface Workflow {
    on: { push?: { branches?: string[] }; pull_request?: unknown };
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const file = path.join(repoRoot, '.github', 'workflows', 'ci-cd.yml');
const text = fs.readFileSync(file, 'utf8');
const workflow = YAML.parse(text) as Workflow;

function runs(job: Job): string {
    return job.steps.map((s) => s.run ?? '').join('\n');
}

describe('CI/CD workflow (.github/workflows/ci-cd.yml)', () => {
    it('runs on pushes to main and on pull requests, read-only by default', () => {
        assert.deepEqual(workflow.on.push?.branches, ['main']);
        assert.ok('pull_request' in workflow.on);
        assert.deepEqual(workflow.permissions, { contents: 'read' });
    });

    it('installs, builds and tests on every run', () => {
        const test = workflow.jobs.test;
        assert.ok(test);
        assert.equal(test.if, undefined);
        assert.match(runs(test), /npm ci/);
        assert.match(runs(test), /npm test/);
    });

    it('compiles the Bicep with the real compiler', () => {
        assert.match(runs(workflow.jobs.bicep), /az bicep build --file infra\/azure\/main\.bicep/);
    });

    it('deploys only from main, after tests and Bicep, with OIDC and no stored Azure secret', () => {
        const deploy = workflow.jobs.deploy;
        assert.match(deploy.if ?? '', /github\.ref == 'refs\/heads\/main'/);
        assert.deepEqual([...(deploy.needs ?? [])].sort(), ['bicep', 'test']);
        assert.equal(deploy.permissions?.['id-token'], 'write');
        const login = deploy.steps.find((s) => s.uses?.startsWith('azure/login@'));
        assert.ok(login);
        assert.deepEqual(Object.keys(login.with ?? {}).sort(), ['client-id', 'subscription-id', 'tenant-id']);
        assert.doesNotMatch(text, /client-secret|creds:|publish-profile|AZURE_CREDENTIALS/i);
        const script = runs(deploy);
        assert.match(script, /az deployment group create[\s\S]*--template-file infra\/azure\/main\.bicep/);
        const whatIf = deploy.steps.findIndex((st) => /az deployment group what-if[\s\S]*--template-file infra\/azure\/main\.bicep[\s\S]*--parameters "@\$PARAMETERS_FILE"/.test(st.run ?? ''));
        const create = deploy.steps.findIndex((st) => st.run?.includes('az deployment group create'));
        assert.ok(whatIf >= 0 && whatIf < create, 'what-if runs with the same template and parameters before the deployment');
        assert.ok(deploy.steps.findIndex((st) => st.uses?.startsWith('azure/login@')) < whatIf, 'after the login');
        assert.match(script, /npm run build/);
        assert.match(script, /npm run package/);
        assert.match(script, /az webapp deploy[\s\S]*--type zip/);
        assert.ok(
            deploy.steps.findIndex((s) => s.run?.includes('npm run package')) < deploy.steps.findIndex((s) => s.run?.includes('--type zip')),
            'the Teams package is built before dev dependencies are pruned',
        );
    });

    it('lets the smoke test through the App Service access restrictions for its own run only', () => {
        const smoke = workflow.jobs.deploy.steps.find((s) => s.name?.startsWith('Smoke test'));
        assert.ok(smoke?.run);
        const add = smoke.run.indexOf('access-restriction add');
        const trap = smoke.run.search(/trap '.*access-restriction remove/);
        const curl = smoke.run.indexOf('/$path');
        assert.ok(add >= 0 && trap > add && curl > trap, 'rule added, its removal trapped, then the checks');
    });

    it('keeps expressions out of shell scripts (values go through env, against script injection)', () => {
        for (const [name, job] of Object.entries(workflow.jobs)) {
            for (const step of job.steps) {
                assert.doesNotMatch(step.run ?? '', /\$\{\{/, `job ${name}, step ${step.name ?? step.uses ?? '?'} inlines an expression`);
            }
        }
    });
});
