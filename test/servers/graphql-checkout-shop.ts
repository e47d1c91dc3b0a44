/**
 * A Vendure-like GraphQL shop, in memory, for examples/graphql-checkout (no GraphQL library: the
 * operation is recognised by operationName). Like Vendure: the session token comes back in a
 * `vendure-auth-token` header; products nest variants whose stock is a word (IN_STOCK /
 * OUT_OF_STOCK); business refusals are union results in `data` with an `errorCode`; checkout is
 * four mutations (address, shipping method, state transition, payment) and the payment creates the
 * order (stock is allocated then). A server fault is HTTP 200 with top-level `errors`.
 *   POST /shop-api  Login, Products, AddItemToOrder, SetShippingAddress, EligibleShippingMethods,
 *                   SetShippingMethod, TransitionToArrangingPayment, AddPayment, OrderByCode, RemoveAllLines
 *   POST /admin-api Inventory (variants with stockOnHand, stockAllocated), OrderCount  (admin token)
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type Running, readFields, sendJson, serve } from './http-kit.js';

interface Variant {
  id: string;
  stockOnHand: number;
  stockAllocated: number;
}

interface ActiveOrder {
  code: string;
  lines: Map<string, number>;
  address: boolean;
  shippingMethod?: string;
  state: 'AddingItems' | 'ArrangingPayment';
}

export interface GqlOrder {
  code: string;
  user: string;
  state: string;
  lines: { variantId: string; quantity: number }[];
}

export interface GraphqlCheckoutShop extends Running {
  adminToken: string;
  orders: GqlOrder[];
  variants: Map<string, Variant>;
  operations: Map<string, number>;
}

export interface GraphqlCheckoutShopOptions {
  products?: number;
  variantsPerProduct?: number;
  stock?: number;
  password?: string;
  /** Every Nth AddPayment answers 200 with top-level errors ("deadlock detected"), nothing done. */
  deadlockEvery?: number;
  /** Accounts whose active order already holds a line when the shop starts. */
  leftoverCarts?: string[];
}

const SHIPPING = ['1', '2'];

export async function startGraphqlCheckoutShop(
  options: GraphqlCheckoutShopOptions = {},
): Promise<GraphqlCheckoutShop> {
  const password = options.password ?? 'vendure-pw';
  const adminToken = 'gql-admin-token';
  const products: { id: string; name: string; variants: Variant[] }[] = [];
  const variants = new Map<string, Variant>();
  let nextVariant = 1;
  for (let p = 1; p <= (options.products ?? 3); p++) {
    const list: Variant[] = [];
    for (let v = 1; v <= (options.variantsPerProduct ?? 2); v++) {
      const variant = { id: String(nextVariant++), stockOnHand: options.stock ?? 1000, stockAllocated: 0 };
      list.push(variant);
      variants.set(variant.id, variant);
    }
    products.push({ id: String(p), name: `Product ${p}`, variants: list });
  }
  const sessions = new Map<string, string>();
  const active = new Map<string, ActiveOrder>();
  const orders: GqlOrder[] = [];
  const operations = new Map<string, number>();
  let payments = 0;
  let codes = 0;
  const available = (v: Variant) => v.stockOnHand - v.stockAllocated;
  const newOrder = (): ActiveOrder => ({
    code: `C${String(++codes).padStart(6, '0')}`,
    lines: new Map(),
    address: false,
    state: 'AddingItems',
  });
  for (const user of options.leftoverCarts ?? []) {
    const order = newOrder();
    order.lines.set('1', 1);
    active.set(user, order);
  }
  const data = (res: ServerResponse, value: unknown, headers: Record<string, string> = {}) =>
    sendJson(res, 200, { data: value }, headers);
  const errors = (res: ServerResponse, message: string, code: string) =>
    sendJson(res, 200, { data: null, errors: [{ message, extensions: { code } }] });
  const orderView = (o: ActiveOrder) => ({
    __typename: 'Order',
    code: o.code,
    state: o.state,
    lines: [...o.lines].map(([id, quantity]) => ({ productVariant: { id }, quantity })),
  });

  const running = await serve(async (req, res) => {
    const body = (await readFields(req)) ?? {};
    const op = typeof body.operationName === 'string' ? body.operationName : '';
    const vars = (body.variables ?? {}) as Record<string, unknown>;
    operations.set(op, (operations.get(op) ?? 0) + 1);
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
    if (req.url === '/admin-api') {
      if (req.headers.authorization !== `Bearer ${adminToken}`)
        return errors(res, 'not allowed', 'FORBIDDEN');
      if (op === 'Inventory') return data(res, { products: { items: products } });
      if (op === 'OrderCount') return data(res, { orders: { totalItems: orders.length } });
      return errors(res, `unknown operation ${op}`, 'GRAPHQL_VALIDATION_FAILED');
    }
    if (req.url !== '/shop-api') return sendJson(res, 404, { error: 'not found' });
    if (op === 'Login') {
      if (typeof vars.username !== 'string' || vars.password !== password)
        return data(res, {
          login: { __typename: 'InvalidCredentialsError', errorCode: 'INVALID_CREDENTIALS_ERROR' },
        });
      const token = randomBytes(8).toString('hex');
      sessions.set(token, vars.username);
      return data(
        res,
        { login: { __typename: 'CurrentUser', identifier: vars.username } },
        { 'vendure-auth-token': token },
      );
    }
    if (op === 'Products') {
      const items = products.map((p) => ({
        id: p.id,
        name: p.name,
        variants: p.variants.map((v) => ({
          id: v.id,
          stockLevel: available(v) > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK',
        })),
      }));
      return data(res, { products: { items, totalItems: items.length } });
    }
    const user = sessions.get(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
    if (!user) return errors(res, 'You are not currently authorized to perform this action', 'FORBIDDEN');
    let order = active.get(user);
    if (!order) {
      order = newOrder();
      active.set(user, order);
    }
    switch (op) {
      case 'AddItemToOrder': {
        const variant = variants.get(String(vars.productVariantId));
        const quantity = vars.quantity;
        if (!variant || typeof quantity !== 'number')
          return errors(res, 'bad variant or quantity', 'BAD_USER_INPUT');
        if (available(variant) < quantity)
          return data(res, {
            addItemToOrder: {
              __typename: 'InsufficientStockError',
              errorCode: 'INSUFFICIENT_STOCK_ERROR',
              message: 'Only 0 items were added',
            },
          });
        order.lines.set(variant.id, (order.lines.get(variant.id) ?? 0) + quantity);
        return data(res, { addItemToOrder: orderView(order) });
      }
      case 'RemoveAllLines':
        order.lines.clear();
        return data(res, { removeAllOrderLines: orderView(order) });
      case 'SetShippingAddress':
        if (typeof (vars.input as { streetLine1?: unknown } | undefined)?.streetLine1 !== 'string')
          return errors(res, 'streetLine1 is required', 'BAD_USER_INPUT');
        order.address = true;
        return data(res, { setOrderShippingAddress: orderView(order) });
      case 'EligibleShippingMethods':
        return data(res, { eligibleShippingMethods: SHIPPING.map((id) => ({ id, name: `Method ${id}` })) });
      case 'SetShippingMethod':
        if (
          !order.address ||
          !SHIPPING.includes(String((vars.shippingMethodId as unknown[] | undefined)?.[0]))
        )
          return data(res, {
            setOrderShippingMethod: {
              __typename: 'IneligibleShippingMethodError',
              errorCode: 'INELIGIBLE_SHIPPING_METHOD_ERROR',
              message: 'This Order is not eligible for the selected ShippingMethod',
            },
          });
        order.shippingMethod = String((vars.shippingMethodId as unknown[])[0]);
        return data(res, { setOrderShippingMethod: orderView(order) });
      case 'TransitionToArrangingPayment':
        if (!order.shippingMethod || order.lines.size === 0)
          return data(res, {
            transitionOrderToState: {
              __typename: 'OrderStateTransitionError',
              errorCode: 'ORDER_STATE_TRANSITION_ERROR',
              message: 'Cannot transition Order to the "ArrangingPayment" state',
            },
          });
        order.state = 'ArrangingPayment';
        return data(res, { transitionOrderToState: orderView(order) });
      case 'AddPayment': {
        payments++;
        if (options.deadlockEvery && payments % options.deadlockEvery === 0)
          return errors(res, 'deadlock detected', 'INTERNAL_SERVER_ERROR');
        if (order.state !== 'ArrangingPayment')
          return data(res, {
            addPaymentToOrder: {
              __typename: 'OrderPaymentStateError',
              errorCode: 'ORDER_PAYMENT_STATE_ERROR',
              message: 'not in ArrangingPayment',
            },
          });
        const lines = [...order.lines];
        if (lines.some(([id, q]) => available(variants.get(id)!) < q))
          return data(res, {
            addPaymentToOrder: {
              __typename: 'InsufficientStockError',
              errorCode: 'INSUFFICIENT_STOCK_ERROR',
              message: 'not enough stock',
            },
          });
        for (const [id, q] of lines) variants.get(id)!.stockAllocated += q;
        const state = orders.length % 2 === 0 ? 'PaymentAuthorized' : 'PaymentSettled';
        orders.push({
          code: order.code,
          user,
          state,
          lines: lines.map(([variantId, quantity]) => ({ variantId, quantity })),
        });
        active.delete(user);
        return data(res, { addPaymentToOrder: { ...orderView(order), state } });
      }
      case 'OrderByCode': {
        const placed = orders.find((o) => o.code === vars.code && o.user === user);
        if (!placed) return data(res, { orderByCode: null });
        return data(res, {
          orderByCode: {
            code: placed.code,
            state: placed.state,
            lines: placed.lines.map((l) => ({ productVariant: { id: l.variantId }, quantity: l.quantity })),
          },
        });
      }
      default:
        return errors(res, `unknown operation ${op}`, 'GRAPHQL_VALIDATION_FAILED');
    }
  });
  return { ...running, adminToken, orders, variants, operations };
}
