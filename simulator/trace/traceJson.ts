import type { Trace, TraceEvent, TraceEventJson, TraceJson } from './trace';

/*
 * Where payload bytes become text. Inside the simulator a message's payload stays bytes; it
 * is written as hex only where the trace leaves for JSON: the webview's messages (toTraceJson)
 * and the CLI's report (trace/report.ts, its `hex`).
 */

/** Lower-case hex of `bytes`, two digits a byte. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** One event with its payload as hex; the other fields as they are, in the same order. */
export function toTraceEventJson(event: TraceEvent): TraceEventJson {
  const { payload, ...fields } = event;
  return payload === undefined ? fields : { ...fields, payloadHex: hex(payload) };
}

/** The trace as JSON carries it: every payload as hex text, nothing else changed. */
export function toTraceJson(trace: Trace): TraceJson {
  return { ...trace, events: trace.events.map(toTraceEventJson) };
}
