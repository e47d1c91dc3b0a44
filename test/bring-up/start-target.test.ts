import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    await new Promise((r) => setTimeout(r, 300));
    await target.stop();
    await target.stop();
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('tick');
    expect(log).toContain('bye');
  });
});
