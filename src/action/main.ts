import * as core from '@actions/core';
import { GateError } from '../core/errors.js';
import { runGate } from '../gate/run-gate.js';
import { readGitHubContext } from '../publish/context.js';
import { createActionLogger } from './action-logger.js';
import { readGateSettings, secretInputs } from './inputs.js';

/**
 * The action's main: the only place that reads inputs, sets outputs and fails the step.
 * `result` is pass, fail (a threshold or a regression) or error (the run could not be done).
 */
export async function runAction(): Promise<void> {
  const get = (name: string) => core.getInput(name);
  for (const secret of secretInputs(get)) core.setSecret(secret);
  const logger = createActionLogger();
  try {
    const settings = readGateSettings(get);
    const ctx = readGitHubContext();
    const outcome = await runGate(settings, ctx, logger, {
      writeSummary: async (markdown) => {
        await core.summary.addRaw(markdown, true).write();
      },
    });
    core.setOutput('result', outcome.result);
    core.setOutput('report-path', outcome.reportPath ?? '');
    core.setOutput('comment-url', outcome.commentUrl ?? '');
    const r = outcome.results;
    if (r) {
      core.setOutput('success-rate', r.successRate.toFixed(4));
      core.setOutput('orders-attempted', String(r.orders.attempted));
      core.setOutput('orders-succeeded', String(r.orders.succeeded));
      core.setOutput('p95-ms', r.steps.order.latencyMs.p95.toFixed(2));
      core.setOutput('rps', r.rps.toFixed(2));
    }
    if (outcome.result === 'fail')
      core.setFailed(`order-load-gate failed: ${outcome.failureReasons.join('; ')}`);
    if (outcome.result === 'error') {
      core.setFailed(`order-load-gate could not run: ${outcome.failureReasons.join('; ')}`);
    }
  } catch (err) {
    core.setOutput('result', 'error');
    const message =
      err instanceof GateError ? `${err.message} [${err.code}]` : String((err as Error).message ?? err);
    core.setFailed(message);
  }
}
