import { describe, expect, it } from 'vitest';
import {
  ProductCatalog,
  parseProducts,
  pickProducts,
  pickProductsInto,
} from '../../src/scenario/products.js';
import { compileStock } from '../../src/scenario/stock.js';
import { seededRandom } from '../support/seeded-random.js';

const fields = {
  productList: ['results'],
  productId: ['pk'],
  productStock: compileStock('quantity'),
  productName: ['title'],
  inStockFilter: true,
};

describe('product lists', () => {
  it('reads ids, stock and names, and filters out of stock items when asked', () => {
    const doc = {
      results: [
        { pk: 1, quantity: 3, title: 'A' },
        { pk: 2, quantity: 0 },
        { pk: 'x', quantity: '5' },
        { no: 1 },
      ],
    };
    expect(parseProducts(fields, doc)).toEqual([
      { id: 1, stock: 3, name: 'A' },
      { id: 'x', stock: 5 },
    ]);
    expect(parseProducts({ ...fields, inStockFilter: false }, doc)).toHaveLength(3);
    expect(parseProducts(fields, { items: [] })).toBe('no product array at results');
    expect(parseProducts(fields, { results: [{ id: 1 }] })).toMatch(/no product id at pk/);
  });

  it('picks distinct products with enough stock', () => {
    const random = seededRandom(1);
    const list = [1, 2, 3, 4].map((id) => ({ id, stock: id === 4 ? 1 : 10 }));
    for (let i = 0; i < 50; i++) {
      const picks = pickProducts(list, [1, 2], 2, random);
      expect(picks.length).toBeGreaterThanOrEqual(1);
      expect(picks.length).toBeLessThanOrEqual(2);
      expect(new Set(picks.map((p) => p.id)).size).toBe(picks.length);
      expect(picks.some((p) => p.id === 4)).toBe(false);
    }
    expect(pickProducts([{ id: 1, stock: null }], [2, 2], 1, random)).toEqual([{ id: 1, stock: null }]);
    expect(pickProducts([{ id: 1, stock: 0 }], [1, 1], 1, random)).toEqual([]);
  });

  it('picks into a reused array: its first entries, the count returned, the same draws as pickProducts', () => {
    const list = [1, 2, 3, 4, 5].map((id) => ({ id, stock: 10 }));
    const into = [
      { id: 'stale', stock: 1 },
      { id: 'stale', stock: 1 },
      { id: 'stale', stock: 1 },
    ];
    const [a, b] = [seededRandom(7), seededRandom(7)];
    for (let i = 0; i < 30; i++) {
      const count = pickProductsInto(into, list, [1, 2], 1, a);
      expect(into.slice(0, count)).toEqual(pickProducts(list, [1, 2], 1, b));
      expect(into).toHaveLength(3);
    }
    expect(pickProductsInto(into, [{ id: 9, stock: 0 }], [1, 2], 1, a)).toBe(0);
    expect(pickProductsInto(into, [{ id: 9, stock: null }], [2, 2], 1, a)).toBe(1);
    expect(into[0]).toEqual({ id: 9, stock: null });
  });
});

describe('the shared catalog', () => {
  it('is fresh until max age or an out-of-stock answer for its generation', () => {
    let now = 0;
    const catalog = new ProductCatalog(1000, () => now);
    expect(catalog.fresh()).toBeNull();
    const first = catalog.publish([{ id: 1, stock: 1 }]);
    expect(catalog.fresh()?.generation).toBe(first.generation);
    now = 1001;
    expect(catalog.fresh()).toBeNull();
    const second = catalog.publish([{ id: 2, stock: 1 }]);
    catalog.invalidate(first.generation); // an order placed from the older list: ignored
    expect(catalog.fresh()?.list[0]?.id).toBe(2);
    catalog.invalidate(second.generation);
    expect(catalog.fresh()).toBeNull();
    expect(catalog.last()?.list[0]?.id).toBe(2);
  });

  it('shares one refresh, and falls back to the last list when it fails', async () => {
    const catalog = new ProductCatalog(1000, () => 0);
    catalog.publish([{ id: 1, stock: 1 }]);
    const done = catalog.beginRefresh();
    const waiting = catalog.pending();
    expect(waiting).not.toBeNull();
    done(null);
    expect((await waiting)?.list[0]?.id).toBe(1);
    expect(catalog.pending()).toBeNull();
    const again = catalog.beginRefresh();
    const w2 = catalog.pending();
    again([{ id: 9, stock: 1 }]);
    expect((await w2)?.list[0]?.id).toBe(9);
  });
});

describe('nested product lists and computed stock', () => {
  const nested = {
    productList: ['items', '*', 'variants', '*'],
    productId: ['id'],
    productStock: compileStock('stockOnHand - stockAllocated'),
    productName: undefined,
    inStockFilter: true,
  };

  it('offers every variant of every product, with its computed stock', () => {
    const doc = {
      items: [
        {
          variants: [
            { id: 'a1', stockOnHand: 5, stockAllocated: 1 },
            { id: 'a2', stockOnHand: 3, stockAllocated: 3 },
          ],
        },
        { variants: [] },
        { variants: [{ id: 'b1', stockOnHand: 9, stockAllocated: 0 }] },
      ],
    };
    expect(parseProducts(nested, doc)).toEqual([
      { id: 'a1', stock: 4 },
      { id: 'b1', stock: 9 },
    ]);
    expect(parseProducts({ ...nested, inStockFilter: false }, doc)).toHaveLength(3);
    // A list path that reaches lists (items[*].variants) flattens them once.
    expect(parseProducts({ ...nested, productList: ['items', '*', 'variants'] }, doc)).toHaveLength(2);
  });

  it('a stock that cannot be read makes the whole list a problem, never "in stock"', () => {
    const doc = { items: [{ variants: [{ id: 'a1', stockOnHand: 'lots', stockAllocated: 0 }] }] };
    expect(parseProducts(nested, doc)).toBe(
      'product a1: the stock at stockOnHand is "lots", not a number (map words with stockWords)',
    );
  });
});
