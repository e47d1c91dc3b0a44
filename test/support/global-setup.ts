import type { TestProject } from 'vitest/node';
import { resolveChromium } from './test-chromium.js';
import { startTestPostgres } from './test-postgres.js';

/**
 * Once per test run: the PostgreSQL server (test-postgres.ts: TEST_DATABASE_URL, else a private
 * one from the machine's or the embedded npm build) and the Chromium for the browser tests
 * (test-chromium.ts: CHROMIUM_PATH, the machine's, else @sparticuz/chromium). The output says
 * which ran. Tests read them with inject('databaseUrl') and inject('chromium'); the
 * private server is stopped when the run ends.
 */
/** A line in the test output (the setup runs in vitest's main process, before the reporter). */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  try {
    const chromium = await resolveChromium();
    project.provide('databaseUrl', postgres.url);
    project.provide('chromium', chromium);
    say(`PostgreSQL for the tests: ${postgres.description}`);
    say(`Chromium for the browser tests: ${chromium.description}`);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return async () => {
    await postgres.stop();
    if (postgres.private) say('PostgreSQL for the tests: stopped, its data deleted');
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    chromium: import('./test-chromium.js').ChromiumChoice;
  }
}
