import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { clientHelloBytes } from '../../../simulator/net/tls';
import { CLIENT_PROFILES, type TlsVersion } from '../../../simulator/net/tlsProfiles';

/** The first TLS record the real curl sends to 127.0.0.1, and the exit of curl itself. */
async function realCurlHello(maxVersion: TlsVersion): Promise<Buffer> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    const hello = new Promise<Buffer>((resolve) => server.once('connection', (socket) => {
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt16BE(3)) {
          resolve(buffered.subarray(0, 5 + buffered.readUInt16BE(3)));
          socket.destroy();
        }
      });
    }));
    const child = execFile('curl', ['-sk', '--max-time', '5', '--tls-max', maxVersion, '--resolve', `shop.example.com:${port}:127.0.0.1`, `https://shop.example.com:${port}/`], () => {});
    try {
      return await hello;
    } finally {
      child.kill();
    }
  } finally {
    server.close();
  }
}

/** The profile describes curl 7.88 on OpenSSL 3.0 (Debian 12, what CI installs); another build may differ. */
const installed = execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0];
const matching = /^curl 7\.88\.\d .* OpenSSL\/3\.0/.test(installed);

describe('the curl client profile against the real curl', () => {
  for (const version of ['1.3', '1.2'] as const) {
    it(`sizes curl's TLS ${version} ClientHello exactly, padding included`, { skip: matching ? false : `the profile is for curl 7.88 on OpenSSL 3.0, this is ${installed}` }, async () => {
      const real = await realCurlHello(version);
      const modelled = clientHelloBytes(CLIENT_PROFILES.curl, { maxVersion: version, serverName: 'shop.example.com', alpn: CLIENT_PROFILES.curl.alpn, pick: () => 0 });
      // The record: 5-byte header + the handshake message the model sizes.
      assert.equal(real.length, 5 + modelled.bytes);
    });
  }
});
