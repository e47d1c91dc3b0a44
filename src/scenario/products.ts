/**
 * The product list: reading it out of a products response, the catalog cache shared by all the
 * shoppers of one flow, and the random choice of what goes into a cart.
 *
 * Cache policy (realistic enough, and keeps the load on ordering rather than on listing):
 * - every shopper lists the products itself on its first iteration (the 'products' step is measured
 *   under load, like a visitor landing on the shop) and publishes what it got;
 * - later iterations reuse the shared list while it is younger than `maxAgeMs` and no order from it
 *   was answered out of stock; otherwise ONE shopper refreshes it (single-flight) and the others wait
 *   for that request instead of sending their own;
 * - an out-of-stock answer invalidates only the list generation the shopper chose from, so orders
 *   placed from an already replaced list do not trigger another refresh;
 * - when a refresh fails, waiters fall back to the previous list (as a browser keeps the last page).
 */
import { formatJsonPath, getPath, hasWildcard } from './json-path.js';
import type { StockReader } from './stock.js';

export interface Product {
  id: string | number;
  /** null when the shop does not say (or says "available" without a count). */
  stock: number | null;
  name?: string;
}

export interface ProductFields {
  productList: readonly string[];
  productId: readonly string[];
  productStock: StockReader | undefined;
  productName: readonly string[] | undefined;
  inStockFilter: boolean;
}

/** The items at the list path: an array, or everything a `*` path reached (lists flattened once). */
function listItems(fields: ProductFields, doc: unknown): unknown[] | undefined {
  const found = getPath(doc, fields.productList);
  if (!Array.isArray(found)) return undefined;
  if (!hasWildcard(fields.productList)) return found;
  return found.flatMap((item) => (Array.isArray(item) ? item : [item]));
}

/**
 * The products in a parsed products response, or the problem as text. A stock that cannot be read
 * as a number (or a mapped word) is a problem for the whole list: never taken as "in stock".
 */
export function parseProducts(fields: ProductFields, doc: unknown): Product[] | string {
  const list = listItems(fields, doc);
  if (!list) return `no product array at ${formatJsonPath(fields.productList)}`;
  const out: Product[] = [];
  let withoutId = 0;
  for (const item of list) {
    const id = getPath(item, fields.productId);
    if (typeof id !== 'string' && typeof id !== 'number') {
      withoutId++;
      continue;
    }
    let stock: number | null = null;
    if (fields.productStock) {
      const reading = fields.productStock(item);
      if (reading !== null && typeof reading === 'object') return `product ${id}: ${reading.problem}`;
      stock = reading;
    }
    if (fields.inStockFilter && stock !== null && stock <= 0) continue;
    const product: Product = { id, stock };
    if (fields.productName) {
      const name = getPath(item, fields.productName);
      if (typeof name === 'string') product.name = name;
    }
    out.push(product);
  }
  if (out.length === 0 && withoutId > 0) {
    return `no product id at ${formatJsonPath(fields.productId)} in the ${withoutId} listed item(s)`;
  }
  return out;
}

export interface CatalogView {
  list: Product[];
  generation: number;
}

export class ProductCatalog {
  /** The last published list and its generation (one object per publish, shared by every reader). */
  private view: CatalogView | null = null;
  private fetchedAt = 0;
  private generation = 0;
  private stale = false;
  private inflight: Promise<CatalogView | null> | null = null;

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The shared list when it is fresh enough to use without a request. */
  fresh(): CatalogView | null {
    if (!this.view || this.stale || this.now() - this.fetchedAt > this.maxAgeMs) return null;
    return this.view;
  }

  /** The last list, however old (a fallback when a refresh fails). */
  last(): CatalogView | null {
    return this.view;
  }

  /** A refresh in flight, to wait for instead of sending another request. */
  pending(): Promise<CatalogView | null> | null {
    return this.inflight;
  }

  /** Publishes a list fetched by a shopper; returns its view. */
  publish(list: Product[]): CatalogView {
    this.fetchedAt = this.now();
    this.stale = false;
    this.generation++;
    this.view = { list, generation: this.generation };
    return this.view;
  }

  /** Starts the single refresh; call the returned function with the list (or null on failure). */
  beginRefresh(): (list: Product[] | null) => CatalogView | null {
    let settle!: (view: CatalogView | null) => void;
    this.inflight = new Promise((resolve) => {
      settle = resolve;
    });
    return (list) => {
      const view = list ? this.publish(list) : this.last();
      this.inflight = null;
      settle(view);
      return view;
    };
  }

  /** An order from `generation` was answered out of stock: refresh before the next use. */
  invalidate(generation: number): void {
    if (generation === this.generation) this.stale = true;
  }
}

/**
 * Picks `count` distinct products (count drawn in [min, max]) among those with enough stock for
 * `quantity` (unknown stock counts as enough). Fewer when fewer are available.
 */
export function pickProducts(
  list: readonly Product[],
  itemsPerOrder: readonly [number, number],
  quantity: number,
  random: () => number,
): Product[] {
  const into: Product[] = [];
  pickProductsInto(into, list, itemsPerOrder, quantity, random);
  return into;
}

/**
 * pickProducts() into the first entries of `into` (the rest left as they were); returns how many.
 * A shopper passes the same array every iteration: a new one per order lived through the order's
 * requests, and the scavenger copied and promoted it (npm run bench, V8's GC trace).
 */
export function pickProductsInto(
  into: Product[],
  list: readonly Product[],
  itemsPerOrder: readonly [number, number],
  quantity: number,
  random: () => number,
): number {
  const [min, max] = itemsPerOrder;
  const count = min + Math.floor(random() * (max - min + 1));
  let candidates = list;
  for (let i = 0; i < list.length; i++) {
    const stock = list[i]!.stock;
    if (stock !== null && stock < quantity) {
      candidates = list.filter((p) => p.stock === null || p.stock >= quantity);
      break;
    }
  }
  if (candidates.length <= count) {
    for (let i = 0; i < candidates.length; i++) into[i] = candidates[i]!;
    return candidates.length;
  }
  // Rejection sampling: count is small (1-2 by default) next to the list (products are distinct).
  let chosen = 0;
  while (chosen < count) {
    const product = candidates[Math.floor(random() * candidates.length)]!;
    if (!includesFirst(into, chosen, product)) into[chosen++] = product;
  }
  return chosen;
}

function includesFirst(items: readonly Product[], n: number, product: Product): boolean {
  for (let i = 0; i < n; i++) if (items[i] === product) return true;
  return false;
}
