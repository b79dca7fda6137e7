import { answeredAddresses } from '../trace/eventQueries';
import type { Trace } from '../trace/trace';

/*
 * Where each participant sits on the capture's network: documentation addresses only
 * (RFC 5737 for IPv4, RFC 3849 for IPv6) and locally administered MAC addresses, so an
 * exported capture never names a real host. Each endpoint the client connects to gets the address
 * of the DNS answer it last received before connecting there, so the capture's DNS and TCP agree
 * (a page's hosts in turn; two hosts behind one lifeline, as a page's HTTP and WebSocket APIs are,
 * share the first one's address).
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
  const answers = trace.events.filter((event) => event.to === 'client' && answeredAddresses(event).length > 0);
  const taken = new Set<string>();
  let endpointAssigned = false;
  /** The address the client last resolved before it first connected to `participant` (a page connects to several hosts in turn). */
  const resolvedFor = (participant: string): string | undefined => {
    const syn = trace.packets.find((packet) => packet.protocol === 'tcp' && packet.from === 'client' && packet.to === participant);
    if (!syn) return undefined;
    const answer = answers.filter((event) => event.arrival <= syn.time).pop() ?? answers[0];
    // A trace without a lookup (an IP literal): the first endpoint is the documentation address the scenario uses.
    const address = answer ? answeredAddresses(answer)[0] : endpointAssigned ? undefined : '203.0.113.10';
    if (!address || taken.has(address)) return undefined;
    endpointAssigned = true;
    return address;
  };
  const plan = new Map<string, Addresses>();
  let next = 20;
  trace.participants.forEach((participant, index) => {
    let address = FIXED[participant.id] ?? resolvedFor(participant.id);
    if (!address) {
      do address = `203.0.113.${next++}`;
      while (taken.has(address));
    }
    taken.add(address);
    const v4 = ipv4(address);
    const v6 = new Uint8Array(16);
    v6.set([0x20, 0x01, 0x0d, 0xb8], 0); // 2001:db8::/32
    v6.set(v4, 12);
    plan.set(participant.id, { mac: Uint8Array.of(0x02, 0x00, 0x00, 0x00, 0x00, (index + 1) & 0xff), ipv4: v4, ipv6: v6 });
  });
  return plan;
}
