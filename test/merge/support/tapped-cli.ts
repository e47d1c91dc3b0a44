/**
 * The CLI in a process of its own, with a tap on the recorder: every latency the run records
 * is also kept raw and written to TAP_FILE at the end. The shards test feeds them all into one
 * histogram to check the merge against. Run with: node --import tsx tapped-cli.ts run ...
 */
import { writeFileSync } from 'node:fs';
import { runCli } from '../../../src/cli/main.js';
import { RunRecorder } from '../../../src/engine/recorder.js';
import type { IterationRecord, RequestRecord } from '../../../src/engine/types.js';

const tap: Record<string, number[]> = { login: [], products: [], cart: [], order: [], flow: [] };
const record = RunRecorder.prototype.record;
const recordIteration = RunRecorder.prototype.recordIteration;
RunRecorder.prototype.record = function (this: RunRecorder, request: RequestRecord) {
  tap[request.step]?.push(request.latencyMs);
  record.call(this, request);
};
RunRecorder.prototype.recordIteration = function (this: RunRecorder, iteration: IterationRecord) {
  tap.flow!.push(iteration.latencyMs);
  recordIteration.call(this, iteration);
};

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: false,
});
if (process.env.TAP_FILE) writeFileSync(process.env.TAP_FILE, JSON.stringify(tap));
process.exitCode = code;
