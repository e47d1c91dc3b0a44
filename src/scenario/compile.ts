/**
 * A scenario turned into ready-to-run pieces once per run: templates compiled, JSON paths parsed,
 * matchers built. The per-request work is then rendering and a few lookups.
 */
import type { StepName } from '../engine/types.js';
import { getPath, type JsonPath, parseJsonPath } from './json-path.js';
import type { Matcher, Scenario, Source, StepKey } from './schema.js';
import { compileString, compileValue, type StringTemplate, type Vars } from './template.js';

export type CompiledSource =
  | { from: 'json'; path: JsonPath }
  | { from: 'header'; name: string }
  | { from: 'cookie'; name: string };

/** What a matcher reads a body from: `json()` parses it (once) and may throw. */
export interface JsonBody {
  json(): unknown;
}

/**
 * Tests a response; `body.json()` is called only when a body condition needs it (a body that is
 * not JSON fails the conditions).
 */
export type CompiledMatcher = (status: number, body: JsonBody) => boolean;

export interface CompiledRequest {
  key: StepKey;
  step: StepName;
  method: string;
  /** basePath + path. */
  path: StringTemplate;
  headers: readonly (readonly [string, StringTemplate])[];
  contentType: string | undefined;
  /** The serialized body, or undefined for none. */
  body: ((vars: Vars) => string) | undefined;
  success: CompiledMatcher;
  outOfStock: CompiledMatcher | undefined;
  captures: readonly (readonly [string, CompiledSource])[];
}

export interface CompiledScenario {
  scenario: Scenario;
  login: CompiledRequest;
  products: CompiledRequest;
  addToCart: CompiledRequest;
  order: CompiledRequest;
  /** Sent after a refused order (the scenario's emptyCart), when given. */
  emptyCart: CompiledRequest | undefined;
  auth: { header: string; value: StringTemplate } | undefined;
  unauthorized: CompiledMatcher;
  globalCaptures: readonly (readonly [string, CompiledSource])[];
  session: CompiledSource | undefined;
  productList: JsonPath;
  productId: JsonPath;
  productStock: JsonPath | undefined;
  productName: JsonPath | undefined;
  inStockFilter: boolean;
  orderId: JsonPath;
  keepsCartOnFailure: boolean;
}

const STEP_OF: Record<StepKey, StepName> = {
  login: 'login',
  products: 'products',
  addToCart: 'cart',
  order: 'order',
  emptyCart: 'cart',
};

export function compileSource(source: Source): CompiledSource {
  if (source.from === 'json') return { from: 'json', path: parseJsonPath(source.path) };
  if (source.from === 'header') return { from: 'header', name: source.name.toLowerCase() };
  return { from: 'cookie', name: source.name };
}

function statusTest(pattern: number | string): (status: number) => boolean {
  if (typeof pattern === 'number') return (s) => s === pattern;
  const hundreds = Number(pattern[0]) * 100;
  return (s) => s >= hundreds && s < hundreds + 100;
}

function sameScalar(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === null || expected === null || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}

export function compileMatcher(matcher: Matcher): CompiledMatcher {
  const statuses = matcher.status?.map(statusTest);
  const conditions = (matcher.body ?? []).map((c) => {
    const path = parseJsonPath(c.path);
    if (c.exists !== undefined) {
      const want = c.exists;
      return (doc: unknown) => (getPath(doc, path) !== undefined) === want;
    }
    const expected = c.equals;
    return (doc: unknown) => sameScalar(getPath(doc, path), expected);
  });
  // Called for every response: plain loops, no closure per call.
  return (status, body) => {
    if (statuses) {
      let any = false;
      for (let i = 0; i < statuses.length && !any; i++) any = statuses[i]!(status);
      if (!any) return false;
    }
    if (conditions.length === 0) return true;
    let doc: unknown;
    try {
      doc = body.json();
    } catch {
      return false;
    }
    for (let i = 0; i < conditions.length; i++) if (!conditions[i]!(doc)) return false;
    return true;
  };
}

const ANY_2XX: CompiledMatcher = (status) => status >= 200 && status < 300;

function serializer(spec: {
  bodyType: 'json' | 'form';
  body?: unknown;
}): ((vars: Vars) => string) | undefined {
  if (spec.body === undefined) return undefined;
  const render = compileValue(spec.body);
  if (spec.bodyType === 'json') return (vars) => JSON.stringify(render(vars));
  return (vars) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(render(vars) as Record<string, unknown>)) {
      params.append(k, v === null || v === undefined ? '' : String(v));
    }
    return params.toString();
  };
}

type StepSpec = Scenario['login' | 'products' | 'addToCart' | 'order'] | NonNullable<Scenario['emptyCart']>;

export function compileRequest(scenario: Scenario, key: StepKey): CompiledRequest {
  const spec: StepSpec | undefined = scenario[key];
  if (!spec) throw new Error(`the scenario has no ${key} step`);
  const headers = new Map<string, string>();
  // Header names are case-insensitive: a step's header replaces a global one of the same name.
  for (const [name, value] of Object.entries(scenario.headers)) headers.set(name.toLowerCase(), value);
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers.set(name.toLowerCase(), value);
  const outOfStock = 'outOfStock' in spec && spec.outOfStock ? compileMatcher(spec.outOfStock) : undefined;
  return {
    key,
    step: STEP_OF[key],
    method: spec.method,
    path: compileString(scenario.basePath.replace(/\/+$/, '') + spec.path),
    headers: [...headers].map(([name, value]) => [name, compileString(value)] as const),
    contentType:
      spec.body === undefined
        ? undefined
        : spec.bodyType === 'form'
          ? 'application/x-www-form-urlencoded'
          : 'application/json',
    body: serializer(spec),
    success: spec.success ? compileMatcher(spec.success) : ANY_2XX,
    outOfStock,
    captures: Object.entries(('capture' in spec ? spec.capture : undefined) ?? {}).map(
      ([name, source]) => [name, compileSource(source)] as const,
    ),
  };
}

export function compileScenario(scenario: Scenario): CompiledScenario {
  const { products } = scenario;
  return {
    scenario,
    login: compileRequest(scenario, 'login'),
    products: compileRequest(scenario, 'products'),
    addToCart: compileRequest(scenario, 'addToCart'),
    order: compileRequest(scenario, 'order'),
    emptyCart: scenario.emptyCart ? compileRequest(scenario, 'emptyCart') : undefined,
    auth: scenario.auth
      ? { header: scenario.auth.header, value: compileString(scenario.auth.value) }
      : undefined,
    unauthorized: compileMatcher(scenario.unauthorized),
    globalCaptures: Object.entries(scenario.capture).map(([name, s]) => [name, compileSource(s)] as const),
    session: scenario.login.session ? compileSource(scenario.login.session) : undefined,
    productList: parseJsonPath(products.list),
    productId: parseJsonPath(products.fields.id),
    productStock: products.fields.stock ? parseJsonPath(products.fields.stock) : undefined,
    productName: products.fields.name ? parseJsonPath(products.fields.name) : undefined,
    inStockFilter: products.inStockFilter,
    orderId: parseJsonPath(scenario.order.orderId),
    keepsCartOnFailure: scenario.order.keepsCartOnFailure,
  };
}
