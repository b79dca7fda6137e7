import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/** Compiled tests live in out/test/webview; the bundle is out/webview.js. */
const BUNDLE = join(__dirname, '..', '..', 'webview.js');

describe('the webview bundle', () => {
  it('asks V8 to compile its functions while the script streams, in its first line (https://v8.dev/blog/explicit-compile-hints)', () => {
    const [first] = readFileSync(BUNDLE, 'utf8').split('\n', 1);
    assert.equal(first, '//# allFunctionsCalledOnLoad');
  });
});
