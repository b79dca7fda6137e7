import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xmlAttribute, xmlText } from '../../../webview/drawing/xml';

describe('text written into SVG', () => {
  it('escapes text and attribute values the way XML 1.0 asks', () => {
    assert.equal(xmlText('a < b && c > d'), 'a &lt; b &amp;&amp; c &gt; d');
    assert.equal(xmlAttribute('say "hi"\n\tthere'), 'say &quot;hi&quot;&#10;&#9;there');
    assert.equal(xmlText('bell \u0007 and a lone \uD800 surrogate, 😀 kept'), 'bell \uFFFD and a lone \uFFFD surrogate, 😀 kept');
  });

  it('escapes a character that needs it even when it is the only one in a text (plain texts are returned as they are)', () => {
    assert.equal(xmlText('POST /orders · 412 B'), 'POST /orders · 412 B');
    const expected: [string, string, string][] = [['&', '&amp;', '&amp;'], ['<', '&lt;', '&lt;'], ['>', '&gt;', '&gt;'], ['"', '"', '&quot;'], ['\t', '\t', '&#9;'], ['\n', '\n', '&#10;'], ['\r', '\r', '&#13;'], ['\u001F', '\uFFFD', '\uFFFD'], ['\uDFFF', '\uFFFD', '\uFFFD'], ['\uFFFE', '\uFFFD', '\uFFFD']];
    for (const [character, text, attribute] of expected) {
      assert.equal(xmlText(`a${character}b`), `a${text}b`, JSON.stringify(character));
      assert.equal(xmlAttribute(`a${character}b`), `a${attribute}b`, JSON.stringify(character));
    }
  });

  it('keeps markup from a config as text', () => {
    assert.equal(xmlText('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
    assert.equal(xmlAttribute('x" onload="alert(1)'), 'x&quot; onload=&quot;alert(1)');
  });
});
