/**
 * Which comparison the gate makes (the `compare` input):
 * - paired: base and head measured here in alternating rounds (needs base-start-command);
 * - history: this run against the runs stored in the baseline;
 * - none: no comparison (thresholds and integrity only);
 * - auto: paired on a pull request when the workflow gives base-start-command, else history.
 */
import { ConfigError } from '../core/errors.js';
import type { GitHubRunContext } from '../publish/context.js';
import type { GateSettings } from './gate-settings.js';

export const COMPARE_MODES = ['auto', 'paired', 'history', 'none'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];
export type ResolvedCompareMode = Exclude<CompareMode, 'auto'>;

export function resolveCompareMode(settings: GateSettings, ctx: GitHubRunContext): ResolvedCompareMode {
  const mode = settings.compare;
  if (mode === 'paired') {
    if (!settings.baseStartCommand) {
      throw new ConfigError(
        'base-start-command',
        '',
        "the command that starts the base build's target when compare is paired",
      );
    }
    if (!settings.startCommand) {
      throw new ConfigError(
        'start-command',
        '',
        "the command that starts the head build's target when compare is paired",
      );
    }
    return 'paired';
  }
  if (mode === 'auto')
    return settings.baseStartCommand && settings.startCommand && ctx.isPullRequest ? 'paired' : 'history';
  return mode;
}
