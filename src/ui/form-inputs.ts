/**
 * The UI's form, read into the same raw inputs as the CLI's argv and validated by the same
 * resolveRunSettings, so a bad value is refused with the CLI's exact message. The error names
 * the CLI flag (--spawn-rate); `field` maps it back to the form field to mark.
 */
import { ConfigError, GateError, ThresholdSyntaxError } from '../core/errors.js';
import { loadScenario } from '../scenario/load.js';
import { cliInputName } from '../settings/run-inputs.js';
import {
  type InputKey,
  type RawRunInputs,
  type RunSettings,
  resolveRunSettings,
} from '../settings/run-settings.js';

/** The form's text fields: each is the raw input of the same name. */
export const FORM_TEXT_FIELDS = [
  'target',
  'users',
  'spawnRate',
  'iterations',
  'runTime',
  'stages',
  'shape',
  'arrivalRate',
  'profile',
  'stock',
  'scenario',
  'adminToken',
  'thinkTime',
  'itemsPerOrder',
  'timeout',
] as const satisfies readonly InputKey[];

export type FormField = (typeof FORM_TEXT_FIELDS)[number] | 'seed' | 'thresholds';

export interface FormDefaults {
  /** Used for "seed first" when the form's admin token is empty (--admin-token or the env). */
  adminToken?: string;
}

export class FormError extends Error {
  readonly field?: FormField;
  constructor(message: string, field?: FormField) {
    super(message);
    this.name = 'FormError';
    this.field = field;
  }
}

const MAX_FIELD_CHARS = 4096;

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new FormError(`The field ${key} must be text.`);
  const s = String(value).slice(0, MAX_FIELD_CHARS);
  return s.trim() === '' ? undefined : s;
}

/** The form's JSON body as raw run inputs (empty fields left out, so the CLI's defaults apply). */
export function formToRawInputs(body: unknown, defaults: FormDefaults = {}): RawRunInputs {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new FormError('The form data must be a JSON object.');
  const b = body as Record<string, unknown>;
  const raw: RawRunInputs = {};
  for (const key of FORM_TEXT_FIELDS) {
    const value = text(b, key);
    if (value !== undefined) raw[key] = value;
  }
  const seed = b.seed === true || b.seed === 'true' || b.seed === 'on';
  raw.seed = seed ? 'reference' : 'none';
  if (seed && raw.adminToken === undefined && defaults.adminToken) raw.adminToken = defaults.adminToken;
  const thresholds = text(b, 'thresholds');
  raw.thresholds = thresholds ? thresholds.split(/\r?\n/).filter((t) => t.trim() !== '') : [];
  raw.progress = 'plain';
  return raw;
}

/** The form field a CLI flag name (as in a ConfigError) belongs to, if the form has it. */
export function fieldOfInput(input: string): FormField | undefined {
  if (input === cliInputName('seed')) return 'seed';
  if (input === cliInputName('thresholds')) return 'thresholds';
  return FORM_TEXT_FIELDS.find((key) => cliInputName(key) === input);
}

/**
 * Validated settings from the form, or a FormError with the CLI's message. A scenario file is
 * read and checked here too, so its errors show in the form rather than after the start.
 */
export async function settingsFromForm(body: unknown, defaults: FormDefaults = {}): Promise<RunSettings> {
  const raw = formToRawInputs(body, defaults);
  let settings: RunSettings;
  try {
    settings = resolveRunSettings(raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new FormError(err.message, fieldOfInput(err.input));
    if (err instanceof ThresholdSyntaxError) throw new FormError(err.message, 'thresholds');
    if (err instanceof GateError) throw new FormError(err.message);
    throw err;
  }
  if (settings.scenarioFile) {
    try {
      await loadScenario(settings.scenarioFile);
    } catch (err) {
      throw new FormError((err as Error).message, 'scenario');
    }
  }
  return settings;
}
