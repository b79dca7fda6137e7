import { execFile } from 'node:child_process';
import { applicationHeaders, type ClientTarget } from './clientTarget';

/*
 * The curl profile, played by the system's curl (Debian's 7.88 with nghttp2): its defaults
 * (ALPN h2 and http/1.1, its own headers), the requests of the script one after another on one
 * connection (`--next` keeps the connection), the API's name pinned to the relay with
 * `--resolve`. `--tls-max 1.2` in TLS 1.2 rows, as a user asking for it would. `-k`: the
 * stand-in's chain is not a public one; nothing on the wire depends on verification.
 * Debian's curl 7.88 has no WebSocket support (ws:// and wss:// are not among its protocols),
 * so a WebSocket row has no curl to play it.
 */

export const CURL_HAS_NO_WEBSOCKET = 'Debian\'s curl 7.88 is built without WebSocket support';

export function curlArguments(target: ClientTarget): string[] {
  const args: string[] = [];
  target.script.requests.forEach(({ request }, index) => {
    if (index > 0) args.push('--next');
    args.push('--silent', '--show-error', '--insecure', '--output', '/dev/null', '--resolve', `${target.host}:${target.port}:127.0.0.1`);
    if (target.tlsVersion === '1.2') args.push('--tlsv1.2', '--tls-max', '1.2');
    if (request.method !== 'GET' || request.body) args.push('--request', request.method);
    // `Name;` is curl's way to send a header with an empty value (`Name: ` would remove it).
    for (const [name, value] of applicationHeaders(request.headers)) args.push('--header', value === '' ? `${name};` : `${name}: ${value}`);
    // --data-raw, not --data-binary: a body from the config that begins with @ must not make curl read and send a local file.
    if (request.body) args.push('--data-raw', Buffer.from(request.body).toString('latin1'));
    args.push(`https://${target.host}${target.port === 443 ? '' : `:${target.port}`}${request.target}`);
  });
  return args;
}

export function runCurlClient(target: ClientTarget): Promise<void> {
  if (target.script.requests.some((planned) => planned.upgrade)) return Promise.reject(new Error(CURL_HAS_NO_WEBSOCKET));
  return new Promise<void>((resolve, reject) => {
    execFile('curl', curlArguments(target), (error, _stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') reject(new Error('curl is not installed: apt-get install curl'));
      else if (error) reject(new Error(`curl failed: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
