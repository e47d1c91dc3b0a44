import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTarget } from '../../src/bring-up/start-target.js';

describe('startTarget', () => {
  it('keeps the output in its log and stops a target that is still printing, without writing after the end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-target-'));
    const logFile = join(dir, 'target.log');
    // Prints continuously, and keeps printing while it handles SIGTERM.
    const script =
      "setInterval(() => process.stdout.write('tick\\n'), 1); " +
      "process.on('SIGTERM', () => { for (let i = 0; i < 2000; i++) process.stdout.write('bye\\n'); process.exit(0); });";
    const target = startTarget({ command: `"${process.execPath}" -e "${script}"`, logFile });
    // A signal, not a sleep: the first 'tick' in the log means its SIGTERM handler is installed
    // (both are set up before the first interval fires), however slow the machine is.
    await vi.waitFor(
      async () => {
        expect(await readFile(logFile, 'utf8').catch(() => '')).toContain('tick');
      },
      { timeout: 30_000, interval: 20 },
    );
    await target.stop();
    await target.stop();
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('tick');
    expect(log).toContain('bye');
  });
});
