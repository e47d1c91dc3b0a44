/**
 * A Django-REST-like shop, in memory, for the scenario tests:
 *   POST /api/v2/auth/token/  form or JSON {user, pass}  -> 200 {auth_token} + csrftoken cookie
 *   GET  /api/v2/catalog/?available=1                     -> {count, results: [{pk, title, quantity}]}
 *   POST /api/v2/basket/lines/ {item, qty}                -> 200
 *   POST /api/v2/checkout/                                -> 200 {order: {number}}; 422 insufficient stock
 * `Authorization: Token <t>` on everything but login (401 otherwise); every POST but login must echo
 * the csrftoken cookie in X-CSRFToken (403 otherwise). A checkout attempt always empties the basket.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearer, cookieOf, makeStock, type Running, readFields, sendJson, serve } from './http-kit.js';

export interface RestOrder {
  number: string;
  user: string;
  lines: { pk: number; qty: number }[];
}

export interface TokenRestShop extends Running {
  orders: RestOrder[];
  stock: Map<number, number>;
  /** Statuses answered, counted per "METHOD path" (e.g. to see the 403s of a missing CSRF header). */
  statuses: Map<string, number[]>;
  /** Form-encoded logins seen (to check bodyType: form). */
  formLogins: number;
}

export interface TokenRestShopOptions {
  products?: number;
  stock?: number;
  stockOverrides?: Record<number, number>;
  password?: string;
}

export async function startTokenRestShop(options: TokenRestShopOptions = {}): Promise<TokenRestShop> {
  const password = options.password ?? 'loadtest123';
  const stock = makeStock(options.products ?? 6, options.stock ?? 1000, options.stockOverrides);
  const tokens = new Map<string, { user: string; csrf: string }>();
  const baskets = new Map<string, { pk: number; qty: number }[]>();
  const orders: RestOrder[] = [];
  const statuses = new Map<string, number[]>();
  const state = { formLogins: 0 };

  const send = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers = {}) => {
    const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    statuses.set(key, [...(statuses.get(key) ?? []), status]);
    sendJson(res, status, body, headers);
  };

  const running = await serve(async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const fields = await readFields(req);
    if (req.method === 'POST' && path === '/api/v2/auth/token/') {
      if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        state.formLogins++;
      if (!fields || typeof fields.user !== 'string' || fields.pass !== password) {
        return send(req, res, 400, { non_field_errors: ['Unable to log in with provided credentials.'] });
      }
      const token = randomBytes(8).toString('hex');
      const csrf = randomBytes(8).toString('hex');
      tokens.set(token, { user: fields.user, csrf });
      return send(
        req,
        res,
        200,
        { auth_token: token },
        { 'set-cookie': `csrftoken=${csrf}; Path=/; SameSite=Lax` },
      );
    }
    const session = tokens.get(bearer(req, 'Token') ?? '');
    if (!session) return send(req, res, 401, { detail: 'Invalid token.' });
    if (req.method === 'POST') {
      const header = req.headers['x-csrftoken'];
      if (header !== session.csrf || cookieOf(req, 'csrftoken') !== session.csrf) {
        return send(req, res, 403, { detail: 'CSRF Failed: CSRF token missing or incorrect.' });
      }
    }
    if (req.method === 'GET' && path === '/api/v2/catalog/') {
      const available = new URL(req.url ?? '', 'http://x').searchParams.get('available') === '1';
      const results = [...stock]
        .filter(([, q]) => !available || q > 0)
        .map(([pk, quantity]) => ({ pk, title: `Item ${pk}`, quantity }));
      return send(req, res, 200, { count: results.length, next: null, results });
    }
    if (req.method === 'POST' && path === '/api/v2/basket/lines/') {
      const pk = Number(fields?.item);
      const qty = Number(fields?.qty);
      if (!stock.has(pk) || !Number.isInteger(qty) || qty < 1)
        return send(req, res, 400, { item: ['Invalid pk.'] });
      const lines = baskets.get(session.user) ?? [];
      lines.push({ pk, qty });
      baskets.set(session.user, lines);
      return send(req, res, 200, { lines: lines.length });
    }
    if (req.method === 'POST' && path === '/api/v2/checkout/') {
      const lines = baskets.get(session.user) ?? [];
      baskets.delete(session.user);
      if (lines.length === 0) return send(req, res, 400, { detail: 'basket is empty' });
      if (lines.some((l) => (stock.get(l.pk) ?? 0) < l.qty)) {
        return send(req, res, 422, { detail: 'insufficient stock' });
      }
      for (const l of lines) stock.set(l.pk, (stock.get(l.pk) ?? 0) - l.qty);
      const number = `ORD-${String(orders.length + 1).padStart(5, '0')}`;
      orders.push({ number, user: session.user, lines });
      return send(req, res, 200, { order: { number, status: 'placed' } });
    }
    send(req, res, 404, { detail: 'Not found.' });
  });
  return {
    ...running,
    orders,
    stock,
    statuses,
    get formLogins() {
      return state.formLogins;
    },
  };
}
