/**
 * One argument parser for every command of the CLI: node's parseArgs, strict, with --help/-h
 * added to every command. Bad input becomes one clear UsageError (code OLG_ERR_CONFIG, exit 2)
 * that names the command and what went wrong, never a stack trace; the arguments themselves are
 * not echoed, as they may hold a token.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export interface CommandSpec<O extends CommandOptions> {
  /** The command's name, for messages: run, seed, merge, ui, shop, demo. */
  command: string;
  options: O;
  /** Whether the command takes operands (merge's files); the others refuse them. */
  positionals?: boolean;
}

type Values<O extends CommandOptions> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP; strict: true; allowPositionals: boolean }>
>['values'];

export interface ParsedCommand<O extends CommandOptions> {
  values: Values<O>;
  positionals: string[];
  help: boolean;
}

export function parseCommandArgs<const O extends CommandOptions>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): ParsedCommand<O> {
  const options = { ...spec.options, ...HELP } as O & typeof HELP;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: spec.positionals ?? false,
    });
    return {
      values: values as Values<O>,
      positionals,
      help: (values as Record<string, unknown>).help === true,
    };
  } catch (err) {
    // parseArgs's messages name the option ("Unknown option '--usrs'"); they never carry a value.
    const reason = (err as Error).message
      .split('\n')[0]
      ?.split('. To specify')[0]
      ?.replace(/\.\s*$/, '');
    throw new UsageError(spec.command, reason ?? 'bad arguments');
  }
}
