/**
 * A REST shop with a four-step checkout, in memory, for examples/rest-checkout: what a scenario must
 * describe as named steps with captures between them. Bearer tokens; stock per variant is
 * `stockOnHand - stockAllocated` (confirmed orders allocate); the catalogue nests variants in
 * products. Every checkout step checks the one before it, so a step that is skipped or sent with a
 * wrong captured value fails by name.
 *   POST   /api/login {username, password}          -> 200 {token}
 *   GET    /api/catalog                             -> {items: [{id, name, variants: [{sku, stockOnHand, stockAllocated}]}]}
 *   POST   /api/cart/lines {sku, quantity}          -> 201 {lines}; 409 {error: {code: OUT_OF_STOCK}}
 *   DELETE /api/cart                                -> 204
 *   PUT    /api/checkout/address {street, city}     -> 200 {addressId}
 *   GET    /api/checkout/shipping-methods           -> 200 {methods: [{id, price}]}   (ids differ per cart)
 *   PUT    /api/checkout/shipping {methodId, addressId} -> 200; 400 {error: {code: INVALID_SHIPPING | WRONG_ADDRESS}}
 *   POST   /api/checkout/payment {method}           -> 200, header X-Payment-Ref
 *   POST   /api/checkout/confirm {paymentRef}       -> 201 {order: {number, state}}; 409 {error: {code: INSUFFICIENT_STOCK}}
 *   GET    /api/orders/:number                      -> {number, state, lines: [{sku, quantity}]}
 *   GET    /admin/inventory (X-Admin-Token)         -> {products: [...catalog], orders, units}
 *   POST   /admin/reset-carts (X-Admin-Token)       -> 204: every cart emptied
 * Faults on demand: `deadlockEvery` answers every Nth payment 200 {error: {code: DEADLOCK}} (a server
 * error in a 200 body, nothing charged); `leftoverCarts` starts the accounts named with a line in their cart.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearer, type Running, readFields, sendJson, serve } from './http-kit.js';

interface Variant {
  sku: string;
  stockOnHand: number;
  stockAllocated: number;
}

interface Checkout {
  lines: Map<string, number>;
  addressId?: string;
  methods?: string[];
  methodId?: string;
  paymentRef?: string;
}

export interface RestOrder {
  number: string;
  user: string;
  state: string;
  lines: { sku: string; quantity: number }[];
}

export interface RestCheckoutShop extends Running {
  adminToken: string;
  orders: RestOrder[];
  variants: Map<string, Variant>;
  /** Requests per route ("PUT /api/checkout/address"). */
  hits: Map<string, number>;
}

export interface RestCheckoutShopOptions {
  products?: number;
  variantsPerProduct?: number;
  stock?: number;
  password?: string;
  deadlockEvery?: number;
  /** Accounts whose cart already holds a line when the shop starts (left by an earlier run). */
  leftoverCarts?: string[];
}

export async function startRestCheckoutShop(
  options: RestCheckoutShopOptions = {},
): Promise<RestCheckoutShop> {
  const password = options.password ?? 'checkout-pw';
  const adminToken = 'rest-admin-token';
  const products: { id: string; name: string; variants: Variant[] }[] = [];
  const variants = new Map<string, Variant>();
  for (let p = 1; p <= (options.products ?? 3); p++) {
    const list: Variant[] = [];
    for (let v = 1; v <= (options.variantsPerProduct ?? 2); v++) {
      const variant = { sku: `p${p}-v${v}`, stockOnHand: (options.stock ?? 1000) + 5, stockAllocated: 5 };
      list.push(variant);
      variants.set(variant.sku, variant);
    }
    products.push({ id: `p${p}`, name: `Product ${p}`, variants: list });
  }
  const tokens = new Map<string, string>();
  const carts = new Map<string, Checkout>();
  const orders: RestOrder[] = [];
  const hits = new Map<string, number>();
  let payments = 0;
  // Carts an earlier run left behind: one line of the first variant each.
  for (const user of options.leftoverCarts ?? []) carts.set(user, { lines: new Map([['p1-v1', 1]]) });

  const cartOf = (user: string): Checkout => {
    let cart = carts.get(user);
    if (!cart) {
      cart = { lines: new Map() };
      carts.set(user, cart);
    }
    return cart;
  };
  const available = (v: Variant) => v.stockOnHand - v.stockAllocated;
  const error = (code: string, message: string) => ({ error: { code, message } });
  const admin = (req: IncomingMessage) => req.headers['x-admin-token'] === adminToken;

  const running = await serve(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const route = `${req.method} ${url.pathname.replace(/\/ORD-\d+$/, '/:number')}`;
    hits.set(route, (hits.get(route) ?? 0) + 1);
    const body = (await readFields(req)) ?? {};
    if (route === 'POST /api/login') {
      if (typeof body.username !== 'string' || body.password !== password)
        return sendJson(res, 400, error('BAD_CREDENTIALS', 'invalid credentials'));
      const token = randomBytes(8).toString('hex');
      tokens.set(token, body.username);
      return sendJson(res, 200, { token });
    }
    if (route === 'GET /api/catalog') return sendJson(res, 200, { items: products });
    if (route === 'GET /admin/inventory' || route === 'POST /admin/reset-carts') {
      if (!admin(req)) return sendJson(res, 403, error('FORBIDDEN', 'admin token required'));
      if (route === 'POST /admin/reset-carts') {
        carts.clear();
        res.writeHead(204).end();
        return;
      }
      const units = orders.reduce((n, o) => n + o.lines.reduce((m, l) => m + l.quantity, 0), 0);
      return sendJson(res, 200, { products, orders: orders.length, units });
    }
    const user = tokens.get(bearer(req, 'Bearer') ?? '');
    if (!user) return sendJson(res, 401, error('UNAUTHENTICATED', 'log in first'));
    const cart = cartOf(user);
    switch (route) {
      case 'POST /api/cart/lines': {
        const variant = variants.get(String(body.sku));
        const quantity = Number(body.quantity);
        if (!variant || !Number.isInteger(quantity) || quantity < 1)
          return sendJson(res, 400, error('BAD_LINE', 'unknown sku or bad quantity'));
        if (available(variant) < quantity)
          return sendJson(res, 409, error('OUT_OF_STOCK', `${variant.sku} is sold out`));
        cart.lines.set(variant.sku, (cart.lines.get(variant.sku) ?? 0) + quantity);
        return sendJson(res, 201, { lines: [...cart.lines].map(([sku, q]) => ({ sku, quantity: q })) });
      }
      case 'DELETE /api/cart':
        carts.set(user, { lines: new Map() });
        res.writeHead(204).end();
        return;
      case 'PUT /api/checkout/address':
        if (cart.lines.size === 0) return sendJson(res, 400, error('EMPTY_CART', 'the cart is empty'));
        if (typeof body.street !== 'string' || typeof body.city !== 'string')
          return sendJson(res, 400, error('BAD_ADDRESS', 'street and city are required'));
        cart.addressId = `addr-${randomBytes(3).toString('hex')}`;
        return sendJson(res, 200, { addressId: cart.addressId });
      case 'GET /api/checkout/shipping-methods':
        if (!cart.addressId) return sendJson(res, 400, error('NO_ADDRESS', 'set the address first'));
        cart.methods = [
          `ship-${randomBytes(3).toString('hex')}`,
          `express-${randomBytes(3).toString('hex')}`,
        ];
        return sendJson(res, 200, { methods: cart.methods.map((id, i) => ({ id, price: 5 + 10 * i })) });
      case 'PUT /api/checkout/shipping':
        if (body.addressId !== cart.addressId)
          return sendJson(
            res,
            400,
            error('WRONG_ADDRESS', `no address ${String(body.addressId)} in this cart`),
          );
        if (!cart.methods?.includes(String(body.methodId)))
          return sendJson(res, 400, error('INVALID_SHIPPING', `no shipping method ${String(body.methodId)}`));
        cart.methodId = String(body.methodId);
        return sendJson(res, 200, { methodId: cart.methodId });
      case 'POST /api/checkout/payment': {
        if (!cart.methodId) return sendJson(res, 400, error('NO_SHIPPING', 'choose shipping first'));
        payments++;
        if (options.deadlockEvery && payments % options.deadlockEvery === 0)
          return sendJson(res, 200, error('DEADLOCK', 'deadlock detected'));
        cart.paymentRef = `pay-${randomBytes(4).toString('hex')}`;
        return sendJson(res, 200, { status: 'authorized' }, { 'x-payment-ref': cart.paymentRef });
      }
      case 'POST /api/checkout/confirm': {
        if (!cart.paymentRef || body.paymentRef !== cart.paymentRef)
          return sendJson(res, 400, error('NO_PAYMENT', 'the payment reference does not match'));
        const lines = [...cart.lines];
        if (lines.some(([sku, q]) => available(variants.get(sku)!) < q))
          return sendJson(res, 409, error('INSUFFICIENT_STOCK', 'not enough stock for the cart'));
        for (const [sku, q] of lines) variants.get(sku)!.stockAllocated += q;
        const order: RestOrder = {
          number: `ORD-${orders.length + 1}`,
          user,
          state: orders.length % 2 === 0 ? 'PaymentAuthorized' : 'PaymentSettled',
          lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
        };
        orders.push(order);
        carts.set(user, { lines: new Map() });
        return sendJson(res, 201, { order: { number: order.number, state: order.state } });
      }
      case 'GET /api/orders/:number': {
        const order = orders.find((o) => o.number === url.pathname.split('/').at(-1) && o.user === user);
        if (!order) return sendJson(res, 404, error('NOT_FOUND', 'no such order'));
        return sendJson(res, 200, order);
      }
      default:
        return sendJson(res, 404, error('NOT_FOUND', route));
    }
  });
  return { ...running, adminToken, orders, variants, hits };
}
