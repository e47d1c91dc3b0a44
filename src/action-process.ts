import { stopWithParent } from './action/load-process.js';
import { runAction } from './action/main.js';

// The action itself, in the load process that dist/index.js starts with V8 limits (it also runs
// alone: `node dist/action/index.js` is the action in one unbounded process).
stopWithParent();
await runAction();
