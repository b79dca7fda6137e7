/*
 * ALPN (RFC 7301): the client offers protocol names in its ClientHello, the server picks one.
 * "the server SHALL select ... the most highly preferred protocol that it supports and that is
 * also advertised by the client" (RFC 7301 §3.2): the server's order decides, not the client's.
 */

/** The HTTP versions an HTTP scenario can speak, as the CLI's `--http` names them. */
export type HttpVersion = '1.1' | '2';
export const HTTP_VERSIONS: readonly HttpVersion[] = ['1.1', '2'];

/** ALPN protocol IDs (IANA TLS ALPN Protocol IDs registry). */
export const ALPN_HTTP1 = 'http/1.1';
export const ALPN_H2 = 'h2';

/**
 * The protocol the server selects: its first preference the client offered. Undefined when the
 * client offers nothing (no ALPN extension in the answer) or nothing it supports (a real server
 * would send no_application_protocol; no profile here does so).
 */
export function selectAlpn(offered: readonly string[], serverPreference: readonly string[]): string | undefined {
  return serverPreference.find((protocol) => offered.includes(protocol));
}

/** The HTTP version an ALPN answer means; no answer means HTTP/1.1 (RFC 9113 §3.2: h2 over TLS needs ALPN "h2"). */
export function httpVersionOf(alpn: string | undefined): HttpVersion {
  return alpn === ALPN_H2 ? '2' : '1.1';
}
