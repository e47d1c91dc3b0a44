import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ShopLogger } from '../logger.js';
import { HttpError, sendJson } from './respond.js';
import type { Handler } from './router.js';

export type Resolve = (method: string, path: string) => { handler: Handler; params: Record<string, string> };

export interface ShopServerParts {
  /** null until the database is ready: /health answers 503 and every other route 503 too. */
  getRouter(): Resolve | null;
  log: ShopLogger;
}

async function handle(req: IncomingMessage, res: ServerResponse, parts: ShopServerParts): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://shop.invalid');
  const method = req.method ?? 'GET';
  const resolve = parts.getRouter();
  if (url.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
    if (resolve) sendJson(res, 200, { status: 'ok' });
    else sendJson(res, 503, { status: 'starting' }, { 'retry-after': '1' });
    return;
  }
  if (!resolve) {
    sendJson(res, 503, { error: 'starting' }, { 'retry-after': '1' });
    return;
  }
  const { handler, params } = resolve(method, url.pathname);
  const reply = await handler({ req, url, params });
  sendJson(res, reply.status, reply.body);
}

/** Answers any thrown error as JSON: HttpErrors as they say, anything else as a logged 500. */
function fail(error: unknown, req: IncomingMessage, res: ServerResponse, log: ShopLogger): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    sendJson(res, error.status, error.body, error.headers);
    return;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log.error(`${req.method} ${req.url} failed: ${detail}`);
  sendJson(res, 500, { error: 'internal server error' });
}

/**
 * The shop's node:http server, tuned for load: keep-alive longer than typical client and
 * load-balancer idle timeouts, no cap on requests per socket. Listening (with a deep backlog)
 * is up to the caller.
 */
export function createShopServer(parts: ShopServerParts): Server {
  const server = createServer((req, res) => {
    handle(req, res, parts).catch((error: unknown) => fail(error, req, res, parts.log));
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
  server.maxRequestsPerSocket = 0;
  server.on('clientError', (error, socket) => {
    if (!socket.writable) return socket.destroy();
    const code = (error as NodeJS.ErrnoException).code;
    const [status, reason] =
      code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large']
          : [400, 'Bad Request'];
    const body = JSON.stringify({ error: reason.toLowerCase() });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
