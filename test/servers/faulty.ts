/**
 * Targets that fail at the connection level, for the error classification tests (127.0.0.1 only):
 * a port nobody listens on, a server that resets every connection once a request arrives, and one
 * that accepts requests and never answers.
 */
import { once } from 'node:events';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { Running } from './http-kit.js';

async function listenNet(server: Server, sockets: Set<Socket>): Promise<Running> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port that refuses connections: bound once to learn a free port, then released. */
export async function refusedPort(): Promise<string> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Resets (TCP RST) every connection as soon as request bytes arrive. */
export async function startResettingServer(): Promise<Running> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => socket.resetAndDestroy());
  });
  return listenNet(server, sockets);
}

/** Reads requests and never answers (until closed). */
export async function startSilentServer(): Promise<Running> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.resume();
  });
  return listenNet(server, sockets);
}

/** Answers the headers, then stalls in the middle of the body. */
export async function startStallingBodyServer(): Promise<Running> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => {
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"partial":',
      );
    });
  });
  return listenNet(server, sockets);
}
