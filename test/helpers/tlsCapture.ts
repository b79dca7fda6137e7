/**
 * Runs a real node:tls client/server exchange on 127.0.0.1 through a recording TCP relay
 * and splits each direction's raw byte stream into TLS records by their 5-byte headers.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';

export interface CapturedRecord {
  /** 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data (RFC 8446 §5.1). */
  contentType: number;
  /** Whole record: 5-byte header + fragment. */
  bytes: number;
  /** Handshake message type of a plaintext handshake record. */
  handshakeType?: number;
}

export interface CapturedExchange {
  clientToServer: CapturedRecord[];
  serverToClient: CapturedRecord[];
  session: Buffer | undefined;
  resumed: boolean;
}

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
  derBytes: number;
}

/** A throwaway RSA-2048 self-signed certificate, made with the openssl CLI. */
export function makeCertificate(commonName: string): TestCertificate {
  const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${commonName}`,
      '-keyout', join(directory, 'key.pem'), '-out', join(directory, 'cert.pem'),
    ], { stdio: 'ignore' });
    const cert = readFileSync(join(directory, 'cert.pem'));
    return { key: readFileSync(join(directory, 'key.pem')), cert, derBytes: new X509Certificate(cert).raw.length };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export function splitRecords(stream: Buffer): CapturedRecord[] {
  const records: CapturedRecord[] = [];
  let offset = 0;
  while (offset + 5 <= stream.length) {
    const length = stream.readUInt16BE(offset + 3);
    const contentType = stream[offset];
    records.push({ contentType, bytes: 5 + length, ...(contentType === 22 ? { handshakeType: stream[offset + 5] } : {}) });
    offset += 5 + length;
  }
  return records;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface ConnectOptions {
  request: string;
  response: string;
  session?: Buffer;
}

/**
 * A node:tls server behind a recording relay, both on 127.0.0.1. `connect` runs one
 * connection (handshake, the client writes `request`, the server answers `response`, the
 * client closes) and returns the records each way. One server for all connections, so a
 * session from the first can be resumed by the next.
 */
export async function withTlsServer<T>(
  certificate: TestCertificate, version: 'TLSv1.2' | 'TLSv1.3', serverName: string,
  body: (connect: (options: ConnectOptions) => Promise<CapturedExchange>) => Promise<T>,
): Promise<T> {
  const sockets = new Set<Socket>();
  let response = '';
  const tlsServer = tls.createServer({ key: certificate.key, cert: certificate.cert, maxVersion: version }, (socket) => {
    sockets.add(socket);
    socket.once('data', () => socket.write(response));
    socket.on('error', () => {});
  });
  let up: Buffer[] = [];
  let down: Buffer[] = [];
  const relay = createServer((client) => {
    const upstream = netConnect(tlsPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => { up.push(chunk); upstream.write(chunk); });
    upstream.on('data', (chunk) => { down.push(chunk); client.write(chunk); });
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  const tlsPort = await listen(tlsServer);
  const relayPort = await listen(relay);
  const connect = async (options: ConnectOptions): Promise<CapturedExchange> => {
    up = [];
    down = [];
    response = options.response;
    const sessions: Buffer[] = [];
    const resumed = await new Promise<boolean>((resolve, reject) => {
      const client = tls.connect({
        host: '127.0.0.1', port: relayPort, servername: serverName, ca: certificate.cert, maxVersion: version,
        ...(options.session ? { session: options.session } : {}),
      }, () => client.write(options.request));
      sockets.add(client);
      client.on('session', (session) => sessions.push(session));
      client.on('error', reject);
      let received = '';
      client.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.length < options.response.length) return;
        const wasResumed = client.isSessionReused();
        // Give post-handshake tickets time to arrive before closing.
        setTimeout(() => client.end(), 50);
        client.on('close', () => resolve(wasResumed));
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { clientToServer: splitRecords(Buffer.concat(up)), serverToClient: splitRecords(Buffer.concat(down)), session: sessions.at(-1), resumed };
  };
  try {
    return await body(connect);
  } finally {
    for (const socket of sockets) socket.destroy();
    await Promise.all([close(relay), close(tlsServer)]);
  }
}
