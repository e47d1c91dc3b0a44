#!/usr/bin/env node
// Generates the README's inputs/outputs table from action.yml, between the
// <!-- inputs-table:start --> and <!-- inputs-table:end --> markers.
//   node scripts/readme-inputs.mjs          rewrite README.md
//   node scripts/readme-inputs.mjs --check  fail when README.md is not current
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const lines = ['| input | default | description |', '|---|---|---|'];
for (const [name, input] of Object.entries(action.inputs ?? {})) {
  const def = input.required
    ? '**required**'
    : input.default === '' || input.default === undefined
      ? ''
      : `\`${cell(input.default)}\``;
  lines.push(`| \`${name}\` | ${def} | ${cell(input.description)} |`);
}
lines.push('', '| output | description |', '|---|---|');
for (const [name, output] of Object.entries(action.outputs ?? {}))
  lines.push(`| \`${name}\` | ${cell(output.description)} |`);
const table = lines.join('\n');

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- inputs-table:start -->';
const end = '<!-- inputs-table:end -->';
const a = readme.indexOf(start);
const b = readme.indexOf(end);
if (a < 0 || b < a) {
  process.stderr.write('README.md lacks the inputs-table markers\n');
  process.exit(1);
}
const next = `${readme.slice(0, a + start.length)}\n${table}\n${readme.slice(b)}`;
if (process.argv.includes('--check')) {
  if (next !== readme) {
    process.stderr.write('README.md inputs table is stale: run node scripts/readme-inputs.mjs\n');
    process.exit(1);
  }
  process.stdout.write('README.md inputs table is current\n');
} else {
  writeFileSync(readmePath, next);
  process.stdout.write('README.md inputs table written\n');
}
