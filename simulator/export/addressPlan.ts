import { answeredAddresses } from '../trace/eventQueries';
import type { Trace } from '../trace/trace';

/*
 * Where each participant sits on the capture's network: documentation addresses only
 * (RFC 5737 for IPv4, RFC 3849 for IPv6) and locally administered MAC addresses, so an
 * exported capture never names a real host. The endpoint gets the address the trace's DNS
 * answer gave, so the capture's DNS and TCP agree.
 */

export interface Addresses {
  mac: Uint8Array;
  ipv4: Uint8Array;
  ipv6: Uint8Array;
}

const FIXED: Readonly<Record<string, string>> = { client: '192.0.2.10', resolver: '192.0.2.53', route53: '198.51.100.53' };

function ipv4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

export function addressPlan(trace: Trace): Map<string, Addresses> {
  const answered = trace.events.find((event) => event.to === 'client' && answeredAddresses(event).length > 0);
  const resolved = answered ? answeredAddresses(answered)[0] : '203.0.113.10';
  const plan = new Map<string, Addresses>();
  let next = 20;
  let endpointAssigned = false;
  trace.participants.forEach((participant, index) => {
    let address = FIXED[participant.id];
    if (!address) {
      // The first party the client talks TCP to is the one the name resolved to.
      const talksToClient = trace.packets.some((packet) => packet.protocol === 'tcp' && packet.from === 'client' && packet.to === participant.id);
      if (talksToClient && !endpointAssigned) {
        address = resolved;
        endpointAssigned = true;
      } else {
        address = `203.0.113.${next++}`;
      }
    }
    const v4 = ipv4(address);
    const v6 = new Uint8Array(16);
    v6.set([0x20, 0x01, 0x0d, 0xb8], 0); // 2001:db8::/32
    v6.set(v4, 12);
    plan.set(participant.id, { mac: Uint8Array.of(0x02, 0x00, 0x00, 0x00, 0x00, (index + 1) & 0xff), ipv4: v4, ipv6: v6 });
  });
  return plan;
}
