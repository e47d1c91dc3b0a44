import { GateError } from './errors.js';

/**
 * A server that cannot listen says so in one line with a code, naming the option that sets the
 * port or the host (instead of Node's EADDRINUSE stack trace).
 */
export function listenError(err: unknown, what: string, host: string, port: number, option: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new GateError(
      'OLG_ERR_PORT_IN_USE',
      `${what} cannot listen on ${where}: the port is already in use. Stop what uses it or choose another with ${option}.`,
      { cause: err },
    );
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new GateError(
      'OLG_ERR_PORT_IN_USE',
      `${what} cannot listen on ${where} (${code}): ${code === 'EACCES' ? 'ports below 1024 need privileges' : 'no such local address'}; choose another with ${option}.`,
      { cause: err },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
