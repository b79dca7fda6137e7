import { execFile, execFileSync } from 'node:child_process';
import { toolMissing } from './harnessChild';

/*
 * tshark's dissection of a capture file as JSON (`-T json --no-duplicate-keys`: a field that
 * occurs several times in a frame, such as the TLS records of one segment, becomes an array
 * instead of a repeated key JSON.parse would drop). The same reader runs on the real capture
 * and on the model's pcapng export, so both are read by one independent dissector.
 */

export interface TsharkOptions {
  /** NSS key log: TLS in the capture is decrypted and the HTTP, HTTP/2 and WebSocket inside it dissected. */
  keylogFile?: string;
  /** Ports tshark would not take for TLS by itself (the stand-in's leg behind the relay). */
  tlsPorts?: readonly number[];
  /**
   * Ports whose connections are HTTP/2 from their first byte: the model's decrypted view has no
   * ALPN to say so, and a server's SETTINGS that leave before the client's preface would not be
   * recognised as HTTP/2 by tshark's heuristics.
   */
  http2Ports?: readonly number[];
}

/** One frame's layers as tshark names them (`frame`, `ip`, `tcp`, `tls`, `http`, `http2`, `websocket`, ...). */
export type TsharkLayers = Record<string, unknown>;

function tsharkArguments(file: string, options: TsharkOptions): string[] {
  return [
    '-r', file, '-n', '-T', 'json', '--no-duplicate-keys', '-J', 'frame ip ipv6 tcp tls http http2 websocket',
    ...(options.keylogFile ? ['-o', `tls.keylog_file:${options.keylogFile}`] : []),
    // A port tshark does not know for TLS: dissected as TLS, and what is inside as HTTP when no ALPN names it (Node's clients offer none).
    ...(options.tlsPorts ?? []).flatMap((port) => ['-d', `tcp.port==${port},tls`]),
    ...(options.http2Ports ?? []).flatMap((port) => ['-d', `tcp.port==${port},http2`]),
    ...(options.tlsPorts && options.tlsPorts.length > 0 ? ['-o', `http.tls.port:${[443, ...options.tlsPorts].join(',')}`] : []),
  ];
}

const TSHARK_OPTIONS = { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 } as const;

function layersOf(output: string): TsharkLayers[] {
  const frames = JSON.parse(output === '' ? '[]' : output) as { _source: { layers: TsharkLayers } }[];
  return frames.map((frame) => frame._source.layers);
}

function tsharkFailure(error: unknown): unknown {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? toolMissing('tshark') : error;
}

export function tsharkJson(file: string, options: TsharkOptions = {}): TsharkLayers[] {
  try {
    return layersOf(execFileSync('tshark', tsharkArguments(file, options), { ...TSHARK_OPTIONS, stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    throw tsharkFailure(error);
  }
}

/** tsharkJson without holding up the event loop while tshark reads (the extension host's, a CLI's abort handler). */
export function tsharkJsonAsync(file: string, options: TsharkOptions = {}, signal?: AbortSignal): Promise<TsharkLayers[]> {
  return new Promise((resolve, reject) => {
    // An aborted run kills tshark rather than leaving it reading after the run has settled.
    execFile('tshark', tsharkArguments(file, options), { ...TSHARK_OPTIONS, ...(signal ? { signal } : {}) }, (error, stdout) => {
      if (error) reject(tsharkFailure(error));
      else resolve(layersOf(stdout));
    });
  });
}
