/**
 * Diagnostics inside a generator process: GC time over the measured window (PerformanceObserver),
 * and optionally V8's sampling heap profiler counting every allocation, collected or not (what
 * drives the scavenger), summarized as the top allocating functions.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { basename } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

export interface GcStats {
  minor: number;
  major: number;
  ms: number;
}

/** Counts GCs from now on; read the totals with the returned function. */
export function watchGc(): () => GcStats {
  const stats: GcStats = { minor: 0, major: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
      if (kind === 1) stats.minor++;
      else if (kind === 2) stats.major++;
      stats.ms += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => ({ ...stats });
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** Starts sampling allocations (every ~`interval` bytes); the stop function writes and summarizes. */
export async function startAllocationSampling(
  file: string,
  interval = 4096,
): Promise<(requests: number) => Promise<string>> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: interval,
    includeObjectsCollectedByMajorGC: true,
    // BENCH_SURVIVORS=1: only what survived a scavenge (what fills the old generation).
    includeObjectsCollectedByMinorGC: !process.env.BENCH_SURVIVORS,
  });
  return async (requests) => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
      profile: { head: SamplingNode };
    };
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    const bySite = new Map<string, number>();
    let total = 0;
    const walk = (node: SamplingNode): void => {
      const f = node.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : ''}`;
      bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    const perRequest = (bytes: number) => (requests > 0 ? bytes / requests : 0);
    const lines = [`allocated ~${perRequest(total).toFixed(0)} bytes/request (sampled), top sites:`];
    for (const [key, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      lines.push(`${perRequest(bytes).toFixed(0).padStart(7)} B/req  ${key}`);
    }
    return lines.join('\n');
  };
}

/** Starts V8's CPU profiler (the measured window only, unlike --cpu-prof); the stop function writes it. */
export async function startCpuProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
  };
}
