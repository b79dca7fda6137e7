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
  /** Whose handshake: `ws`'s (Node, the default) or Chromium's (the browser's `new WebSocket()`). */
  client?: 'ws' | 'chromium';
}

/**
 * Chromium's Upgrade request, header by header, as Chromium 156 sends it (captured in
 * test/simulator/net/upgradeChromium.realBrowser.test.ts): its own fixed headers, the page's
 * origin, then the key and the extensions it offers, and the subprotocols last. User-Agent,
 * Accept-Encoding and Accept-Language take the profile's values; a Cookie (the only other
 * header a page's WebSocket can carry) goes after Accept-Language, as in a fetch (an assumption).
 */
function chromiumUpgradeHeaders(options: UpgradeRequestOptions): HeaderList {
  const given = new Map((options.headers ?? []).map(([name, value]) => [name.toLowerCase(), value]));
  const from = (name: string): [string, string][] => (given.has(name.toLowerCase()) ? [[name, given.get(name.toLowerCase())!]] : []);
  return [
    ['Host', options.host],
    ['Connection', 'Upgrade'],
    ['Pragma', 'no-cache'],
    ['Cache-Control', 'no-cache'],
    ...from('User-Agent'),
    ['Upgrade', 'websocket'],
    ...(options.origin ? [['Origin', options.origin] as [string, string]] : []),
    ['Sec-WebSocket-Version', '13'],
    ...from('Accept-Encoding'),
    ...from('Accept-Language'),
    ...from('Cookie'),
    ['Sec-WebSocket-Key', options.key],
    ...(options.extensions ? [['Sec-WebSocket-Extensions', options.extensions] as [string, string]] : []),
    // Chromium joins the subprotocols with ", " (`new WebSocket(url, ['chat', 'v2'])` -> `chat, v2`).
    ...(options.protocols && options.protocols.length > 0 ? [['Sec-WebSocket-Protocol', options.protocols.join(', ')] as [string, string]] : []),
  ];
}

export function upgradeRequest(options: UpgradeRequestOptions): HttpRequest {
  if (Buffer.from(options.key, 'base64').length !== 16) throw new ParameterError('key', options.key, 'base64 of 16 bytes (RFC 6455 §4.1)');
  if (options.client === 'chromium') return { method: 'GET', target: options.target, headers: chromiumUpgradeHeaders(options) };
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
