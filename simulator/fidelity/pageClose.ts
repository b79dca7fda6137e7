import type { ConnectionView } from './connectionView';
import type { ClientProfileName } from './fidelityRows';

/*
 * When the harness's page let its connection go. A browser keeps a page's connection open
 * until the page goes away; in the harness that is when it closes the page and the browser
 * after the page's last fetch, some 100 ms later, on the harness's own time (playwright's round
 * trips), not the model's to predict. Meanwhile Linux's delayed-ACK timer (40 ms) fires and
 * acknowledges the last response on its own, where a client that closes at once sends the ACK
 * on its FIN. So the model's browser is told when the real page closed: the time from the
 * connection's last data to the client's FIN, read on the client's leg of the capture.
 */

export interface PageCloseAlignment {
  /** The model's clientCloseDelayMs (topology.ts). */
  delayMs: number;
  /** What was aligned, in words, for the table. */
  note: string;
}

/**
 * Ms from the connection's last data segment, either way, to the client's FIN, on the client's
 * leg (the model's client, done with its last exchange, waits that long: the response, or what
 * it wrote after it, a RST_STREAM); undefined when it sent no FIN.
 */
export function clientCloseDelay(clientLeg: ConnectionView): number | undefined {
  const fin = clientLeg.packets.find((packet) => packet.from === 'client' && packet.flags.split(',').includes('FIN'));
  if (!fin) return undefined;
  const last = clientLeg.packets.filter((packet) => packet.payloadBytes > 0 && packet.time <= fin.time).at(-1);
  return last === undefined ? undefined : fin.time - last.time;
}

/** For the browser's request rows (not a WebSocket, which the page closes by its own close frame): the last connection's close. */
export function pageCloseAlignment(profile: ClientProfileName, upgrade: boolean, clientLegs: readonly ConnectionView[]): PageCloseAlignment | undefined {
  if (profile !== 'browser' || upgrade || clientLegs.length === 0) return undefined;
  const delayMs = clientCloseDelay(clientLegs[clientLegs.length - 1]);
  if (delayMs === undefined) return undefined;
  return {
    delayMs,
    note: `page closed: headless Chromium let its connection go ${delayMs.toFixed(1)} ms after its last exchange, when the harness closed the page; the model's browser closed it as late`,
  };
}
