/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
 * 16-bit words, an odd last byte padded with zero. IPv4 headers, TCP and UDP use it.
 */
export function internetChecksum(parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const part of parts) {
    let index = 0;
    if (odd !== undefined && part.length > 0) {
      sum += (odd << 8) | part[0];
      odd = undefined;
      index = 1;
    }
    for (; index + 1 < part.length; index += 2) sum += (part[index] << 8) | part[index + 1];
    if (index < part.length) odd = part[index];
    // Fold now and then so the sum stays a small integer.
    if (sum > 0x7fffffff) sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
