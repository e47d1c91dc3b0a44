/**
 * The default baseline key of a run: a file-name-safe name of its load profile, so runs are
 * only ever compared with runs of the same shape (`users-500`, `shape-ramp-1000`,
 * `arrival-50ps`, `flash-sale-users-500` for a scenario file flash-sale.yaml, ...).
 */
import { createHash } from 'node:crypto';
import type { LoadPlan, Stage } from '../engine/plan.js';
import type { RunSettings } from '../settings/run-settings.js';

export interface BaselineKeyInput {
  plan: LoadPlan;
  /** Orders per user; 0 = loop until the end. */
  iterations: number;
  scenarioFile?: string;
  /** The named shape the stages came from, e.g. ramp-1000. */
  shape?: string;
}

const MAX_KEY_LENGTH = 100;
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Letters, digits, '.', '_' and '-', starting with a letter or digit, no '..', at most 100 chars. */
export function isSafeBaselineKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && SAFE_KEY.test(key) && !key.includes('..');
}

/** Turns any text into a safe key part: lower case, runs of other characters become '-'. */
export function sanitizeKeyPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
}

function stagesHash(stages: readonly Stage[]): string {
  const text = stages.map((s) => `${s.atMs}:${s.target}`).join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

function shapePart(stages: readonly Stage[], shape: string | undefined): string {
  const named = shape === undefined ? '' : sanitizeKeyPart(shape);
  return named !== '' ? named : stagesHash(stages);
}

function rateText(rate: number): string {
  return String(Number(rate.toFixed(3)));
}

/** '' for the plan kind's default iteration count, else -loop or -x<n>. */
function iterationsPart(iterations: number, defaultIterations: number): string {
  if (iterations === defaultIterations) return '';
  return iterations === 0 ? '-loop' : `-x${iterations}`;
}

function scenarioPart(file: string | undefined): string {
  if (file === undefined) return '';
  const base = file.split(/[\\/]/).pop() ?? '';
  const name = sanitizeKeyPart(base.replace(/\.(ya?ml|json|js|ts)$/i, ''));
  return name === '' ? '' : `${name}-`;
}

/** The key of a run's profile; always a safe file name (see isSafeBaselineKey). */
export function defaultBaselineKey(input: BaselineKeyInput): string {
  const { plan } = input;
  let key: string;
  switch (plan.kind) {
    case 'spawn':
      key = `users-${plan.users}${iterationsPart(input.iterations, 1)}`;
      break;
    case 'stages':
      key = `shape-${shapePart(plan.stages, input.shape)}${iterationsPart(input.iterations, 0)}`;
      break;
    case 'arrival':
      key =
        plan.stages && plan.stages.length > 0
          ? `arrival-shape-${shapePart(plan.stages, input.shape)}`
          : `arrival-${rateText(plan.rate)}ps`;
      break;
  }
  const full = sanitizeKeyPart(`${scenarioPart(input.scenarioFile)}${key}`);
  if (isSafeBaselineKey(full)) return full;
  // Too long (a very long scenario name): keep a readable head and make it unique with a hash.
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_KEY_LENGTH - 9).replace(/[._-]+$/, '')}-${hash}`;
}

/** A flash sale's own baseline series (and sticky comment): flash-sale-users-N; undefined otherwise. */
export function profileBaselineKey(settings: RunSettings, shape?: string): string | undefined {
  if (settings.profile !== 'flash-sale') return undefined;
  const key = defaultBaselineKey({
    plan: settings.plan,
    iterations: settings.iterations,
    ...(settings.scenarioFile ? { scenarioFile: settings.scenarioFile } : {}),
    ...(shape ? { shape } : {}),
  });
  return `flash-sale-${key}`.slice(0, 100);
}
