/**
 * The long form of a scenario's flow: `steps:`, a list of one-key mappings in flow order, the key
 * naming what the step does, as Artillery's and k6's users write a flow:
 *
 *   steps:
 *     - login: { path: /api/login, ... }
 *     - products: { name: browse, ... }
 *     - addToCart: { ... }
 *     - checkout: { name: address, ... }     # any number of these
 *     - order: { ... }
 *     - emptyCart: { ... }                   # optional
 *
 * It is turned into the sections form (login:, products:, addToCart:, checkout: [...], order:,
 * emptyCart:) before validation; a problem found later names the list entry (`steps.3.checkout.path`)
 * through the path map this returns.
 */
import { ScenarioError } from '../core/errors.js';

const KINDS = ['login', 'products', 'addToCart', 'checkout', 'order', 'emptyCart'] as const;
type Kind = (typeof KINDS)[number];
const SECTIONS = new Set<string>(KINDS);

/** Maps a path in the sections form back to where it is in the file. */
export type PathMap = (path: readonly PropertyKey[]) => string;

const plain: PathMap = (path) => path.map(String).join('.');

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The document in the sections form, and how to name its paths in the file as written. */
export function expandStepList(
  doc: Record<string, unknown>,
  file: string,
): { doc: unknown; pathOf: PathMap } {
  if (!('steps' in doc)) return { doc, pathOf: plain };
  const fail = (path: string, expected: string): never => {
    throw new ScenarioError(file, path, `expected ${expected}`);
  };
  const both = KINDS.find((k) => k in doc);
  if (both) fail(both, `no "${both}" section next to steps (write it as a step of the list)`);
  const list = doc.steps;
  if (!Array.isArray(list)) return fail('steps', 'a list of steps, e.g. - login: { path: /login, ... }');
  const out: Record<string, unknown> = { ...doc };
  delete out.steps;
  /** Where each section (and each checkout step) is in the list. */
  const origin = new Map<string, number>();
  const checkout: unknown[] = [];
  let last = -1;
  for (const [i, entry] of list.entries()) {
    const keys = isMapping(entry) ? Object.keys(entry) : [];
    const kind = keys[0];
    if (keys.length !== 1 || kind === undefined || !SECTIONS.has(kind)) {
      fail(
        `steps.${i}`,
        `one of ${KINDS.join(', ')} with its request, e.g. - checkout: { name: address, path: /checkout/address }`,
      );
    }
    const at = KINDS.indexOf(kind as Kind);
    if (at < last || (at === last && kind !== 'checkout')) {
      const after = KINDS[last];
      fail(
        `steps.${i}`,
        at === last
          ? `one ${kind} step only`
          : `the steps in flow order: login, products, addToCart, checkout..., order, emptyCart (${kind} cannot come after ${after})`,
      );
    }
    last = at;
    const body = (entry as Record<string, unknown>)[kind as string];
    if (kind === 'checkout') {
      origin.set(`checkout.${checkout.length}`, i);
      checkout.push(body);
    } else {
      origin.set(kind as string, i);
      out[kind as string] = body;
    }
  }
  if (checkout.length > 0) out.checkout = checkout;
  for (const kind of ['login', 'products', 'addToCart', 'order'] as const) {
    if (!origin.has(kind))
      fail('steps', `a ${kind} step (every flow has login, products, addToCart and order)`);
  }
  const pathOf: PathMap = (path) => {
    const [head, second, ...rest] = path.map(String);
    if (head === 'checkout' && second !== undefined && origin.has(`checkout.${second}`)) {
      return ['steps', origin.get(`checkout.${second}`), 'checkout', ...rest].join('.');
    }
    if (head !== undefined && origin.has(head)) {
      return ['steps', origin.get(head), head, ...(second !== undefined ? [second] : []), ...rest].join('.');
    }
    return plain(path);
  };
  return { doc: out, pathOf };
}
