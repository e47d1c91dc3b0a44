import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseCommandArgs } from '../../src/core/command-args.js';
import { UsageError } from '../../src/core/errors.js';
import { captureIo } from '../support/capture.js';

const COMMANDS = ['run', 'seed', 'merge', 'ui', 'shop', 'demo'] as const;

describe('every command parses its arguments the same way', () => {
  for (const command of COMMANDS) {
    it(`${command} --help prints its usage and exits 0`, async () => {
      const io = captureIo();
      expect(await runCli([command, '--help'], io), io.err()).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: order-load-gate ${command}`, 'm'));
    });

    it(`${command} with an unknown option: one clear error with its code, exit 2, no stack`, async () => {
      const io = captureIo();
      expect(await runCli([command, '--no-such-option', 'secret-value'], io)).toBe(2);
      const err = io.err();
      expect(err).toContain(`order-load-gate ${command}: Unknown option '--no-such-option'`);
      expect(err).toContain(`See "order-load-gate ${command} --help". [OLG_ERR_CONFIG]`);
      expect(err).not.toMatch(/\n\s+at /); // no stack trace
      expect(err).not.toContain('secret-value'); // the arguments are not echoed
    });
  }

  it('shop with a bad value: the shop names the flag, as a usage error', async () => {
    const io = captureIo();
    expect(await runCli(['shop', '--port', 'abc'], io)).toBe(2);
    expect(io.err()).toContain(
      'order-load-gate shop: Invalid value for --port: "abc". Expected a non-negative integer. See "order-load-gate shop --help". [OLG_ERR_CONFIG]',
    );
  });

  it('a missing value and a stray operand are usage errors too', () => {
    const spec = { command: 'run', options: { users: { type: 'string' } } } as const;
    expect(() => parseCommandArgs(spec, ['--users'])).toThrow(UsageError);
    expect(() => parseCommandArgs(spec, ['stray'])).toThrow(
      /order-load-gate run: Unexpected argument 'stray'/,
    );
    expect(parseCommandArgs(spec, ['-h']).help).toBe(true);
  });
});
