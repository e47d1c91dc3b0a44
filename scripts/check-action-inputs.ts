/**
 * `npm run lint`: action.yml's inputs against their declarations. Every run input the action
 * takes (RUN_INPUTS, src/settings/run-inputs.ts) and every gate input (GATE_INPUTS,
 * src/action/inputs.ts) is in action.yml with the declared default, and action.yml has no other.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { GATE_INPUTS } from '../src/action/inputs.js';
import { RUN_INPUTS } from '../src/settings/run-inputs.js';

const file = new URL('../action.yml', import.meta.url);
const action = parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, { default?: unknown }> };
const inYaml = action.inputs ?? {};

const declared = new Map<string, string>(Object.entries(GATE_INPUTS));
for (const input of RUN_INPUTS) {
  if (input.action !== undefined) declared.set(input.action, input.actionDefault ?? input.default ?? '');
}

const problems: string[] = [];
for (const [name, value] of declared) {
  const entry = inYaml[name];
  if (!entry)
    problems.push(`action.yml lacks the input ${name} (declared, default ${JSON.stringify(value)})`);
  else if (String(entry.default ?? '') !== value)
    problems.push(
      `action.yml's ${name} defaults to ${JSON.stringify(String(entry.default ?? ''))}, its declaration to ${JSON.stringify(value)}`,
    );
}
for (const name of Object.keys(inYaml)) {
  if (!declared.has(name))
    problems.push(`action.yml's input ${name} has no declaration (RUN_INPUTS or GATE_INPUTS)`);
}
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`action.yml's ${declared.size} inputs match their declarations\n`);
