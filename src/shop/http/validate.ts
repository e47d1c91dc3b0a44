import type { z } from 'zod';
import { HttpError } from './respond.js';

/** Validates a parsed JSON body; 400 naming the first offending field otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined) throw new HttpError(400, 'JSON body required');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new HttpError(400, `${field}${issue?.message ?? 'invalid body'}`);
}
