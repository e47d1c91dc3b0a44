/**
 * The small logger that everything below the entry points takes. The CLI writes to the
 * process streams, the action maps it onto @actions/core; tests collect lines in memory.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Run `fn` inside a collapsible group (the action's log groups; a heading on a terminal). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface StreamLoggerOptions {
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  verbose?: boolean;
}

export function createStreamLogger(options: StreamLoggerOptions = {}): Logger {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  return {
    debug(message) {
      if (options.verbose) err.write(`debug: ${message}\n`);
    },
    info(message) {
      out.write(`${message}\n`);
    },
    warn(message) {
      err.write(`warning: ${message}\n`);
    },
    error(message) {
      err.write(`error: ${message}\n`);
    },
    async group(title, fn) {
      out.write(`\n== ${title} ==\n`);
      return fn();
    },
  };
}

export interface MemoryLogger extends Logger {
  lines: { level: 'debug' | 'info' | 'warn' | 'error'; message: string }[];
  text(): string;
}

export function createMemoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = [];
  return {
    lines,
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
    debug: (message) => lines.push({ level: 'debug', message }),
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    async group(title, fn) {
      lines.push({ level: 'info', message: `== ${title} ==` });
      return fn();
    },
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  group: (_title, fn) => fn(),
};
