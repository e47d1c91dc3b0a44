/**
 * The order flow as a ShopperFactory: one implementation for the reference shop and for any shop a
 * scenario file describes. One iteration of a shopper: log in when it has no session (a 401 drops
 * it; emptyCart.afterLogin then empties a left-over cart), get the in-stock products (see
 * products.ts for the shared cache), add 1-2 distinct random products to the cart, send the
 * checkout steps in order (a refused one ends the iteration without an order), place the order.
 * Every request is recorded once, under its phase and its step's name; the iteration once, with
 * the accepted order's ledger entry. Target errors never throw.
 *
 * Latency: the first request of an iteration and the flow are measured from the intended start (no
 * coordinated omission); later requests from their own start. When the run's stop signal aborts an
 * iteration, its requests are recorded (errorKind 'aborted') but the cut-short iteration is not.
 */

import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { createHttpTarget } from '../engine/http-client.js';
import type {
  AcceptedOrder,
  IterationOutcome,
  IterationRecord,
  Recorder,
  Shopper,
  ShopperFactory,
} from '../engine/types.js';
import type { AccountOf } from './accounts.js';
import { accountsForRun } from './accounts-file.js';
import { ledgerLines, type PendingLine } from './cart-lines.js';
import { type CompiledScenario, compileScenario, flowSteps } from './compile.js';
import { formatJsonPath, getPath } from './json-path.js';
import type { BarrierTicket, FlashSaleFlow, OrderAttempt } from './order-attempt.js';
import {
  type CatalogView,
  type Product,
  ProductCatalog,
  parseProducts,
  pickProductsInto,
} from './products.js';
import type { Scenario } from './schema.js';
import { markInvalid, ShopperSession, type StepResult, type Verdict } from './session.js';

export interface OrderFlowOptions {
  /** Base URL of the shop (its path, if any, prefixes every request). */
  target: string;
  scenario: Scenario;
  recorder: Recorder;
  password: string;
  userPrefix: string;
  /** The account of each user (default: the scenario's accounts, else userPrefix + index and password). */
  accountOf?: AccountOf;
  timeoutMs: number;
  /** Distinct products per order, drawn in [min, max] (default [1, 2]). */
  itemsPerOrder?: [number, number];
  /** Quantity of each product (default 1). */
  quantity?: number;
  random?: () => number;
  logger?: Logger;
  /** How long the shared product list is reused (default 5,000 ms). */
  productsMaxAgeMs?: number;
  /** Keep-alive connections per shopper (default 1). */
  connectionsPerShopper?: number;
  /** Integrity: called with the outcome of every order request. */
  onOrderAttempt?: (attempt: OrderAttempt) => void;
  /** Flash sale: every shopper orders this product, all released together by the barrier. */
  flashSale?: FlashSaleFlow;
}

/** The flow's factory, which also lends a shopper's session (the integrity check reads orders back). */
export interface OrderFlow extends ShopperFactory {
  session(userIndex: number): ShopperSession | undefined;
}

interface FlowContext {
  compiled: CompiledScenario;
  recorder: Recorder;
  catalog: ProductCatalog;
  itemsPerOrder: [number, number];
  quantity: number;
  random: () => number;
  warnOnce: (key: string, message: string) => void;
  onOrderAttempt?: (attempt: OrderAttempt) => void;
  flashSale?: FlashSaleFlow;
}

function checkOptions(options: OrderFlowOptions): { itemsPerOrder: [number, number]; quantity: number } {
  const itemsPerOrder = options.itemsPerOrder ?? [1, 2];
  const [min, max] = itemsPerOrder;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new ConfigError('itemsPerOrder', itemsPerOrder, 'two integers with 1 <= min <= max');
  }
  const quantity = options.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new ConfigError('quantity', quantity, 'an integer >= 1');
  }
  return { itemsPerOrder: [min, max], quantity };
}

class FlowShopper implements Shopper {
  private listed = false;
  /**
   * Lines in the shop's cart that no order attempt has taken yet: the first `pendingCount`. The
   * line objects and the picks array are reused from order to order (see pickProductsInto()).
   */
  private readonly pending: PendingLine[] = [];
  private pendingCount = 0;
  private readonly picks: Product[] = [];

  constructor(
    private readonly ctx: FlowContext,
    private readonly session: ShopperSession,
    readonly userIndex: number,
  ) {}

  private addPending(id: string | number, quantity: number): void {
    const slot = this.pending[this.pendingCount];
    if (slot) {
      slot.id = id;
      slot.quantity = quantity;
    } else {
      this.pending.push({ id, quantity });
    }
    this.pendingCount++;
  }

  private record(result: StepResult): StepResult {
    this.ctx.recorder.record(result.record);
    if (result.verdict === 'unauthorized') this.session.drop();
    return result;
  }

  iterate(signal: AbortSignal, intendedStartMs: number = performance.now()): Promise<IterationOutcome> {
    // Without a flash sale, no wrapping async frame (one promise fewer per iteration).
    if (!this.ctx.flashSale) return this.iterateOnce(signal, intendedStartMs, undefined);
    return this.iterateWithTicket(signal, intendedStartMs, this.ctx.flashSale.barrier.ticket());
  }

  private async iterateWithTicket(
    signal: AbortSignal,
    intendedStartMs: number,
    ticket: BarrierTicket,
  ): Promise<IterationOutcome> {
    try {
      return await this.iterateOnce(signal, intendedStartMs, ticket);
    } finally {
      ticket.leave();
    }
  }

  private async iterateOnce(
    signal: AbortSignal,
    intendedStartMs: number,
    ticket: BarrierTicket | undefined,
  ): Promise<IterationOutcome> {
    if (signal.aborted) return 'order_failed';
    const { ctx, session } = this;
    // The start of the next request's latency: the intended start until a request has been sent.
    let next = intendedStartMs;

    if (!session.loggedIn) {
      const login = this.record(await session.login(signal, next));
      if (login.verdict !== 'ok') return this.finish(signal, intendedStartMs, 'login_failed');
      next = performance.now();
      if (ctx.compiled.emptyCartAfterLogin) {
        // A cart left by an earlier run (or session) would change what the order holds.
        await this.emptyCart(signal, true);
        next = performance.now();
      }
    }

    // Usually the shared list is fresh: no request, and no async step.
    let view = this.listed ? ctx.catalog.fresh() : null;
    if (view === null) {
      const products = await this.products(signal, next);
      if (!products) return this.finish(signal, intendedStartMs, 'products_failed');
      if (products.requested) next = performance.now();
      view = products.view;
    }
    const picks = this.picks;
    let count = 1;
    if (ctx.flashSale) picks[0] = ctx.flashSale.product;
    else count = pickProductsInto(picks, view.list, ctx.itemsPerOrder, ctx.quantity, ctx.random);
    // Nothing in stock: no order is sent (counted as sold out, not as a failed order attempt).
    if (count === 0) return this.finish(signal, intendedStartMs, 'sold_out');

    const addToCart = ctx.compiled.addToCart;
    for (let i = 0; i < count; i++) {
      const product = picks[i]!;
      session.vars.productId = product.id;
      session.vars.quantity = ctx.quantity;
      const cart = this.record(session.judge(addToCart, await session.send(addToCart, signal), next));
      next = performance.now();
      if (cart.verdict === 'ok') {
        this.addPending(product.id, ctx.quantity);
        continue;
      }
      return this.refusedBeforeOrder(cart.verdict, view, signal, intendedStartMs);
    }

    for (const step of ctx.compiled.checkout) {
      const result = this.record(session.judge(step, await session.send(step, signal), next));
      next = performance.now();
      if (result.verdict === 'ok') continue;
      return this.refusedBeforeOrder(result.verdict, view, signal, intendedStartMs);
    }

    if (ticket) {
      await ticket.arrive(signal);
      if (signal.aborted) return this.finish(signal, intendedStartMs, 'order_failed');
      next = performance.now();
    }
    const order = session.judge(ctx.compiled.order, await session.send(ctx.compiled.order, signal), next);
    let orderId: string | undefined;
    if (order.verdict === 'ok') {
      const id = this.orderIdOf(order);
      if (id === undefined) {
        const where = formatJsonPath(ctx.compiled.orderId);
        markInvalid(order, `order accepted (${order.record.status}) without an order id at ${where}`);
        ctx.warnOnce(
          'order-id',
          `order: the answer has no order id at "${where}": ${order.response?.bodyText}`,
        );
      } else {
        orderId = id;
      }
    }
    this.record(order);
    // The lines made once for both the attempt log and the ledger (an array and objects per order).
    const items =
      ctx.onOrderAttempt || orderId !== undefined ? ledgerLines(this.pending, this.pendingCount) : [];
    ctx.onOrderAttempt?.({
      userIndex: this.userIndex,
      items,
      status: order.record.status,
      outcome:
        orderId !== undefined ? 'accepted' : order.verdict === 'out_of_stock' ? 'out_of_stock' : 'failed',
      ...(order.record.errorKind ? { errorKind: order.record.errorKind } : {}),
      ...(orderId !== undefined ? { orderId } : {}),
      endedAt: order.record.endedAt ?? Date.now(),
    });
    if (orderId !== undefined) {
      this.pendingCount = 0;
      return this.finish(signal, intendedStartMs, 'order_succeeded', {
        orderId,
        userIndex: this.userIndex,
        items,
      });
    }
    if (!ctx.compiled.keepsCartOnFailure || order.record.errorKind === 'invalid_response')
      this.pendingCount = 0;
    await this.emptyCart(signal);
    if (order.verdict === 'out_of_stock') {
      ctx.catalog.invalidate(view.generation);
      return this.finish(signal, intendedStartMs, 'out_of_stock');
    }
    return this.finish(signal, intendedStartMs, 'order_failed');
  }

  /**
   * A cart or checkout step refused: no order is sent. Sold out when it answered out of stock (the
   * catalog is read again), else the cart failed; the cart is emptied either way.
   */
  private async refusedBeforeOrder(
    verdict: Verdict,
    view: CatalogView,
    signal: AbortSignal,
    intendedStartMs: number,
  ): Promise<IterationOutcome> {
    if (verdict === 'out_of_stock') this.ctx.catalog.invalidate(view.generation);
    await this.emptyCart(signal);
    return this.finish(signal, intendedStartMs, verdict === 'out_of_stock' ? 'sold_out' : 'cart_failed');
  }

  /**
   * The scenario's emptyCart step, when it has one and the cart holds lines no order took (after a
   * refused order or a cart that could not be filled). Recorded as a cart request; on success the
   * cart is known to be empty.
   */
  private async emptyCart(signal: AbortSignal, always = false): Promise<void> {
    const step = this.ctx.compiled.emptyCart;
    if (!step || (this.pendingCount === 0 && !always) || signal.aborted) return;
    const result = this.record(await this.session.exchange(step, signal, performance.now()));
    if (result.verdict === 'ok') this.pendingCount = 0;
  }

  /** Records the iteration (unless the run's stop cut it short). */
  private finish(
    signal: AbortSignal,
    intendedStartMs: number,
    outcome: IterationOutcome,
    order?: AcceptedOrder,
  ): IterationOutcome {
    if (signal.aborted) return outcome;
    const iteration: IterationRecord = {
      userIndex: this.userIndex,
      outcome,
      latencyMs: performance.now() - intendedStartMs,
      endedAt: Date.now(),
    };
    if (order) iteration.order = order;
    this.ctx.recorder.recordIteration(iteration);
    return outcome;
  }

  private orderIdOf(order: StepResult): string | undefined {
    try {
      const id = getPath(order.response?.json(), this.ctx.compiled.orderId);
      return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    } catch {
      return undefined;
    }
  }

  /** This shopper's own products request (recorded); the list or null. */
  private async listProducts(signal: AbortSignal, startMs: number): Promise<Product[] | null> {
    const result = await this.session.exchange(this.ctx.compiled.products, signal, startMs);
    let list: Product[] | null = null;
    if (result.verdict === 'ok') {
      let parsed: Product[] | string;
      try {
        parsed = parseProducts(this.ctx.compiled, result.response?.json());
      } catch {
        parsed = 'the products answer is not JSON';
      }
      if (typeof parsed === 'string') {
        markInvalid(result, parsed);
        this.ctx.warnOnce('products', `products: ${parsed}: ${result.response?.bodyText}`);
      } else {
        list = parsed;
      }
    }
    this.record(result);
    return list;
  }

  /** The list when this shopper has none yet or the shared one is stale (iterateOnce checks first). */
  private async products(
    signal: AbortSignal,
    startMs: number,
  ): Promise<{ view: CatalogView; requested: boolean } | null> {
    const { catalog } = this.ctx;
    if (!this.listed) {
      const list = await this.listProducts(signal, startMs);
      if (!list) return null;
      this.listed = true;
      return { view: catalog.publish(list), requested: true };
    }
    // (the caller found the shared list stale: wait for the refresh in flight, or make it)
    const pending = catalog.pending();
    if (pending) {
      const view = await pending;
      if (view) return { view, requested: false };
      if (signal.aborted) return null;
    }
    const done = catalog.beginRefresh();
    let list: Product[] | null = null;
    let view: CatalogView | null = null;
    try {
      list = await this.listProducts(signal, startMs);
    } finally {
      view = done(list);
    }
    return list && view ? { view, requested: true } : null;
  }
}

export function createOrderFlow(options: OrderFlowOptions): OrderFlow {
  const { itemsPerOrder, quantity } = checkOptions(options);
  const compiled = compileScenario(options.scenario);
  const target = createHttpTarget(options.target, {
    timeoutMs: options.timeoutMs,
    connectionsPerShopper: options.connectionsPerShopper,
  });
  const accountOf =
    options.accountOf ??
    accountsForRun(options.scenario, { userPrefix: options.userPrefix, password: options.password });
  options.recorder.declareSteps?.(flowSteps(compiled));
  const warned = new Set<string>();
  const sessions = new Map<number, ShopperSession>();
  const ctx: FlowContext = {
    compiled,
    recorder: options.recorder,
    catalog: new ProductCatalog(options.productsMaxAgeMs ?? 5000),
    itemsPerOrder,
    quantity,
    random: options.random ?? Math.random,
    warnOnce(key, message) {
      if (warned.has(key)) return;
      warned.add(key);
      options.logger?.warn(message.length > 300 ? `${message.slice(0, 297)}...` : message);
    },
    onOrderAttempt: options.onOrderAttempt,
    flashSale: options.flashSale,
  };
  return {
    create(userIndex: number): Shopper {
      const { username, password } = accountOf(userIndex);
      const session = new ShopperSession(target, compiled, userIndex, username, password);
      sessions.set(userIndex, session);
      return new FlowShopper(ctx, session, userIndex);
    },
    session: (userIndex) => sessions.get(userIndex),
    close: () => target.close(),
  };
}
