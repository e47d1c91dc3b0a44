/** The benchmark's table and verdict, from the per-round results of the generators. */
import type { GeneratorResult } from './generator.js';

/** One round at one user count: the generators ran back to back. */
export interface Round {
  users: number;
  olg: GeneratorResult;
  ac: GeneratorResult;
  /**
   * Extra generators: --floor's three loops, --compare-lib's engine build ('before'), the second
   * line's lib/ engine and autocannon on the lib Node ('lib', 'aclib').
   */
  floors?: Partial<Record<ExtraMode, GeneratorResult>>;
}

export type FloorMode = 'pool' | 'undici' | 'raw';
export const FLOOR_MODES: readonly FloorMode[] = ['pool', 'undici', 'raw'];
export type ExtraMode = FloorMode | 'before' | 'lib' | 'aclib';
export const EXTRA_MODES: readonly ExtraMode[] = ['lib', 'aclib', 'before', ...FLOOR_MODES];
const FLOOR_NAMES: Record<ExtraMode, string> = {
  lib: 'second line: order-load-gate from lib/ (tsc) on --lib-node, against autocannon on the same Node',
  aclib: 'autocannon on --lib-node',
  before: 'order-load-gate from --compare-lib (the same flow, another build of the engine)',
  pool: 'naive undici: pool.request() + body.text() loops through one shared Pool, autocannon requests',
  undici: 'undici floor: bare Client.dispatch() loop per connection, autocannon requests',
  raw: 'raw floor: minimal HTTP/1.1 on net.Socket (floors.ts), autocannon requests',
};

export interface FloorSummary {
  mode: ExtraMode;
  rps: number;
  cpuUs: number;
  ratio: number;
  cpuRatio: number;
  rssMb: number;
  /** Ours over this one: req/s ratio and CPU-cost ratio (medians of the rounds). */
  olgRatio: number;
  olgCpuRatio: number;
}

export const TARGET_RATIO = 1.0;
export const TARGET_RSS_MB = 120;
export const RSS_USERS = 1000;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

export const rps = (r: GeneratorResult): number => (r.requests * 1000) / r.wallMs;
export const cpuPerRequest = (r: GeneratorResult): number => (r.requests > 0 ? r.cpuUs / r.requests : 0);
/** CPU busy share of the window (1.0 = one full core). */
export const cpuShare = (r: GeneratorResult): number => r.cpuUs / (r.wallMs * 1000);

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export interface LevelSummary {
  users: number;
  rounds: number;
  olgRps: number;
  acRps: number;
  /** Median of the per-round req/s ratios (each round's generators ran back to back). */
  ratio: number;
  /** Median of the per-round CPU-cost ratios (autocannon µs/req over ours): the req/s ratio at equal CPU. */
  cpuRatio: number;
  olgCpuUs: number;
  acCpuUs: number;
  /** The largest peak RSS over the rounds (the verdict's figure), and the median. */
  olgRssMb: number;
  acRssMb: number;
  olgRssMedianMb: number;
  acRssMedianMb: number;
  olgCpuShare: number;
  acCpuShare: number;
  olgGcShare: number;
  failures: number;
  floors: FloorSummary[];
}

function summarizeFloors(mine: readonly Round[]): FloorSummary[] {
  const out: FloorSummary[] = [];
  for (const mode of EXTRA_MODES) {
    // The lib line is compared with autocannon on its own Node.
    const peer = (p: Round) => (mode === 'lib' && p.floors?.aclib ? p.floors.aclib : p.ac);
    const pairs = mine.flatMap((p) =>
      p.floors?.[mode] ? [{ f: p.floors[mode], ac: peer(p), olg: p.olg }] : [],
    );
    if (pairs.length === 0) continue;
    out.push({
      mode,
      rps: median(pairs.map(({ f }) => rps(f))),
      cpuUs: median(pairs.map(({ f }) => cpuPerRequest(f))),
      ratio: median(pairs.map(({ f, ac }) => rps(f) / rps(ac))),
      cpuRatio: median(pairs.map(({ f, ac }) => cpuPerRequest(ac) / cpuPerRequest(f))),
      rssMb: Math.max(...pairs.map(({ f }) => f.peakRssMb)),
      olgRatio: median(pairs.map(({ f, olg }) => rps(olg) / rps(f))),
      olgCpuRatio: median(pairs.map(({ f, olg }) => cpuPerRequest(f) / cpuPerRequest(olg))),
    });
  }
  return out;
}

export function summarize(rounds: readonly Round[]): LevelSummary[] {
  const levels = [...new Set(rounds.map((p) => p.users))];
  return levels.map((users) => {
    const mine = rounds.filter((p) => p.users === users);
    const of = (f: (p: Round) => number) => median(mine.map(f));
    return {
      users,
      rounds: mine.length,
      olgRps: of((p) => rps(p.olg)),
      acRps: of((p) => rps(p.ac)),
      ratio: of((p) => rps(p.olg) / rps(p.ac)),
      cpuRatio: of((p) => cpuPerRequest(p.ac) / cpuPerRequest(p.olg)),
      olgCpuUs: of((p) => cpuPerRequest(p.olg)),
      acCpuUs: of((p) => cpuPerRequest(p.ac)),
      olgRssMb: Math.max(...mine.map((p) => p.olg.peakRssMb)),
      acRssMb: Math.max(...mine.map((p) => p.ac.peakRssMb)),
      olgRssMedianMb: of((p) => p.olg.peakRssMb),
      acRssMedianMb: of((p) => p.ac.peakRssMb),
      olgCpuShare: of((p) => cpuShare(p.olg)),
      acCpuShare: of((p) => cpuShare(p.ac)),
      olgGcShare: of((p) => (p.olg.gcMs ?? 0) / p.olg.wallMs),
      failures: mine.reduce((sum, p) => sum + p.olg.failures + p.ac.failures, 0),
      floors: summarizeFloors(mine),
    };
  });
}

const pct = (share: number): string => `${(share * 100).toFixed(0)}%`;

export function formatTable(rows: readonly LevelSummary[]): string {
  const widths = [6, 10, 10, 7, 8, 14, 11, 14, 7];
  const head = [
    'users',
    'olg req/s',
    'ac req/s',
    'ratio',
    'by CPU',
    'CPU µs/req o|a',
    'busy o|a',
    'max RSS MB o|a',
    'GC o',
  ];
  const lines = [pad(head, widths)];
  for (const r of rows) {
    lines.push(
      pad(
        [
          String(r.users),
          r.olgRps.toFixed(0),
          r.acRps.toFixed(0),
          `${r.ratio.toFixed(2)}x`,
          `${r.cpuRatio.toFixed(2)}x`,
          `${r.olgCpuUs.toFixed(1)} | ${r.acCpuUs.toFixed(1)}`,
          `${pct(r.olgCpuShare)} | ${pct(r.acCpuShare)}`,
          `${r.olgRssMb.toFixed(0)} | ${r.acRssMb.toFixed(0)}`,
          pct(r.olgGcShare),
        ],
        widths,
      ),
    );
  }
  for (const mode of EXTRA_MODES) {
    const floors = rows.flatMap((r) => r.floors.filter((f) => f.mode === mode).map((f) => ({ r, f })));
    if (floors.length === 0 || mode === 'aclib') continue;
    lines.push('', `${FLOOR_NAMES[mode]}:`);
    for (const { r, f } of floors) {
      const vsOlg =
        mode === 'before' || mode === 'lib'
          ? `; the main line: ${f.olgRatio.toFixed(2)}x its req/s, ${f.olgCpuRatio.toFixed(2)}x by CPU`
          : '';
      lines.push(
        `  ${r.users} users: ${f.rps.toFixed(0)} req/s, ${f.cpuUs.toFixed(1)} µs/req, ${f.ratio.toFixed(2)}x autocannon${mode === 'lib' ? ` (${(r.floors.find((x) => x.mode === 'aclib')?.rps ?? 0).toFixed(0)} req/s)` : ''} ` +
          `(${f.cpuRatio.toFixed(2)}x by CPU), peak RSS ${f.rssMb.toFixed(0)} MB${vsOlg}`,
      );
    }
  }
  return lines.join('\n');
}

const describe = (r: GeneratorResult): string =>
  `${rps(r).toFixed(0)} req/s ${cpuPerRequest(r).toFixed(1)} µs ${pct(cpuShare(r))} busy ${r.peakRssMb.toFixed(0)} MB` +
  (r.failures > 0 ? ` ${r.failures} FAILED` : '');

/** One round's figures, to see the spread behind the medians. */
export function formatRound(p: Round, index: number): string {
  const floor = EXTRA_MODES.map((m) => (p.floors?.[m] ? ` | ${m} ${describe(p.floors[m])}` : '')).join('');
  return (
    `  #${index} users=${p.users}: olg ${describe(p.olg)} (heap ${(p.olg.heapUsedMb ?? 0).toFixed(0)}/` +
    `${(p.olg.heapTotalMb ?? 0).toFixed(0)} MB, GC ${(p.olg.gcMs ?? 0).toFixed(0)} ms) | ac ${describe(p.ac)}${floor}` +
    ` | ratio ${(rps(p.olg) / rps(p.ac)).toFixed(2)}`
  );
}

export function verdict(rows: readonly LevelSummary[]): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  for (const r of rows) {
    const pass = r.ratio >= TARGET_RATIO;
    ok &&= pass;
    lines.push(
      `${pass ? 'PASS' : 'FAIL'}  ${r.users} users: ${r.ratio.toFixed(2)}x autocannon's req/s ` +
        `(target >= ${TARGET_RATIO.toFixed(1)}x; ${r.cpuRatio.toFixed(2)}x by CPU cost)`,
    );
  }
  const big = rows.find((r) => r.users === RSS_USERS);
  if (big) {
    const pass = big.olgRssMb <= TARGET_RSS_MB;
    ok &&= pass;
    lines.push(
      `${pass ? 'PASS' : 'FAIL'}  peak RSS with ${RSS_USERS} users: ${big.olgRssMb.toFixed(0)} MB, the largest of the rounds ` +
        `(target <= ${TARGET_RSS_MB} MB; median ${big.olgRssMedianMb.toFixed(0)} MB; autocannon ${big.acRssMb.toFixed(0)} MB, median ${big.acRssMedianMb.toFixed(0)} MB)`,
    );
  } else {
    lines.push(`----  peak RSS with ${RSS_USERS} users: not measured (add ${RSS_USERS} to --users)`);
  }
  const idle = rows.filter((r) => Math.min(r.olgCpuShare, r.acCpuShare) < 0.9);
  if (idle.length > 0) {
    lines.push(
      `NOTE  a generator was under 90% busy at ${idle.map((r) => r.users).join(', ')} users: req/s were limited by ` +
        'the target or by other work on the machine, not by the generator; the ratio by CPU still holds',
    );
  }
  const failures = rows.reduce((sum, r) => sum + r.failures, 0);
  if (failures > 0) {
    ok = false;
    lines.push(`FAIL  ${failures} failed requests during the windows: the figures are not comparable`);
  }
  return { ok, lines };
}
