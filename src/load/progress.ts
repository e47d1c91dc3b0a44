import type { HealthMonitor } from '../engine/health.js';
import type { RunRecorder } from '../engine/recorder.js';
import type { ProgressMode } from '../settings/run-settings.js';

/**
 * Live progress: on a terminal a status line redrawn every second; without one (CI) a plain
 * line every 10 s. The health monitor is sampled every second either way.
 */
export interface ProgressOptions {
  interactive: boolean;
  mode: ProgressMode;
  write: (line: string, redraw: boolean) => void;
  onTick?: () => void;
}

export interface Progress {
  stop(): void;
}

const PLAIN_EVERY_S = 10;

export function startProgress(
  recorder: RunRecorder,
  health: HealthMonitor,
  options: ProgressOptions,
): Progress {
  const redraw = options.mode === 'tty' || (options.mode === 'auto' && options.interactive);
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    const h = health.sample();
    options.onTick?.();
    if (options.mode === 'off') return;
    if (!redraw && ticks % PLAIN_EVERY_S !== 0) return;
    const s = recorder.snapshot(Date.now());
    const line =
      `[${formatElapsed(s.elapsedMs)}] users ${s.users}  req/s ${s.rps.toFixed(0)}  ` +
      `p50 ${s.p50.toFixed(0)} ms  p95 ${s.p95.toFixed(0)} ms  failures ${s.failures}/${s.requests}  ` +
      `orders ${s.orders.succeeded}/${s.orders.attempted}` +
      (h.saturated ? `  ! generator CPU ${h.cpuPercent.toFixed(0)}%` : '');
    options.write(line, redraw);
  }, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (redraw) options.write('', true);
    },
  };
}

function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
