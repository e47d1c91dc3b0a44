import type { ServerResponse } from 'node:http';

/** An expected failure with its HTTP status and JSON body (`{"error": ...}` plus extras). */
export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, error: string, extra: Record<string, unknown> = {}, headers = {}) {
    super(error);
    this.name = 'HttpError';
    this.status = status;
    this.body = { error, ...extra };
    this.headers = headers;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}
