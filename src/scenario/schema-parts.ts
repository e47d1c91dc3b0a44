/**
 * The building blocks of the scenario schema: templates, JSON paths, variable names, methods,
 * header maps and the request fields every request of a scenario shares.
 */
import { z } from 'zod';
import { jsonPathProblem } from './json-path.js';
import { invalidPlaceholders } from './template.js';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string that may contain `{{name}}` placeholders. */
export const template = z.string().check((ctx) => {
  const bad = invalidPlaceholders(ctx.value);
  if (bad.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `placeholders like {{name}} with a letter/digit/underscore name (found ${bad.join(', ')})`,
    });
  }
});

export const jsonPath = z.string({ error: 'a JSON path string such as "data.items" or "$"' }).check((ctx) => {
  const problem = jsonPathProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
});

export const varName = z.string().regex(VAR_NAME, { error: 'a variable name (letters, digits, underscore)' });

/** A regular expression (JavaScript syntax), checked when the file is loaded. */
export const regexText = z.string().check((ctx) => {
  try {
    new RegExp(ctx.value);
  } catch (err) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `a valid regular expression (${(err as Error).message})`,
    });
  }
});

export const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], {
  error: 'one of GET, POST, PUT, PATCH, DELETE',
});
export type Method = z.infer<typeof method>;

export const headers = z.record(z.string().min(1), template, { error: 'a map of header name to text' });

export const requestPath = template.refine((p) => p.startsWith('/'), { error: 'a path starting with "/"' });

export const bodyType = z.enum(['json', 'form'], { error: 'json or form' }).default('json');

/** Where a value comes from in a response. */
export const sourceSchema = z.discriminatedUnion(
  'from',
  [
    z.strictObject({ from: z.literal('json'), path: jsonPath }),
    z.strictObject({ from: z.literal('header'), name: z.string().min(1) }),
    z.strictObject({ from: z.literal('cookie'), name: z.string().min(1) }),
    z.strictObject({
      from: z.literal('regex'),
      pattern: regexText,
      group: z.number().int().min(0).default(1),
    }),
  ],
  {
    error:
      'an object with from: json (and path), header (and name), cookie (and name) or regex (and pattern)',
  },
);
export type Source = z.output<typeof sourceSchema>;

export const captures = z.record(varName, sourceSchema);

/** A request without outcome rules: method, path, headers, body (inventory, read-back, reset). */
export function plainRequest(defaultMethod: Method) {
  return {
    method: method.default(defaultMethod),
    path: requestPath,
    headers: headers.optional(),
    bodyType,
    body: z.json().optional(),
  };
}
