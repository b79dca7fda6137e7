import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { escapeControls } from '../../../simulator/cli/terminalText';

const CLI = join(__dirname, '..', '..', '..', 'cli.js');
const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');

describe('text from a config on the terminal', () => {
  it('prints control characters of an API name as escapes: no OSC 52 clipboard write, no title, no clear screen', () => {
    const folder = mkdtempSync(join(tmpdir(), 'apigw-escapes-'));
    try {
      const hostile = 'shop\u001b]52;c;SGVsbG8=\u0007orders\u001b[2J\u009b31m\r';
      const file = join(folder, 'gateway.json');
      writeFileSync(file, readFileSync(SHOP, 'utf8').replace('"shop-orders"', JSON.stringify(hostile)));
      for (const args of [['routes', file], ['routes', file, '--format', 'json'], ['simulate', file, '--api', 'shop-products', '--route', 'GET /products/{productId}']]) {
        const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
        assert.equal(result.status, 0, result.stderr);
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, `${args.join(' ')}: no control character printed`);
      }
      const text = spawnSync(process.execPath, [CLI, 'routes', file], { encoding: 'utf8' }).stdout;
      assert.ok(text.includes('shop\\u001b]52;c;SGVsbG8=\\u0007orders\\u001b[2J\\u009b31m\\u000d'), 'the name is shown, escaped');
      // The JSON keeps the name itself: escaping a control character inside a JSON string is still JSON.
      const json = JSON.parse(spawnSync(process.execPath, [CLI, 'routes', file, '--format', 'json'], { encoding: 'utf8' }).stdout) as { apis: { name: string }[] };
      assert.ok(json.apis.some((api) => api.name === hostile));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps newlines, tabs and printable text, and escapes every C0 and C1 control', () => {
    assert.equal(escapeControls('a\tb\nc → é'), 'a\tb\nc → é');
    assert.equal(escapeControls('\u0000\u0007\u001b\u007f\u0085\u009f'), '\\u0000\\u0007\\u001b\\u007f\\u0085\\u009f');
  });
});
