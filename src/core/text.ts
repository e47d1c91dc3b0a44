/** "1 order", "2 orders": a count with its word, plural when not 1. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
