/**
 * The reference contract answered with canned JSON (src/scenario/default-scenario.ts), shared by the
 * node:http server and the nginx configuration so both answer exactly the same bytes.
 */

export const PRODUCTS_PATH = '/api/products?in_stock=true';

/** A small in-stock product list (10 products). */
export const PRODUCTS_JSON = JSON.stringify(
  Array.from({ length: 10 }, (_, i) => ({
    id: i + 1,
    name: `Product ${i + 1}`,
    price: `${(i + 1) * 10}.00`,
    stock: 1_000_000,
  })),
);

export const LOGIN_JSON = JSON.stringify({ token: 'bench-token' });
export const CART_JSON = JSON.stringify({ ok: true });
/** The order answer; `{{id}}` is replaced by a per-request id. */
export const ORDER_TEMPLATE = '{"id":"{{id}}","status":"created","total":"20.00"}';

/** Method + path (without query) -> status and body. */
export function route(method: string, path: string, id: () => string): [number, string] {
  const q = path.indexOf('?');
  const bare = q < 0 ? path : path.slice(0, q);
  if (method === 'POST' && bare === '/api/auth/login') return [200, LOGIN_JSON];
  if (method === 'GET' && bare === '/api/products') return [200, PRODUCTS_JSON];
  if (method === 'POST' && bare === '/api/cart/items') return [201, CART_JSON];
  if (method === 'POST' && bare === '/api/orders') return [201, ORDER_TEMPLATE.replace('{{id}}', id())];
  if (bare === '/health') return [200, '{"ok":true}'];
  return [404, '{"error":"not found"}'];
}

/**
 * autocannon's rotating request list: the order flow's steady state (an iteration adds 1-2 products
 * to the cart and orders; the login and the shared product list are rare after the first iteration).
 */
export function autocannonRequests(mode: 'flow' | 'get'): {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}[] {
  const headers = { accept: 'application/json', authorization: 'Bearer bench-token' };
  if (mode === 'get') return [{ method: 'GET', path: PRODUCTS_PATH, headers }];
  const json = { ...headers, 'content-type': 'application/json' };
  const cart = (productId: number) => ({
    method: 'POST' as const,
    path: '/api/cart/items',
    headers: json,
    body: JSON.stringify({ productId, quantity: 1 }),
  });
  return [cart(3), cart(7), { method: 'POST', path: '/api/orders', headers: json, body: '{}' }];
}
