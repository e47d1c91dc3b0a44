/**
 * A deliberately slow server: a proxy that serves one request at a time, each taking `serviceMs`
 * before it is forwarded to `upstream`. Requests queue up in FIFO order, as on an overloaded
 * single-worker server, so an open-model load sees latencies grow with the waiting time.
 */
import { createServer } from 'node:http';
import { request } from 'undici';
import { listen, type Running } from './http-kit.js';

export async function startSerialSlowProxy(upstream: string, serviceMs: number): Promise<Running> {
  let queue: Promise<void> = Promise.resolve();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const turn = queue.then(async () => {
        await new Promise((r) => setTimeout(r, serviceMs));
        const headers = { ...req.headers };
        delete headers.host;
        delete headers.connection;
        const up = await request(`${upstream}${req.url ?? '/'}`, {
          method: (req.method ?? 'GET') as 'GET',
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        const body = Buffer.from(await up.body.arrayBuffer());
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(up.headers)) {
          if (v !== undefined && k !== 'transfer-encoding' && k !== 'connection' && k !== 'keep-alive')
            out[k] = v;
        }
        res.writeHead(up.statusCode, out);
        res.end(body);
      });
      queue = turn.catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  return listen(server);
}
