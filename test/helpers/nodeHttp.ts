import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';

/*
 * Node's own HTTP parser (llhttp) as a referee for bytes a trace says crossed the wire:
 * requests go to a real `http.createServer`, responses are served raw from a
 * `net.createServer` to a real `http.request`. Every server and socket is closed afterwards.
 */

export interface NodeParsedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  /** Node routed the request to the server's 'upgrade' event (Connection: Upgrade). */
  upgrade: boolean;
}

export interface NodeParsedResponse {
  statusCode: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  /** Node reported the response through the request's 'upgrade' event (101 Switching Protocols). */
  upgrade: boolean;
}

/** Listens on an ephemeral port on 127.0.0.1 only. */
export async function listen(server: net.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

export async function close(server: net.Server): Promise<void> {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/**
 * Writes `bytes` (one buffer, or several writes to test split delivery) to a real Node HTTP
 * server and returns what its parser made of the request. The socket stays open: only the
 * message framing tells Node where the body ends.
 */
export async function parseRequestWithNode(bytes: Uint8Array | readonly Uint8Array[]): Promise<NodeParsedRequest> {
  const server = http.createServer();
  const received = new Promise<NodeParsedRequest>((resolve, reject) => {
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('error', reject);
      request.on('end', () => {
        resolve({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, rawHeaders: request.rawHeaders, body: Buffer.concat(chunks), upgrade: false });
        response.end();
      });
    });
    server.on('upgrade', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      resolve({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, rawHeaders: request.rawHeaders, body: head, upgrade: true });
      socket.destroy();
    });
    server.on('clientError', reject);
  });
  const port = await listen(server);
  const socket = net.connect(port, '127.0.0.1');
  try {
    const failed = once(socket, 'error').then(([error]) => Promise.reject(error as Error));
    await Promise.race([once(socket, 'connect'), failed]);
    socket.setNoDelay(true);
    for (const write of bytes instanceof Uint8Array ? [bytes] : bytes) socket.write(write);
    return await Promise.race([received, failed]);
  } finally {
    socket.destroy();
    server.closeAllConnections();
    await close(server);
  }
}

/**
 * Serves `bytes` raw, once the request head has arrived, to a real Node HTTP client and
 * returns what its parser made of the response. With `upgrade`, the client asks for a
 * WebSocket upgrade, so a 101 is reported through the 'upgrade' event as Node does.
 */
export async function parseResponseWithNode(bytes: Uint8Array, options: { method?: string; upgrade?: boolean } = {}): Promise<NodeParsedResponse> {
  const sockets = new Set<net.Socket>();
  const serverErrors: Error[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', (error) => serverErrors.push(error));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        socket.write(bytes);
      }
    };
    socket.on('data', onData);
  });
  const port = await listen(server);
  let request: http.ClientRequest | undefined;
  try {
    const response = await new Promise<NodeParsedResponse>((resolve, reject) => {
      request = http.request({
        host: '127.0.0.1', port, path: '/', agent: false, method: options.method ?? 'GET',
        ...(options.upgrade ? { headers: { Connection: 'Upgrade', Upgrade: 'websocket' } } : {}),
      }, (message) => {
        const chunks: Buffer[] = [];
        message.on('data', (chunk: Buffer) => chunks.push(chunk));
        message.on('error', reject);
        message.on('end', () => resolve({
          statusCode: message.statusCode ?? 0, statusMessage: message.statusMessage ?? '', headers: message.headers, rawHeaders: message.rawHeaders, body: Buffer.concat(chunks), upgrade: false,
        }));
      });
      request.on('upgrade', (message: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
        resolve({ statusCode: message.statusCode ?? 0, statusMessage: message.statusMessage ?? '', headers: message.headers, rawHeaders: message.rawHeaders, body: head, upgrade: true });
        socket.destroy();
      });
      request.on('error', reject);
      request.end();
    });
    if (serverErrors.length > 0) throw serverErrors[0];
    return response;
  } finally {
    request?.destroy();
    for (const socket of sockets) socket.destroy();
    await close(server);
  }
}
