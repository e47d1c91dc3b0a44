/**
 * `npm run bench:gate`: measures the gate itself, on the reference shop, with the product's own
 * code for a round (start the build's target by its command, wait for ready, seed, load,
 * reconcile, stop) and for the verdict. It prints figures; it asserts nothing.
 *
 * Paired mode: N A/A trials (base and head the same build), N trials with a head slowed on
 * purpose (the shop's --inject-latency-ms, sized from a calibration so the order p95 rises by
 * about 25%), N trials with a head whose orders fail (--fail-rate). Each trial is one whole
 * paired gate (rounds A B B A or B A A B ..., adaptive between --min-rounds and --max-rounds).
 * History mode: a series of base runs is recorded as pushes to main would record it (the first 5
 * are "learning" and never fail); then N base runs (A/A), N slowed and N failing runs are each
 * judged against the stored series. Only gated metrics (order p95, success rate) can fail.
 *
 * Each build has its own database on the PostgreSQL at $TEST_DATABASE_URL. A trial is one CI job,
 * and a job's PostgreSQL service container is fresh when the job starts and kept between its
 * rounds: so each build's database is created anew when a trial (or a history run) starts and
 * kept between that build's rounds; every round starts the shop on it and seeds the same data
 * again (the seed is idempotent and ends with ANALYZE). A fresh database per round (createdb in
 * the start command) made a pair's order p95 ratio spread about twice as much (README, "What
 * makes rounds steady"); one kept across all trials let the orders of earlier trials pile up, so
 * later trials measured another shop than the calibration did.
 * Without $TEST_DATABASE_URL each round starts the shop on the embedded database (slower
 * start-up, a fresh database per round). A round is 10 users, 60 orders each with 50-150 ms
 * between them (600 orders: a round's p95 is the 30th slowest order, and its sampling wobble is
 * √3 smaller than with 200; the shop is kept below saturation, where a p95 is queueing noise),
 * after the product's warm-up; the rounds per gate are the product's defaults (6, then pairs while
 * a gated metric is inconclusive, up to 32, within 5 minutes). A trial takes 1-3.5 minutes, so
 * the whole benchmark takes hours; `--kinds`, `--modes` and `--max-rounds` shorten it.
 * The slowed head is calibrated on this machine at this moment, in alternating base/slowed pairs
 * (printed): run it on a quiet machine (the load average is printed with every trial), or the
 * "25%" is a share of another job's noise.
 *
 *   npm run bench:gate -- [--trials 20] [--users 10] [--iterations 60] [--think-time 50ms-150ms] [--min-rounds 6]
 *     [--max-rounds 32] [--time-budget 5m] [--warmup auto] [--slowdown 0.25] [--inject-ms MS] [--fail-rate 0.1]
 *     [--modes paired,history] [--kinds aa,slow,fail] [--profile-500]
 *
 * --inject-ms MS skips the calibration and slows the head by MS (a delay an earlier calibration on
 * this machine printed).
 * --profile-500 instead times one paired gate of the 500-user profile (users 500, spawn rate 50,
 * one order each, rounds 6..32, time budget 5 min) with the product's defaults, and prints it.
 */
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../src/bring-up/free-port.js';
import { DEFAULT_BASELINE_KEEP } from '../../src/compare/baseline-file.js';
import { pairedRatioInterval } from '../../src/compare/intervals.js';
import { judgeHistory, type MetricSample, sampleOf } from '../../src/compare/judgement.js';
import { roundOrder } from '../../src/compare/round-schedule.js';
import { median } from '../../src/compare/stats.js';
import type { Logger } from '../../src/core/logger.js';
import { autoWarmUpFlows } from '../../src/load/warm-up.js';
import { createBuildRoundRunner } from '../../src/paired/build-round.js';
import { runPairedGate } from '../../src/paired/paired-gate.js';
import { resolveCompareSettings } from '../../src/paired/paired-settings.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { DATABASES, resetDatabases as resetFor } from './databases.js';
import { formatSummary, judgedTrial, type Kind, pct, type Trial, trialLine } from './summary.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the rounds of a trial the gate got wrong are kept (.tmp/ is git-ignored). */
const KEPT = join(ROOT, '.tmp', 'bench-gate');
const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '');
const ADMIN = 'bench-gate-admin';
const out = (line: string) => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '20' },
    users: { type: 'string', default: '10' },
    iterations: { type: 'string', default: '60' },
    'think-time': { type: 'string', default: '50ms-150ms' },
    'min-rounds': { type: 'string' },
    'max-rounds': { type: 'string' },
    'time-budget': { type: 'string' },
    warmup: { type: 'string' },
    slowdown: { type: 'string', default: '0.25' },
    'inject-ms': { type: 'string' },
    'fail-rate': { type: 'string', default: '0.1' },
    modes: { type: 'string', default: 'paired,history' },
    kinds: { type: 'string', default: 'aa,slow,fail' },
    'profile-500': { type: 'boolean', default: false },
  },
});

/** An A/A trial that did not pass, or a slowed or failing head that did not fail. */
const gotWrong = (trial: Trial) => (trial.kind === 'aa' ? trial.result !== 'pass' : trial.result !== 'fail');

const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error(m) {
    process.stderr.write(`  error: ${m}\n`);
  },
  group: (_t, fn) => fn(),
};

const dbUrl = process.env.TEST_DATABASE_URL;
/** Each build's database on $TEST_DATABASE_URL, fresh (`drop`: dropped only, at the end). */
const resetDatabases = (drop = false) => resetFor(dbUrl, drop);

// Ctrl-C or a kill ends the round under way the product's way (its load stops and its target is
// brought down), then the benchmark: without this the round's shop outlived the script.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench:gate: ${signal}, stopping the round under way\n`);
    process.exitCode = 130;
    stop.abort();
  });
}
const { signal } = stop;
/** Ends the benchmark between trials once it was told to stop. */
const stopIfAsked = () => {
  if (signal.aborted) throw new Error('stopped by a signal');
};

/** The start command of one build: the reference shop on that build's database. */
function shopCommand(port: number, db: string, faults: string): string {
  const shop = `"${process.execPath}" "${join(ROOT, 'lib', 'cli.js')}" shop --port ${port} --admin-token ${ADMIN} --kdf-cost 8 --processing-delay-ms 0 ${faults}`;
  if (!dbUrl) return shop;
  const url = new URL(dbUrl);
  url.pathname = `/${db}`;
  return `exec ${shop} --database-url ${url}`;
}

const faultsOf = (kind: Kind, injectMs: number, failRate: number) =>
  kind === 'slow' ? `--inject-latency-ms ${injectMs}` : kind === 'fail' ? `--fail-rate ${failRate}` : '';

async function main(): Promise<void> {
  const trials = Number(args.trials);
  const port = await freePort();
  const work = await mkdtemp(join(tmpdir(), 'olg-bench-gate-'));
  const target = `http://127.0.0.1:${port}`;
  const profile500 = args['profile-500'];
  const run = resolveRunSettings({
    target,
    users: profile500 ? '500' : args.users,
    spawnRate: profile500 ? '50' : args.users,
    iterations: profile500 ? '1' : args.iterations,
    thinkTime: profile500 ? '0s-50ms' : args['think-time'],
    seed: 'reference',
    adminToken: ADMIN,
    readBack: '50',
    progress: 'off',
  });
  const cmp = resolveCompareSettings(
    profile500
      ? {}
      : {
          minRounds: args['min-rounds'],
          maxRounds: args['max-rounds'],
          timeBudget: args['time-budget'],
          warmup: args.warmup,
        },
    (k) => `--${k}`,
  );
  const failRate = Number(args['fail-rate']);
  const round = (faults: { base: string; head: string }, dir: string) => ({
    run,
    readyPath: '/health',
    readyTimeoutMs: 60_000,
    reportDir: dir,
    base: { start: shopCommand(port, DATABASES[0], faults.base) },
    head: { start: shopCommand(port, DATABASES[1], faults.head) },
  });
  out(
    `order-load-gate bench:gate on ${process.platform}, ${(await import('node:os')).cpus().length} cores, load average ${(
      await import('node:os')
    )
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  out(
    `database: ${dbUrl ? 'PostgreSQL, one per build, fresh for each trial (and each history run), kept between its rounds (seeded again every round)' : 'embedded (no TEST_DATABASE_URL): a fresh one per round'}`,
  );
  resetDatabases();
  out(
    `profile: ${run.plan.kind === 'spawn' ? run.plan.users : '?'} users, ${run.iterations} order(s) each, think time ${run.thinkTimeMs.join('-')} ms; rounds ${cmp.policy.minRounds}..${cmp.policy.maxRounds}${cmp.policy.timeBudgetMs ? ` within ${cmp.policy.timeBudgetMs / 1000} s` : ''}; warm-up ${cmp.warmUp === 'auto' ? `auto (${autoWarmUpFlows(run)} flows)` : cmp.warmUp} a round (history: none, as the action); gate-metrics ${cmp.judge.gateMetrics.join(', ')}; tolerance ±${cmp.judge.tolerance * 100}% (success rate ±${cmp.judge.successTolerance * 100} pt)`,
  );

  if (profile500) {
    const t0 = Date.now();
    const gate = await runPairedGate(
      { ...cmp, ...round({ base: '', head: '' }, join(work, 'p500')) },
      quiet,
      { signal },
    );
    const { judgement, rounds, stoppedBy } = gate.paired;
    out(
      `paired gate, 500-user profile: ${((Date.now() - t0) / 1000).toFixed(0)} s, ${rounds.length} rounds, stopped: ${stoppedBy}, result ${gate.result}`,
    );
    for (const m of judgement.metrics.filter((x) => x.gated))
      out(`  ${m.label}: ${m.verdict} (${m.change ? `${(m.change.estimate * 100).toFixed(1)}%` : 'n/a'})`);
    await rm(work, { recursive: true, force: true });
    return;
  }

  // Calibration, in pairs as the gate measures: base and slowed head in alternating rounds (A B
  // B A ...), the rise of the order p95 as the paired estimate (the mean log ratio of 6 pairs).
  // The shop takes fractions of a ms (1.6 waits 1 or 2 ms, 1.6 on average) and a timer waits a
  // little longer than asked, so the delay is fitted to measurements: ln(1 + rise) = k · delay,
  // k by least squares through the origin over every measured point (one point of 6 pairs is
  // still ±10% noisy, so no point is trusted alone). A first delay is the wanted share of two base
  // rounds' p95, a second comes from the first point's k, the one used from both; it is measured
  // once more and printed.
  const wanted = Number(args.slowdown);
  const tenth = (ms: number) => Math.max(0.1, Math.round(ms * 10) / 10);
  const points: { ms: number; logRise: number }[] = [];
  const calibrate = async (ms: number, step: number) => {
    resetDatabases(); // as a trial: fresh databases, kept between its rounds
    const runner = createBuildRoundRunner(
      round({ base: '', head: faultsOf('slow', ms, failRate) }, join(work, `calib-${step}`)),
      quiet,
    );
    const base: number[] = [];
    const head: number[] = [];
    for (const [i, side] of roundOrder(12).entries()) {
      const p95 = sampleOf(await runner.run(side, i + 1, signal)).values['order.p95']!;
      (side === 'base' ? base : head).push(p95);
    }
    const change = pairedRatioInterval(base, head)!;
    out(
      `calibration: --inject-latency-ms ${ms}: order p95 base ${base.map((p) => p.toFixed(1)).join(', ')} ms; slowed ${head.map((p) => p.toFixed(1)).join(', ')} ms; rise ${pct(change.estimate)} (95% CI ${pct(change.low)} .. ${pct(change.high)}); sd of the pairs' log ratio ${change.spread!.toFixed(3)}`,
    );
    points.push({ ms, logRise: Math.log1p(change.estimate) });
  };
  /** The delay that k (fitted over the points so far) says makes the wanted rise, within bounds. */
  const fitted = (low: number, high: number) => {
    const k = points.reduce((a, p) => a + p.ms * p.logRise, 0) / points.reduce((a, p) => a + p.ms * p.ms, 0);
    return tenth(k > 0 ? Math.min(high, Math.max(low, Math.log1p(wanted) / k)) : high);
  };
  const calibrated = async () => {
    const probe = createBuildRoundRunner(round({ base: '', head: '' }, join(work, 'calib-0')), quiet);
    const firstP95s: number[] = [];
    for (let i = 1; i <= 2; i++)
      firstP95s.push(sampleOf(await probe.run('base', i, signal)).values['order.p95']!);
    const d1 = tenth(median(firstP95s) * wanted);
    await calibrate(d1, 1);
    const d2 = fitted(d1 / 2, 2 * d1);
    if (d2 !== d1) await calibrate(d2, 2);
    const chosen = fitted(Math.min(d1, d2) / 2, 2 * Math.max(d1, d2));
    await calibrate(chosen, 3);
    return chosen;
  };
  // --inject-ms: a delay an earlier calibration on this machine measured (printed), not measured again.
  const injectMs = args['inject-ms'] ? Number(args['inject-ms']) : await calibrated();
  if (!(injectMs > 0)) throw new Error(`--inject-ms: a positive number of ms, not ${args['inject-ms']}`);
  out(
    `slowed head: --inject-latency-ms ${injectMs} (target +${(wanted * 100).toFixed(0)}%); failing head: --fail-rate ${failRate}`,
  );

  const kinds = args.kinds.split(',') as Kind[];
  const results: Trial[] = [];
  const modes = args.modes.split(',');
  if (modes.includes('paired')) {
    for (const kind of kinds) {
      for (let t = 1; t <= trials; t++) {
        const t0 = Date.now();
        const dir = join(work, `paired-${kind}-${t}`);
        stopIfAsked();
        try {
          resetDatabases();
          const gate = await runPairedGate(
            { ...cmp, ...round({ base: '', head: faultsOf(kind, injectMs, failRate) }, dir) },
            quiet,
            { signal },
          );
          results.push(
            judgedTrial(
              {
                mode: 'paired',
                kind,
                result: gate.result,
                ms: Date.now() - t0,
                rounds: gate.paired.rounds.length,
              },
              gate.paired.judgement,
            ),
          );
        } catch (err) {
          stopIfAsked();
          results.push({
            mode: 'paired',
            kind,
            result: 'error',
            ms: Date.now() - t0,
            rounds: 0,
            error: (err as Error).message,
          });
        }
        const last = results[results.length - 1]!;
        out(`paired ${kind} ${t}/${trials}: ${trialLine(last)}`);
        // A trial the gate got wrong keeps its rounds (results and shop logs) for a diagnosis.
        if (gotWrong(last)) {
          const kept = join(KEPT, `${stamp}-paired-${kind}-${t}`);
          await mkdir(KEPT, { recursive: true });
          await rename(dir, kept).catch(() => cp(dir, kept, { recursive: true }));
          out(`  kept: ${kept}`);
        }
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  if (modes.includes('history')) {
    // The action's history mode runs one round on a cold target, without a warm-up: so does this.
    const runner = createBuildRoundRunner(
      { ...round({ base: '', head: '' }, join(work, 'history')), warmUp: 0 },
      quiet,
    );
    const history: MetricSample[] = [];
    let n = 0;
    // Pushes to main: the first runs fill the history; they are "learning" and cannot fail.
    // Each run is its own job: fresh databases (the runner starts the shop on them).
    for (let i = 0; i < 5; i++) {
      resetDatabases();
      history.push(sampleOf(await runner.run('base', ++n, signal)));
    }
    out(`history: ${history.length} runs recorded (learning: runs 1-5 never fail)`);
    for (const kind of kinds) {
      const faults = faultsOf(kind, injectMs, failRate);
      const judged = createBuildRoundRunner(
        { ...round({ base: '', head: faults }, join(work, `history-${kind}`)), warmUp: 0 },
        quiet,
      );
      for (let t = 1; t <= trials; t++) {
        const t0 = Date.now();
        try {
          resetDatabases();
          const sample = sampleOf(await judged.run(kind === 'aa' ? 'base' : 'head', ++n, signal));
          const j = judgeHistory(history.slice(-DEFAULT_BASELINE_KEEP), sample, cmp.judge);
          results.push(
            judgedTrial(
              {
                mode: 'history',
                kind,
                result: j.regressions.length > 0 ? 'fail' : 'pass',
                ms: Date.now() - t0,
                rounds: 1,
              },
              j,
            ),
          );
          // A/A runs are pushes to main: recorded (they completed without error). PRs are not.
          if (kind === 'aa') history.push(sample);
        } catch (err) {
          stopIfAsked();
          results.push({
            mode: 'history',
            kind,
            result: 'error',
            ms: Date.now() - t0,
            rounds: 1,
            error: (err as Error).message,
          });
        }
        const last = results[results.length - 1]!;
        out(`history ${kind} ${t}/${trials}: ${trialLine(last)}`);
      }
    }
  }
  if (results.some((r) => r.mode === 'history' && gotWrong(r))) {
    // History runs share their runners' folders (rounds numbered in order): keep them all.
    const kept = join(KEPT, `${stamp}-history`);
    await mkdir(KEPT, { recursive: true });
    for (const name of ['history', ...kinds.map((k) => `history-${k}`)])
      await cp(join(work, name), join(kept, name), { recursive: true }).catch(() => undefined);
    out(`history: the rounds of every run are kept in ${kept}`);
  }
  out('');
  out(formatSummary(results, trials));
  await rm(work, { recursive: true, force: true });
}

main()
  .catch((err) => {
    // Stopped by a signal: already said, and the exit code stays 130.
    if (signal.aborted) return;
    process.stderr.write(`bench:gate failed: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => resetDatabases(true));
