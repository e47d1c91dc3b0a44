/** Prices are stored as integer cents and shown as decimal numbers (1999 -> 19.99). */
export function centsToPrice(cents: number | string): number {
  return Number(cents) / 100;
}

export function priceToCents(price: number): number {
  return Math.round(price * 100);
}
