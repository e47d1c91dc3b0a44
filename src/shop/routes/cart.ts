import { authenticate } from '../auth/sessions.js';
import type { ShopDeps } from '../deps.js';
import { readJsonBody } from '../http/body.js';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { parseBody } from '../http/validate.js';
import { cartItemBody } from '../schemas.js';

export function cartRoutes(deps: ShopDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/cart/items',
      async handler({ req }) {
        const userId = await authenticate(deps.db, req);
        const { productId, quantity } = parseBody(cartItemBody, await readJsonBody(req));
        // One statement: adds to the cart only if the product exists, summing repeated adds.
        const { rows } = await deps.db.query<{ quantity: number }>(
          `INSERT INTO cart_items (user_id, product_id, quantity)
           SELECT $1, id, $3 FROM products WHERE id = $2
           ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity
           RETURNING quantity`,
          [userId, productId, quantity],
        );
        const row = rows[0];
        if (!row) throw new HttpError(404, 'product not found', { productId });
        return { status: 201, body: { productId, quantity: row.quantity } };
      },
    },
  ];
}
