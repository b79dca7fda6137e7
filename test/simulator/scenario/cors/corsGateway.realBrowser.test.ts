import assert from 'node:assert/strict';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { readConfigText } from '../../../../simulator/config/configFile';
import { makeLiveCertificate } from '../../../../simulator/live/certificate';
import { GatewayEmulator } from '../../../../simulator/live/gatewayEmulator';
import { scriptFromTrace } from '../../../../simulator/live/liveScript';
import { Stopwatch } from '../../../../simulator/live/stopwatch';
import type { GatewayModel } from '../../../../simulator/model/gateway';
import { simulateRouteRequest } from '../../../../simulator/scenario/routeRequest';
import type { Trace } from '../../../../simulator/trace/trace';
import { CHROMIUM_SKIP, launchChromium, type PlaywrightBrowser, type PlaywrightContext } from '../../../helpers/headlessChromium';

/*
 * Issue 15 part 5, over TLS and through the live mode's gateway emulator: headless Chromium
 * (Debian's, driven by playwright-core) on a page at https://www.shop.com:<A> fetches from an API
 * whose every answer is the model's (the emulator plays the model's responses of the same
 * scenario, in order: the preflight's status and headers are AWS's behaviour as the model has it).
 * Everything the client decides comes from Chromium: whether it preflights, what the preflight
 * asks for, whether it then sends the request, and whether the fetch is blocked and why. Each is
 * compared with what the model's browser did, per CORS case, for SAM REST and HTTP APIs.
 *
 * Both host names resolve to 127.0.0.1 (--host-resolver-rules); the certificate is the live
 * mode's throwaway one, which Chromium is told to accept.
 */

const FUNCTION = ['  Orders:', '    Type: AWS::Serverless::Function', '    Properties:', '      FunctionName: orders', '      Handler: index.handler', '      Runtime: nodejs20.x', '      Events:'];
const JWT = ['Auth:', '  DefaultAuthorizer: Users', '  Authorizers:', '    Users:', '      JwtConfiguration: {issuer: "https://issuer.example.com", audience: [web]}', '      IdentitySource: $request.header.Authorization'];
const COGNITO = ['Auth:', '  DefaultAuthorizer: Users', '  Authorizers:', '    Users:', '      UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Sh0pUs3rs'];

function httpApi(properties: string[]): string {
  return ['Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::HttpApi', '    Properties:', ...properties.map((line) => `      ${line}`),
    ...FUNCTION, '        Create:', '          Type: HttpApi', '          Properties: {ApiId: !Ref Api, Path: /orders, Method: post}', ''].join('\n');
}

function restApi(properties: string[]): string {
  return ['Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', ...properties.map((line) => `      ${line}`),
    ...FUNCTION, '        Create:', '          Type: Api', '          Properties: {RestApiId: !Ref Api, Path: /orders, Method: post}', ''].join('\n');
}

/** One fetch() from the page: the config the API is read from, and what the page sends. */
interface Case {
  name: string;
  config(pageOrigin: string): string;
  contentType: string;
  credentials?: 'include';
  /** The page sends its user's token, as the model's browser does on a route with an authorizer. */
  token?: true;
  /** What the integration answers (a Lambda proxy's own headers). */
  backendHeaders?(pageOrigin: string): Record<string, string>;
}

const JSON_POST = 'application/json';
const CASES: Case[] = [
  { name: 'HTTP API, allowed origin: preflight passes, POST sent', contentType: JSON_POST, config: (origin) => httpApi(['CorsConfiguration:', `  AllowOrigins: ["${origin}"]`, '  AllowMethods: [POST]', '  AllowHeaders: [content-type]', '  MaxAge: 600']) },
  { name: 'HTTP API, a simple text/plain POST: no preflight', contentType: 'text/plain;charset=UTF-8', config: (origin) => httpApi(['CorsConfiguration:', `  AllowOrigins: ["${origin}"]`, '  AllowMethods: [POST]']) },
  { name: 'HTTP API, another origin allowed: blocked at the preflight', contentType: JSON_POST, config: () => httpApi(['CorsConfiguration:', '  AllowOrigins: ["https://other.example"]', '  AllowMethods: [POST]', '  AllowHeaders: [content-type]']) },
  { name: 'HTTP API, content-type not allowed: blocked at the preflight', contentType: JSON_POST, config: (origin) => httpApi(['CorsConfiguration:', `  AllowOrigins: ["${origin}"]`, '  AllowMethods: [POST]', '  AllowHeaders: [x-other]']) },
  { name: 'HTTP API with a JWT authorizer and CORS: the preflight skips the authorizer', contentType: JSON_POST, token: true, config: (origin) => httpApi([...JWT, 'CorsConfiguration:', `  AllowOrigins: ["${origin}"]`, '  AllowMethods: [POST]', '  AllowHeaders: [content-type, authorization]']) },
  { name: 'HTTP API with a JWT authorizer, authorization not an allowed header: blocked at the preflight', contentType: JSON_POST, token: true, config: (origin) => httpApi([...JWT, 'CorsConfiguration:', `  AllowOrigins: ["${origin}"]`, '  AllowMethods: [POST]', '  AllowHeaders: [content-type]']) },
  { name: 'REST API without an OPTIONS method: 403, blocked', contentType: JSON_POST, config: () => restApi([]) },
  { name: 'REST API, SAM Cors, a Lambda proxy without the header: response blocked', contentType: JSON_POST, config: (origin) => restApi(['Cors:', `  AllowOrigin: "'${origin}'"`, `  AllowHeaders: "'content-type'"`]) },
  { name: 'REST API, SAM Cors, the Lambda proxy names the origin: passes', contentType: JSON_POST, config: (origin) => restApi(['Cors:', `  AllowOrigin: "'${origin}'"`, `  AllowHeaders: "'content-type'"`]), backendHeaders: (origin) => ({ 'Access-Control-Allow-Origin': origin }) },
  { name: 'REST API, credentials with `*`: blocked at the preflight', contentType: JSON_POST, credentials: 'include', config: () => restApi(['Cors:', `  AllowOrigin: "'*'"`, `  AllowHeaders: "'content-type'"`, '  AllowCredentials: true']) },
  { name: 'REST API, SAM Cors with a default authorizer on the preflight: 401, blocked', contentType: JSON_POST, token: true, config: (origin) => restApi([...COGNITO, 'Cors:', `  AllowOrigin: "'${origin}'"`, `  AllowHeaders: "'content-type'"`]) },
];

/** What a browser, model or real, did in one case. */
interface Observed {
  /** Request lines, in order: `OPTIONS /prod/orders`, `POST /prod/orders`. */
  requests: string[];
  /** The preflight's Access-Control-Request-Method and -Headers. */
  asked?: [string, string];
  /** Why the fetch was blocked (the CORS policy's words), or undefined when it went through. */
  blocked?: string;
}

/** The part of a CORS message that says why, without the URLs and without the model's own hint in brackets. */
function reason(message: string): string {
  return message.replace(/^.*has been blocked by CORS policy: /s, '').replace(/ \(.*\)$/s, '').replace(/ If an opaque response serves your needs.*$/s, '');
}

function requestLines(text: string): string[] {
  return [...text.matchAll(/^([A-Z]+) (\S+) HTTP\/1\.1\r$/gm)].map((match) => `${match[1]} ${match[2]}`);
}

function headerIn(head: string, name: string): string {
  return new RegExp(`^${name}: (.*)\\r$`, 'im').exec(head)?.[1] ?? '';
}

function modelObserved(trace: Trace): Observed {
  const sent = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
  const heads = sent.map((event) => Buffer.from(event.payload!).toString('latin1'));
  const preflight = heads.find((head) => head.startsWith('OPTIONS '));
  const refusal = trace.events.find((event) => event.kind === 'http.cors_check' && event.error);
  return {
    requests: heads.flatMap(requestLines),
    ...(preflight ? { asked: [headerIn(preflight, 'Access-Control-Request-Method'), headerIn(preflight, 'Access-Control-Request-Headers')] as [string, string] } : {}),
    ...(refusal ? { blocked: reason(refusal.error!.message) } : {}),
  };
}

function modelOf(text: string): GatewayModel {
  const result = readConfigText(text, 'template.yaml');
  assert.deepEqual(result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.message), []);
  return result.model;
}

/** The model's browser in one case, as the page sends: HTTP/1.1 (what the emulator speaks), the page's origin and body. */
function modelTrace(model: GatewayModel, pageOrigin: string, testCase: Case): Trace {
  return simulateRouteRequest({
    model, route: 'POST /orders', clientProfile: 'browser', httpVersion: '1.1', origin: pageOrigin, requestHeaders: [['Content-Type', testCase.contentType]], requestBody: '{"sku":"A1"}',
    ...(testCase.credentials ? { credentials: testCase.credentials } : {}),
    ...(testCase.backendHeaders ? { backend: { headers: testCase.backendHeaders(pageOrigin) } } : {}),
  });
}

/**
 * The headers the page's fetch() sets: the content type, and on a route with an authorizer the
 * user's token, as the model's browser sends one (its value does not matter to CORS, only that
 * the header is there).
 */
function pageHeaders(testCase: Case): Record<string, string> {
  return { 'Content-Type': testCase.contentType, ...(testCase.token ? { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' } : {}) };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

describe('CORS through the gateway emulator, over TLS, against Chromium', { skip: CHROMIUM_SKIP }, () => {
  const certificate = makeLiveCertificate('www.shop.com');
  const pageServer = createHttpsServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>shop</title>');
  });
  let pageOrigin = '';
  let browser: PlaywrightBrowser;
  let context: PlaywrightContext;

  before(async () => {
    pageOrigin = `https://www.shop.com:${await listen(pageServer)}`;
    browser = await launchChromium(['--host-resolver-rules=MAP * 127.0.0.1']);
    context = await browser.newContext({ ignoreHTTPSErrors: true });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    pageServer.closeAllConnections();
    await new Promise<void>((resolve) => pageServer.close(() => resolve()));
  });

  /** Chromium's side of a case: the emulator answers as the model's trace says; what Chromium sends and concludes is recorded. */
  async function chromiumObserved(trace: Trace, testCase: Case): Promise<Observed> {
    const script = scriptFromTrace(trace);
    const host = script.requests[0].request.headers.find(([name]) => name.toLowerCase() === 'host')![1];
    const target = script.requests.find((planned) => planned.request.method !== 'OPTIONS')?.request.target ?? script.requests[0].request.target;
    const { emulator, port } = await GatewayEmulator.start(script, makeLiveCertificate(host), new Stopwatch(), 'TLSv1.3');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    try {
      await page.goto(`${pageOrigin}/`);
      const outcome = await page.evaluate(async (call) => {
        try {
          const response = await fetch(call.url, { method: 'POST', headers: call.headers, body: '{"sku":"A1"}', ...(call.credentials ? { credentials: call.credentials } : {}) });
          await response.text();
          return 'ok';
        } catch (error) {
          return String(error);
        }
      }, { url: `https://${host}:${port}${target}`, headers: pageHeaders(testCase), credentials: testCase.credentials });
      // Chromium logs the CORS error to the console a moment after the fetch rejects.
      for (let wait = 0; outcome !== 'ok' && !errors.some((text) => /CORS policy/.test(text)) && wait < 50; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      const upstream = emulator.connections.map((connection) => Buffer.concat(connection.chunks.filter((chunk) => chunk.direction === 'up').map((chunk) => chunk.bytes)).toString('latin1')).join('');
      const preflight = upstream.split(/\r\n\r\n/).find((head) => /^OPTIONS /m.test(head));
      const policy = errors.find((text) => /CORS policy/.test(text));
      assert.equal(emulator.failure, undefined, `the emulator had an answer for every request Chromium sent: ${emulator.failure?.message}`);
      return {
        requests: requestLines(upstream),
        ...(preflight ? { asked: [headerIn(preflight, 'Access-Control-Request-Method'), headerIn(preflight, 'Access-Control-Request-Headers')] as [string, string] } : {}),
        ...(outcome !== 'ok' ? { blocked: policy ? reason(policy) : outcome } : {}),
      };
    } finally {
      await page.close();
      await emulator.close();
    }
  }

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const trace = modelTrace(modelOf(testCase.config(pageOrigin)), pageOrigin, testCase);
      const modelled = modelObserved(trace);
      const real = await chromiumObserved(trace, testCase);
      assert.deepEqual(real, modelled, `Chromium ${JSON.stringify(real)}\nmodel    ${JSON.stringify(modelled)}`);
    });
  }

  it('fails when the model is wrong: a model browser that thinks the page is on the allowed origin', async () => {
    const testCase = CASES[2];
    // The gateway allows https://other.example; the model is told the page is there, so it sends the POST; Chromium, on the real page, does not.
    const wrong = modelTrace(modelOf(testCase.config(pageOrigin)), 'https://other.example', testCase);
    const modelled = modelObserved(wrong);
    assert.equal(modelled.blocked, undefined);
    const real = await chromiumObserved(wrong, testCase);
    assert.notDeepEqual(real, modelled);
    assert.ok(real.blocked, 'Chromium blocks what the wrong model let through');
  });
});
