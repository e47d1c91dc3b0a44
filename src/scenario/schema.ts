/**
 * The scenario file's schema: the order flow as named steps in order (login, products, addToCart
 * 1-2 times, any number of checkout steps, order) mapped onto a shop's API. Each step has its own
 * request, success / out-of-stock / server-error conditions and captures that later steps use.
 * src/scenario/examples/ and examples/ have commented examples; defaultScenario() expresses the
 * reference shop's contract in this same schema. Unknown keys are errors (typos must not pass).
 */
import { z } from 'zod';
import { inventorySchema, resetSchema, stockSpec } from './inventory-schema.js';
import { matcherSchema } from './matcher-schema.js';
import {
  captures,
  headers,
  jsonPath,
  type Method,
  plainRequest,
  type Source,
  sourceSchema,
  template,
  varName,
} from './schema-parts.js';

export type { Source };
export { matcherSchema, sourceSchema };

const stepName = z
  .string()
  .trim()
  .min(1, { error: 'a name for the step (its line in the reports)' })
  .max(40, { error: 'a step name of at most 40 characters' });

/** The fields every step of the flow has. */
function stepFields(defaultMethod: Method) {
  return {
    /** The step's line in the reports (default: the section's own name). */
    name: stepName.optional(),
    ...plainRequest(defaultMethod),
    /** Success; default: any 2xx status. */
    success: matcherSchema.optional(),
    /** Answers that count as a server error (5xx) whatever their status, e.g. GraphQL errors. */
    serverError: matcherSchema.optional(),
    /** Variables to capture from this step's successful response. */
    capture: captures.optional(),
  };
}

export const loginSchema = z.strictObject({
  ...stepFields('POST'),
  /** Where the session token is ({{token}}); omit it for cookie sessions. */
  session: sourceSchema.optional(),
});

const stockWord = z.union([z.literal('available'), z.number().int().min(0)], {
  error: 'a number of units, or "available" (in stock, amount unknown)',
});

export const productsSchema = z.strictObject({
  ...stepFields('GET'),
  /** Where the array of products is in the body (`items[*].variants[*]` flattens nested lists). */
  list: jsonPath.default('$'),
  fields: z
    .strictObject({
      id: jsonPath.default('id'),
      stock: stockSpec.optional(),
      stockWords: z.record(z.string().min(1), stockWord).optional(),
      name: jsonPath.optional(),
    })
    .default({ id: 'id' }),
  /** Drop items whose stock is <= 0 (or below the quantity) when the API cannot filter. */
  inStockFilter: z.boolean().default(false),
});

export const addToCartSchema = z.strictObject({
  ...stepFields('POST'),
  outOfStock: matcherSchema.optional(),
});

/** One checkout step between the cart and the order (address, shipping, payment...). */
export const checkoutStepSchema = z.strictObject({
  ...stepFields('POST'),
  name: stepName,
  outOfStock: matcherSchema.optional(),
});

export const orderSchema = z.strictObject({
  ...stepFields('POST'),
  outOfStock: matcherSchema.optional(),
  /** Where the accepted order's id is in the body. */
  orderId: jsonPath,
  /**
   * Whether the shop keeps the cart when an order is refused (out of stock, error). When true,
   * lines added before a refused order are counted in the next accepted order's ledger entry.
   */
  keepsCartOnFailure: z.boolean().default(false),
});

/** The step after a refused order; any 2xx (or `success`) empties the shopper's cart. */
export const emptyCartSchema = z.strictObject({
  ...stepFields('DELETE'),
  /** Also sent once after every login: a cart left by an earlier run is emptied before the load. */
  afterLogin: z.boolean().default(false),
});

/**
 * The load-test accounts: `{userPrefix}{firstIndex + index}` with one password, or the rows of a
 * CSV file (username,password). The CLI's --user-prefix and --password (or ORDER_LOAD_GATE_PASSWORD)
 * win; then the variable named by passwordEnv; then password.
 */
export const accountsSchema = z.strictObject({
  userPrefix: z.string().min(1).optional(),
  firstIndex: z.number({ error: 'an integer >= 0' }).int({ error: 'an integer >= 0' }).min(0).optional(),
  file: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  passwordEnv: varName.optional(),
});

export const scenarioSchema = z.strictObject({
  version: z.literal(1, { error: 'version 1' }).default(1),
  name: z.string().optional(),
  description: z.string().optional(),
  /** The accounts the seed made (prefix, password or the variable that holds it). */
  accounts: accountsSchema.optional(),
  /** Prefixed to every path (e.g. /api/v2). */
  basePath: z
    .string()
    .refine((p) => p === '' || p.startsWith('/'), { error: 'empty or a path starting with "/"' })
    .default(''),
  /** Sent on every request; a header whose template uses a variable not set yet is left out. */
  headers: headers.default({}),
  /** Captured from every response that has the source (CSRF tokens that rotate). */
  capture: captures.default({}),
  /** How the session token is sent back; omit it for cookie sessions. */
  auth: z.strictObject({ header: z.string().min(1), value: template }).optional(),
  /** Responses that mean "session expired": the shopper logs in again next iteration. */
  unauthorized: matcherSchema.default({ status: [401] }),
  /** Answers of any step that count as server errors (5xx) whatever their status. */
  serverError: matcherSchema.optional(),
  /** Sent once per run before the load. */
  reset: resetSchema.optional(),
  login: loginSchema,
  products: productsSchema,
  addToCart: addToCartSchema,
  /** The steps between the cart and the order, in order. */
  checkout: z.array(checkoutStepSchema).optional(),
  order: orderSchema,
  /** Sent after a refused order (out of stock or failed), e.g. DELETE /cart/: the cart is then empty. */
  emptyCart: emptyCartSchema.optional(),
  inventory: inventorySchema.optional(),
});

export type Scenario = z.output<typeof scenarioSchema>;
/** A step of the flow: its section, or `checkout.N`. */
export type StepKey = 'login' | 'products' | 'addToCart' | 'checkout' | 'order' | 'emptyCart';
