/**
 * Checks on a scenario that the schema alone cannot express: templates use known variables (and a
 * step only what earlier steps captured), step names are distinct, the request bodies suit their
 * method and body type, GraphQL requests carry a query, and the session token is captured when the
 * auth header needs it. Returns the first problem found.
 */
import type { Scenario } from './schema.js';
import { compileString, valueVariables } from './template.js';

export interface ScenarioProblem {
  path: string;
  expected: string;
}

/** Set by the flow itself for every request (productId and quantity only in addToCart). */
export const BUILTIN_VARIABLES = ['username', 'password', 'userIndex', 'token'] as const;
export const CART_VARIABLES = ['productId', 'quantity'] as const;

const NO_BODY_METHODS = new Set(['GET', 'DELETE']);

interface RequestLike {
  method: string;
  path: string;
  headers?: Record<string, string> | undefined;
  bodyType: 'json' | 'form';
  body?: unknown;
  capture?: Record<string, unknown> | undefined;
}

function checkVariables(
  where: string,
  used: Iterable<string>,
  known: ReadonlySet<string>,
  allowCart: boolean,
): ScenarioProblem | undefined {
  for (const name of used) {
    if ((CART_VARIABLES as readonly string[]).includes(name) && !allowCart) {
      return { path: where, expected: `{{${name}}} only in addToCart (it is set per cart line)` };
    }
    if (!known.has(name) && !(CART_VARIABLES as readonly string[]).includes(name)) {
      return {
        path: where,
        expected: `a known variable (${[...known].join(', ')}, or productId/quantity in addToCart), found {{${name}}}`,
      };
    }
  }
  return undefined;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function checkRequest(
  key: string,
  request: RequestLike,
  known: ReadonlySet<string>,
  allowCart: boolean,
): ScenarioProblem | undefined {
  const pathProblem = checkVariables(`${key}.path`, compileString(request.path).variables, known, allowCart);
  if (pathProblem) return pathProblem;
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const p = checkVariables(`${key}.headers.${name}`, compileString(value).variables, known, allowCart);
    if (p) return p;
  }
  if (request.body !== undefined) {
    if (NO_BODY_METHODS.has(request.method)) {
      return { path: `${key}.body`, expected: `no body on a ${request.method} request (or another method)` };
    }
    const p = checkVariables(`${key}.body`, valueVariables(request.body), known, allowCart);
    if (p) return p;
    if (request.bodyType === 'form') {
      const body = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return { path: `${key}.body`, expected: 'an object of field: value for bodyType form' };
      }
      for (const [field, value] of Object.entries(body)) {
        if (!isScalar(value)) {
          return {
            path: `${key}.body.${field}`,
            expected: 'a text, number or boolean (bodyType form is flat)',
          };
        }
      }
    }
  }
  if (/graphql/i.test(request.path) && request.method === 'POST') {
    const body = request.body as { query?: unknown } | undefined;
    if (body === undefined || body === null || typeof body !== 'object') {
      return { path: `${key}.body`, expected: 'a GraphQL request body { query, variables } for this POST' };
    }
    if (typeof body.query !== 'string' || body.query.trim() === '') {
      return { path: `${key}.body.query`, expected: 'the GraphQL document (a non-empty string)' };
    }
    if (request.bodyType !== 'json') {
      return { path: `${key}.bodyType`, expected: 'json for a GraphQL request' };
    }
  }
  return undefined;
}

/** The flow's steps in order, with their paths in the file and their names. */
function orderedSteps(scenario: Scenario): { key: string; request: RequestLike; name: string }[] {
  const { login, products, addToCart, order, emptyCart } = scenario;
  return [
    { key: 'login', request: login, name: login.name ?? 'login' },
    { key: 'products', request: products, name: products.name ?? 'products' },
    { key: 'addToCart', request: addToCart, name: addToCart.name ?? 'cart' },
    ...(scenario.checkout ?? []).map((step, i) => ({ key: `checkout.${i}`, request: step, name: step.name })),
    { key: 'order', request: order, name: order.name ?? 'order' },
    ...(emptyCart ? [{ key: 'emptyCart', request: emptyCart, name: emptyCart.name ?? 'empty cart' }] : []),
  ];
}

/** A variable used before the step that captures it (captures serve later steps). */
function capturedLater(
  where: string,
  used: Iterable<string>,
  later: ReadonlyMap<string, string>,
): ScenarioProblem | undefined {
  for (const name of used) {
    const by = later.get(name);
    if (by)
      return { path: where, expected: `{{${name}}} only in steps after "${by}", the step that captures it` };
  }
  return undefined;
}

function usedVariables(request: RequestLike): Set<string> {
  const used = new Set<string>(compileString(request.path).variables);
  valueVariables(request.body, used);
  for (const value of Object.values(request.headers ?? {})) {
    for (const v of compileString(value).variables) used.add(v);
  }
  return used;
}

function checkFlowSteps(scenario: Scenario): ScenarioProblem | undefined {
  const steps = orderedSteps(scenario);
  const names = new Set<string>();
  for (const { key, name } of steps) {
    const same = names.has(name);
    if (same)
      return { path: `${key}.name`, expected: `a name no other step has (an earlier step is "${name}")` };
    names.add(name);
  }
  // Captured by a step at or after this one (the emptyCart step comes after everything it may follow).
  const capturedBy = new Map<string, string>();
  for (const { key, request } of steps) {
    for (const name of Object.keys(request.capture ?? {}))
      if (!capturedBy.has(name)) capturedBy.set(name, key);
  }
  const global = new Set(Object.keys(scenario.capture));
  for (const [i, { key, request }] of steps.entries()) {
    if (key === 'emptyCart') break;
    const later = new Map<string, string>();
    for (const { key: k, request: r, name: stepName } of steps.slice(i)) {
      for (const name of Object.keys(r.capture ?? {})) {
        if (!global.has(name) && !later.has(name) && capturedBy.get(name) === k) later.set(name, stepName);
      }
    }
    const p = capturedLater(key, usedVariables(request), later);
    if (p) return p;
  }
  return undefined;
}

export function validateScenario(scenario: Scenario): ScenarioProblem | undefined {
  const captured = [
    ...Object.keys(scenario.capture),
    ...orderedSteps(scenario).flatMap(({ request }) => Object.keys(request.capture ?? {})),
  ];
  const known = new Set<string>([...BUILTIN_VARIABLES, ...captured]);
  for (const [name, value] of Object.entries(scenario.headers)) {
    const p = checkVariables(`headers.${name}`, compileString(value).variables, known, false);
    if (p) return p;
  }
  if (scenario.auth) {
    const p = checkVariables('auth.value', compileString(scenario.auth.value).variables, known, false);
    if (p) return p;
    if (compileString(scenario.auth.value).variables.includes('token') && !scenario.login.session) {
      return {
        path: 'login.session',
        expected: 'where the session token is (auth.value uses {{token}}), e.g. { from: json, path: token }',
      };
    }
  }
  for (const { key, request } of orderedSteps(scenario)) {
    const p = checkRequest(key, request, known, key === 'addToCart');
    if (p) return p;
  }
  const flow = checkFlowSteps(scenario);
  if (flow) return flow;
  if (scenario.reset) {
    const p = checkRequest('reset', scenario.reset, new Set(['adminToken']), false);
    if (p) return p;
  }
  if (scenario.inventory) {
    const p = checkRequest('inventory', scenario.inventory, new Set([...known, 'adminToken']), false);
    if (p) return p;
    const read = scenario.inventory.readOrder;
    const r = read && checkRequest('inventory.readOrder', read, new Set([...known, 'orderId']), false);
    if (r) return r;
    const stats = scenario.inventory.stats;
    const st = stats && checkRequest('inventory.stats', stats, new Set([...known, 'adminToken']), false);
    if (st) return st;
  }
  const fields = scenario.products.fields;
  if (fields.stockWords && !fields.stock) {
    return {
      path: 'products.fields.stock',
      expected: 'the path of the stock the stockWords map (e.g. stockLevel)',
    };
  }
  const accounts = scenario.accounts;
  if (accounts?.file && (accounts.userPrefix !== undefined || accounts.firstIndex !== undefined)) {
    return {
      path: 'accounts.file',
      expected: 'either a CSV file of accounts or userPrefix/firstIndex, not both',
    };
  }
  if (!usedVariables(scenario.addToCart).has('productId')) {
    return {
      path: 'addToCart.body',
      expected: 'the product to add: {{productId}} in addToCart.body or .path',
    };
  }
  const login = usedVariables(scenario.login);
  if (!login.has('username') && !login.has('userIndex')) {
    return {
      path: 'login.body',
      expected: 'the account: {{username}} (or {{userIndex}}) in login.body, .path or .headers',
    };
  }
  return undefined;
}
