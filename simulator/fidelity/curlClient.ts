import { LiveError } from '../live/liveError';
import { applicationHeaders, type ClientTarget } from './clientTarget';
import { HarnessChild } from './harnessChild';

/*
 * The curl profile, played by the system's curl (Debian's 7.88 with nghttp2): its defaults
 * (ALPN h2 and http/1.1, its own headers), the requests of the script one after another on one
 * connection (`--next` keeps the connection), the API's name and port 443 sent to the relay with
 * `--connect-to` (so the URL, Host and SNI are the real API's, whatever port the relay has).
 * `--tls-max 1.2` in TLS 1.2 rows, as a user asking for it would. `-k`: the stand-in's chain is
 * not a public one; nothing on the wire depends on verification. `--max-time`: an orphaned
 * curl ends by itself. Debian's curl 7.88 has no WebSocket support (ws:// and wss:// are not
 * among its protocols), so a WebSocket route has no curl to play it.
 */

export const CURL_HAS_NO_WEBSOCKET = 'Debian\'s curl 7.88 is built without WebSocket support';

export function curlArguments(target: Pick<ClientTarget, 'host' | 'relayPort' | 'tlsVersion' | 'script' | 'maxSeconds'>): string[] {
  const args: string[] = [];
  target.script.requests.forEach(({ request }, index) => {
    if (index > 0) args.push('--next');
    args.push('--silent', '--show-error', '--insecure', '--output', '/dev/null', '--connect-to', `${target.host}:443:127.0.0.1:${target.relayPort}`, '--max-time', String(target.maxSeconds));
    if (target.tlsVersion === '1.2') args.push('--tlsv1.2', '--tls-max', '1.2');
    if (request.method !== 'GET' || request.body) args.push('--request', request.method);
    // `Name;` is curl's way to send a header with an empty value (`Name: ` would remove it).
    for (const [name, value] of applicationHeaders(request.headers)) args.push('--header', value === '' ? `${name};` : `${name}: ${value}`);
    // --data-raw, not --data-binary: a body from the config that begins with @ must not make curl read and send a local file.
    if (request.body) args.push('--data-raw', Buffer.from(request.body).toString('latin1'));
    args.push(`https://${target.host}${request.target}`);
  });
  return args;
}

export async function runCurlClient(target: ClientTarget): Promise<void> {
  if (target.script.requests.some((planned) => planned.upgrade)) throw new LiveError('LIVE_HARNESS_FAILED', CURL_HAS_NO_WEBSOCKET);
  const curl = HarnessChild.spawn('curl', curlArguments(target), ['ignore', 'ignore', 'pipe']);
  let stderr = '';
  curl.process.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const abort = (): void => void curl.stop('SIGKILL');
  target.signal.addEventListener('abort', abort, { once: true });
  try {
    const status = await Promise.race([curl.spawnFailed, curl.exited]);
    if (target.signal.aborted) return;
    if (status.code !== 0) throw new LiveError('LIVE_HARNESS_FAILED', `curl failed (exit ${status.code ?? status.signal}): ${stderr.trim()}`);
  } finally {
    target.signal.removeEventListener('abort', abort);
  }
}
