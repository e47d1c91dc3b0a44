import { request } from 'undici';

/** The reference shop's inventory (GET /admin/inventory), as tests read it. */
export interface Inventory {
  products: { id: number; stock: number }[];
  orders: number;
  unitsOrdered: number;
}

export async function readInventory(url: string, adminToken: string): Promise<Inventory> {
  const res = await request(`${url}/admin/inventory`, { headers: { 'x-admin-token': adminToken } });
  return (await res.body.json()) as Inventory;
}
