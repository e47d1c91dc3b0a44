import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Watches the load generator itself. A saturated generator reports its own slowness as the
 * target's latency, so when its CPU or event-loop delay is too high it says so (Locust warns
 * above 90% CPU) in the live status and in the results.
 */
export interface HealthSample {
  cpuPercent: number;
  eventLoopDelayP99Ms: number;
  rssMb: number;
  saturated: boolean;
}

export interface HealthMonitor {
  sample(): HealthSample;
  peakRssMb(): number;
  stop(): void;
}

export const CPU_WARN_PERCENT = 90;
export const LOOP_DELAY_WARN_MS = 100;

export function startHealthMonitor(onWarning: (text: string) => void): HealthMonitor {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let lastCpu = process.cpuUsage();
  let lastAt = process.hrtime.bigint();
  let peakRss = process.memoryUsage.rss();
  let warned = false;
  return {
    sample() {
      const cpu = process.cpuUsage(lastCpu);
      const at = process.hrtime.bigint();
      const wallUs = Number(at - lastAt) / 1000;
      lastCpu = process.cpuUsage();
      lastAt = at;
      const cpuPercent = wallUs > 0 ? ((cpu.user + cpu.system) / wallUs) * 100 : 0;
      const eventLoopDelayP99Ms = loop.percentile(99) / 1e6;
      loop.reset();
      const rss = process.memoryUsage.rss();
      peakRss = Math.max(peakRss, rss);
      const saturated = cpuPercent >= CPU_WARN_PERCENT || eventLoopDelayP99Ms >= LOOP_DELAY_WARN_MS;
      if (saturated && !warned) {
        warned = true;
        onWarning(
          `load generator saturated (CPU ${cpuPercent.toFixed(0)}%, event-loop delay p99 ${eventLoopDelayP99Ms.toFixed(0)} ms): ` +
            'latencies include the generator’s own delay; use fewer users per process or shards',
        );
      }
      return { cpuPercent, eventLoopDelayP99Ms, rssMb: rss / 1048576, saturated };
    },
    peakRssMb: () => peakRss / 1048576,
    stop() {
      loop.disable();
    },
  };
}
