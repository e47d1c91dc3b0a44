/**
 * The accepted orders of a run (the integrity ledger), stored as columns: the order ids as they came,
 * and the user indexes, product references and quantities as integers in fixed-size chunks. At
 * thousands of orders a second, an object per order (order, items array, lines) or a JSON text per
 * order made the scavenger copy and promote them, and growing one big array leaves its old copies
 * behind in the large-object space until a full GC: `npm run bench` measured tens of MB of peak RSS
 * for that. Here an order costs its id string and a few chunk slots, and adding one allocates nothing
 * else (a new chunk every CHUNK entries).
 */
import type { AcceptedOrder, OrderLine } from './types.js';

const CHUNK = 4096;

/** An append-only column of 32-bit integers (user indexes, quantities) in chunks. */
class IntColumn {
  private readonly chunks: Int32Array[] = [];
  private tail = new Int32Array(0);
  private used = CHUNK;
  length = 0;

  push(value: number): void {
    if (this.used === CHUNK) {
      this.tail = new Int32Array(CHUNK);
      this.chunks.push(this.tail);
      this.used = 0;
    }
    this.tail[this.used++] = value;
    this.length++;
  }

  get(i: number): number {
    return this.chunks[Math.floor(i / CHUNK)]![i % CHUNK]!;
  }
}

/** An append-only column of strings in chunks. */
class StringColumn {
  private readonly chunks: string[][] = [];
  length = 0;

  push(value: string): void {
    if (this.length % CHUNK === 0) this.chunks.push([]);
    this.chunks[this.chunks.length - 1]!.push(value);
    this.length++;
  }

  get(i: number): string {
    return this.chunks[Math.floor(i / CHUNK)]![i % CHUNK]!;
  }
}

export class OrderLedger {
  private readonly ids = new StringColumn();
  private readonly users = new IntColumn();
  /** Per order, how many lines it has (in `lineProducts`/`lineQuantities`, in order). */
  private readonly lineCounts = new IntColumn();
  private readonly lineProducts = new IntColumn();
  private readonly lineQuantities = new IntColumn();
  /** Distinct product ids, referred to by index. */
  private readonly products: string[] = [];
  private readonly productIndex = new Map<string, number>();

  get length(): number {
    return this.ids.length;
  }

  add(order: AcceptedOrder): void {
    this.ids.push(order.orderId);
    this.users.push(order.userIndex);
    const items = order.items;
    for (let i = 0; i < items.length; i++) {
      const line = items[i]!;
      let index = this.productIndex.get(line.productId);
      if (index === undefined) {
        index = this.products.length;
        this.products.push(line.productId);
        this.productIndex.set(line.productId, index);
      }
      this.lineProducts.push(index);
      this.lineQuantities.push(line.quantity);
    }
    this.lineCounts.push(items.length);
  }

  /** The orders as objects, in the order they were added. */
  orders(): AcceptedOrder[] {
    const out: AcceptedOrder[] = new Array(this.ids.length);
    let line = 0;
    for (let o = 0; o < this.ids.length; o++) {
      const items: OrderLine[] = [];
      for (let end = line + this.lineCounts.get(o); line < end; line++) {
        items.push({
          productId: this.products[this.lineProducts.get(line)]!,
          quantity: this.lineQuantities.get(line),
        });
      }
      out[o] = { orderId: this.ids.get(o), userIndex: this.users.get(o), items };
    }
    return out;
  }
}
