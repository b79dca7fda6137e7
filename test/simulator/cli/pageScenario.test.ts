import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Har } from '../../../simulator/export/har';

/* `apigw-sim simulate <config> --scenario page`, run as a user runs it: the compiled CLI in a child process. */

const MAIN = join(__dirname, '..', '..', '..', 'simulator', 'cli', 'main.js');
const TEMPLATE = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'template.yaml');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('apigw-sim simulate --scenario page', () => {
  it('loads the shop\'s page without --api or --route, names the routes it picked and prints DevTools timings for every request', () => {
    const result = cli('simulate', TEMPLATE, '--scenario', 'page', '--http', '1.1', '--seed', '3');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Page load from shop-products: concurrently: shop-products GET \/products\/\{productId\}, shop-products GET \/products\/\{productId\}\/reviews, shop-products GET \/products\/\{productId\}\/stock; then: shop-orders POST \/orders; then: shop-order-status WebSocket session/);
    const table = result.stdout.slice(result.stdout.indexOf('request (DevTools timing, ms)'));
    // The table's rows: up to the blank line before the critical paths.
    const rows = table.split('\n\n')[0].split('\n').slice(2).filter((line) => /^\S/.test(line) && !line.startsWith('API Gateway cost'));
    assert.deepEqual(rows.map((line) => line.split(/\s{2,}/)[0]), [
      'GET /products/{productId} (shop-products)', 'GET /products/{productId}/reviews (shop-products)', 'GET /products/{productId}/stock (shop-products)',
      'OPTIONS /orders (preflight)', 'POST /orders (shop-orders)', 'WebSocket upgrade',
    ]);
    assert.equal(cli('simulate', TEMPLATE, '--scenario', 'page', '--http', '1.1', '--seed', '3').stdout, result.stdout, 'same seed, same output');
  });

  it('writes one HAR page with every request, each with its connection id', () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-page-'));
    try {
      const file = join(directory, 'page.har');
      const result = cli('simulate', TEMPLATE, '--scenario', 'page', '--format', 'har', '--out', file);
      assert.equal(result.status, 0, result.stderr);
      const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
      assert.equal(har.log.pages.length, 1);
      assert.equal(har.log.entries.length, 6);
      assert.ok(har.log.entries.every((entry) => entry.pageref === har.log.pages[0].id && typeof entry.connection === 'string'));
      // Under h2 (API Gateway's ALPN choice) the three reads share a connection; the order and the WebSocket each have their own.
      assert.equal(new Set(har.log.entries.map((entry) => entry.connection)).size, 3);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a WebSocket API as the page\'s API, naming the ones that can be', () => {
    const result = cli('simulate', TEMPLATE, '--scenario', 'page', '--api', 'OrderStatusApi');
    assert.equal(result.status, 2);
    assert.match(result.stderr + result.stdout, /page needs a REST or HTTP API/);
  });
});
