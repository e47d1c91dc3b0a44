import { request } from 'undici';
import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { sleep } from '../engine/clock.js';
import type { RunningTarget } from './start-target.js';

/**
 * Polls `url` until it answers 2xx, within `timeoutMs` in every case: each probe is bounded by
 * what is left of the wait. A start command that exits 0 (it daemonized: `cmd &`, `docker compose
 * up -d`) is fine: the wait goes on for the ready path. One that exits with another code ends the
 * wait at once. When the path kept answering 404, the error says which ready-path to set (the
 * common health paths are tried once to name one that answers).
 */
const PROBE_MS = 2_000;
const POLL_MS = 200;
const COMMON_READY_PATHS = [
  '/health',
  '/healthz',
  '/health/',
  '/ready',
  '/readyz',
  '/api/health',
  '/status',
  '/',
];

export async function waitForReady(
  url: string,
  timeoutMs: number,
  logger: Logger,
  target?: RunningTarget,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  let lastStatus = 0;
  let exitCode: number | null | undefined;
  // Said only while the wait lasts: the target exiting 0 when it is stopped later is no news.
  let waiting = true;
  void target?.exited.then((code) => {
    exitCode = code;
    if (code === 0 && waiting) logger.info(`The start command exited 0 (it daemonized?): waiting for ${url}`);
  });
  try {
    const seeLog = target ? `; see ${target.logFile}` : '';
    while (Date.now() < deadline) {
      if (exitCode !== undefined && exitCode !== 0) {
        throw new GateError(
          'OLG_ERR_TARGET_NOT_READY',
          `The target's start command exited (code ${exitCode}) before ${url} was ready${seeLog}`,
        );
      }
      const probe = await probeOnce(url, Math.min(PROBE_MS, deadline - Date.now()));
      if (probe.status >= 200 && probe.status < 300) {
        logger.info(`Target ready: ${url} answered ${probe.status}`);
        return;
      }
      // A last probe cut short by the deadline does not hide what the target answered before.
      if (probe.status !== 0 || lastStatus === 0) {
        lastStatus = probe.status;
        last = probe.text;
      }
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
    let hint = '';
    if (lastStatus === 404) {
      const found = await findReadyPath(url);
      hint =
        `: the path does not exist on the target; set ready-path to a path that answers 2xx once the shop is up` +
        (found ? ` (${found} answers 200)` : '');
    }
    throw new GateError(
      'OLG_ERR_TARGET_NOT_READY',
      `The target was not ready within ${Math.round(timeoutMs / 1000)} s: ${url} (${last})${hint}${seeLog}`,
    );
  } finally {
    waiting = false;
  }
}

async function probeOnce(url: string, ms: number): Promise<{ status: number; text: string }> {
  if (ms <= 0) return { status: 0, text: 'timeout' };
  const signal = AbortSignal.timeout(ms);
  try {
    const res = await request(url, { signal, headersTimeout: ms, bodyTimeout: ms });
    await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
    return { status: res.statusCode, text: `HTTP ${res.statusCode}` };
  } catch (err) {
    const e = err as { code?: unknown; name?: string; message?: string };
    if (signal.aborted || e.name === 'TimeoutError') return { status: 0, text: 'no answer in time' };
    return { status: 0, text: typeof e.code === 'string' ? e.code : String(e.message ?? err) };
  }
}

/** A common health path on the same origin that answers 2xx, if any. */
async function findReadyPath(url: string): Promise<string | undefined> {
  const origin = new URL(url).origin;
  for (const path of COMMON_READY_PATHS) {
    const probe = await probeOnce(`${origin}${path}`, 1_000);
    if (probe.status >= 200 && probe.status < 300) return path;
  }
  return undefined;
}
