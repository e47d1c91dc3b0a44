import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

/**
 * Provides a real PostgreSQL server to the tests: TEST_DATABASE_URL when it is set
 * (.ci/run starts one), otherwise a private server started by scripts/test-postgres.sh
 * (Debian's postgresql package must be installed). Tests read it with inject('databaseUrl').
 */
export default function setup(project: TestProject): void {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const script = new URL('../../scripts/test-postgres.sh', import.meta.url).pathname;
    if (!existsSync(script)) throw new Error(`missing ${script}`);
    url = execFileSync('bash', [script, 'start'], { encoding: 'utf8' }).trim().split('\n').pop()!;
  }
  project.provide('databaseUrl', url);
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
