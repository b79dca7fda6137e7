import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFromWebview } from '../../../webview/protocol/validation';

describe('messages from the webview, as the host validates them', () => {
  it('accepts a workload chosen in the Compare view', () => {
    assert.deepEqual(parseFromWebview({ type: 'compareWorkload', workload: 'chat' }), { type: 'compareWorkload', workload: 'chat' });
    assert.deepEqual(parseFromWebview({ type: 'compareWorkload', workload: 'my-load_2.v1' }), { type: 'compareWorkload', workload: 'my-load_2.v1' });
  });

  it('refuses workload names that are not names', () => {
    for (const workload of ['', '../../etc/passwd', 'x'.repeat(65), 7, null, undefined, ['chat']]) {
      assert.equal(parseFromWebview({ type: 'compareWorkload', workload }), undefined, JSON.stringify(workload));
    }
  });

  it('accepts the Compare view\'s report of what it drew, and nothing malformed', () => {
    assert.deepEqual(parseFromWebview({ type: 'compareRendered', workload: 'shop', apiTypes: 3, rules: 4 }), { type: 'compareRendered', workload: 'shop', apiTypes: 3, rules: 4 });
    for (const bad of [
      { type: 'compareRendered', workload: 'shop', apiTypes: -1, rules: 4 },
      { type: 'compareRendered', workload: 'shop', apiTypes: 3, rules: 1.5 },
      { type: 'compareRendered', workload: 'shop', apiTypes: 1e9, rules: 4 },
      { type: 'compareRendered', workload: '<b>', apiTypes: 3, rules: 4 },
      { type: 'compareRendered', apiTypes: 3, rules: 4 },
    ]) assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  });

  it('passes on only the fields it declares', () => {
    assert.deepEqual(parseFromWebview({ type: 'compareWorkload', workload: 'ticker', extra: 'x'.repeat(1000) }), { type: 'compareWorkload', workload: 'ticker' });
  });

  it('accepts "Run live" for a route with one of the harness\'s clients, and nothing else under that name', () => {
    for (const client of ['node', 'curl', 'browser']) {
      assert.deepEqual(parseFromWebview({ type: 'runLive', routeId: 'shop-orders POST /orders', client }), { type: 'runLive', routeId: 'shop-orders POST /orders', client });
    }
    assert.deepEqual(parseFromWebview({ type: 'runLive', routeId: 'shop-orders POST /orders', client: 'node', host: '0.0.0.0', port: 80 }), { type: 'runLive', routeId: 'shop-orders POST /orders', client: 'node' }, 'no address or port from the webview');
    for (const bad of [{ type: 'runLive' }, { type: 'runLive', routeId: 42, client: 'node' }, { type: 'runLive', routeId: 'x'.repeat(501), client: 'node' }, { type: 'runlive', routeId: 'a', client: 'node' },
      { type: 'runLive', routeId: 'a' }, { type: 'runLive', routeId: 'a', client: '/usr/bin/lynx' }]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('accepts a request for an event\'s held-back bytes, with the page\'s request number, and nothing else under that name', () => {
    assert.deepEqual(parseFromWebview({ type: 'payload', requestId: 0, eventId: 12 }), { type: 'payload', requestId: 0, eventId: 12 });
    assert.deepEqual(parseFromWebview({ type: 'payload', requestId: 3, eventId: 12, file: '/etc/passwd' }), { type: 'payload', requestId: 3, eventId: 12 });
    for (const bad of [{ type: 'payload', eventId: 12 }, { type: 'payload', requestId: 1 }, { type: 'payload', requestId: 1, eventId: -1 }, { type: 'payload', requestId: 1.5, eventId: 2 },
      { type: 'payload', requestId: 1, eventId: '12' }, { type: 'payload', requestId: 1, eventId: 2 ** 53 }]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
    }
  });
});
