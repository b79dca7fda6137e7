import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeHeaders } from '../../../simulator/scenario/edgeHeaders';

/*
 * The headers a CloudFront edge adds in front of an edge-optimized API: the names and order of
 * AWS's example proxy event (DG set-up-lambda-proxy-integrations), and the device flags
 * CloudFront derives from the User-Agent (CloudFront DG adding-cloudfront-headers).
 */

const VIA = '1.1 d98420743a69852491bbdea73f7680bd.cloudfront.net (CloudFront)';
const CF_ID = 'pn-PWIJc6thYnZm5P0NMgOUglL1DYtl0gdeJky8tqsg8iS_sgsKD1A==';

function flags(userAgent: string): Record<string, string> {
  return Object.fromEntries(edgeHeaders([['User-Agent', userAgent]], VIA, CF_ID, '192.0.2.1').filter(([name]) => name.startsWith('CloudFront-Is-')));
}

describe('edgeHeaders', () => {
  it('adds the CloudFront headers of AWS\'s example, and the client as X-Forwarded-For', () => {
    const headers = edgeHeaders([], VIA, CF_ID, '192.0.2.1');
    assert.deepEqual(headers.map(([name]) => name), [
      'CloudFront-Forwarded-Proto', 'CloudFront-Is-Desktop-Viewer', 'CloudFront-Is-Mobile-Viewer', 'CloudFront-Is-SmartTV-Viewer', 'CloudFront-Is-Tablet-Viewer',
      'CloudFront-Viewer-Country', 'Via', 'X-Amz-Cf-Id', 'X-Forwarded-For',
    ]);
    assert.deepEqual(Object.fromEntries(headers).Via, VIA);
    assert.deepEqual(Object.fromEntries(headers)['X-Forwarded-For'], '192.0.2.1');
    assert.deepEqual(Object.fromEntries(headers)['CloudFront-Forwarded-Proto'], 'https');
  });

  it('tells a desktop browser, a phone and a tablet apart by the User-Agent', () => {
    assert.deepEqual(flags('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'), {
      'CloudFront-Is-Desktop-Viewer': 'true', 'CloudFront-Is-Mobile-Viewer': 'false', 'CloudFront-Is-SmartTV-Viewer': 'false', 'CloudFront-Is-Tablet-Viewer': 'false',
    });
    assert.deepEqual(flags('Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'), {
      'CloudFront-Is-Desktop-Viewer': 'false', 'CloudFront-Is-Mobile-Viewer': 'true', 'CloudFront-Is-SmartTV-Viewer': 'false', 'CloudFront-Is-Tablet-Viewer': 'false',
    });
    assert.equal(flags('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1')['CloudFront-Is-Tablet-Viewer'], 'true');
    // curl is no device CloudFront names; the model counts it a desktop (an assumption, see edgeHeaders.ts).
    assert.equal(flags('curl/7.88.1')['CloudFront-Is-Desktop-Viewer'], 'true');
  });
});
