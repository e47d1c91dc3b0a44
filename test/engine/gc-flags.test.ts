/**
 * The load's V8 flags (src/engine/gc-flags.ts) are ones both runtimes know: the action's Node 24
 * and the Node running the tests. V8 ignores a flag it does not know, with an "unrecognized flag"
 * line on stderr: a Node upgrade that dropped one would lose its effect and print that line in
 * every run. What the flags do to speed and GC is measured by `npm run bench`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOAD_V8_FLAGS } from '../../src/engine/gc-flags.js';
import { NODE24 } from '../support/run-action.js';

const runtimes = [
  ['Node 24 (the action)', NODE24],
  [`this Node (${process.version})`, process.execPath],
] as const;

describe.each(runtimes)('the load V8 flags on %s', (_name, node) => {
  it('are V8 flags it knows, set without a complaint', () => {
    if (!existsSync(node)) throw new Error(`${node} is missing: run npm ci`);
    const known = execFileSync(node, ['--v8-options'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(LOAD_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of LOAD_V8_FLAGS) {
      const name = flag.replace(/^--(no-)?/, '');
      expect(known, flag).toContain(`--${name} `);
      const set = spawnSync(node, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], {
        encoding: 'utf8',
      });
      expect({ status: set.status, stderr: set.stderr }).toEqual({ status: 0, stderr: '' });
      // ... and a flag V8 does not know is reported, so the check above can fail.
      const bogus = spawnSync(node, ['-e', `require('node:v8').setFlagsFromString('--no-${name}-bogus')`], {
        encoding: 'utf8',
      });
      expect(bogus.stderr).toContain('unrecognized flag');
    }
  });
});
