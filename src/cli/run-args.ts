import { parseCommandArgs } from '../core/command-args.js';
import { RUN_INPUTS, type RunInput, USAGE_GROUPS } from '../settings/run-inputs.js';
import type { RawRunInputs } from '../settings/run-settings.js';

/** The `run` command's options, made from the run inputs' declarations (src/settings/run-inputs.ts). */
export const RUN_OPTIONS = Object.fromEntries(
  RUN_INPUTS.map((input) => [
    input.flag,
    {
      type: input.kind === 'boolean' ? 'boolean' : 'string',
      ...(input.kind === 'list' ? { multiple: true } : {}),
      ...(input.short ? { short: input.short } : {}),
    },
  ]),
) as Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

const HELP_COLUMN = 26;
const HELP_WIDTH = 104;

function usageLine(input: RunInput): string {
  const head = `  --${input.flag}${input.arg ? ` ${input.arg}` : ''}`;
  const text = input.default !== undefined ? `${input.help} (default ${input.default})` : input.help;
  const lines: string[] = [];
  let line = head.length < HELP_COLUMN ? head.padEnd(HELP_COLUMN) : `${head} `;
  for (const word of text.split(' ')) {
    if (line.length + word.length > HELP_WIDTH && line.trim() !== head.trim()) {
      lines.push(line.trimEnd());
      line = ' '.repeat(HELP_COLUMN);
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

export const RUN_USAGE = [
  'Usage: order-load-gate run --target URL [options]',
  ...USAGE_GROUPS.flatMap((group) => [
    '',
    `${group}:`,
    ...RUN_INPUTS.filter((i) => i.group === group).map(usageLine),
  ]),
  '',
  'Exit codes: 0 passed, 1 a threshold failed or an integrity violation, 2 the run could not be done.',
].join('\n');

export interface ParsedRunArgs {
  raw: RawRunInputs;
  help: boolean;
}

export function parseRunArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  command = 'run',
): ParsedRunArgs {
  const { values, help } = parseCommandArgs({ command, options: RUN_OPTIONS }, argv);
  const given = values as Record<string, string | boolean | string[] | undefined>;
  const raw: RawRunInputs = {};
  for (const input of RUN_INPUTS) {
    const value = input.fromCli ? input.fromCli(given) : given[input.flag];
    const fallback = input.kind === 'list' ? [] : input.env ? env[input.env] : undefined;
    const chosen = value ?? fallback;
    if (chosen !== undefined) (raw as Record<string, unknown>)[input.key] = chosen;
  }
  return { raw, help };
}
