import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { Participant, TraceEventJson } from '../../simulator/trace/trace';
import { definition, element } from '../dom';
import { formatBytes, formatMs, formatTime } from '../drawing/format';
import { hexDump, hexDumpText } from '../hexDump';
import { messageText } from './messageText';
import { LAYER_LABELS, layerClass } from '../drawing/layers';

/*
 * The side panel that shows one event: when it left and arrived, its sizes, its detail
 * fields, its error and, when the trace has its bytes, a hex dump. Hovering shows an event
 * for as long as the pointer stays; selecting pins it.
 */

export interface DetailsCallbacks {
  copy(text: string): void;
}

export class DetailsPanel {
  readonly element: HTMLElement;
  private shownKey = '';

  constructor(private readonly callbacks: DetailsCallbacks) {
    this.element = element('aside', 'details');
    this.element.setAttribute('aria-label', 'Message details');
    this.element.setAttribute('aria-live', 'polite');
    this.clear();
  }

  clear(): void {
    this.shownKey = '';
    this.element.replaceChildren(element('p', 'details-empty', 'Hover over a message to see its details; click it to keep them here.'));
  }

  /**
   * Shows `event`. `bytesLoading`: the host holds its payload back (protocol/heldPayloads.ts) and
   * has not sent it yet; the panel says so where the bytes will go, and is drawn again with them.
   */
  show(event: TraceEventJson | undefined, participants: readonly Participant[], pinned: boolean, bytesLoading = false): void {
    if (!event) {
      this.clear();
      return;
    }
    const key = `${event.id}|${pinned}|${bytesLoading}`;
    if (key === this.shownKey) return;
    this.shownKey = key;
    const labelOf = (id: string): string => participants.find((participant) => participant.id === id)?.label ?? id;

    const heading = element('div', 'details-heading');
    heading.append(element('span', `layer-badge ${layerClass(event.layer)}`, LAYER_LABELS[event.layer]), element('h2', undefined, event.name));
    const route = element('p', 'details-route', event.from === event.to ? `at ${labelOf(event.from)}` : `${labelOf(event.from)} → ${labelOf(event.to)}`);
    const state = element('p', 'details-state', `${pinned ? 'Selected' : 'Hovered'} · event #${event.id}${event.connection ? ` · ${event.connection}` : ''}`);

    const facts = element('dl', 'facts');
    definition(facts, 'Sent', formatTime(event.time));
    definition(facts, 'Arrived', formatTime(event.arrival));
    definition(facts, event.from === event.to ? 'Takes' : 'Transit', formatMs(event.arrival - event.time));
    definition(facts, 'Bytes', formatBytes(event.bytes));
    definition(facts, 'On the wire', formatBytes(event.wireBytes));

    const parts: HTMLElement[] = [heading, route, state, facts];
    if (event.error) {
      const error = element('div', 'details-error');
      error.setAttribute('role', 'alert');
      error.append(
        element('strong', undefined, `⚠ ${event.error.code}${event.error.status !== undefined ? ` (${event.error.status})` : ''}`),
        element('p', undefined, event.error.message),
      );
      parts.push(error);
    }
    const fields = Object.entries(event.detail ?? {});
    if (fields.length > 0) {
      parts.push(element('h3', undefined, 'Fields'));
      const list = element('dl', 'detail-fields');
      for (const [name, value] of fields) definition(list, name, String(value));
      parts.push(list);
    }
    if (bytesLoading) {
      const loading = element('p', 'details-loading', 'Loading the bytes…');
      loading.setAttribute('role', 'status');
      parts.push(loading);
    }
    const readable = event.layer === 'http' && event.payloadHex ? messageText(event.payloadHex) : undefined;
    if (readable) {
      parts.push(element('h3', undefined, 'Message'));
      const pre = element('pre', 'message-text', readable.text);
      pre.setAttribute('aria-label', 'The HTTP message as text');
      if (readable.omittedCharacters > 0) pre.append(element('span', 'hex-more', `\n… ${readable.omittedCharacters.toLocaleString('en-US')} more characters (in the hex dump)`));
      parts.push(pre);
    }
    if (event.payloadHex) {
      // Sixteen bytes a line need about 75 characters; a narrower panel gets eight.
      const dump = hexDump(event.payloadHex, 4096, this.element.clientWidth >= 580 ? 16 : 8);
      const title = element('div', 'hex-title');
      title.append(element('h3', undefined, `Bytes (${formatBytes(dump.totalBytes)})`));
      const copy = element('vscode-button', 'copy-hex', 'Copy hex dump');
      copy.setAttribute('secondary', '');
      const payload = event.payloadHex;
      copy.addEventListener('click', () => this.callbacks.copy(hexDumpText(payload)));
      title.append(copy);
      parts.push(title);
      const pre = element('pre', 'hexdump');
      pre.setAttribute('aria-label', `Hex dump of ${dump.totalBytes} bytes`);
      for (const line of dump.lines) {
        const row = element('span', 'hex-line');
        row.append(element('span', 'hex-offset', line.offset), element('span', 'hex-bytes', line.hex), element('span', 'hex-ascii', line.ascii));
        pre.append(row, document.createTextNode('\n'));
      }
      if (dump.omittedBytes > 0) pre.append(element('span', 'hex-more', `… ${formatBytes(dump.omittedBytes)} more (copy the dump for all of them)`));
      parts.push(pre);
    }
    this.element.replaceChildren(...parts);
  }
}
