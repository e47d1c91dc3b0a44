/**
 * `npm ci` compiles nothing (the package has no `prepare` script), so a workflow job that runs the
 * CLI from lib/ must build it first: `npm run build`, or a script that builds (test, demo, shop).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/run-action.js';

interface Step {
  run?: string;
  with?: Record<string, unknown>;
}
const BUILDS = /\bnpm (run (build|demo|shop|bench)|test)\b/;
const dir = join(ROOT, '.github', 'workflows');

describe('workflows that run lib/', () => {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

  it.each(files)('%s builds lib/ before a step uses it', (file) => {
    const workflow = parse(readFileSync(join(dir, file), 'utf8')) as {
      jobs: Record<string, { steps?: Step[] }>;
    };
    for (const [name, job] of Object.entries(workflow.jobs)) {
      let built = false;
      for (const step of job.steps ?? []) {
        const text = `${step.run ?? ''}\n${JSON.stringify(step.with ?? {})}`;
        if (/\blib\//.test(text))
          expect(built, `${file}: job ${name} uses lib/ before building it`).toBe(true);
        if (BUILDS.test(step.run ?? '')) built = true;
      }
    }
  });
});
