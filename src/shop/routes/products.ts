import type { ShopDeps } from '../deps.js';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { centsToPrice } from '../money.js';

export function productRoutes(deps: ShopDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/products',
      async handler({ url }) {
        const inStock = url.searchParams.get('in_stock');
        if (inStock !== null && inStock !== 'true' && inStock !== 'false') {
          throw new HttpError(400, 'in_stock must be true or false');
        }
        const { rows } = await deps.db.query<{
          id: number;
          name: string;
          price_cents: number;
          stock: number;
        }>(
          `SELECT id, name, price_cents, stock FROM products ${inStock === 'true' ? 'WHERE stock > 0' : ''} ORDER BY id`,
        );
        return {
          status: 200,
          body: rows.map((p) => ({
            id: p.id,
            name: p.name,
            price: centsToPrice(p.price_cents),
            stock: p.stock,
          })),
        };
      },
    },
  ];
}
