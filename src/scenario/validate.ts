/**
 * Checks on a scenario that the schema alone cannot express: templates use known variables, the
 * request bodies suit their method and body type, GraphQL requests carry a query, and the session
 * token is captured when the auth header needs it. Returns the first problem found.
 */
import type { Scenario, StepKey } from './schema.js';
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

function capturedNames(scenario: Scenario): string[] {
  const names = Object.keys(scenario.capture);
  for (const key of ['login', 'products', 'addToCart', 'order'] as const) {
    names.push(...Object.keys(scenario[key].capture ?? {}));
  }
  return names;
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

function uses(request: RequestLike, names: readonly string[]): boolean {
  const used = new Set<string>(compileString(request.path).variables);
  valueVariables(request.body, used);
  for (const value of Object.values(request.headers ?? {})) {
    for (const v of compileString(value).variables) used.add(v);
  }
  return names.some((n) => used.has(n));
}

export function validateScenario(scenario: Scenario): ScenarioProblem | undefined {
  const known = new Set<string>([...BUILTIN_VARIABLES, ...capturedNames(scenario)]);
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
  const steps: StepKey[] = ['login', 'products', 'addToCart', 'order', 'emptyCart'];
  for (const key of steps) {
    const request = scenario[key];
    const p = request && checkRequest(key, request, known, key === 'addToCart');
    if (p) return p;
  }
  if (scenario.inventory) {
    const p = checkRequest('inventory', scenario.inventory, new Set([...known, 'adminToken']), false);
    if (p) return p;
    const read = scenario.inventory.readOrder;
    const r =
      read &&
      checkRequest(
        'inventory.readOrder',
        { ...read, bodyType: 'json' },
        new Set([...known, 'orderId']),
        false,
      );
    if (r) return r;
    const stats = scenario.inventory.stats;
    const st =
      stats &&
      checkRequest(
        'inventory.stats',
        { ...stats, bodyType: 'json' },
        new Set([...known, 'adminToken']),
        false,
      );
    if (st) return st;
  }
  if (!uses(scenario.addToCart, ['productId'])) {
    return {
      path: 'addToCart.body',
      expected: 'the product to add: {{productId}} in addToCart.body or .path',
    };
  }
  if (!uses(scenario.login, ['username', 'userIndex'])) {
    return {
      path: 'login.body',
      expected: 'the account: {{username}} (or {{userIndex}}) in login.body, .path or .headers',
    };
  }
  return undefined;
}
