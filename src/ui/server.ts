/**
 * The live UI's HTTP server: the page and its assets, the form's POST, Stop, the event stream
 * and the finished run's downloads. It binds 127.0.0.1 unless told otherwise. This page
 * launches load, so a POST must be JSON from the page itself (other sites cannot send that
 * without a CORS preflight, which is never answered), and on loopback the Host header must name
 * this server (no DNS rebinding).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';
import { chartAssetPaths } from '../report/html/assets.js';
import { CHART_SCRIPT } from '../report/html/chart-script.js';
import { BASE_CSS } from '../report/html/styles.js';
import { isTrustedRequest } from './http-guard.js';
import { renderPage } from './page-html.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_CSS } from './page-styles.js';
import { RunController } from './run-controller.js';
import { EventHub } from './sse.js';

export interface UiServerOptions {
  port: number;
  host?: string;
  /** Prefilled in the form. */
  target?: string;
  /** Used for "seed first" when the form leaves the admin token empty. */
  adminToken?: string;
  logger: Logger;
  version?: string;
}

export interface RunningUi {
  url: string;
  port: number;
  host: string;
  controller: RunController;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'none'",
};

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

/** Starts the UI server; resolves once it listens. */
export async function startUiServer(options: UiServerOptions): Promise<RunningUi> {
  const host = options.host ?? '127.0.0.1';
  const hub = new EventHub();
  const controller = new RunController(options.logger, (event, data) => hub.broadcast(event, data), {
    adminToken: options.adminToken,
  });
  const assets = chartAssetPaths();
  const uplotJs = readFileSync(assets.js, 'utf8');
  const uplotCss = readFileSync(assets.css, 'utf8');
  const page = renderPage({
    target: options.target,
    hasAdminToken: options.adminToken !== undefined,
    version: options.version ?? '',
  });
  let port = options.port;

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void> | void> = {
    'GET /': (_req, res) => send(res, 200, 'text/html; charset=utf-8', page),
    'GET /assets/uPlot.iife.min.js': (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', uplotJs),
    'GET /assets/uPlot.min.css': (_req, res) => send(res, 200, 'text/css; charset=utf-8', uplotCss),
    'GET /assets/charts.js': (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', CHART_SCRIPT),
    'GET /assets/page.js': (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', PAGE_SCRIPT),
    'GET /assets/page.css': (_req, res) => send(res, 200, 'text/css; charset=utf-8', BASE_CSS + PAGE_CSS),
    'GET /api/state': (_req, res) => sendJson(res, 200, controller.snapshot()),
    'GET /api/events': (req, res) =>
      hub.subscribe(req, res, { event: 'snapshot', data: controller.snapshot() }),
    'POST /api/runs': async (req, res) => {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        sendJson(res, 400, { error: 'The form data must be JSON (at most 64 KiB).' });
        return;
      }
      const result = await controller.start(body);
      if (result.ok) sendJson(res, 202, { runId: result.runId });
      else sendJson(res, result.status, { error: result.error, field: result.field });
    },
    'POST /api/stop': (_req, res) => sendJson(res, 200, { stopping: controller.stop() }),
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ui.invalid');
    const method = req.method ?? 'GET';
    if (!isTrustedRequest(req, { host, port })) {
      sendJson(res, 403, { error: 'Refused: this page only answers requests from itself.' });
      return;
    }
    const download = /^\/api\/runs\/(\d+)\/(results\.json|report\.html)$/.exec(url.pathname);
    if (method === 'GET' && download) {
      const kind = download[2] as 'results.json' | 'report.html';
      const body = controller.download(Number(download[1]), kind);
      if (body === undefined) sendJson(res, 404, { error: 'No such run, or it has not ended yet.' });
      else
        send(
          res,
          200,
          kind === 'report.html' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
          body,
          {
            'content-disposition': `attachment; filename="${kind === 'report.html' ? 'report.html' : 'results.json'}"`,
          },
        );
      return;
    }
    const route = routes[`${method} ${url.pathname}`];
    if (!route) {
      sendJson(res, 404, { error: `No route ${method} ${url.pathname}` });
      return;
    }
    Promise.resolve(route(req, res)).catch((err: unknown) => {
      options.logger.error(`ui: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error; see the server’s output.' });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    host,
    controller,
    close() {
      closing ??= (async () => {
        await controller.close();
        hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
