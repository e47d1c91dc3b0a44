import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/bring-up/free-port.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { createTestDatabase } from '../support/postgres.js';
import { ROOT, runAction } from '../support/run-action.js';

const REPO = 'acme/shop';
const TOKEN = 'ghs_paired_token';
const ADMIN = 'paired-admin-secret';

const prEvent = (sha: string) => ({
  name: 'pull_request',
  payload: {
    number: 9,
    pull_request: {
      number: 9,
      head: { sha, ref: 'feature', repo: { full_name: REPO } },
      base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: REPO } },
    },
    repository: { full_name: REPO, default_branch: 'main' },
  },
});

const annotations = (log: string) =>
  log
    .split('\n')
    .filter((l) => /^::(error|warning)/.test(l))
    .join('\n');

/**
 * The action under Node 24 in paired mode with two targets: two reference shops, each started
 * by its own command (the head with 1 s of injected order latency: a slowdown no noise of a shared machine hides), rounds A B B A or B A A B.
 */
describe('the action in paired mode (dist/index.js under Node 24, two start commands)', () => {
  let github: FakeGitHub;
  let work: string;
  const dbs: { drop: () => Promise<void> }[] = [];

  beforeAll(async () => {
    github = await startFakeGitHub({ repos: { [REPO]: {} } });
    work = await mkdtemp(join(tmpdir(), 'olg-paired-e2e-'));
  });
  afterAll(async () => {
    await github?.close();
    for (const db of dbs) await db.drop();
  });

  async function shop(port: number, flags: string): Promise<string> {
    const db = await createTestDatabase('paired_e2e');
    dbs.push(db);
    return `"${process.execPath}" "${join(ROOT, 'lib', 'cli.js')}" shop --port ${port} --kdf-cost 6 --processing-delay-ms 0 --database-url ${db.url} ${flags}`;
  }

  async function run(sha: string, inputs: Record<string, string>) {
    return runAction({
      inputs: {
        'ready-path': '/health',
        'ready-timeout': '60s',
        seed: 'reference',
        'admin-token': ADMIN,
        users: '30',
        'spawn-rate': '100',
        iterations: '2',
        baseline: 'none',
        compare: 'auto',
        'min-rounds': '6',
        'max-rounds': '6',
        'github-token': TOKEN,
        'report-dir': join(work, `report-${sha.slice(0, 6)}`),
        ...inputs,
      },
      event: prEvent(sha),
      cwd: work,
      timeoutMs: 240_000,
      env: {
        GITHUB_REPOSITORY: REPO,
        GITHUB_SHA: sha,
        GITHUB_REF: 'refs/pull/9/merge',
        GITHUB_API_URL: github.url,
        ORDER_LOAD_GATE_ADMIN_TOKEN: ADMIN,
      },
    });
  }

  it('measures base and head in alternating rounds and fails on the slowed head, with the interval in the comment', async () => {
    const port = await freePort();
    const sha = 'c'.repeat(40);
    const r = await run(sha, {
      'target-url': `http://127.0.0.1:${port}`,
      'base-start-command': await shop(port, ''),
      'start-command': await shop(port, '--inject-latency-ms 1000'),
      // The median as well: three pairs of 60 orders on a shared machine leave a p95 too noisy
      // to decide on (its line is checked for its form), the median moves by 1 s.
      'gate-metrics': 'order.p50,order.p95,success_rate',
    });
    expect(r.outputs.result, annotations(r.stdout) + r.stderr.slice(-2000)).toBe('fail');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/::error::.*regression in order p50/);
    const comment = github.state.comments(REPO, 9)[0]!.body;
    expect(comment).toMatch(/order p50 \+\d+\.\d% \(95% CI \+\d+\.\d% \.\. \+\d+\.\d%\): regressed/);
    expect(comment).toMatch(
      /order p95 \+\d+\.\d% \(95% CI [-+]\d+\.\d% \.\. \+\d+\.\d%\): (regressed|inconclusive)/,
    );
    expect(comment).toMatch(
      /success rate \+0\.00 pt \(95% CI -\d\.\d\d pt \.\. \+\d\.\d\d pt\): inconclusive/,
    );
    expect(comment).toContain('Base vs head, measured side by side (6 rounds, 3 pairs');
    expect(comment).toContain('```mermaid');
    const paired = JSON.parse(await readFile(join(work, `report-${sha.slice(0, 6)}`, 'paired.json'), 'utf8'));
    const sides: string[] = paired.rounds.map((x: { side: string }) => x.side);
    // The order is drawn per block (A B B A or B A A B): each pair holds one round of each build,
    // the first block's second pair mirrors its first; the summary's table lists them as run.
    expect(sides).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect([...sides.slice(i, i + 2)].sort()).toEqual(['base', 'head']);
    expect(sides.slice(2, 4)).toEqual([sides[1], sides[0]]);
    for (const [i, side] of sides.entries()) expect(r.summary).toContain(`| ${i + 1} | ${side} |`);
    const html = await readFile(r.outputs['report-path']!.replace(/results\.json$/, 'report.html'), 'utf8');
    expect(html).toContain('Base vs head, measured side by side');
    expect(html).toContain('<svg');
    const unmasked = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(unmasked).not.toContain(ADMIN);
  }, 300_000);

  it('a base build that cannot start is an error (not a pass) that names the base', async () => {
    const port = await freePort();
    const r = await run('d'.repeat(40), {
      'target-url': `http://127.0.0.1:${port}`,
      'base-start-command': 'echo "no such build" >&2; exit 4',
      'start-command': await shop(port, ''),
    });
    expect(r.code).not.toBe(0);
    expect(r.outputs.result).toBe('error');
    // Round 1 or 2: the first block's order is drawn (A B B A or B A A B).
    expect(r.stdout).toMatch(
      /::error::.*Round [12] \(the base build\): The target's start command exited \(code 4\)/,
    );
  }, 120_000);
});
