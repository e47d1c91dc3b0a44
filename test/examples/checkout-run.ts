/**
 * Runs the CLI in-process against a checkout example and reads back what it wrote: results.json,
 * report.html, the terminal text, and the markdown summary rendered from the results.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import type { NamedStepResults, RunResults } from '../../src/results/results.js';
import { captureIo } from '../support/capture.js';

export interface CheckoutRun {
  code: number;
  results: RunResults;
  text: string;
  html: string;
  markdown: string;
  /** The named step's line, by name. */
  step(name: string): NamedStepResults;
}

export async function runCheckout(
  target: string,
  scenario: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CheckoutRun> {
  const dir = await mkdtemp(join(tmpdir(), 'olg-checkout-'));
  const out = join(dir, 'results.json');
  const report = join(dir, 'report.html');
  const io = captureIo(env);
  const code = await runCli(
    [
      'run',
      '--target',
      target,
      '--scenario',
      scenario,
      '--progress',
      'off',
      '--out',
      out,
      '--report',
      report,
      ...args,
    ],
    io,
  );
  const results = JSON.parse(await readFile(out, 'utf8')) as RunResults;
  const markdown = renderMarkdownReport({
    results,
    thresholds: [],
    verdict: code === 0 ? 'pass' : 'fail',
    failureReasons: [],
    profile: 'checkout example',
  });
  return {
    code,
    results,
    text: io.out() + io.err(),
    html: await readFile(report, 'utf8'),
    markdown,
    step(name) {
      const line = results.flowSteps?.find((s) => s.name === name);
      if (!line)
        throw new Error(`no step "${name}" in ${JSON.stringify(results.flowSteps?.map((s) => s.name))}`);
      return line;
    },
  };
}
