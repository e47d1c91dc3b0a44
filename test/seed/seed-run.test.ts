import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/logger.js';
import { runSeedCommand } from '../../src/seed/seed-command.js';
import { seedRun } from '../../src/seed/seed-run.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';

describe('seeding', () => {
  it('--stock without seeding warns that nobody applies it', async () => {
    const logger = createMemoryLogger();
    const settings = resolveRunSettings({
      target: 'http://127.0.0.1:1',
      users: '10',
      profile: 'flash-sale',
      stock: '50',
    });
    await seedRun(settings, logger);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringMatching(/^--stock 50 is not applied without seeding/),
    ]);
  });

  it('a seed command’s stderr is its log (info, no warning annotations); its tail explains a failure', async () => {
    const logger = createMemoryLogger();
    await runSeedCommand(
      `node -e "console.error('Applying migrations...'); console.log('seeded')"`,
      {},
      logger,
    );
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
    expect(logger.text()).toContain('info: [seed] Applying migrations...');
    const failed = await runSeedCommand(
      `node -e "console.error('django.db.utils.OperationalError: no such table'); process.exit(3)"`,
      {},
      createMemoryLogger(),
    ).catch((e: unknown) => e as Error);
    expect(failed).toMatchObject({ code: 'OLG_ERR_SEED_FAILED' });
    expect((failed as Error).message).toMatch(/exit code 3.*\n.*OperationalError: no such table/s);
  });
});
