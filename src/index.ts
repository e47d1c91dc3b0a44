import { runsActionHere, stopWithParent } from './action/load-process.js';

// GitHub runs `node dist/index.js` without flags: this first process starts the action again as
// its load process, with V8 limits (src/action/load-process.ts), and only supervises it.
if (runsActionHere()) {
  stopWithParent();
  const { runAction } = await import(/* webpackMode: "eager" */ './action/main.js');
  await runAction();
} else {
  const { superviseAction } = await import(/* webpackMode: "eager" */ './action/supervise.js');
  await superviseAction(process.argv[1] ?? '');
}
