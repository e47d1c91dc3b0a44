/**
 * A misbehaving shop as a real process, for the fault-matrix tests (127.0.0.1 only): the
 * reference shop's contract (test/servers/reference-shop-fake.ts) with one fault switched on.
 *
 *   node --import tsx test/faults/support/fault-target.ts <mode> <port>
 *
 * Modes:
 * - shop          a healthy shop (the "killed mid-run" and daemonizing cases kill or detach it)
 * - never-ready   the shop, but GET /health answers 503 for ever
 * - trickle       POST /api/orders answers 201, then one body byte every 300 ms, for ever
 * - huge          POST /api/orders answers 500 with a chunked 50 MB body
 * - echo          POST /api/orders answers 500 echoing the request's secrets (password, token),
 *                 with an ANSI escape and a right-to-left override (U+202E) in the text
 * It prints `listening <url>` on stdout once it listens, and stops on SIGTERM.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startReferenceFake } from '../../servers/reference-shop-fake.js';

const [mode = 'shop', portText = '0'] = process.argv.slice(2);
const SECRET_ECHO = process.env.FAULT_ECHO ?? '';

function intercept(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/__hits') {
    let n = 0;
    for (const [key, count] of shop.hits) if (key !== 'GET /__hits') n += count;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests: n }));
    return true;
  }
  if (path === '/health') {
    res.writeHead(mode === 'never-ready' ? 503 : 200, { 'content-type': 'text/plain' });
    res.end(mode === 'never-ready' ? 'starting' : 'ok');
    return true;
  }
  if (req.method !== 'POST' || path !== '/api/orders') return false;
  if (mode === 'trickle') {
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': '1000000' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 300);
    res.on('close', () => clearInterval(timer));
    return true;
  }
  if (mode === 'huge') {
    res.writeHead(500, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = 50 * 1024 * 1024;
    const pump = () => {
      while (left > 0) {
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => {});
    pump();
    return true;
  }
  if (mode === 'echo') {
    const auth = req.headers.authorization ?? '';
    const text =
      `database error for ${auth} \u001b[31mpassword=${SECRET_ECHO}\u001b[0m ` +
      `\u202Egnp.exe secret ${SECRET_ECHO}`;
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: text }));
    return true;
  }
  return false;
}

const shop = await startReferenceFake({
  port: Number(portText),
  products: 5,
  stock: 1_000_000,
  password: process.env.FAULT_PASSWORD ?? 'loadtest123',
  intercept,
});
process.stdout.write(`listening ${shop.url}\n`);
const stop = () => {
  void shop.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
