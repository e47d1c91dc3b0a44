import { resourceLimits } from 'node:worker_threads';
import * as core from '@actions/core';
import { runAction } from './action/main.js';

// The action itself, in the load worker that dist/index.js starts with a bounded heap (it also
// runs alone: `node dist/action/index.js` is the action without limits).
if (resourceLimits.maxOldGenerationSizeMb) {
  core.info(
    `Load worker: young generation ${resourceLimits.maxYoungGenerationSizeMb} MB, old space ${resourceLimits.maxOldGenerationSizeMb} MB`,
  );
}
await runAction();
