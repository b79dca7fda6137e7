import { parseToWebview } from './protocol/validation';
import type { CompareView, RouteView, ToWebviewMessage } from './protocol/messages';

/*
 * Everything the host sends, in one place: each window 'message' is checked (protocol/validation.ts)
 * before anything reads it, and one switch hands it to the panel. A message that does not
 * parse is shown as an error, never half-drawn.
 */

export type ThemeKind = Extract<ToWebviewMessage, { type: 'theme' }>['kind'];

/** What the panel does with each message from the host. */
export interface HostMessageTarget {
  showRoute(view: RouteView, reveal: boolean): void;
  showCompare(view: CompareView, reveal: boolean): void;
  showError(message: string, location?: { file: string; line: number; column: number }): void;
  setTheme(kind: ThemeKind): void;
  liveStatus(routeId: string, running: boolean, message: string | undefined): void;
  /** The host's answer to the page's `payload` request `requestId`. */
  payloadArrived(requestId: number, payloadHex: string | undefined): void;
}

/** Hands one checked message from the host to the panel. */
export function handleHostMessage(message: ToWebviewMessage, panel: HostMessageTarget): void {
  switch (message.type) {
    case 'show':
      panel.showRoute(message.view, message.reveal === true);
      break;
    case 'compare':
      panel.showCompare(message.view, message.reveal);
      break;
    case 'error':
      panel.showError(message.message, message.location);
      break;
    case 'theme':
      panel.setTheme(message.kind);
      break;
    case 'liveStatus':
      panel.liveStatus(message.routeId, message.running, message.message);
      break;
    case 'payload':
      panel.payloadArrived(message.requestId, message.payloadHex);
      break;
  }
}

/** Listens to the host's messages on `target` (the page's window), checking each before the panel sees it. */
export function listenToHost(target: Pick<EventTarget, 'addEventListener'>, panel: HostMessageTarget): void {
  target.addEventListener('message', (event) => {
    const parsed = parseToWebview((event as MessageEvent).data as unknown);
    if (parsed.ok) handleHostMessage(parsed.value, panel);
    else panel.showError(`The view could not read a message from the extension: ${parsed.reason}.`);
  });
}
