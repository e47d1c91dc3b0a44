/**
 * A dry run of .github/workflows/release.yml: its shape (trigger, jobs, permissions), and the
 * steps that can run here run as written: the tag check (with $GITHUB_OUTPUT), the notes from
 * CHANGELOG.md, and the dist check of check-dist.yml in a throwaway git copy of the tree.
 * (The pack step is tested by test/package/pack-install.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { releaseNotes } from '../../scripts/release/changelog.js';
import { childEnv, copyProject, runCommand } from '../support/project-copy.js';
import { ROOT } from '../support/run-action.js';

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  uses?: string;
  permissions?: Record<string, string>;
  steps?: Step[];
  outputs?: Record<string, string>;
}
interface Workflow {
  on: { push?: { tags?: string[] } };
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = (file: string) =>
  parse(readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
const release = workflow('release.yml');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');

function step(job: Job | undefined, match: (s: Step) => boolean): Step {
  const found = job?.steps?.find(match);
  if (!found?.run) throw new Error('step not found in the workflow');
  return found;
}

/** Runs a step's `run:` script with bash, as the runner does, in `cwd` with `env`. */
const runStep = (s: Step, cwd: string, env: Record<string, string>, timeoutMs = 60_000) =>
  runCommand('bash', ['-eo', 'pipefail', '-c', s.run!], { cwd, env: childEnv(env), timeoutMs });

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('release.yml', () => {
  it('runs on version tags; checks, dist and tests come before the release job, which alone may write', () => {
    expect(release.on.push?.tags).toEqual(['v*.*.*']);
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(release.jobs.dist?.uses).toBe('./.github/workflows/check-dist.yml');
    expect(release.jobs.test?.uses).toBe('./.github/workflows/ci.yml');
    const job = release.jobs.release!;
    expect(job.needs).toEqual(['plan', 'dist', 'test']);
    expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(step(job, (s) => /npm publish/.test(s.run ?? '')).run).toMatch(/npm publish --provenance/);
    expect(step(job, (s) => /git push --force/.test(s.run ?? '')).if).toBe(
      "needs.plan.outputs.prerelease == 'false'",
    );
    // the reusable workflows can be called
    for (const file of ['ci.yml', 'check-dist.yml']) {
      expect(Object.keys(workflow(file).on)).toContain('workflow_call');
    }
  });

  it('plan step: accepts the tag of package.json’s version and writes the plan to $GITHUB_OUTPUT', async () => {
    const dir = temp('olg-release-plan-');
    const plan = step(release.jobs.plan, (s) => s.id === 'plan');
    const output = join(dir, 'output');
    writeFileSync(output, '');
    const ok = await runStep(plan, ROOT, { GITHUB_REF_NAME: `v${version}`, GITHUB_OUTPUT: output });
    expect(ok.code, ok.stderr).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines).toContain(`version=${version}`);
    expect(lines).toContain(`major-tag=v${version.split('.')[0]}`);
    // every output the release job reads is written
    for (const key of Object.keys(release.jobs.plan?.outputs ?? {})) {
      expect(
        lines.some((l) => l.startsWith(`${key}=`)),
        key,
      ).toBe(true);
    }

    const wrong = await runStep(plan, ROOT, { GITHUB_REF_NAME: 'v99.0.0', GITHUB_OUTPUT: output });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('OLG_ERR_RELEASE_VERSION_MISMATCH');
  });

  it('notes step: writes the version’s CHANGELOG.md section', async () => {
    const dir = temp('olg-release-notes-');
    const notes = step(release.jobs.release, (s) => /main\.ts notes/.test(s.run ?? ''));
    const result = await runStep(notes, ROOT, { TAG: `v${version}`, RUNNER_TEMP: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(dir, 'notes.md'), 'utf8');
    expect(text).toBe(releaseNotes(changelog, version));
    expect(text).toMatch(/^### Added/m);
    expect(text).not.toContain('## [');
  });

  it('dist check (check-dist.yml): fails on a missing or stale dist/, passes on the committed fresh bundle', async () => {
    const check = step(workflow('check-dist.yml').jobs['check-dist'], (s) => s.run === 'npm run check-dist');
    const dir = copyProject(
      'olg-release-dist-',
      (path) => path.startsWith('dist/') || path.startsWith('lib/'),
    );
    temps.push(dir);
    const git = (...args: string[]) =>
      runCommand('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
        cwd: dir,
        timeoutMs: 60_000,
      });
    expect((await git('init', '-q')).code).toBe(0);
    expect((await git('add', '-A')).code).toBe(0);
    expect((await git('commit', '-qm', 'release candidate without dist')).code).toBe(0);

    const stale = await runStep(check, dir, {}, 300_000);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('dist/ is stale');
    expect(stale.stderr).toContain('dist/');

    // the check left the fresh bundle in the tree: commit it, as a release commit has it
    expect((await git('add', 'dist')).code).toBe(0);
    expect((await git('commit', '-qm', 'dist rebuilt')).code).toBe(0);
    const fresh = await runStep(check, dir, {}, 300_000);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('dist/ is up to date');
  }, 660_000);
});
