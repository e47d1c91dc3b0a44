/**
 * The accounts CSV file a scenario may name (accounts.file, relative to the scenario file): one
 * account per row, `username,password`, an optional header row naming those two columns. Fields may
 * be quoted ("a,b" and "" for a quote). Errors name the file, the line and what was expected; the
 * passwords never appear in them.
 */
import { readFileSync } from 'node:fs';
import { ScenarioError } from '../core/errors.js';
import { registerSecret } from '../core/scrub.js';
import { type Account, type AccountOf, accountBook } from './accounts.js';
import type { Scenario } from './schema.js';

function splitCsvLine(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) return undefined;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      out.push(value);
      if (i < line.length && line[i] !== ',') return undefined;
      i++;
    } else {
      const end = line.indexOf(',', i);
      out.push((end < 0 ? line.slice(i) : line.slice(i, end)).trim());
      if (end < 0) break;
      i = end + 1;
    }
  }
  return out;
}

/** The accounts in CSV text; `file` names it in errors. */
export function parseAccountsCsv(text: string, file: string): Account[] {
  const rows: Account[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const where = `accounts.file line ${i + 1}`;
    const fields = splitCsvLine(raw);
    if (fields?.length !== 2) {
      throw new ScenarioError(
        file,
        where,
        'expected two fields: username,password (quote a value that has a comma)',
      );
    }
    const [username, password] = fields as [string, string];
    if (rows.length === 0 && username.toLowerCase() === 'username' && password.toLowerCase() === 'password')
      continue;
    if (username === '' || password === '') {
      throw new ScenarioError(file, where, 'expected a username and a password, both non-empty');
    }
    rows.push({ username, password });
  }
  if (rows.length === 0)
    throw new ScenarioError(file, 'accounts.file', 'expected at least one username,password row');
  // The passwords never reach an output, also when the target echoes one back.
  for (const row of rows) registerSecret(row.password);
  return rows;
}

/** Reads the accounts file (an absolute path: the loader resolves it next to the scenario file). */
export function loadAccountsFile(path: string): Account[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ScenarioError(
      path,
      'accounts.file',
      `expected a readable CSV file of username,password (${code})`,
    );
  }
  return parseAccountsCsv(text, path);
}

/** The run's accounts: the scenario's CSV rows when it names a file, else prefix and password. */
export function accountsForRun(
  scenario: Pick<Scenario, 'accounts'>,
  base: { userPrefix: string; password: string },
): AccountOf {
  const file = scenario.accounts?.file;
  return accountBook(scenario, base, file ? loadAccountsFile(file) : undefined);
}
