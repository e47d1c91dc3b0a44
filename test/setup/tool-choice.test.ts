/**
 * How the test run picks its PostgreSQL and Chromium (test/support/test-postgres.ts,
 * test-chromium.ts): what the person set comes first, a wrong setting is an error that says so,
 * and no password reaches the output.
 */
import { describe, expect, it } from 'vitest';
import { resolveChromium } from '../support/test-chromium.js';
import { startTestPostgres } from '../support/test-postgres.js';

describe('the tests’ PostgreSQL and Chromium', () => {
  it('uses TEST_DATABASE_URL as given, leaves it running, and prints it without its password', async () => {
    const pg = await startTestPostgres({ TEST_DATABASE_URL: 'postgres://ci:s3cret@db.local:5432/postgres' });
    expect(pg.url).toBe('postgres://ci:s3cret@db.local:5432/postgres');
    expect(pg.private).toBe(false);
    expect(pg.description).toBe('TEST_DATABASE_URL (postgres://ci:***@db.local:5432/postgres)');
    await pg.stop();
  });

  it('uses CHROMIUM_PATH when set, and refuses one that does not exist', async () => {
    expect(await resolveChromium({ CHROMIUM_PATH: process.execPath })).toEqual({
      executablePath: process.execPath,
      description: `CHROMIUM_PATH (${process.execPath})`,
    });
    await expect(resolveChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).rejects.toThrow(
      "CHROMIUM_PATH=/nonexistent/chromium does not exist; unset it to use the machine's or the npm Chromium",
    );
  });
});
