import type { HeaderList } from '../net/http';
import type { LiveScript } from '../live/liveScript';
import type { TlsVersion } from '../net/tlsProfiles';

/*
 * What the harness tells a real client: where the API is (its host name, on port 443 as far as
 * the client's URL, Host header and SNI go, connected to the relay on 127.0.0.1:relayPort),
 * the TLS version of the row, and what the application asks for (each request's method, path,
 * body and the headers the application itself sets; the WebSocket messages and when they are
 * sent). Everything else (further headers, their order, handshakes, preflights, frames, masks)
 * is the client's to decide. The signal stops the client: it closes what it opened and the
 * promise settles (rejected or not: the harness reports the abort).
 */

export interface ClientTarget {
  host: string;
  /** The relay's port on 127.0.0.1: 443 in the harness's network namespace, a port the kernel picked elsewhere. */
  relayPort: number;
  tlsVersion: TlsVersion;
  script: LiveScript;
  /** Fires when the run is aborted or over its time limit. */
  signal: AbortSignal;
  /** The longest the client may take (s): curl's --max-time, so that even an orphaned curl ends. */
  maxSeconds: number;
}

/** A real client: plays the target's script and resolves once it has closed its connections. */
export type RealClient = (target: ClientTarget) => Promise<void>;

/**
 * Headers a client stack writes by itself (RFC 9110 §7.2 Host, §10.1.5 User-Agent; Fetch's
 * forbidden request-header names and the CORS request headers; the WebSocket handshake's
 * RFC 6455 §4.1 fields): the model's request carries its own guess of them, which the real
 * client must not be handed. Assumption, named: every other header of the model's request
 * is one the application sets (an API key, a content type, an authorization).
 */
const STACK_HEADERS = /^(host|user-agent|accept|accept-encoding|accept-language|connection|keep-alive|content-length|transfer-encoding|origin|referer|priority|cache-control|pragma|te|upgrade|dnt|sec-.*|access-control-request-.*)$/i;

export function applicationHeaders(headers: HeaderList): [string, string][] {
  return headers.filter(([name]) => !STACK_HEADERS.test(name)).map(([name, value]): [string, string] => [name, value]);
}

/** The close a client's script ends with: code and reason from the close frame's payload (RFC 6455 §5.5.1). */
export function closeOf(payload: Uint8Array): { code: number; reason: string } | undefined {
  if (payload.length < 2) return undefined;
  return { code: (payload[0] << 8) | payload[1], reason: Buffer.from(payload.subarray(2)).toString('utf8') };
}
