import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/main.js';

/** A CliIo that keeps what the CLI printed. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(chunk.toString());
        cb();
      },
    });
  return {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    env,
    isTTY: false,
    out: () => out,
    err: () => err,
  };
}
