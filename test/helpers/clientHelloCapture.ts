/**
 * The first TLS record real clients send: a raw node:net server on 127.0.0.1 reads each
 * connection's ClientHello record before any TLS happens and closes the connection. The
 * clients are the real programs: Debian's curl and Chromium, and Node's https, http2 and ws.
 */
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import { createServer, connect as netConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import WebSocket from 'ws';
import { launchChromium } from './headlessChromium';
import { makeCertificate } from './tlsCapture';

/** The host name every client is pointed at (resolved to 127.0.0.1 by each client's own option). */
export const HELLO_HOST = 'shop.example.com';

/** A listening raw server, and the ClientHello records of its connections as they come. */
export interface HelloServer {
  port: number;
  /** The next connection's first TLS record (5-byte header included). */
  next(): Promise<Buffer>;
  /** The records that arrived and nobody asked for yet. */
  rest(): Buffer[];
  close(): void;
}

/**
 * A raw server that reads each connection's first record and then closes it, or, with `relay`,
 * hands the connection on (the relay sees every chunk, the first record's included).
 */
export async function helloServer(relay?: (socket: Socket) => void): Promise<HelloServer> {
  const records: Buffer[] = [];
  const waiting: ((record: Buffer) => void)[] = [];
  const server: Server = createServer((socket) => {
    let buffered: Buffer | undefined = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      if (!buffered) return;
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 5 || buffered.length < 5 + buffered.readUInt16BE(3)) return;
      const record = buffered.subarray(0, 5 + buffered.readUInt16BE(3));
      buffered = undefined;
      if (!relay) socket.destroy();
      const reader = waiting.shift();
      if (reader) reader(record);
      else records.push(record);
    });
    relay?.(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    next: () => {
      const record = records.shift();
      return record ? Promise.resolve(record) : new Promise((resolve) => waiting.push(resolve));
    },
    rest: () => records.splice(0),
    close: () => server.close(),
  };
}

/** Runs `client` against a fresh raw server and returns the first ClientHello record it sends. */
async function firstHello(client: (port: number) => () => void): Promise<Buffer> {
  const server = await helloServer();
  const stop = client(server.port);
  try {
    return await server.next();
  } finally {
    stop();
    server.close();
  }
}

/** `curl --version`'s first line, e.g. `curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.22 ...`. */
export function curlVersion(): string {
  return execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0];
}

/** curl's ClientHello with the given options (e.g. `--http1.1`, `--tls-max 1.2`). */
export function curlHello(options: readonly string[]): Promise<Buffer> {
  return firstHello((port) => {
    const child = execFile('curl', ['-sk', '--max-time', '5', ...options, '--resolve', `${HELLO_HOST}:${port}:127.0.0.1`, `https://${HELLO_HOST}:${port}/`], () => {});
    return () => child.kill();
  });
}

export type NodeClient = 'https' | 'https-alpn' | 'https-tls12' | 'http2' | 'ws';

/** Node's ClientHello from one of its clients, each with default options but the server name. */
export function nodeHello(client: NodeClient): Promise<Buffer> {
  return firstHello((port) => {
    const tls = { host: '127.0.0.1', port, servername: HELLO_HOST, rejectUnauthorized: false };
    if (client === 'http2') {
      const session = http2.connect(`https://${HELLO_HOST}:${port}`, { ...tls });
      session.on('error', () => {});
      return () => session.destroy();
    }
    if (client === 'ws') {
      // ws hands servername on to tls.connect; its ClientOptions type does not list it.
      const options: WebSocket.ClientOptions & { servername: string } = { servername: HELLO_HOST, rejectUnauthorized: false, headers: { host: HELLO_HOST } };
      const socket = new WebSocket(`wss://127.0.0.1:${port}/`, options);
      socket.on('error', () => {});
      return () => socket.terminate();
    }
    const request = https.get({
      ...tls, headers: { host: HELLO_HOST },
      ...(client === 'https-alpn' ? { ALPNProtocols: ['h2', 'http/1.1'] } : {}),
      ...(client === 'https-tls12' ? { maxVersion: 'TLSv1.2' as const } : {}),
    });
    request.on('error', () => {});
    return () => request.destroy();
  });
}

/** `chromium --version`, e.g. `Chromium 156.0.8078.129 built on Debian GNU/Linux 12 (bookworm)`. */
export function chromiumVersion(executable: string): string {
  return execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/**
 * `count` ClientHellos of headless Chromium, each from a fetch() on a blank page to
 * https://HELLO_HOST:<port>/, the host mapped to 127.0.0.1 by --host-resolver-rules. Each
 * fetch fails (the server closes), so each opens a new connection.
 */
export async function chromiumHellos(count: number): Promise<Buffer[]> {
  const server = await helloServer();
  const browser = await launchChromium([`--host-resolver-rules=MAP ${HELLO_HOST} 127.0.0.1`]);
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    const hellos: Buffer[] = [];
    for (let index = 0; index < count; index++) {
      const hello = server.next();
      await page.evaluate((url) => fetch(url).then(() => undefined, () => undefined), `https://${HELLO_HOST}:${server.port}/`);
      hellos.push(await hello);
    }
    return hellos;
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * The ClientHellos of headless Chromium loading https://HELLO_HOST:<port>/ `count` times from a
 * real node:https server (a throwaway certificate, accepted with ignoreHTTPSErrors) that answers
 * `Connection: close`, so each load opens a new connection and, from the second on, resumes
 * the TLS 1.3 session with the ticket the server issued. A relay in front records each
 * connection's first record and passes everything on. Chromium opens more connections than
 * loads (a favicon, a spare one), some without a ticket: every hello is returned, in order.
 */
export async function chromiumResumingHellos(count: number): Promise<Buffer[]> {
  const certificate = makeCertificate(HELLO_HOST);
  const server = https.createServer({ key: certificate.key, cert: certificate.cert, ALPNProtocols: ['http/1.1'] }, (_request, response) => {
    response.setHeader('Connection', 'close');
    response.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const target = (server.address() as AddressInfo).port;
  const hellos = await helloServer((client) => {
    const upstream = netConnect(target, '127.0.0.1');
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('error', () => {});
  });
  const browser = await launchChromium([`--host-resolver-rules=MAP ${HELLO_HOST} 127.0.0.1`]);
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    for (let index = 0; index < count; index++) await page.goto(`https://${HELLO_HOST}:${hellos.port}/?load=${index}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return hellos.rest();
  } finally {
    await browser.close();
    hellos.close();
    server.close();
  }
}
