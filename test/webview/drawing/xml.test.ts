import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xmlAttribute, xmlText } from '../../../webview/drawing/xml';

describe('text written into SVG', () => {
  it('escapes text and attribute values the way XML 1.0 asks', () => {
    assert.equal(xmlText('a < b && c > d'), 'a &lt; b &amp;&amp; c &gt; d');
    assert.equal(xmlAttribute('say "hi"\n\tthere'), 'say &quot;hi&quot;&#10;&#9;there');
    assert.equal(xmlText('bell \u0007 and a lone \uD800 surrogate, 😀 kept'), 'bell \uFFFD and a lone \uFFFD surrogate, 😀 kept');
  });

  it('keeps markup from a config as text', () => {
    assert.equal(xmlText('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
    assert.equal(xmlAttribute('x" onload="alert(1)'), 'x&quot; onload=&quot;alert(1)');
  });
});
