import { profileBaselineKey } from '../compare/baseline-key.js';
import { parseTolerance } from '../compare/compare.js';
import { parseDuration } from '../core/duration.js';
import { COMPARE_MODES } from '../gate/compare-mode.js';
import { type GateModeSettings, readGateMode, resolveGateRunSettings } from '../gate/gate-mode.js';
import type { GateSettings } from '../gate/gate-settings.js';
import { resolveCompareSettings } from '../paired/paired-settings.js';
import { parseBaselineLocation } from '../publish/baseline-location.js';
import { parseChoice } from '../settings/parse-values.js';
import type { InputKey, RawRunInputs } from '../settings/run-settings.js';

/**
 * The action's inputs, read through a getter (core.getInput in the action, a map in tests)
 * and turned into the same validated settings the CLI builds. Errors name the input as the
 * workflow spells it.
 */
export type InputGetter = (name: string) => string;

const ACTION_INPUT_NAMES: Partial<Record<InputKey, string>> = {
  target: 'target-url',
  spawnRate: 'spawn-rate',
  runTime: 'run-time',
  arrivalRate: 'arrival-rate',
  seedCommand: 'seed-command',
  adminToken: 'admin-token',
  thresholds: 'thresholds',
};

export function actionInputName(key: InputKey): string {
  return ACTION_INPUT_NAMES[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Values that must never be printed: the caller masks them (core.setSecret). */
export function secretInputs(get: InputGetter): string[] {
  return [get('admin-token'), get('github-token'), get('password')].filter((v) => v.trim() !== '');
}

export function readGateSettings(
  get: InputGetter,
  env: NodeJS.ProcessEnv = process.env,
): GateSettings & GateModeSettings {
  const opt = (name: string): string | undefined => {
    const v = get(name).trim();
    return v === '' ? undefined : v;
  };
  const reportDir = opt('report-dir') ?? 'order-load-gate-report';
  const raw: RawRunInputs = {
    target: get('target-url'),
    users: opt('users'),
    spawnRate: opt('spawn-rate'),
    iterations: opt('iterations'),
    runTime: opt('run-time'),
    stages: opt('stages'),
    shape: opt('shape'),
    arrivalRate: opt('arrival-rate'),
    scenario: opt('scenario'),
    password: opt('password'),
    seed: opt('seed') ?? 'none',
    seedCommand: opt('seed-command'),
    adminToken: opt('admin-token') ?? env.ORDER_LOAD_GATE_ADMIN_TOKEN,
    integrity: opt('integrity'),
    waitProcessed: opt('wait-processed'),
    readBack: opt('read-back'),
    profile: opt('profile'),
    stock: opt('stock'),
    saleProduct: opt('sale-product'),
    thresholds: get('thresholds')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
    out: `${reportDir}/results.json`,
    progress: 'plain',
    shard: opt('shard'),
  };
  const mode = readGateMode(opt);
  const run = resolveGateRunSettings(raw, mode, actionInputName);
  const readyTimeoutMs = parseDuration(opt('ready-timeout') ?? '60s', 'ready-timeout');
  const readyPath = opt('ready-path') ?? '/health';
  return {
    ...mode,
    run,
    shape: opt('shape'),
    reportDir,
    startCommand: opt('start-command'),
    readyPath: readyPath.startsWith('/') ? readyPath : `/${readyPath}`,
    readyTimeoutMs,
    baseline: parseBaselineLocation(opt('baseline') ?? 'branch:order-load-gate-baselines', 'baseline'),
    baselineKey: opt('baseline-key') ?? profileBaselineKey(run, opt('shape')),
    updateBaseline: parseChoice(opt('update-baseline') ?? 'auto', 'update-baseline', [
      'auto',
      'true',
      'false',
    ] as const),
    tolerance: parseTolerance(opt('regression-tolerance') ?? '10%', 'regression-tolerance'),
    compare: parseChoice(opt('compare') ?? 'auto', 'compare', COMPARE_MODES),
    ...(opt('base-start-command') ? { baseStartCommand: opt('base-start-command') } : {}),
    ...(opt('base-seed-command') ? { baseSeedCommand: opt('base-seed-command') } : {}),
    verdict: resolveCompareSettings(
      {
        minRounds: opt('min-rounds'),
        maxRounds: opt('max-rounds'),
        timeBudget: opt('time-budget'),
        gateMetrics: opt('gate-metrics'),
        successTolerance: opt('success-tolerance'),
        failOnInconclusive: opt('fail-on-inconclusive'),
      },
      (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    ),
    comment: parseChoice(opt('comment') ?? 'auto', 'comment', ['auto', 'always', 'never'] as const),
    githubToken: opt('github-token'),
  };
}
