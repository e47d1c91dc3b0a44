/**
 * Loads a scenario file (YAML, or JSON which YAML reads too), validates it with the schema and the
 * semantic checks, and reports the first problem as a ScenarioError naming the file, the field path
 * (e.g. `login.session.from`) and what was expected.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ScenarioError } from '../core/errors.js';
import { loadAccountsFile } from './accounts-file.js';
import { defaultScenario } from './default-scenario.js';
import { type Scenario, scenarioSchema } from './schema.js';
import { expandStepList, type PathMap } from './step-list.js';
import { validateScenario } from './validate.js';

function found(input: unknown): string {
  if (input === undefined) return 'nothing';
  const text = JSON.stringify(input);
  return text === undefined ? String(input) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  string: 'a text',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  record: 'a mapping',
};

/** One zod issue as (field path, expected). */
function describeIssue(issue: z.core.$ZodIssue, pathOf: PathMap): { path: string; expected: string } {
  const path = pathOf(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      return {
        path: path ? `${path}.${key}` : key,
        expected: `no field "${key}" here (unknown field: check its spelling and place)`,
      };
    }
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string }).discriminator;
      const options = (issue as { options?: unknown[] }).options;
      if (disc && options) {
        const inner =
          input && typeof input === 'object' ? (input as Record<string, unknown>)[disc] : undefined;
        const at = path.endsWith(`.${disc}`) || path === disc ? path : path ? `${path}.${disc}` : disc;
        const list = options.map((o) => JSON.stringify(o)).join(', ');
        return { path: at, expected: `expected one of ${list}, found ${found(inner)}` };
      }
      return { path, expected: `expected ${issue.message}, found ${found(input)}` };
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'a valid key';
      return { path, expected: `expected a key that is ${inner}, found ${found(input)}` };
    }
    case 'invalid_type': {
      // zod's default text ("Invalid input: expected object, received undefined") reads badly here.
      const what = issue.message.startsWith('Invalid input')
        ? (TYPE_NAMES[issue.expected] ?? issue.expected)
        : issue.message;
      if (input === undefined) return { path, expected: `expected ${what} (the field is required)` };
      return { path, expected: `expected ${what}, found ${found(input)}` };
    }
    default:
      return {
        path,
        expected:
          input === undefined
            ? `expected ${issue.message}`
            : `expected ${issue.message}, found ${found(input)}`,
      };
  }
}

/**
 * Validates an already parsed document. `file` names it in errors. Zod's own messages are replaced
 * by ours where the schema gives one; others read as zod wrote them.
 */
export function parseScenario(input: unknown, file: string): Scenario {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ScenarioError(
      file,
      '',
      'expected a mapping with login, products, addToCart and order (or steps)',
    );
  }
  // The long form (steps: a list) is the sections form written as a list: expanded first.
  const { doc, pathOf } = expandStepList(input as Record<string, unknown>, file);
  const result = scenarioSchema.safeParse(doc, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const { path, expected } = describeIssue(issue, pathOf);
    const more = result.error.issues.length - 1;
    throw new ScenarioError(file, path, more > 0 ? `${expected} (and ${more} more problem(s))` : expected);
  }
  const problem = validateScenario(result.data);
  if (problem) throw new ScenarioError(file, pathOf(problem.path.split('.')), `expected ${problem.expected}`);
  return result.data;
}

export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioError(path, '', `expected a readable scenario file (${code ?? String(err)})`);
  }
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const line = err.linePos?.[0];
      const where = line ? ` (line ${line.line}, column ${line.col})` : '';
      const first = err.message.split('\n')[0] ?? err.message;
      throw new ScenarioError(path, '', `expected valid YAML or JSON${where}: ${first}`);
    }
    throw err;
  }
  const scenario = parseScenario(document, path);
  const accounts = scenario.accounts;
  if (accounts?.file) {
    // Relative to the scenario file; read now so that a bad file stops the run before anything starts.
    accounts.file = resolve(dirname(path), accounts.file);
    loadAccountsFile(accounts.file);
  }
  return scenario;
}

/** The scenario file when one is given, else the reference shop's contract. */
export async function loadScenario(path?: string): Promise<Scenario> {
  return path ? loadScenarioFile(path) : defaultScenario();
}
