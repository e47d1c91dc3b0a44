/**
 * A GraphQL shop, in memory, for the scenario tests: one `POST /graphql` endpoint that recognises a
 * few fixed operations by operationName (no GraphQL library). Always HTTP 200; failures are in
 * `errors[]` with `extensions.code` (OUT_OF_STOCK, UNAUTHENTICATED, BAD_USER_INPUT).
 *   Login(username, password)        -> data.login.token
 *   Products                         -> data.products [{id: "P1", name, stock}]   (string ids)
 *   AddToCart(productId, quantity)   -> data.addToCart.itemCount                   (Bearer token)
 *   PlaceOrder                       -> data.placeOrder {id, status}               (Bearer token)
 * A refused order empties the cart.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { bearer, makeStock, type Running, readFields, sendJson, serve } from './http-kit.js';

export interface GraphqlOrder {
  id: string;
  user: string;
  items: { productId: string; quantity: number }[];
}

export interface GraphqlShop extends Running {
  orders: GraphqlOrder[];
  /** Stock by product id ("P1", "P2", ...). */
  stock: Map<string, number>;
  operations: Map<string, number>;
  expireSessions(): void;
}

export interface GraphqlShopOptions {
  products?: number;
  stock?: number;
  stockOverrides?: Record<number, number>;
  password?: string;
}

function fail(res: ServerResponse, code: string, message: string): void {
  sendJson(res, 200, { data: null, errors: [{ message, extensions: { code } }] });
}

export async function startGraphqlShop(options: GraphqlShopOptions = {}): Promise<GraphqlShop> {
  const password = options.password ?? 'loadtest123';
  const stock = new Map<string, number>();
  for (const [id, s] of makeStock(options.products ?? 4, options.stock ?? 1000, options.stockOverrides)) {
    stock.set(`P${id}`, s);
  }
  const tokens = new Map<string, string>();
  const carts = new Map<string, Map<string, number>>();
  const orders: GraphqlOrder[] = [];
  const operations = new Map<string, number>();

  const running = await serve(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    const body = await readFields(req);
    const op = typeof body?.operationName === 'string' ? body.operationName : '';
    const query = typeof body?.query === 'string' ? body.query : '';
    const vars = (body?.variables ?? {}) as Record<string, unknown>;
    operations.set(op, (operations.get(op) ?? 0) + 1);
    if (!query.includes(op) || op === '') return fail(res, 'GRAPHQL_VALIDATION_FAILED', 'unknown operation');

    if (op === 'Login') {
      if (typeof vars.username !== 'string' || vars.password !== password) {
        return fail(res, 'BAD_USER_INPUT', 'invalid credentials');
      }
      const token = randomBytes(8).toString('hex');
      tokens.set(token, vars.username);
      return sendJson(res, 200, { data: { login: { token } } });
    }
    if (op === 'Products') {
      const products = [...stock].map(([id, s]) => ({ id, name: `Thing ${id}`, stock: s }));
      return sendJson(res, 200, { data: { products } });
    }
    const user = tokens.get(bearer(req, 'Bearer') ?? '');
    if (!user) return fail(res, 'UNAUTHENTICATED', 'you must be logged in');
    if (op === 'AddToCart') {
      const productId = String(vars.productId);
      const quantity = vars.quantity;
      if (!stock.has(productId) || typeof quantity !== 'number') {
        return fail(res, 'BAD_USER_INPUT', 'bad productId or quantity (quantity must be an Int)');
      }
      const cart = carts.get(user) ?? new Map<string, number>();
      cart.set(productId, (cart.get(productId) ?? 0) + quantity);
      carts.set(user, cart);
      return sendJson(res, 200, { data: { addToCart: { itemCount: cart.size } } });
    }
    if (op === 'PlaceOrder') {
      const cart = carts.get(user);
      carts.delete(user);
      if (!cart || cart.size === 0) return fail(res, 'BAD_USER_INPUT', 'cart is empty');
      for (const [productId, quantity] of cart) {
        if ((stock.get(productId) ?? 0) < quantity)
          return fail(res, 'OUT_OF_STOCK', `${productId} is sold out`);
      }
      for (const [productId, quantity] of cart) stock.set(productId, (stock.get(productId) ?? 0) - quantity);
      const order: GraphqlOrder = {
        id: `order-${orders.length + 1}`,
        user,
        items: [...cart].map(([productId, quantity]) => ({ productId, quantity })),
      };
      orders.push(order);
      return sendJson(res, 200, { data: { placeOrder: { id: order.id, status: 'CONFIRMED' } } });
    }
    fail(res, 'GRAPHQL_VALIDATION_FAILED', `unknown operation ${op}`);
  });
  return { ...running, orders, stock, operations, expireSessions: () => tokens.clear() };
}
