/**
 * The fallback target when nginx is missing: a node:http server answering the reference contract with
 * canned JSON (contract.ts). Run as its own process (bundled by main.ts); prints its port.
 *
 *   node .tmp/bench/server.mjs [port=0]
 */
import { createServer } from 'node:http';
import { route } from './contract.js';

let nextId = 0;
const id = (): string => String(++nextId);

const server = createServer((req, res) => {
  const respond = (): void => {
    const [status, body] = route(req.method ?? 'GET', req.url ?? '/', id);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (req.method === 'GET' || req.method === 'HEAD') {
    respond();
    req.resume();
  } else {
    req.resume();
    req.on('end', respond);
  }
});
server.keepAliveTimeout = 300_000;
server.headersTimeout = 310_000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', 4096, () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => process.exit(0));
