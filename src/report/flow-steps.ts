/**
 * The scenario's named steps in the reports: each step of the flow (a checkout step, a renamed
 * section) with its own latency line under the phase lines, and the failing step named in the
 * error samples.
 */
import type { NamedStepResults, RunResults } from '../results/results.js';

/**
 * The named steps worth a table of their own: none when they are exactly the phase lines (the
 * built-in flow: login, products, cart, order), else every one in flow order.
 */
export function shownFlowSteps(results: RunResults): NamedStepResults[] {
  const steps = results.flowSteps ?? [];
  return steps.some((s) => s.name !== s.phase) ? steps : [];
}

/** An error sample's step as the reports write it: the named step, with its phase when it differs. */
export function sampleStepLabel(sample: RunResults['errorSamples'][number]): string {
  if (sample.name === undefined || sample.name === sample.step) return sample.step;
  return `${sample.name} (${sample.step})`;
}

/** The table's heading, shared by the terminal, markdown and HTML reports. */
export const FLOW_STEPS_TITLE = 'Per scenario step, in flow order (each also counts in its phase above)';
