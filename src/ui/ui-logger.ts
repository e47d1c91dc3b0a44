import type { Logger } from '../core/logger.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A logger that writes to `base` (the terminal that started the UI) and hands every line to
 * `sink` (the page's log panel). Group titles become a line of their own.
 */
export function teeLogger(base: Logger, sink: (level: LogLevel, message: string) => void): Logger {
  return {
    debug(message) {
      base.debug(message);
    },
    info(message) {
      base.info(message);
      sink('info', message);
    },
    warn(message) {
      base.warn(message);
      sink('warn', message);
    },
    error(message) {
      base.error(message);
      sink('error', message);
    },
    group(title, fn) {
      sink('info', `== ${title} ==`);
      return base.group(title, fn);
    },
  };
}
