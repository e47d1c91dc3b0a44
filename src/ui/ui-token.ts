/**
 * The UI's access token, required when it is bound wider than loopback (--host 0.0.0.0): there
 * the Host header cannot tell this server from a DNS-rebinding page (Host and Origin both name the
 * attacker), but the attacker's page has no token. The token arrives once in the URL printed at
 * start (?token=...), is kept in an HttpOnly SameSite=Strict cookie for this host, and may also be
 * sent as the x-olg-ui-token header (scripts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const UI_TOKEN_COOKIE = 'olg_ui_token';
export const UI_TOKEN_HEADER = 'x-olg-ui-token';

export function newUiToken(): string {
  return randomBytes(18).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** 'cookie'/'header' when the request carries the token, 'query' when it came in the URL, else undefined. */
export function tokenPresented(
  req: IncomingMessage,
  url: URL,
  token: string,
): 'query' | 'cookie' | 'header' | undefined {
  const header = req.headers[UI_TOKEN_HEADER];
  if (typeof header === 'string' && same(header, token)) return 'header';
  const fromCookie = cookie(req, UI_TOKEN_COOKIE);
  if (fromCookie !== undefined && same(fromCookie, token)) return 'cookie';
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && same(fromQuery, token)) return 'query';
  return undefined;
}

export function tokenCookie(token: string): string {
  return `${UI_TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
