/**
 * Parsing helpers of the lean HTTP/1.1 client (lean-http.ts): the response head, the chunked
 * transfer coding as a byte state machine (sizes, CRLFs and trailers may split anywhere), and the
 * lazy header record.
 */

export interface ParsedHead {
  status: number;
  /** The head (status line and header lines) as one latin1 string, parsed into a record on demand. */
  head: string;
  setCookie: string[] | undefined;
  /** The server closes the connection after this answer. */
  close: boolean;
  chunked: boolean;
  /** Content-Length, or -1 when absent. */
  length: number;
}

// One result object, reused: the caller copies the fields out before the next parse.
const result: ParsedHead = {
  status: 0,
  head: '',
  setCookie: undefined,
  close: false,
  chunked: false,
  length: -1,
};

const H = 0x48;

function nameIs(head: string, start: number, length: number, lower: string): boolean {
  if (length !== lower.length) return false;
  for (let i = 0; i < length; i++) {
    if ((head.charCodeAt(start + i) | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The decimal number in `head[start, end)` between optional blanks; -1 when there is none. */
function digits(head: string, start: number, end: number): number {
  let i = start;
  while (i < end && (head.charCodeAt(i) === 0x20 || head.charCodeAt(i) === 0x09)) i++;
  let n = 0;
  const first = i;
  for (; i < end; i++) {
    const d = head.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (i === first || i - first > 15) return -1;
  while (i < end && (head.charCodeAt(i) === 0x20 || head.charCodeAt(i) === 0x09)) i++;
  return i === end ? n : -1;
}

/** Parses `data[start, end)` (the head without its final CRLFCRLF); null when malformed. */
export function parseHead(data: Buffer, start: number, end: number): ParsedHead | null {
  // "HTTP/1.x NNN"
  if (end - start < 12 || data[start] !== H || data[start + 4] !== 0x2f || data[start + 8] !== 0x20)
    return null;
  const d0 = data[start + 9]! - 48;
  const d1 = data[start + 10]! - 48;
  const d2 = data[start + 11]! - 48;
  if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  const head = data.toString('latin1', start, end);
  if (!head.startsWith('HTTP/1.')) return null;
  const http10 = head.charCodeAt(7) === 0x30;
  result.status = d0 * 100 + d1 * 10 + d2;
  result.head = head;
  result.setCookie = undefined;
  result.chunked = false;
  result.length = -1;
  let close = http10;
  let lineStart = head.indexOf('\r\n');
  while (lineStart >= 0) {
    lineStart += 2;
    let lineEnd = head.indexOf('\r\n', lineStart);
    if (lineEnd < 0) lineEnd = head.length;
    const colon = head.indexOf(':', lineStart);
    const nameLen = colon - lineStart;
    if (colon > 0 && colon < lineEnd && (nameLen === 10 || nameLen === 14 || nameLen === 17)) {
      // (names compared in place, case-insensitively, without making a string)
      if (nameIs(head, lineStart, nameLen, 'set-cookie')) {
        const value = head.slice(colon + 1, lineEnd).trim();
        if (result.setCookie === undefined) result.setCookie = [value];
        else result.setCookie.push(value);
      } else if (nameIs(head, lineStart, nameLen, 'connection')) {
        const value = head.slice(colon + 1, lineEnd).toLowerCase();
        if (value.includes('close')) close = true;
        else if (value.includes('keep-alive')) close = false;
      } else if (nameIs(head, lineStart, nameLen, 'content-length')) {
        const n = digits(head, colon + 1, lineEnd);
        if (n < 0 || (result.length >= 0 && result.length !== n)) return null;
        result.length = n;
      } else if (nameIs(head, lineStart, nameLen, 'transfer-encoding')) {
        result.chunked = head
          .slice(colon + 1, lineEnd)
          .trim()
          .toLowerCase()
          .endsWith('chunked');
        if (!result.chunked) close = true; // an unknown coding: read until close
      }
    }
    lineStart = lineEnd < head.length ? lineEnd : -1;
  }
  result.close = close;
  if (result.chunked) result.length = -1;
  return result;
}

/** The header lines of a head as a record: lower-case names, repeated headers as arrays (as undici). */
export function rawHeaders(head: string): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  let lineStart = head.indexOf('\r\n');
  while (lineStart >= 0) {
    lineStart += 2;
    let lineEnd = head.indexOf('\r\n', lineStart);
    if (lineEnd < 0) lineEnd = head.length;
    const colon = head.indexOf(':', lineStart);
    if (colon > lineStart && colon < lineEnd) {
      const name = head.slice(lineStart, colon).trim().toLowerCase();
      const value = head.slice(colon + 1, lineEnd).trim();
      const prev = out[name];
      if (prev === undefined) out[name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[name] = [prev, value];
    }
    lineStart = lineEnd < head.length ? lineEnd : -1;
  }
  return out;
}

enum S {
  Size,
  Ext,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerStart,
  TrailerLine,
  EndLf,
}

export interface ChunkedState {
  state: number;
  size: number;
  digits: number;
  done: boolean;
}

export function newChunkedState(): ChunkedState {
  return { state: S.Size, size: 0, digits: 0, done: false };
}

export function resetChunked(c: ChunkedState): void {
  c.state = S.Size;
  c.size = 0;
  c.digits = 0;
  c.done = false;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * Feeds `data[pos, end)` to the chunked decoder; chunk data goes to `append(data, from, to)` (false: stop).
 * Returns where it stopped (at the body's end when `c.done`), or -1 on malformed input or a refused append.
 */
export function feedChunked(
  c: ChunkedState,
  data: Buffer,
  pos: number,
  end: number,
  append: (data: Buffer, from: number, to: number) => boolean,
): number {
  let i = pos;
  while (i < end) {
    const b = data[i]!;
    switch (c.state) {
      case S.Size: {
        const v = hexValue(b);
        if (v >= 0) {
          if (++c.digits > 12) return -1;
          c.size = c.size * 16 + v;
        } else if (b === 0x0d && c.digits > 0) c.state = S.SizeLf;
        else if ((b === 0x3b || b === 0x20 || b === 0x09) && c.digits > 0) c.state = S.Ext;
        else return -1;
        i++;
        break;
      }
      case S.Ext:
        if (b === 0x0d) c.state = S.SizeLf;
        i++;
        break;
      case S.SizeLf:
        if (b !== 0x0a) return -1;
        c.state = c.size === 0 ? S.TrailerStart : S.Data;
        c.digits = 0;
        i++;
        break;
      case S.Data: {
        const take = Math.min(c.size, end - i);
        if (!append(data, i, i + take)) return -1;
        c.size -= take;
        i += take;
        if (c.size === 0) c.state = S.DataCr;
        break;
      }
      case S.DataCr:
        if (b !== 0x0d) return -1;
        c.state = S.DataLf;
        i++;
        break;
      case S.DataLf:
        if (b !== 0x0a) return -1;
        c.state = S.Size;
        i++;
        break;
      case S.TrailerStart:
        c.state = b === 0x0d ? S.EndLf : S.TrailerLine;
        i++;
        break;
      case S.TrailerLine:
        if (b === 0x0a) c.state = S.TrailerStart;
        i++;
        break;
      case S.EndLf:
        if (b !== 0x0a) return -1;
        c.done = true;
        return i + 1;
    }
  }
  return i;
}
