/**
 * `order-load-gate merge results/*.json --out merged.json`: the shards of one run (each made
 * with `run --shard k/n`) merged into one results file, judged against the thresholds.
 */
import { parseCommandArgs } from '../core/command-args.js';
import { ConfigError, ExitCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { parseThreshold } from '../results/thresholds.js';
import { runMerge } from './merge-run.js';

export const MERGE_USAGE = `Usage: order-load-gate merge FILE|DIR... [--out merged.json] [--threshold EXPR ...]

Merges the results of the shards of one run (run --shard k/n, with k = 1..n: shards are
numbered from 1) into one results file of the same schema, as if one machine had run the whole
profile: latency histograms added exactly (HDR), counters summed, timelines aligned on the wall
clock, the integrity check reconciled once over the whole. Every shard 1/n .. n/n must be given
once, all of the same profile (the same options but --shard); anything else is an error.
Directories are searched for *.json (as actions/download-artifact lays them out).

  --out FILE           write the merged results JSON
  --threshold EXPR     judge the merged results (repeatable); default: the thresholds the
                       shards were run with

Exit codes: 0 passed, 1 a threshold failed or an integrity violation, 2 the merge could not
be done (a missing shard, shards of different profiles, an unreadable file).`;

const MERGE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  threshold: { type: 'string', multiple: true },
} as const;

export interface ParsedMergeArgs {
  paths: string[];
  out?: string;
  thresholds: string[];
  help: boolean;
}

export function parseMergeArgs(argv: string[]): ParsedMergeArgs {
  const { values, positionals, help } = parseCommandArgs(
    { command: 'merge', options: MERGE_OPTIONS, positionals: true },
    argv,
  );
  return {
    paths: positionals,
    out: values.out,
    thresholds: (values.threshold ?? []).filter((t) => t.trim() !== ''),
    help,
  };
}

/** The `merge` command: returns the exit code. */
export async function mergeCommand(
  argv: string[],
  stdout: NodeJS.WritableStream,
  logger: Logger,
): Promise<number> {
  const args = parseMergeArgs(argv);
  if (args.help) {
    stdout.write(`${MERGE_USAGE}\n`);
    return ExitCode.pass;
  }
  if (args.paths.length === 0) {
    throw new ConfigError('merge', '', 'the shards’ results files or directories, e.g. merge results/*.json');
  }
  const outcome = await runMerge(
    { paths: args.paths, out: args.out, thresholds: args.thresholds.map((t) => parseThreshold(t)) },
    logger,
  );
  return outcome.passed ? ExitCode.pass : ExitCode.fail;
}
