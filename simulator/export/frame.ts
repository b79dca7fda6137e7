import { invariant } from '../errors';
import { ByteWriter } from '../net/byteWriter';
import { internetChecksum } from './checksum';

/*
 * One Ethernet II frame carrying IPv4 or IPv6 and TCP or UDP, with every length and
 * checksum filled in as a host would send it:
 *
 *   | dst MAC 6 | src MAC 6 | EtherType 2 | IP header 20/40 | TCP 20+options / UDP 8 | payload |
 *
 * No Ethernet FCS: captures taken on a host do not contain it (Wireshark's default too).
 */

export interface Host {
  mac: Uint8Array;
  /** 4 bytes (IPv4) or 16 bytes (IPv6). */
  address: Uint8Array;
  port: number;
}

export interface TcpFlags {
  syn?: boolean;
  ack?: boolean;
  fin?: boolean;
  psh?: boolean;
  rst?: boolean;
}

export interface TcpHeader {
  kind: 'tcp';
  /** Absolute 32-bit sequence and acknowledgement numbers. */
  seq: number;
  ack: number;
  flags: TcpFlags;
  /** The window field as sent (before scaling). */
  window: number;
  /** Options, already padded to a multiple of 4 bytes. */
  options: Uint8Array;
}

export interface FrameSpec {
  source: Host;
  destination: Host;
  /** IPv4 identification field (ignored for IPv6). */
  ipId: number;
  hopLimit: number;
  transport: TcpHeader | { kind: 'udp' };
  payload: Uint8Array;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const PROTOCOL_TCP = 6;
const PROTOCOL_UDP = 17;

/** The transport header and payload, with its checksum over the IP pseudo-header (RFC 9293 §3.1, RFC 768, RFC 8200 §8.1). */
function transportSegment(spec: FrameSpec, protocol: number): Uint8Array {
  const { source, destination, transport, payload } = spec;
  const out = new ByteWriter();
  out.u16(source.port).u16(destination.port);
  if (transport.kind === 'tcp') {
    invariant(transport.options.length % 4 === 0 && transport.options.length <= 40, 'tcp options must be padded to 4 bytes and at most 40');
    const flags = transport.flags;
    const bits = (flags.fin ? 0x01 : 0) | (flags.syn ? 0x02 : 0) | (flags.rst ? 0x04 : 0) | (flags.psh ? 0x08 : 0) | (flags.ack ? 0x10 : 0);
    out.u32(transport.seq >>> 0).u32(transport.ack >>> 0).u8(((20 + transport.options.length) / 4) << 4).u8(bits).u16(transport.window).u16(0).u16(0);
    out.bytes(transport.options);
  } else {
    out.u16(8 + payload.length).u16(0);
  }
  out.bytes(payload);
  const segment = out.finish();
  const pseudo = new ByteWriter().bytes(source.address).bytes(destination.address);
  if (source.address.length === 4) pseudo.u8(0).u8(protocol).u16(segment.length);
  else pseudo.u32(segment.length).u16(0).u8(0).u8(protocol);
  let checksum = internetChecksum([pseudo.finish(), segment]);
  // A computed UDP checksum of zero is sent as all ones: zero means "no checksum" (RFC 768).
  if (protocol === PROTOCOL_UDP && checksum === 0) checksum = 0xffff;
  const at = transport.kind === 'tcp' ? 16 : 6;
  segment[at] = checksum >>> 8;
  segment[at + 1] = checksum & 0xff;
  return segment;
}

/** The whole frame as it appears in a capture. */
export function encodeFrame(spec: FrameSpec): Uint8Array {
  const protocol = spec.transport.kind === 'tcp' ? PROTOCOL_TCP : PROTOCOL_UDP;
  const ipv6 = spec.source.address.length === 16;
  invariant(spec.destination.address.length === spec.source.address.length, 'frame: mixed IPv4 and IPv6 addresses');
  const segment = transportSegment(spec, protocol);
  const out = new ByteWriter().bytes(spec.destination.mac).bytes(spec.source.mac).u16(ipv6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
  if (ipv6) {
    // Version 6, traffic class 0, flow label 0, payload length, next header, hop limit (RFC 8200 §3).
    out.u32(0x60000000).u16(segment.length).u8(protocol).u8(spec.hopLimit).bytes(spec.source.address).bytes(spec.destination.address);
  } else {
    const start = out.length;
    // Version 4, IHL 5, DSCP 0, total length, id, flags DF (Linux sets it for path MTU discovery), TTL, protocol (RFC 791 §3.1).
    out.u8(0x45).u8(0).u16(20 + segment.length).u16(spec.ipId & 0xffff).u16(0x4000).u8(spec.hopLimit).u8(protocol).u16(0);
    out.bytes(spec.source.address).bytes(spec.destination.address);
    const header = out.finish().subarray(start, start + 20);
    out.setU16(start + 10, internetChecksum([header]));
  }
  return out.bytes(segment).finish();
}
