import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Idle keep-alive sockets are closed by the server after this long. Node's default (5 s) races
 * with clients that reuse a pooled socket just as the server drops it, which surfaces as random
 * ECONNRESETs in long tests and benchmarks; every server here is closed explicitly instead.
 */
const KEEP_ALIVE_MS = 120_000;

/** Listens on 127.0.0.1 with an ephemeral port and resolves to the server's base URL. */
export async function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Stops accepting connections, drops the open ones (idle or not), and resolves once closed. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error?: Error) => (error ? reject(error) : resolve()));
  });
  server.closeAllConnections();
  await closed;
}

/** Reads a request body completely. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
