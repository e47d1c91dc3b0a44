import type { IterationRecord, Recorder, RequestRecord, StepName } from '../../../src/engine/types.js';

/** Collects every record, for assertions. */
export class TestRecorder implements Recorder {
  readonly requests: RequestRecord[] = [];
  readonly iterations: IterationRecord[] = [];

  record(request: RequestRecord): void {
    this.requests.push(request);
  }

  recordIteration(iteration: IterationRecord): void {
    this.iterations.push(iteration);
  }

  step(step: StepName): RequestRecord[] {
    return this.requests.filter((r) => r.step === step);
  }

  outcomes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const i of this.iterations) out[i.outcome] = (out[i.outcome] ?? 0) + 1;
    return out;
  }

  errorKinds(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.requests)
      if (!r.ok) out[r.errorKind ?? 'none'] = (out[r.errorKind ?? 'none'] ?? 0) + 1;
    return out;
  }
}

/** Runs `users` shoppers concurrently, `iterations` each in sequence. */
export async function drive(
  factory: { create(i: number): { iterate(signal: AbortSignal, start?: number): Promise<unknown> } },
  users: number,
  iterations: number,
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const shopper = factory.create(i + 1);
      for (let k = 0; k < iterations; k++) await shopper.iterate(signal);
    }),
  );
}

/** A deterministic random source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
