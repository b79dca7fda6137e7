import { isDataMessageFrame } from '../../simulator/trace/eventQueries';
import type { TraceEventJson } from '../../simulator/trace/trace';
import { formatBytes } from './format';

/*
 * The words on the diagram's arrows, for display only: the trace keeps the exact names (the
 * details panel and the exports show them). Two things make the raw names hard to read:
 *
 *   POST /production/%40connections/IkS%2BneaawqL%3D  →  POST /production/@connections/IkS+neaawqL=
 *   text frame · 40 B                                 →  “o-1001 packed” · 40 B
 */

/**
 * Characters that RFC 3986 §3.3 allows as they are in a path segment (pchar: sub-delims, `:`
 * and `@`) or that are unreserved (§2.3): decoding their percent-encoding in a path gives an
 * equivalent URI (§6.2.2.2), so the readable form says the same thing.
 */
const SAFE_IN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

/** Decodes the percent-encoded characters a path may hold as they are, in every request target (`/…`, up to `?` or a space) of `name`. */
export function readableName(name: string): string {
  // Most names hold no percent-encoding at all; every row's label and accessible name ask.
  if (!name.includes('%')) return name;
  return name.replace(/(^|\s)(\/[^\s?#]*)/g, (_match, space: string, path: string) =>
    space + path.replace(/%([0-9A-Fa-f]{2})/g, (encoded, hex: string) => {
      const character = String.fromCharCode(parseInt(hex, 16));
      return SAFE_IN_PATH.test(character) ? character : encoded;
    }));
}

/** Whether an event's label reads its payload: a WebSocket data frame's, for its FIN bit. The host sends these with the trace (protocol/heldPayloads.ts). */
export function labelReadsPayload(event: TraceEventJson): boolean {
  return isDataMessageFrame(event);
}

/** A data message in one frame: text or binary with FIN set (RFC 6455 §5.2), not the first fragment of a longer message. */
function isWholeDataFrame(event: TraceEventJson): boolean {
  return labelReadsPayload(event) && event.payloadHex !== undefined && (parseInt(event.payloadHex.slice(0, 2), 16) & 0x80) !== 0;
}

/** The message text a WebSocket data frame carries, when the simulator recorded it (`detail.text`). */
export function framePayloadText(event: TraceEventJson): string | undefined {
  const text = event.detail?.text;
  return isWholeDataFrame(event) && typeof text === 'string' ? text : undefined;
}

/**
 * A short form of a message's text. A JSON object shows its values, in order (`{"orderId":
 * "o-1001","status":"packed"}` → `o-1001 packed`): arrows are short, the values are what
 * changes from one message to the next, and the details panel has the whole text. Anything
 * else shows as it is, whitespace collapsed.
 */
export function payloadPreview(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const values = Object.values(parsed).map((value: unknown) => {
      if (Array.isArray(value)) return '[…]';
      if (typeof value === 'object' && value !== null) return '{…}';
      return String(value);
    });
    if (values.length > 0) return values.join(' ');
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * An arrow's label before it is cut to fit: the readable name and the size, or for a
 * WebSocket data frame with its text, a preview of the text in quotes and the size.
 */
export function eventLabel(event: TraceEventJson): string {
  const payload = framePayloadText(event);
  const shown = payload !== undefined ? `“${payloadPreview(payload)}”` : readableName(event.name);
  const name = event.error ? `⚠ ${shown}` : shown;
  return event.bytes > 0 ? `${name} · ${formatBytes(event.bytes)}` : name;
}
