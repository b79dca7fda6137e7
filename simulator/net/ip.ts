/** IP and transport header sizes (bytes). */

/** IPv4 header without options (RFC 791 §3.1). */
export const IPV4_HEADER_BYTES = 20;
/** IPv6 fixed header (RFC 8200 §3). */
export const IPV6_HEADER_BYTES = 40;
/** UDP header (RFC 768). */
export const UDP_HEADER_BYTES = 8;

export type IpVersion = 4 | 6;

export function ipHeaderBytes(version: IpVersion): number {
  return version === 6 ? IPV6_HEADER_BYTES : IPV4_HEADER_BYTES;
}
