/**
 * The scenario file's schema: how the fixed order flow (login, products, add to cart, order) maps
 * onto a shop's API. src/scenario/examples/ has commented examples; defaultScenario() expresses the
 * reference shop's contract in this same schema. Unknown keys are errors (typos must not pass).
 */
import { z } from 'zod';
import { jsonPathProblem } from './json-path.js';
import { invalidPlaceholders } from './template.js';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string that may contain `{{name}}` placeholders. */
const template = z.string().check((ctx) => {
  const bad = invalidPlaceholders(ctx.value);
  if (bad.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `placeholders like {{name}} with a letter/digit/underscore name (found ${bad.join(', ')})`,
    });
  }
});

const jsonPath = z.string({ error: 'a JSON path string such as "data.items" or "$"' }).check((ctx) => {
  const problem = jsonPathProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
});

const varName = z.string().regex(VAR_NAME, { error: 'a variable name (letters, digits, underscore)' });

/** A status code (201) or a class ("2xx"). */
const STATUS_ERROR = 'a status code (e.g. 201) or a class such as "2xx"';
const statusPattern = z.union(
  [
    z
      .number()
      .int({ error: STATUS_ERROR })
      .min(100, { error: STATUS_ERROR })
      .max(599, { error: STATUS_ERROR }),
    z.string().regex(/^[1-5]xx$/, { error: STATUS_ERROR }),
  ],
  { error: STATUS_ERROR },
);

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A test on the parsed JSON body: `{ path, exists }` or `{ path, equals }`. */
const condition = z
  .strictObject({
    path: jsonPath,
    exists: z.boolean().optional(),
    equals: scalar.optional(),
  })
  .refine((c) => (c.exists === undefined) !== (c.equals === undefined), {
    error: 'exactly one of "exists: true|false" or "equals: <value>"',
  });

/** Matches a response: its status is in `status` (when given) AND every body condition holds. */
export const matcherSchema = z
  .strictObject({
    status: z.array(statusPattern).min(1).optional(),
    body: z.array(condition).min(1).optional(),
  })
  .refine((m) => m.status !== undefined || m.body !== undefined, {
    error: 'at least one of "status" or "body"',
  });

/** Where a value comes from in a response. */
export const sourceSchema = z.discriminatedUnion(
  'from',
  [
    z.strictObject({ from: z.literal('json'), path: jsonPath }),
    z.strictObject({ from: z.literal('header'), name: z.string().min(1) }),
    z.strictObject({ from: z.literal('cookie'), name: z.string().min(1) }),
  ],
  { error: 'an object with from: json (and path), header (and name) or cookie (and name)' },
);

const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], {
  error: 'one of GET, POST, PUT, PATCH, DELETE',
});

const headers = z.record(z.string().min(1), template, { error: 'a map of header name to text' });

function requestFields(defaultMethod: z.infer<typeof method>) {
  return {
    method: method.default(defaultMethod),
    /** Below basePath; templated (values are URL-encoded). */
    path: template.refine((p) => p.startsWith('/'), { error: 'a path starting with "/"' }),
    headers: headers.optional(),
    /** json (default) or form (application/x-www-form-urlencoded, a flat object). */
    bodyType: z.enum(['json', 'form'], { error: 'json or form' }).default('json'),
    /** Any JSON value; strings are templates. */
    body: z.json().optional(),
    /** Success; default: any 2xx status. */
    success: matcherSchema.optional(),
    /** Variables to capture from this step's successful response. */
    capture: z.record(varName, sourceSchema).optional(),
  };
}

export const loginSchema = z.strictObject({
  ...requestFields('POST'),
  /** Where the session token is ({{token}}); omit it for cookie sessions. */
  session: sourceSchema.optional(),
});

export const productsSchema = z.strictObject({
  ...requestFields('GET'),
  /** Where the array of products is in the body. */
  list: jsonPath.default('$'),
  fields: z
    .strictObject({
      id: jsonPath.default('id'),
      stock: jsonPath.optional(),
      name: jsonPath.optional(),
    })
    .default({ id: 'id' }),
  /** Drop items whose stock is <= 0 (or below the quantity) when the API cannot filter. */
  inStockFilter: z.boolean().default(false),
});

export const addToCartSchema = z.strictObject({
  ...requestFields('POST'),
  outOfStock: matcherSchema.optional(),
});

export const orderSchema = z.strictObject({
  ...requestFields('POST'),
  outOfStock: matcherSchema.optional(),
  /** Where the accepted order's id is in the body. */
  orderId: jsonPath,
  /**
   * Whether the shop keeps the cart when an order is refused (out of stock, error). When true,
   * lines added before a refused order are counted in the next accepted order's ledger entry.
   */
  keepsCartOnFailure: z.boolean().default(false),
});

/**
 * The integrity check's read-back of one accepted order, sent with the buyer's session:
 * `{{orderId}}` is the ledger's id. `status`/`processedStatus` serve --wait-processed;
 * `createdAt`/`processedAt` (dates), when given, time the processing on the shop's clock.
 */
export const readOrderSchema = z.strictObject({
  method: method.default('GET'),
  path: template.refine((p) => p.startsWith('/'), { error: 'a path starting with "/"' }),
  headers: headers.optional(),
  items: jsonPath.default('items'),
  fields: z
    .strictObject({ productId: jsonPath.default('productId'), quantity: jsonPath.default('quantity') })
    .default({ productId: 'productId', quantity: 'quantity' }),
  status: jsonPath.optional(),
  processedStatus: z.string().min(1).default('processed'),
  createdAt: jsonPath.optional(),
  processedAt: jsonPath.optional(),
});

/** The integrity check: where the shop reports stock and order counts (headers may use {{adminToken}}). */
export const inventorySchema = z.strictObject({
  method: method.default('GET'),
  path: template.refine((p) => p.startsWith('/'), { error: 'a path starting with "/"' }),
  headers: headers.optional(),
  body: z.json().optional(),
  bodyType: z.enum(['json', 'form'], { error: 'json or form' }).default('json'),
  list: jsonPath.default('products'),
  fields: z
    .strictObject({ id: jsonPath.default('id'), stock: jsonPath.default('stock') })
    .default({ id: 'id', stock: 'stock' }),
  ordersCount: jsonPath.optional(),
  unitsOrdered: jsonPath.optional(),
  ordersByStatus: jsonPath.optional(),
  readOrder: readOrderSchema.optional(),
});

export const scenarioSchema = z.strictObject({
  version: z.literal(1, { error: 'version 1' }).default(1),
  name: z.string().optional(),
  description: z.string().optional(),
  /** Prefixed to every path (e.g. /api/v2). */
  basePath: z
    .string()
    .refine((p) => p === '' || p.startsWith('/'), { error: 'empty or a path starting with "/"' })
    .default(''),
  /** Sent on every request; a header whose template uses a variable not set yet is left out. */
  headers: headers.default({}),
  /** Captured from every response that has the source (CSRF tokens that rotate). */
  capture: z.record(varName, sourceSchema).default({}),
  /** How the session token is sent back; omit it for cookie sessions. */
  auth: z.strictObject({ header: z.string().min(1), value: template }).optional(),
  /** Responses that mean "session expired": the shopper logs in again next iteration. */
  unauthorized: matcherSchema.default({ status: [401] }),
  login: loginSchema,
  products: productsSchema,
  addToCart: addToCartSchema,
  order: orderSchema,
  inventory: inventorySchema.optional(),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type Matcher = z.output<typeof matcherSchema>;
export type Source = z.output<typeof sourceSchema>;
export type StepKey = 'login' | 'products' | 'addToCart' | 'order';
