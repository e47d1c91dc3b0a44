import * as core from '@actions/core';
import type { Logger } from '../core/logger.js';
import { scrub, scrubbingLogger } from '../core/scrub.js';

/** The logger mapped onto the runner's log: annotations for warnings/errors, log groups. */
export function createActionLogger(): Logger {
  // Scrubbed: the runner masks registered secrets in its log, not the escapes a target may send.
  return scrubbingLogger<Logger>({
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warn: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (title, fn) => core.group(scrub(title), fn),
  });
}
