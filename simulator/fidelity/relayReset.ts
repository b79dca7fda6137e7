import type { ConnectionView } from './connectionView';

/*
 * A client that releases its socket as it closes (Chromium, curl, Node's https: tlsProfiles.ts
 * TlsClientClose) answers the server's close_notify with a RST, and the server's FIN, which
 * follows the alert by a fraction of a millisecond, with a second one: the first RST destroyed
 * the connection, so the FIN finds none (Linux's tcp_v4_send_reset). The model sends both. The
 * harness's relay cannot show the second: it passes the alert on, the client's RST comes back
 * within loopback's round trip, and the relay's leg to the client is gone before the FIN's
 * delay is up, so the FIN never reaches the client. Before comparing, when the real client's
 * last packet is a RST, the model's client packets past as many RSTs as the real client sent
 * are left out if they are all RSTs; the comparison says so.
 */

export interface RelayResetAlignment {
  model: ConnectionView;
  /** What was aligned, in words; undefined when nothing was. */
  note?: string;
}

export function alignRelayReset(model: ConnectionView, real: ConnectionView): RelayResetAlignment {
  const isReset = (packet: ConnectionView['packets'][number]): boolean => packet.flags === 'RST';
  const realClient = real.packets.filter((packet) => packet.from === 'client');
  if (realClient.length === 0 || !isReset(realClient.at(-1)!)) return { model };
  // The model's client packets past as many RSTs as the real client sent.
  const realResets = realClient.filter(isReset).length;
  let resets = 0;
  const cut = model.packets.findIndex((packet) => packet.from === 'client' && isReset(packet) && ++resets === realResets);
  if (cut < 0) return { model };
  const later = model.packets.filter((packet, index) => index > cut && packet.from === 'client');
  if (later.length === 0 || !later.every(isReset)) return { model };
  return {
    model: { ...model, packets: model.packets.filter((packet, index) => index <= cut || packet.from !== 'client') },
    note: `relay after the client's RST: the model's ${later.length === 1 ? 'second RST' : `${later.length} later RSTs`} (answering the server's FIN, which the relay cannot pass on to a reset leg) left out`,
  };
}
