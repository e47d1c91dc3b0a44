import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import { isLoopback } from '../../src/ui/http-guard.js';
import { parseUiArgs } from '../../src/ui/ui-args.js';
import { uiCommand } from '../../src/ui/ui-command.js';
import { captureIo } from '../support/capture.js';

describe('order-load-gate ui', () => {
  it('is listed in the help and prints its own usage', async () => {
    const io = captureIo();
    expect(await runCli(['help'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}ui {7}a web page on 127\.0\.0\.1:8089/m);
    const help = captureIo();
    expect(await runCli(['ui', '--help'], help)).toBe(0);
    expect(help.out()).toContain('Usage: order-load-gate ui [--port 8089] [--target URL]');
  });

  it('defaults to 127.0.0.1:8089 and checks its options', async () => {
    expect(parseUiArgs([], {})).toMatchObject({ port: 8089, host: '127.0.0.1', help: false });
    expect(
      parseUiArgs(['--target', 'http://127.0.0.1:8000/', '--port', '0'], {
        ORDER_LOAD_GATE_ADMIN_TOKEN: 't',
      }),
    ).toMatchObject({
      port: 0,
      target: 'http://127.0.0.1:8000',
      adminToken: 't',
    });
    const io = captureIo();
    expect(await runCli(['ui', '--port', 'high'], io)).toBe(2);
    expect(io.err()).toContain('Invalid value for --port: "high". Expected an integer from 0 to 65535.');
    expect(() => parseUiArgs(['--target', 'ftp://x'])).toThrow(/--target/);
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.4', 'example.com']) expect(isLoopback(h), h).toBe(false);
  });

  it('warns when bound wider than loopback, serves until told to stop, then closes', async () => {
    const logger = createMemoryLogger();
    let stop!: () => void;
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const done = uiCommand(
      ['--host', '0.0.0.0', '--port', '0'],
      { stdout: captureIo().stdout, env: {} },
      logger,
      until,
    );
    let line: string | undefined;
    for (let i = 0; i < 100 && !line; i++) {
      await new Promise((r) => setTimeout(r, 20));
      line = logger.lines.find((l) => l.message.startsWith('order-load-gate UI on'))?.message;
    }
    expect(logger.lines.find((l) => l.level === 'warn')?.message).toMatch(/0\.0\.0\.0.*launch load/);
    const url = /on (http:\S+)/.exec(line ?? '')?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await request(`${url}/api/state`);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    stop();
    expect(await done).toBe(0);
  });
});
