import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

export interface Request {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Handler = (request: Request) => Promise<Reply>;

export interface Route {
  method: 'GET' | 'POST';
  /** A path with `:name` segments, e.g. /api/orders/:id. */
  path: string;
  handler: Handler;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  keys: string[];
}

function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), keys };
}

/**
 * Finds the handler for a method and path: 404 when no route has the path, 405 (with Allow)
 * when routes have the path but not the method.
 */
export function createRouter(routes: readonly Route[]): (
  method: string,
  path: string,
) => {
  handler: Handler;
  params: Record<string, string>;
} {
  const compiled = routes.map(compile);
  return (method, path) => {
    const allowed: string[] = [];
    for (const route of compiled) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        try {
          params[key] = decodeURIComponent(match[i + 1] ?? '');
        } catch {
          throw new HttpError(400, 'malformed path');
        }
      });
      return { handler: route.handler, params };
    }
    if (allowed.length > 0) {
      throw new HttpError(405, `method ${method} not allowed`, { allowed }, { allow: allowed.join(', ') });
    }
    throw new HttpError(404, 'not found');
  };
}
