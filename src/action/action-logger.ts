import * as core from '@actions/core';
import type { Logger } from '../core/logger.js';

/** The logger mapped onto the runner's log: annotations for warnings/errors, log groups. */
export function createActionLogger(): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warn: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (title, fn) => core.group(title, fn),
  };
}
