/**
 * A minimal in-memory fake of the reference shop's contract (src/shop), for the default scenario's
 * tests; it does not depend on the real shop. Like the real one, a refused order (409) keeps the cart.
 * Besides the Bearer token, the login's `sid` cookie is accepted (a cookie session).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearer, cookieOf, makeStock, type Running, readFields, sendJson, serve } from './http-kit.js';

export interface FakeOrder {
  id: number;
  username: string;
  items: { productId: number; quantity: number }[];
}

export interface ReferenceFake extends Running {
  orders: FakeOrder[];
  stock: Map<number, number>;
  /** Requests per "METHOD path" (query excluded). */
  hits: Map<string, number>;
  /** Forgets every token: the next authenticated request answers 401. */
  expireSessions(): void;
}

export interface ReferenceFakeOptions {
  products?: number;
  stock?: number;
  stockOverrides?: Record<number, number>;
  password?: string;
  /** Listen on this port (default: any free port). */
  port?: number;
  /** Answers a request itself when it returns true (the fault targets' misbehaviour). */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export async function startReferenceFake(options: ReferenceFakeOptions = {}): Promise<ReferenceFake> {
  const password = options.password ?? 'loadtest123';
  const stock = makeStock(options.products ?? 5, options.stock ?? 1000, options.stockOverrides);
  const tokens = new Map<string, string>();
  const carts = new Map<string, Map<number, number>>();
  const orders: FakeOrder[] = [];
  const hits = new Map<string, number>();
  let nextToken = 1;

  const user = (req: IncomingMessage, res: ServerResponse): string | undefined => {
    const name = tokens.get(bearer(req, 'Bearer') ?? cookieOf(req, 'sid') ?? '');
    if (!name) sendJson(res, 401, { error: 'authentication required' });
    return name;
  };

  const running = await serve(async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const key = `${req.method} ${path}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    if (options.intercept?.(req, res)) return;
    const body = await readFields(req);
    if (key === 'POST /api/auth/login') {
      const username = String(body?.username ?? '');
      if (!/^load_test_user_\d+$/.test(username) || body?.password !== password) {
        return sendJson(res, 400, { error: 'invalid credentials' });
      }
      const token = `t${nextToken++}`;
      tokens.set(token, username);
      // Also a cookie session, for scenarios that configure no token at all.
      return sendJson(res, 200, { token }, { 'set-cookie': `sid=${token}; Path=/; HttpOnly` });
    }
    if (key === 'GET /api/products') {
      const inStock = new URL(req.url ?? '', 'http://x').searchParams.get('in_stock') === 'true';
      const list = [...stock]
        .filter(([, s]) => !inStock || s > 0)
        .map(([id, s]) => ({ id, name: `Product ${id}`, price: '9.99', stock: s }));
      return sendJson(res, 200, list);
    }
    if (key === 'POST /api/cart/items') {
      const name = user(req, res);
      if (!name) return;
      const productId = Number(body?.productId);
      const quantity = Number(body?.quantity);
      if (!stock.has(productId) || !Number.isInteger(quantity) || quantity < 1) {
        return sendJson(res, 404, { error: 'product not found', productId });
      }
      const cart = carts.get(name) ?? new Map<number, number>();
      cart.set(productId, (cart.get(productId) ?? 0) + quantity);
      carts.set(name, cart);
      return sendJson(res, 201, { productId, quantity: cart.get(productId) });
    }
    if (key === 'POST /api/orders') {
      const name = user(req, res);
      if (!name) return;
      const cart = carts.get(name);
      if (!cart || cart.size === 0) return sendJson(res, 400, { error: 'cart is empty' });
      for (const [productId, quantity] of cart) {
        if ((stock.get(productId) ?? 0) < quantity) {
          return sendJson(res, 409, { error: 'out of stock', productId });
        }
      }
      for (const [productId, quantity] of cart) stock.set(productId, (stock.get(productId) ?? 0) - quantity);
      const order: FakeOrder = {
        id: orders.length + 1,
        username: name,
        items: [...cart].map(([productId, quantity]) => ({ productId, quantity })),
      };
      orders.push(order);
      carts.delete(name);
      return sendJson(res, 201, { id: order.id, status: 'pending', total: '9.99' });
    }
    sendJson(res, 404, { error: 'not found' });
  }, options.port);
  return { ...running, orders, stock, hits, expireSessions: () => tokens.clear() };
}
