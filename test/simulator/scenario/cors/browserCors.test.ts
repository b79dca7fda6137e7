import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../../simulator/config/configFile';
import type { GatewayModel } from '../../../../simulator/model/gateway';
import { headerValue } from '../../../../simulator/net/http';
import { parsePageOrigin } from '../../../../simulator/scenario/cors/browserOrigin';
import { classifyFetch } from '../../../../simulator/scenario/cors/fetchClassification';
import { preflightCacheSeconds } from '../../../../simulator/scenario/cors/preflightCache';
import { simulateRouteRequest, type RouteScenarioOptions } from '../../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../../simulator/trace/trace';

/*
 * A browser page calling an API on another origin, as Chromium does it. The expected header
 * names, their order and the blocking messages were captured from headless Chromium 156
 * (Debian) fetching from a local page to a local server (test/browser/corsChromium.test.ts
 * repeats that capture against the browser itself); AWS's side follows DG http-api-cors and
 * DG supported-gateway-response-types.
 */

function model(text: string): GatewayModel {
  const result = readConfigText(text, 'template.yaml');
  assert.deepEqual(result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.message), []);
  return result.model;
}

const FUNCTION = ['  Orders:', '    Type: AWS::Serverless::Function', '    Properties:', '      FunctionName: orders', '      Handler: index.handler', '      Runtime: nodejs20.x', '      Events:'];

function httpApi(cors: string[], auth = false): GatewayModel {
  return model([
    'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::HttpApi', '    Properties:', ...cors.map((line) => `      ${line}`),
    ...(auth ? ['      Auth:', '        DefaultAuthorizer: Users', '        Authorizers:', '          Users:', '            JwtConfiguration: {issuer: "https://issuer.example.com", audience: [web]}', '            IdentitySource: $request.header.Authorization'] : []),
    ...FUNCTION, '        Create:', '          Type: HttpApi', '          Properties: {ApiId: !Ref Api, Path: /orders, Method: post}', '',
  ].join('\n'));
}

function restApi(cors: string[]): GatewayModel {
  return model([
    'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', ...cors.map((line) => `      ${line}`),
    ...FUNCTION, '        Create:', '          Type: Api', '          Properties: {RestApiId: !Ref Api, Path: /orders, Method: post}', '',
  ].join('\n'));
}

const SHOP_CORS = ['CorsConfiguration:', '  AllowOrigins: ["https://www.shop.com"]', '  AllowMethods: [GET, POST]', '  AllowHeaders: [content-type, authorization]', '  MaxAge: 600'];

/**
 * Over HTTP/1.1, whose message text these checks read and whose preflight Chromium was captured
 * sending (corsChromium.test.ts); over h2 (API Gateway's choice for a browser) the same fields
 * travel HPACK-coded, which the last case here checks.
 */
function run(gateway: GatewayModel, extra: Partial<RouteScenarioOptions> = {}): Trace {
  return simulateRouteRequest({ model: gateway, route: 'POST /orders', clientProfile: 'browser', origin: 'https://www.shop.com', httpVersion: '1.1', ...extra });
}

const requests = (trace: Trace): TraceEvent[] => trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
const checks = (trace: Trace): TraceEvent[] => trace.events.filter((event) => event.kind === 'http.cors_check');
const headerNames = (event: TraceEvent): string[] => Buffer.from(event.payload!).toString('latin1').split('\r\n\r\n')[0].split('\r\n').slice(1).map((line) => line.split(':')[0]);
const headerOf = (event: TraceEvent, name: string): string | undefined => headerValue(
  Buffer.from(event.payload!).toString('latin1').split('\r\n\r\n')[0].split('\r\n').slice(1).map((line): [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]), name);

describe('the Fetch standard classification, as Chromium applies it', () => {
  it('sends a GET without headers of its own at once', () => {
    assert.equal(classifyFetch('GET', []).preflight, false);
  });
  it('preflights a POST with a JSON body, asking for content-type', () => {
    assert.deepEqual(classifyFetch('POST', [['Content-Type', 'application/json']]).unsafeHeaders, ['content-type']);
  });
  it('preflights a GET with Authorization, the header names lowercased and sorted', () => {
    const classification = classifyFetch('GET', [['X-Zed', '1'], ['Authorization', 'Bearer x']]);
    assert.equal(classification.preflight, true);
    assert.deepEqual(classification.unsafeHeaders, ['authorization', 'x-zed']);
  });
  it('sends a form POST (text/plain, urlencoded, multipart) without a preflight, and preflights PUT', () => {
    assert.equal(classifyFetch('POST', [['Content-Type', 'text/plain;charset=UTF-8']]).preflight, false);
    assert.equal(classifyFetch('PUT', []).preflight, true);
  });
  it('reads an origin as a URL does: scheme and host in any case, no path', () => {
    assert.deepEqual(['HTTPS://WWW.Shop.com', 'https://www.shop.com/', 'https://www.shop.com:8443', 'https://www.shop.com/checkout', 'ftp://www.shop.com', 'www.shop.com'].map(parsePageOrigin),
      ['https://www.shop.com', 'https://www.shop.com', 'https://www.shop.com:8443', undefined, undefined, undefined]);
  });
  it('caches a preflight for Access-Control-Max-Age capped at 2 hours, 5 s when absent', () => {
    assert.deepEqual([preflightCacheSeconds([]), preflightCacheSeconds([['Access-Control-Max-Age', '600']]), preflightCacheSeconds([['Access-Control-Max-Age', '86400']])], [5, 600, 7200]);
  });
});

describe('an HTTP API with a CorsConfiguration answers the browser\'s preflight itself', () => {
  const trace = run(httpApi(SHOP_CORS, true), { requests: 3 });
  const [preflight, ...actual] = requests(trace);

  it('sends the OPTIONS first, with Chromium\'s headers in Chromium\'s order and no credentials', () => {
    assert.equal(preflight.name, 'OPTIONS /orders');
    assert.deepEqual(headerNames(preflight), [
      'Host', 'Connection', 'Accept', 'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'Origin', 'User-Agent',
      'Sec-Fetch-Mode', 'Sec-Fetch-Site', 'Sec-Fetch-Dest', 'Referer', 'Accept-Encoding', 'Accept-Language',
    ]);
    assert.deepEqual([headerOf(preflight, 'Access-Control-Request-Method'), headerOf(preflight, 'Access-Control-Request-Headers'), headerOf(preflight, 'Sec-Fetch-Site')], ['POST', 'authorization,content-type', 'cross-site']);
  });
  it('answers 204 without running the authorizer, then the POST carries Origin and gets Access-Control-Allow-Origin', () => {
    const answer = trace.events.find((event) => event.kind === 'http.response' && event.detail?.cors === 'preflight');
    assert.equal(answer?.name, '204 No Content');
    const firstPost = trace.events.findIndex((event) => event === actual[0]);
    assert.equal(trace.events.slice(0, firstPost).some((event) => /JWT/.test(event.name)), false, 'no authorizer step before the POST');
    assert.equal(headerOf(actual[0], 'Origin'), 'https://www.shop.com');
    const response = trace.events.find((event) => event.kind === 'http.response' && event.to === 'client' && event.time > actual[0].time);
    assert.equal(headerOf(response!, 'Access-Control-Allow-Origin'), 'https://www.shop.com');
  });
  it('sends the preflight once for a series within Access-Control-Max-Age', () => {
    assert.deepEqual(requests(trace).map((event) => event.name), ['OPTIONS /orders', 'POST /orders', 'POST /orders', 'POST /orders']);
    assert.deepEqual(checks(trace).map((event) => event.name), ['CORS: preflight passed', 'CORS: preflight cached', 'CORS: preflight cached']);
  });
});

describe('CORS failures are failed steps with Chromium\'s words', () => {
  it('an origin the HTTP API does not allow: the preflight lacks Access-Control-Allow-Origin and the POST is never sent', () => {
    const trace = run(httpApi(SHOP_CORS), { origin: 'https://evil.example' });
    assert.deepEqual(requests(trace).map((event) => event.name), ['OPTIONS /orders']);
    const [check] = checks(trace);
    assert.equal(check.error?.code, 'CORS_BLOCKED');
    assert.match(check.error!.message, /^Access to fetch at 'https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/orders' from origin 'https:\/\/evil\.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource\./);
  });
  it('a REST resource without an OPTIONS method: 403 Missing Authentication Token, and the hint says why', () => {
    const trace = run(restApi([]));
    const answer = trace.events.find((event) => event.kind === 'http.response' && event.detail?.cors === 'preflight');
    assert.equal(answer?.name, '403 Forbidden');
    assert.match(Buffer.from(answer!.payload!).toString(), /\{"message":"Missing Authentication Token"\}/);
    assert.match(checks(trace)[0].error!.message, /No 'Access-Control-Allow-Origin' header is present.*has no OPTIONS method/);
  });
  it('SAM Cors answers the preflight from its MOCK, and a Lambda proxy response without the header is blocked', () => {
    const trace = run(restApi(['Cors:', `  AllowOrigin: "'https://www.shop.com'"`, `  AllowHeaders: "'content-type'"`]));
    assert.deepEqual(checks(trace).map((event) => [event.name, event.error?.message.replace(/^.*CORS policy: /, '')]), [
      ['CORS: preflight passed', undefined],
      ['CORS: response blocked', "No 'Access-Control-Allow-Origin' header is present on the requested resource. (POST /orders is a Lambda proxy integration: the backend must return Access-Control-Allow-Origin itself; API Gateway adds nothing)"],
    ]);
    const passing = run(restApi(['Cors:', `  AllowOrigin: "'https://www.shop.com'"`, `  AllowHeaders: "'content-type'"`]), { backend: { headers: { 'Access-Control-Allow-Origin': 'https://www.shop.com' } } });
    assert.deepEqual(checks(passing).map((event) => event.error), [undefined]);
  });
  it('credentials with `*`: the wildcard is refused when the page sends credentials', () => {
    const trace = run(restApi(['Cors:', `  AllowOrigin: "'*'"`, `  AllowHeaders: "'content-type'"`, '  AllowCredentials: true']), { credentials: 'include' });
    assert.match(checks(trace)[0].error!.message, /Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '\*' when the request's credentials mode is 'include'\./);
  });
  it('a header the configuration does not allow', () => {
    const trace = run(httpApi(['CorsConfiguration:', '  AllowOrigins: ["https://www.shop.com"]', '  AllowMethods: [POST]', '  AllowHeaders: [x-other]']));
    assert.match(checks(trace)[0].error!.message, /No 'Access-Control-Allow-Origin' header/);
  });
});

describe('only a browser does CORS', () => {
  it('sends no preflight for the node and curl clients', () => {
    for (const clientProfile of ['node', 'curl']) {
      const trace = simulateRouteRequest({ model: httpApi(SHOP_CORS), route: 'POST /orders', clientProfile });
      // curl speaks h2 with API Gateway: its request is a HEADERS frame.
      assert.deepEqual(requests(trace).map((event) => event.name.replace(/^HEADERS \[1\] /, '')), ['POST /orders'], clientProfile);
      assert.equal(checks(trace).length, 0);
    }
  });
});

describe('the preflight over HTTP/2', () => {
  it('goes as a stream of the h2 connection before the request, both HEADERS marked as the preflight\'s', () => {
    const trace = run(httpApi(SHOP_CORS, true), { requests: 2, httpVersion: '2' });
    assert.deepEqual(requests(trace).map((event) => [event.name, event.detail?.cors ?? '']), [['HEADERS [1] OPTIONS /orders', 'preflight'], ['HEADERS [3] POST /orders', ''], ['HEADERS [5] POST /orders', '']]);
    assert.equal(trace.events.find((event) => event.kind === 'http.response' && event.detail?.cors === 'preflight')?.name, 'HEADERS [1] 204 No Content');
    assert.deepEqual(checks(trace).map((event) => event.name), ['CORS: preflight passed', 'CORS: preflight cached']);
  });
});
