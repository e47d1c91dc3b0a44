/**
 * Reading a product's stock: a JSON path ("stock"), an arithmetic expression over paths with the
 * operators separated by spaces ("stockOnHand - stockAllocated", "(a + b) * 2"), and words mapped
 * to a number or to `available` (in stock, amount unknown): { IN_STOCK: available, OUT_OF_STOCK: 0 }.
 * A value that is none of these is a problem, never "in stock".
 */
import { formatJsonPath, getPath, type JsonPath, jsonPathProblem, parseJsonPath } from './json-path.js';

/** A stock word's meaning: units, or in stock without a count. */
export type StockWord = number | 'available';

/** A number of units, null for "in stock, amount unknown", or the problem as text. */
export type StockReading = number | null | { problem: string };

export type StockReader = (item: unknown) => StockReading;

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'path'; path: JsonPath }
  | { kind: 'op'; op: '+' | '-' | '*' | '/'; left: Node; right: Node };

const OPS = new Set(['+', '-', '*', '/']);

function tokenize(text: string): string[] {
  return text
    .replace(/\(/g, ' ( ')
    .replace(/\)/g, ' ) ')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
}

/** Parses a stock expression; throws an Error whose message says what is expected. */
function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let at = 0;
  const expect = (what: string): never => {
    const found = at < tokens.length ? `"${tokens[at]}"` : 'the end';
    throw new Error(`${what} at ${found} (operators +, -, *, / stand apart with spaces around them)`);
  };
  const factor = (): Node => {
    const token = tokens[at];
    if (token === undefined || OPS.has(token) || token === ')') return expect('a number, a JSON path or "("');
    at++;
    if (token === '(') {
      const inner = sum();
      if (tokens[at] !== ')') expect('")"');
      at++;
      return inner;
    }
    if (/^-?\d+(\.\d+)?$/.test(token)) return { kind: 'number', value: Number(token) };
    const problem = jsonPathProblem(token);
    if (problem) throw new Error(`a JSON path, found "${token}" (${problem})`);
    return { kind: 'path', path: parseJsonPath(token) };
  };
  const product = (): Node => {
    let left = factor();
    while (tokens[at] === '*' || tokens[at] === '/') {
      const op = tokens[at++] as '*' | '/';
      left = { kind: 'op', op, left, right: factor() };
    }
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (tokens[at] === '+' || tokens[at] === '-') {
      const op = tokens[at++] as '+' | '-';
      left = { kind: 'op', op, left, right: product() };
    }
    return left;
  };
  const node = sum();
  if (at < tokens.length) expect('an operator or the end');
  return node;
}

/** The problem with a stock spec (a path or an expression), or undefined when it is valid. */
export function stockProblem(spec: string): string | undefined {
  try {
    parseExpression(spec);
    return undefined;
  } catch (err) {
    return `a JSON path or an expression such as "stockOnHand - stockAllocated": expected ${(err as Error).message}`;
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return 'nothing';
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function compileStock(spec: string, words: Readonly<Record<string, StockWord>> = {}): StockReader {
  const root = parseExpression(spec);
  const wordList = Object.keys(words);
  const readLeaf = (item: unknown, path: JsonPath): StockReading => {
    const raw = getPath(item, path);
    if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
    if (typeof raw === 'string') {
      if (Object.hasOwn(words, raw)) {
        const w = words[raw]!;
        return w === 'available' ? null : w;
      }
      const n = raw.trim() === '' ? Number.NaN : Number(raw);
      if (Number.isFinite(n)) return n;
    }
    const known = wordList.length > 0 ? ` or one of ${wordList.join(', ')}` : ' (map words with stockWords)';
    return {
      problem: `the stock at ${formatJsonPath(path)} is ${describe(raw)}, not a number${known}`,
    };
  };
  const evaluate = (node: Node, item: unknown): StockReading => {
    if (node.kind === 'number') return node.value;
    if (node.kind === 'path') return readLeaf(item, node.path);
    const left = evaluate(node.left, item);
    if (left !== null && typeof left === 'object') return left;
    const right = evaluate(node.right, item);
    if (right !== null && typeof right === 'object') return right;
    if (left === null || right === null) {
      return { problem: `"${spec}" needs numbers, but a word means "available" without a count` };
    }
    switch (node.op) {
      case '+':
        return left + right;
      case '-':
        return left - right;
      case '*':
        return left * right;
      default:
        return right === 0 ? { problem: `"${spec}" divides by zero` } : left / right;
    }
  };
  return (item) => evaluate(root, item);
}
