/**
 * A shop with its own API, for the integrity check through a scenario file:
 *   POST /login {user, pass}              -> 200 {token}
 *   GET  /catalog                         -> {items: [{sku, available}]}
 *   POST /cart {sku, n}                   -> 201              (Authorization: Bearer <token>)
 *   POST /checkout                        -> 201 {ref}; 409 {error: "sold out"}
 *   GET  /me/orders/:ref                  -> {ref, state, lines: [{sku, n}]} (the buyer's own; 404 else)
 *   GET  /ops/stock (X-Ops-Key)           -> {data: {items: [{sku, available}]}, totals: {orders}}
 * Orders go from "queued" to "shipped" `processMs` after they are placed. `loseEvery` N-th accepted
 * order is dropped from storage after its stock was taken: an accepted order that disappears.
 */
import { randomBytes } from 'node:crypto';
import { bearer, type Running, readFields, sendJson, serve } from '../../servers/http-kit.js';

export const OPS_KEY = 'ops-key-123';

export interface OpsShopOptions {
  products?: number;
  stock?: number;
  processMs?: number;
  loseEvery?: number;
}

export async function startOpsShop(options: OpsShopOptions = {}): Promise<Running> {
  const stock = new Map<string, number>();
  for (let i = 1; i <= (options.products ?? 5); i++) stock.set(`SKU-${i}`, options.stock ?? 1000);
  const tokens = new Map<string, string>();
  const carts = new Map<string, { sku: string; n: number }[]>();
  const orders = new Map<string, { user: string; lines: { sku: string; n: number }[]; at: number }>();
  let accepted = 0;
  const items = () => [...stock].map(([sku, available]) => ({ sku, available }));
  return serve(async (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const fields = await readFields(req);
    if (req.method === 'POST' && path === '/login') {
      if (fields?.pass !== 'loadtest123') return sendJson(res, 400, { error: 'bad credentials' });
      const token = randomBytes(8).toString('hex');
      tokens.set(token, String(fields.user));
      return sendJson(res, 200, { token });
    }
    if (req.method === 'GET' && path === '/ops/stock') {
      if (req.headers['x-ops-key'] !== OPS_KEY) return sendJson(res, 403, { error: 'forbidden' });
      return sendJson(res, 200, { data: { items: items() }, totals: { orders: orders.size } });
    }
    const user = tokens.get(bearer(req, 'Bearer') ?? '');
    if (!user) return sendJson(res, 401, { error: 'login first' });
    if (req.method === 'GET' && path === '/catalog') return sendJson(res, 200, { items: items() });
    if (req.method === 'POST' && path === '/cart') {
      const lines = carts.get(user) ?? [];
      lines.push({ sku: String(fields?.sku), n: Number(fields?.n) });
      carts.set(user, lines);
      return sendJson(res, 201, {});
    }
    if (req.method === 'POST' && path === '/checkout') {
      const lines = carts.get(user) ?? [];
      carts.delete(user);
      if (lines.some((l) => (stock.get(l.sku) ?? 0) < l.n)) return sendJson(res, 409, { error: 'sold out' });
      for (const l of lines) stock.set(l.sku, (stock.get(l.sku) ?? 0) - l.n);
      const ref = `R${++accepted}`;
      if (!options.loseEvery || accepted % options.loseEvery !== 0)
        orders.set(ref, { user, lines, at: Date.now() });
      return sendJson(res, 201, { ref });
    }
    const m = /^\/me\/orders\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const order = orders.get(decodeURIComponent(m[1] ?? ''));
      if (!order || order.user !== user) return sendJson(res, 404, { error: 'no such order' });
      const state = Date.now() - order.at >= (options.processMs ?? 50) ? 'shipped' : 'queued';
      return sendJson(res, 200, { ref: m[1], state, lines: order.lines });
    }
    sendJson(res, 404, { error: 'not found' });
  });
}

/** The scenario file for this shop (inventory included unless `inventory` is false). */
export function opsScenario(inventory = true): unknown {
  return {
    name: 'ops shop',
    auth: { header: 'Authorization', value: 'Bearer {{token}}' },
    login: {
      path: '/login',
      body: { user: '{{username}}', pass: '{{password}}' },
      session: { from: 'json', path: 'token' },
    },
    products: { method: 'GET', path: '/catalog', list: 'items', fields: { id: 'sku', stock: 'available' } },
    addToCart: { path: '/cart', body: { sku: '{{productId}}', n: '{{quantity}}' } },
    order: { path: '/checkout', outOfStock: { status: [409] }, orderId: 'ref' },
    ...(inventory
      ? {
          inventory: {
            path: '/ops/stock',
            headers: { 'X-Ops-Key': '{{adminToken}}' },
            list: 'data.items',
            fields: { id: 'sku', stock: 'available' },
            ordersCount: 'totals.orders',
            readOrder: {
              path: '/me/orders/{{orderId}}',
              items: 'lines',
              fields: { productId: 'sku', quantity: 'n' },
              status: 'state',
              processedStatus: 'shipped',
            },
          },
        }
      : {}),
  };
}
