/**
 * Matchers: what a response must look like to count as a success, a clean out-of-stock, a server
 * error or an expired session. A matcher holds when every part it gives holds: its status list, its
 * body (or header) conditions, `all` (every sub-matcher) and `any` (at least one sub-matcher).
 */
import { z } from 'zod';
import { jsonPath, regexText } from './schema-parts.js';

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
const EQUALS_ERROR =
  'one value (a text, number, true/false or null); to accept any of several values write oneOf: [a, b]';
const number = z.number({ error: 'a number' });

export const OPERATORS = [
  'exists',
  'equals',
  'oneOf',
  'contains',
  'regex',
  'gt',
  'gte',
  'lt',
  'lte',
] as const;

/**
 * A test on one value of the response: at `path` in the JSON body, in the `header` named, or (with
 * neither) the body text. Every operator given must hold; with a `*` path, one of the values must.
 */
export const conditionSchema = z
  .strictObject({
    path: jsonPath.optional(),
    header: z.string().min(1).optional(),
    exists: z.boolean().optional(),
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()], { error: EQUALS_ERROR }).optional(),
    oneOf: z
      .array(scalar, { error: 'a list of values, e.g. [PaymentAuthorized, PaymentSettled]' })
      .min(1)
      .optional(),
    contains: z.string().optional(),
    regex: regexText.optional(),
    gt: number.optional(),
    gte: number.optional(),
    lt: number.optional(),
    lte: number.optional(),
  })
  .refine((c) => OPERATORS.some((op) => c[op] !== undefined), {
    error: `at least one of ${OPERATORS.join(', ')}`,
  })
  .refine((c) => c.path === undefined || c.header === undefined, {
    error: 'path (in the JSON body) or header, not both',
  });
export type Condition = z.output<typeof conditionSchema>;

export interface Matcher {
  status?: (number | string)[] | undefined;
  body?: Condition[] | undefined;
  all?: Matcher[] | undefined;
  any?: Matcher[] | undefined;
}

export const matcherSchema: z.ZodType<Matcher> = z.lazy(() =>
  z
    .strictObject({
      status: z.array(statusPattern).min(1).optional(),
      body: z.array(conditionSchema).min(1).optional(),
      all: z.array(matcherSchema).min(1).optional(),
      any: z.array(matcherSchema).min(1).optional(),
    })
    .refine((m) => m.status ?? m.body ?? m.all ?? m.any, {
      error: 'at least one of "status", "body", "all" or "any"',
    }),
);
