/**
 * A scenario turned into ready-to-run pieces once per run: templates compiled, JSON paths parsed,
 * matchers built. The per-request work is then rendering and a few lookups.
 */
import type { StepName } from '../engine/types.js';
import { type JsonPath, parseJsonPath } from './json-path.js';
import { type CompiledMatcher, compileMatcher } from './matcher.js';
import type { Scenario, Source, StepKey } from './schema.js';
import { compileStock, type StockReader } from './stock.js';
import { compileString, compileValue, type StringTemplate, type Vars } from './template.js';

export type { CompiledMatcher };

export type CompiledSource =
  | { from: 'json'; path: JsonPath }
  | { from: 'header'; name: string }
  | { from: 'cookie'; name: string }
  | { from: 'regex'; pattern: RegExp; group: number };

export interface CompiledRequest {
  key: StepKey;
  /** The step's name: its line in the reports and in error samples. */
  name: string;
  /** The phase it counts in. */
  step: StepName;
  method: string;
  /** basePath + path. */
  path: StringTemplate;
  headers: readonly (readonly [string, StringTemplate])[];
  /** The variables its headers are rendered from (its header templates and the scenario's auth header). */
  headerVariables: readonly string[];
  contentType: string | undefined;
  /** The serialized body, or undefined for none. */
  body: ((vars: Vars) => string) | undefined;
  success: CompiledMatcher;
  outOfStock: CompiledMatcher | undefined;
  /** The step's serverError, else the scenario's. */
  serverError: CompiledMatcher | undefined;
  captures: readonly (readonly [string, CompiledSource])[];
}

export interface CompiledScenario {
  scenario: Scenario;
  login: CompiledRequest;
  products: CompiledRequest;
  addToCart: CompiledRequest;
  /** The checkout steps, in order (none for a flow that orders straight from the cart). */
  checkout: readonly CompiledRequest[];
  order: CompiledRequest;
  /** Sent after a refused order (the scenario's emptyCart), when given. */
  emptyCart: CompiledRequest | undefined;
  /** Send emptyCart once after every login. */
  emptyCartAfterLogin: boolean;
  auth: { header: string; value: StringTemplate } | undefined;
  unauthorized: CompiledMatcher;
  globalCaptures: readonly (readonly [string, CompiledSource])[];
  session: CompiledSource | undefined;
  productList: JsonPath;
  productId: JsonPath;
  productStock: StockReader | undefined;
  productName: JsonPath | undefined;
  inStockFilter: boolean;
  orderId: JsonPath;
  keepsCartOnFailure: boolean;
}

/** Each section's phase and default name (checkout steps count in the cart phase). */
const SECTIONS: Record<StepKey, { step: StepName; name: string }> = {
  login: { step: 'login', name: 'login' },
  products: { step: 'products', name: 'products' },
  addToCart: { step: 'cart', name: 'cart' },
  checkout: { step: 'cart', name: 'checkout' },
  order: { step: 'order', name: 'order' },
  emptyCart: { step: 'cart', name: 'empty cart' },
};

export function compileSource(source: Source): CompiledSource {
  if (source.from === 'json') return { from: 'json', path: parseJsonPath(source.path) };
  if (source.from === 'header') return { from: 'header', name: source.name.toLowerCase() };
  if (source.from === 'regex')
    return { from: 'regex', pattern: new RegExp(source.pattern), group: source.group };
  return { from: 'cookie', name: source.name };
}

const ANY_2XX: CompiledMatcher = (status) => status >= 200 && status < 300;

/** A request body rendered from its template (json, or form: a flat object). */
export function bodySerializer(spec: {
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

/** A step as compile needs it (any section, or one checkout step). */
type StepSpec = Omit<Scenario['addToCart'], 'outOfStock'> & {
  outOfStock?: Scenario['addToCart']['outOfStock'];
};

export function contentTypeOf(spec: { body?: unknown; bodyType: 'json' | 'form' }): string | undefined {
  if (spec.body === undefined) return undefined;
  return spec.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
}

/**
 * A request's headers: the scenario's, then the step's own (names are case-insensitive: a step's
 * header replaces a global one of the same name), and the variables they and the auth header use.
 */
export function compileHeaders(
  scenario: Scenario,
  own: Record<string, string> | undefined,
): Pick<CompiledRequest, 'headers' | 'headerVariables'> {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(scenario.headers)) byName.set(name.toLowerCase(), value);
  for (const [name, value] of Object.entries(own ?? {})) byName.set(name.toLowerCase(), value);
  const headers = [...byName].map(([name, value]) => [name, compileString(value)] as const);
  const variables = new Set(headers.flatMap(([, template]) => template.variables));
  for (const name of scenario.auth ? compileString(scenario.auth.value).variables : []) variables.add(name);
  return { headers, headerVariables: [...variables] };
}

function compileStep(scenario: Scenario, key: StepKey, spec: StepSpec): CompiledRequest {
  const serverError = spec.serverError ?? scenario.serverError;
  return {
    key,
    name: spec.name ?? SECTIONS[key].name,
    step: SECTIONS[key].step,
    method: spec.method,
    path: compileString(scenario.basePath.replace(/\/+$/, '') + spec.path),
    ...compileHeaders(scenario, spec.headers),
    contentType: contentTypeOf(spec),
    body: bodySerializer(spec),
    success: spec.success ? compileMatcher(spec.success) : ANY_2XX,
    outOfStock: spec.outOfStock ? compileMatcher(spec.outOfStock) : undefined,
    serverError: serverError ? compileMatcher(serverError) : undefined,
    captures: Object.entries(spec.capture ?? {}).map(
      ([name, source]) => [name, compileSource(source)] as const,
    ),
  };
}

/** One section's request (not `checkout`, a list: see compileScenario). */
export function compileRequest(scenario: Scenario, key: Exclude<StepKey, 'checkout'>): CompiledRequest {
  const spec = scenario[key];
  if (!spec) throw new Error(`the scenario has no ${key} step`);
  return compileStep(scenario, key, spec);
}

export function compileScenario(scenario: Scenario): CompiledScenario {
  const { products } = scenario;
  const { stock, stockWords } = products.fields;
  return {
    scenario,
    login: compileRequest(scenario, 'login'),
    products: compileRequest(scenario, 'products'),
    addToCart: compileRequest(scenario, 'addToCart'),
    checkout: (scenario.checkout ?? []).map((step) => compileStep(scenario, 'checkout', step)),
    order: compileRequest(scenario, 'order'),
    emptyCart: scenario.emptyCart ? compileRequest(scenario, 'emptyCart') : undefined,
    emptyCartAfterLogin: scenario.emptyCart?.afterLogin ?? false,
    auth: scenario.auth
      ? { header: scenario.auth.header, value: compileString(scenario.auth.value) }
      : undefined,
    unauthorized: compileMatcher(scenario.unauthorized),
    globalCaptures: Object.entries(scenario.capture).map(([name, s]) => [name, compileSource(s)] as const),
    session: scenario.login.session ? compileSource(scenario.login.session) : undefined,
    productList: parseJsonPath(products.list),
    productId: parseJsonPath(products.fields.id),
    productStock: stock ? compileStock(stock, stockWords) : undefined,
    productName: products.fields.name ? parseJsonPath(products.fields.name) : undefined,
    inStockFilter: products.inStockFilter,
    orderId: parseJsonPath(scenario.order.orderId),
    keepsCartOnFailure: scenario.order.keepsCartOnFailure,
  };
}

/** Every step of the flow in order (emptyCart last). */
function allSteps(compiled: CompiledScenario): CompiledRequest[] {
  const { login, products, addToCart, checkout, order, emptyCart } = compiled;
  return [login, products, addToCart, ...checkout, order, ...(emptyCart ? [emptyCart] : [])];
}

/** Every step of the flow in order, with its name and phase (the recorder's lines). */
export function flowSteps(compiled: CompiledScenario): { name: string; step: StepName }[] {
  return allSteps(compiled).map((r) => ({ name: r.name, step: r.step }));
}

/** Each named step's HTTP method (Locust's Type column), by step name. */
export function stepMethods(scenario: Scenario): Record<string, string> {
  return Object.fromEntries(allSteps(compileScenario(scenario)).map((r) => [r.name, r.method]));
}
