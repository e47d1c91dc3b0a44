import type { IterationRecord, Recorder, RequestRecord, StepName } from '../../../src/engine/types.js';
import { createOrderFlow, type OrderFlow, type OrderFlowOptions } from '../../../src/scenario/order-flow.js';
import { seededRandom } from '../../support/seeded-random.js';

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

/**
 * An order flow as the scenario tests drive it: the seeded accounts' prefix and password, a 2 s
 * timeout, random choices from `seed`; closed by the test's `cleanups`.
 */
export function testFlow(
  cleanups: (() => Promise<void>)[],
  seed: number,
  options: Pick<OrderFlowOptions, 'target' | 'scenario' | 'recorder'> & Partial<OrderFlowOptions>,
): OrderFlow {
  const factory = createOrderFlow({
    password: 'loadtest123',
    userPrefix: 'load_test_user_',
    timeoutMs: 2000,
    random: seededRandom(seed),
    ...options,
  });
  cleanups.push(() => factory.close());
  return factory;
}
