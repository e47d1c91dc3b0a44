/**
 * Who may talk to the UI server. The page launches load, so:
 * - bound to loopback, the Host header must name this server (a DNS-rebinding page cannot);
 * - a POST must carry JSON (a cross-site form or a no-CORS fetch cannot send that type without a
 *   preflight, which this server never answers) and, when the browser says where it comes from
 *   (Origin, Sec-Fetch-Site), come from this page.
 */
import type { IncomingMessage } from 'node:http';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function hostAllowed(header: string | undefined, bound: { host: string; port: number }): boolean {
  if (!isLoopback(bound.host)) return true; // bound wider on purpose (--host): names are unknown
  if (!header) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim());
  if (!m) return false;
  const port = m[2] === undefined ? 80 : Number(m[2]);
  return isLoopback(m[1]!) && port === bound.port;
}

export function isTrustedRequest(req: IncomingMessage, bound: { host: string; port: number }): boolean {
  if (!hostAllowed(req.headers.host, bound)) return false;
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return true;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return false;
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) return false;
  return true;
}
