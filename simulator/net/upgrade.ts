import { createHash } from 'node:crypto';
import type { Random } from '../engine/random';
import { ParameterError } from '../errors';
import type { HeaderList, HttpRequest, HttpResponse } from './http';

/*
 * The WebSocket opening handshake (RFC 6455 §4): one HTTP/1.1 GET with Upgrade, answered
 * by 101 Switching Protocols whose Sec-WebSocket-Accept proves the server read the key:
 * base64(SHA-1(key + GUID)) (§4.2.2 step 5.4).
 */

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A Sec-WebSocket-Key: 16 random bytes, base64 (§4.1), seeded so traces repeat. */
export function generateWebSocketKey(random: Random): string {
  return Buffer.from(random.bytes(16)).toString('base64');
}

export function webSocketAccept(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

export interface UpgradeRequestOptions {
  host: string;
  /** Path and query, e.g. `/production?token=...`. */
  target: string;
  key: string;
  origin?: string;
  protocols?: readonly string[];
  /** e.g. `permessage-deflate; client_max_window_bits`. */
  extensions?: string;
  /** Extra headers a client adds (User-Agent, Authorization, ...), sent after the required ones. */
  headers?: HeaderList;
}

export function upgradeRequest(options: UpgradeRequestOptions): HttpRequest {
  if (Buffer.from(options.key, 'base64').length !== 16) throw new ParameterError('key', options.key, 'base64 of 16 bytes (RFC 6455 §4.1)');
  // Header order as `ws` sends it, so byte counts match a real client.
  const headers: [string, string][] = [
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', options.key],
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
  ];
  if (options.extensions) headers.push(['Sec-WebSocket-Extensions', options.extensions]);
  if (options.protocols && options.protocols.length > 0) headers.push(['Sec-WebSocket-Protocol', options.protocols.join(',')]);
  if (options.origin) headers.push(['Origin', options.origin]);
  for (const [name, value] of options.headers ?? []) headers.push([name, value]);
  headers.push(['Host', options.host]);
  return { method: 'GET', target: options.target, headers };
}

export function upgradeResponse(key: string, options: { protocol?: string; headers?: HeaderList } = {}): HttpResponse {
  const headers: [string, string][] = [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Accept', webSocketAccept(key)],
  ];
  if (options.protocol) headers.push(['Sec-WebSocket-Protocol', options.protocol]);
  for (const [name, value] of options.headers ?? []) headers.push([name, value]);
  return { status: 101, reason: 'Switching Protocols', headers };
}
