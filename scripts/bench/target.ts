/**
 * The fast local target both generators hit: nginx (one worker, `return` with canned JSON, unlimited
 * keep-alive) when it is installed, else the node:http server of server.ts. Each in its own process,
 * pinned to its own core when taskset exists.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { CART_JSON, LOGIN_JSON, ORDER_TEMPLATE, PRODUCTS_JSON } from './contract.js';

export interface Target {
  kind: 'nginx' | 'node';
  url: string;
  stop(): void;
}

export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** `args` run on CPU `cpu` when taskset exists. */
export function pinned(cpu: number, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', String(cpu), ...args]] : [args[0]!, args.slice(1)];
}

export function nginxBinary(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  probe.close();
  await once(probe, 'close');
  return port;
}

async function waitForPort(port: number, child: ChildProcess, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`the target exited (${child.exitCode})`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the target did not listen on ${port} within ${ms} ms`);
}

/** nginx's `return` text: single quotes and backslashes escaped. */
const q = (s: string): string => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

function nginxConfig(dir: string, port: number): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${join(dir, t)};`)
    .join('\n');
  return `daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile 20000;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} error;
events { worker_connections 8192; multi_accept on; }
http {
  access_log off;
${temp}
  keepalive_timeout 300s;
  keepalive_requests 1000000000;
  default_type application/json;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location = /api/auth/login { return 200 ${q(LOGIN_JSON)}; }
    location = /api/products { return 200 ${q(PRODUCTS_JSON)}; }
    location = /api/cart/items { return 201 ${q(CART_JSON)}; }
    location = /api/orders { return 201 ${q(ORDER_TEMPLATE.replace('{{id}}', '$request_id'))}; }
    location = /health { return 200 '{"ok":true}'; }
    location / { return 404 '{"error":"not found"}'; }
  }
}
`;
}

async function startNginx(binary: string, workDir: string, cpu: number): Promise<Target> {
  const dir = join(workDir, 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port));
  const [cmd, args] = pinned(cpu, [binary, '-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port, child);
  return { kind: 'nginx', url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function startNode(serverScript: string, cpu: number): Promise<Target> {
  const [cmd, args] = pinned(cpu, [process.execPath, serverScript]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  await waitForPort(port, child);
  return { kind: 'node', url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** `prefer`: 'auto' takes nginx when installed and falls back to the node server. */
export async function startTarget(
  prefer: 'auto' | 'nginx' | 'node',
  workDir: string,
  serverScript: string,
  cpu: number,
): Promise<Target> {
  const binary = prefer === 'node' ? undefined : nginxBinary();
  if (binary) {
    try {
      return await startNginx(binary, workDir, cpu);
    } catch (err) {
      if (prefer === 'nginx') throw err;
      process.stdout.write(`nginx did not start (${(err as Error).message}); using the node server\n`);
    }
  } else if (prefer === 'nginx') {
    throw new Error('nginx is not installed (apt-get install -y nginx-light)');
  }
  return startNode(serverScript, cpu);
}
