/*
 * $util as the DG describes it (api-gateway-mapping-template-reference). Expected values from
 * the Java classes whose contracts the DG states: Commons Lang StringEscapeUtils.escapeJavaScript
 * (its javadoc example), java.net.URLEncoder/URLDecoder, and RFC 4648 §10 Base64 test vectors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64Decode, base64Encode, escapeJavaScript, parseJson, urlDecode, urlEncode } from '../../../../simulator/gateway/mapping/utilVariable';

describe('$util', () => {
  it('escapes as JavaScript strings: the Commons Lang javadoc example, slashes, controls and non-ASCII', () => {
    assert.equal(escapeJavaScript('He didn\'t say, "Stop!"'), 'He didn\\\'t say, \\"Stop!\\"');
    assert.equal(escapeJavaScript('a/b\\c\n\t\u0001é€'), 'a\\/b\\\\c\\n\\t\\u0001\\u00E9\\u20AC');
  });

  it('URL-encodes as application/x-www-form-urlencoded (space as +, UTF-8, upper-case hex) and decodes back', () => {
    assert.equal(urlEncode('a b&c=d/é*-._~'), 'a+b%26c%3Dd%2F%C3%A9*-._%7E');
    assert.equal(urlDecode('a+b%26c%3Dd%2F%C3%A9'), 'a b&c=d/é');
    assert.throws(() => urlDecode('%zz'), /Illegal hex characters/);
  });

  it('encodes and decodes Base64 (RFC 4648 test vectors)', () => {
    assert.deepEqual(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(base64Encode), ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
    assert.equal(base64Decode('Zm9vYmFy'), 'foobar');
    assert.throws(() => base64Decode('Zm9v!mFy'), /Illegal base64/);
  });

  it('parses JSON into objects, and fails on text that is not JSON', () => {
    assert.deepEqual(parseJson('{"key2":{"arr":[1,2,3]}}'), { key2: { arr: [1, 2, 3] } });
    assert.throws(() => parseJson('{x'), /not valid JSON/);
  });
});
