/**
 * The reference shop's contract (src/shop) in the scenario schema, so one flow implementation
 * drives both the reference shop and any shop described by a scenario file:
 *
 *   POST /api/auth/login {username, password}      -> 200 {token}
 *   GET  /api/products?in_stock=true                -> [{id, name, price, stock}]
 *   POST /api/cart/items {productId, quantity}     -> 201          (Authorization: Bearer <token>)
 *   POST /api/orders {}                             -> 201 {id, status, total}; 409 out of stock
 *
 * The reference shop takes the cart and checks stock in one transaction, rolled back on a 409:
 * the cart is kept when an order is refused (keepsCartOnFailure).
 */
import type { Scenario } from './schema.js';
import { validateScenario } from './validate.js';

/**
 * Written out whole, every default of the schema filled in (test/scenario/default-scenario.test.ts
 * checks that the schema parses it to itself): the run with the built-in scenario loads no zod.
 */
export const REFERENCE_SCENARIO: Scenario = {
  version: 1,
  name: 'reference shop',
  basePath: '',
  headers: {},
  capture: {},
  auth: { header: 'Authorization', value: 'Bearer {{token}}' },
  unauthorized: { status: [401] },
  login: {
    method: 'POST',
    bodyType: 'json',
    path: '/api/auth/login',
    body: { username: '{{username}}', password: '{{password}}' },
    success: { status: [200] },
    session: { from: 'json', path: 'token' },
  },
  products: {
    method: 'GET',
    bodyType: 'json',
    path: '/api/products?in_stock=true',
    success: { status: [200] },
    list: '$',
    fields: { id: 'id', stock: 'stock', name: 'name' },
    inStockFilter: false,
  },
  addToCart: {
    method: 'POST',
    bodyType: 'json',
    path: '/api/cart/items',
    body: { productId: '{{productId}}', quantity: '{{quantity}}' },
    success: { status: [201] },
  },
  order: {
    method: 'POST',
    bodyType: 'json',
    path: '/api/orders',
    body: {},
    success: { status: [201] },
    outOfStock: { status: [409] },
    orderId: 'id',
    keepsCartOnFailure: true,
  },
  inventory: {
    method: 'GET',
    bodyType: 'json',
    // The X-Admin-Token header is added by the integrity check, which holds the admin token.
    path: '/admin/inventory',
    list: 'products',
    fields: { id: 'id', stock: 'stock' },
    ordersCount: 'orders',
    unitsOrdered: 'unitsOrdered',
    ordersByStatus: 'ordersByStatus',
    readOrder: {
      method: 'GET',
      bodyType: 'json',
      path: '/api/orders/{{orderId}}',
      items: 'items',
      fields: { productId: 'productId', quantity: 'quantity' },
      status: 'status',
      processedStatus: 'processed',
      createdAt: 'createdAt',
      processedAt: 'processedAt',
    },
  },
};

export function defaultScenario(): Scenario {
  const scenario = structuredClone(REFERENCE_SCENARIO);
  const problem = validateScenario(scenario);
  if (problem) throw new Error(`default scenario: ${problem.path}: ${problem.expected}`);
  return scenario;
}
