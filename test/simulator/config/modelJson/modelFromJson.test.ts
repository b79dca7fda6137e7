import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, type SimulatorErrorCode } from '../../../../simulator/errors';
import { MAX_MODEL_BYTES, modelFromJson } from '../../../../simulator/config/modelJson/modelFromJson';
import { apiHost, type Api, type SourceLocation } from '../../../../simulator/model/gateway';

// Tests run from out/test/simulator/model; the example lives in the repository root.
const SHOP_FILE = join(__dirname, '..', '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');

/** 1-based line and column of the `occurrence`th `needle` in `text`, computed independently of the reader. */
function positionOf(text: string, needle: string, occurrence = 0): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `fixture has no occurrence ${occurrence} of ${JSON.stringify(needle)}`);
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Offset of the first character of a 1-based line and column. */
function offsetOf(text: string, location: SourceLocation): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < location.line - 1; i++) offset += lines[i].length + 1;
  return offset + location.column - 1;
}

/** Offset of the `}` or `]` closing the object or array opened at `start`, skipping strings (route keys hold braces). */
function closingOffset(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const character = text[i];
    if (character === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (character === '{' || character === '[') {
      depth++;
    } else if (character === '}' || character === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  assert.fail(`nothing closes the bracket at offset ${start}`);
}

/** The 1-based line range of the element whose location is given. */
function lineSpan(text: string, location: SourceLocation): { first: number; last: number } {
  const start = offsetOf(text, location);
  assert.ok(text[start] === '{' || text[start] === '[', `expected a bracket at ${location.line}:${location.column}, found ${JSON.stringify(text[start])}`);
  return { first: location.line, last: text.slice(0, closingOffset(text, start)).split('\n').length };
}

/** Line of the first line of `text` containing `needle`. */
function lineContaining(text: string, needle: string): number {
  return positionOf(text, needle).line;
}

/** Asserts that loading `text` fails with a ConfigError at `needle` (or at an explicit position). */
function rejects(
  text: string,
  expected: { code?: SimulatorErrorCode; at?: string | { line: number; column: number }; occurrence?: number; message?: RegExp },
  file = 'models/gateway.json',
): ConfigError {
  let caught: unknown;
  try {
    modelFromJson(text, file);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.equal(caught.code, expected.code ?? 'INVALID_CONFIG');
  assert.equal(caught.location.file, file);
  if (expected.at !== undefined) {
    const position = typeof expected.at === 'string' ? positionOf(text, expected.at, expected.occurrence) : expected.at;
    assert.deepEqual({ line: caught.location.line, column: caught.location.column }, position, caught.format());
  }
  if (expected.message) assert.match(caught.message, expected.message);
  assert.equal(caught.format(), `${file}:${caught.location.line}:${caught.location.column}: ${caught.message}`);
  return caught;
}

/** A small valid HTTP API to break one field at a time. */
function httpModel(api: string): string {
  return [
    '{',
    '  "apis": [',
    '    {',
    '      "id": "abc123",',
    '      "type": "HTTP",',
    api,
    '    }',
    '  ]',
    '}',
  ].join('\n');
}

describe('modelFromJson: the shop example', () => {
  const text = readFileSync(SHOP_FILE, 'utf8');
  const model = modelFromJson(text, SHOP_FILE);
  const [products, orders, status] = model.apis;

  it('loads the three APIs with their types, endpoints and stages', () => {
    assert.equal(model.apis.length, 3);
    assert.deepEqual(model.apis.map((api) => [api.id, api.name, api.type, api.endpointType]), [
      ['a1b2c3d4e5', 'shop-products', 'REST', 'EDGE'],
      ['f6g7h8i9j0', 'shop-orders', 'HTTP', 'REGIONAL'],
      ['k1l2m3n4o5', 'shop-order-status', 'WEBSOCKET', 'REGIONAL'],
    ]);
    assert.deepEqual(products.stages.map((stage) => [stage.name, stage.throttle]), [['prod', { rateLimit: 1000, burstLimit: 2000 }]]);
    assert.deepEqual(orders.stages[0].routeThrottles, { 'POST /orders': { rateLimit: 200, burstLimit: 400 } });
    assert.equal(status.stages[0].name, 'production');
    assert.equal(products.wafWebAcl, 'shop-web-acl');
    assert.equal(products.apiKeySource, 'HEADER');
    assert.equal(status.routeSelectionExpression, '$request.body.action');
  });

  it('loads the routes, each tied to its integration and authorizer', () => {
    assert.deepEqual(products.routes.map((route) => [route.key, route.integrationId, route.authorizationType, route.apiKeyRequired]), [
      ['GET /products', 'list-products', 'NONE', true],
      ['GET /products/{productId}', 'get-product', 'NONE', undefined],
      ['GET /products/{productId}/reviews', 'list-reviews', 'NONE', undefined],
      ['GET /products/{productId}/stock', 'get-stock', 'NONE', undefined],
    ]);
    // A route with a JWT authorizer and no explicit authorizationType is JWT-authorized.
    assert.deepEqual(orders.routes.map((route) => [route.key, route.authorizerId, route.authorizationType, route.integrationId]), [
      ['POST /orders', 'shop-users', 'JWT', 'create-order'],
      ['GET /orders/{orderId}', 'shop-users', 'JWT', 'order-service'],
    ]);
    // A Lambda (REQUEST) authorizer makes the route CUSTOM-authorized.
    assert.deepEqual(status.routes.map((route) => [route.key, route.authorizationType]), [
      ['$connect', 'CUSTOM'], ['$disconnect', 'NONE'], ['subscribe', 'NONE'], ['$default', 'NONE'],
    ]);
  });

  it('loads the authorizers with their identity sources', () => {
    assert.deepEqual(products.authorizers, []);
    const [jwt] = orders.authorizers;
    assert.equal(jwt.type, 'JWT');
    assert.equal(jwt.issuer, 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Sh0pUs3rs');
    assert.deepEqual(jwt.audience, ['shop-web-client']);
    assert.deepEqual(jwt.identitySources, ['$request.header.Authorization']);
    const [lambda] = status.authorizers;
    assert.deepEqual([lambda.type, lambda.functionName, lambda.identitySources], ['REQUEST', 'wsAuthorizer', ['route.request.querystring.token']]);
  });

  it('loads the usage plan with its throttle, quota and API key', () => {
    assert.equal(products.usagePlans?.length, 1);
    const [plan] = products.usagePlans!;
    assert.deepEqual([plan.id, plan.throttle, plan.quota, plan.apiKeys], [
      'partners', { rateLimit: 50, burstLimit: 100 }, { limit: 100000, period: 'DAY' }, ['pk3Hq8ZrT0aWmY7dLx2VbN5sQe9GcJ1uKf4ORiPo'],
    ]);
  });

  it('loads the VPC link and the integration that goes through it', () => {
    assert.deepEqual(model.vpcLinks.map((link) => [link.id, link.name, link.target, link.targetKind]), [['orders-link', 'orders-vpc-link', 'ALB', 'EKS']]);
    const service = orders.integrations.find((integration) => integration.id === 'order-service')!;
    assert.deepEqual([service.type, service.uri, service.connectionType, service.vpcLinkId], ['HTTP_PROXY', 'http://orders.internal.example.com', 'VPC_LINK', 'orders-link']);
    const lambda = orders.integrations.find((integration) => integration.id === 'create-order')!;
    assert.deepEqual([lambda.type, lambda.functionName, lambda.connectionType, lambda.payloadFormatVersion], ['AWS_PROXY', 'createOrder', 'INTERNET', '2.0']);
  });

  it('gives every element a location in the file', () => {
    const elements: [string, SourceLocation | undefined][] = [
      ...model.vpcLinks.map((link): [string, SourceLocation | undefined] => [`vpc link ${link.id}`, link.location]),
      ...model.apis.flatMap((api) => [
        [`api ${api.id}`, api.location] as [string, SourceLocation | undefined],
        ...api.stages.map((stage): [string, SourceLocation | undefined] => [`stage ${stage.name}`, stage.location]),
        ...api.routes.map((route): [string, SourceLocation | undefined] => [`route ${route.key}`, route.location]),
        ...api.authorizers.map((authorizer): [string, SourceLocation | undefined] => [`authorizer ${authorizer.id}`, authorizer.location]),
        ...api.integrations.map((integration): [string, SourceLocation | undefined] => [`integration ${integration.id}`, integration.location]),
        ...(api.usagePlans ?? []).map((plan): [string, SourceLocation | undefined] => [`usage plan ${plan.id}`, plan.location]),
      ]),
    ];
    assert.equal(elements.length, 1 + 3 + 3 + 10 + 2 + 10 + 1);
    for (const [name, location] of elements) {
      assert.ok(location, `${name} has no location`);
      assert.equal(location.file, SHOP_FILE, name);
      assert.ok(location.line >= 1 && location.column >= 1, `${name}: ${location.line}:${location.column}`);
    }
  });

  it('places each API at the object whose lines hold its name', () => {
    for (const api of model.apis) {
      const span = lineSpan(text, api.location!);
      const nameLine = lineContaining(text, `"name": "${api.name}"`);
      assert.ok(span.first < nameLine && nameLine < span.last, `${api.name}: "name" on line ${nameLine}, API object on lines ${span.first}-${span.last}`);
      assert.ok(text.split('\n').slice(span.first - 1, span.last).join('\n').includes(`"id": "${api.id}"`), `${api.name}: its id is inside the span`);
    }
    // The spans follow one another in file order and do not overlap.
    const spans = model.apis.map((api) => lineSpan(text, api.location!));
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1].last < spans[i].first);
  });

  it('places routes, authorizers, integrations and the VPC link on the line that defines them', () => {
    const checks: [Api['location'], string][] = [
      [products.routes[1].location, '"key": "GET /products/{productId}"'],
      [orders.routes[0].location, '"key": "POST /orders"'],
      [status.routes[2].location, '"key": "subscribe"'],
      [orders.authorizers[0].location, '"id": "shop-users"'],
      [status.authorizers[0].location, '"id": "ws-auth"'],
      [orders.integrations[1].location, '"id": "order-service"'],
      [status.integrations[3].location, '"id": "on-default"'],
      [model.vpcLinks[0].location, '"id": "orders-link"'],
      [products.usagePlans![0].location, '"id": "partners"'],
    ];
    for (const [location, needle] of checks) {
      const expected = positionOf(text, needle);
      assert.equal(location!.line, expected.line, needle);
      // The location is the opening brace of the one-line object holding the field.
      const span = lineSpan(text, location!);
      assert.equal(span.last, span.first, needle);
      assert.ok(location!.column < expected.column, needle);
    }
  });
});

describe('modelFromJson: errors', () => {
  it('reports a JSON syntax error at the line and column of the unexpected token', () => {
    const text = httpModel('      "name": "shop"\n      "region": "eu-west-1"');
    const error = rejects(text, { code: 'CONFIG_SYNTAX', at: '"region"', message: /JSON syntax error/ });
    assert.equal(error.location.line, 7);
    assert.match(error.format(), /^models\/gateway\.json:7:7: JSON syntax error/);
  });

  it('accepts comments and trailing commas (the file is JSONC)', () => {
    const model = modelFromJson('// the shop\n{ "apis": [ { "id": "x", "type": "HTTP", /* no routes yet */ }, ], }');
    assert.equal(model.apis[0].id, 'x');
  });

  it('rejects an unknown field at its key, so a typo is not silently ignored', () => {
    const text = httpModel('      "routse": []');
    rejects(text, { at: '"routse"', message: /unknown field "routse"/ });
  });

  it('rejects a route referencing an unknown authorizer at the reference', () => {
    const text = httpModel([
      '      "integrations": [{ "id": "fn", "type": "AWS_PROXY", "functionName": "f" }],',
      '      "routes": [{ "key": "GET /a", "authorizerId": "nobody", "integrationId": "fn" }]',
    ].join('\n'));
    rejects(text, { code: 'UNKNOWN_REFERENCE', at: '"nobody"', message: /unknown authorizer "nobody"/ });
  });

  it('rejects a route referencing an unknown integration at the reference', () => {
    const text = httpModel([
      '      "integrations": [{ "id": "fn", "type": "AWS_PROXY", "functionName": "f" }],',
      '      "routes": [',
      '        { "key": "GET /a", "integrationId": "fn" },',
      '        { "key": "GET /b", "integrationId": "fnn" }',
      '      ]',
    ].join('\n'));
    const error = rejects(text, { code: 'UNKNOWN_REFERENCE', at: '"fnn"', message: /unknown integration "fnn"/ });
    assert.equal(error.location.line, 9);
  });

  it('rejects an integration through a VPC link that is not defined', () => {
    const text = [
      '{',
      '  "vpcLinks": [{ "id": "link-a", "target": "NLB" }],',
      '  "apis": [{',
      '    "id": "abc", "type": "HTTP",',
      '    "integrations": [',
      '      { "id": "svc", "type": "HTTP_PROXY", "uri": "http://svc.internal", "connectionType": "VPC_LINK", "vpcLinkId": "link-b" }',
      '    ]',
      '  }]',
      '}',
    ].join('\n');
    rejects(text, { code: 'UNKNOWN_REFERENCE', at: '"link-b"', message: /unknown VPC link "link-b"/ });
  });

  it('rejects an edge-optimized HTTP API (HTTP and WebSocket APIs are Regional only)', () => {
    rejects(httpModel('      "endpointType": "EDGE"'), { at: '"EDGE"', message: /only REGIONAL/ });
  });

  it('rejects a JWT authorizer on a REST API (JWT authorizers are for HTTP APIs)', () => {
    const text = [
      '{ "apis": [{',
      '  "id": "rest1", "type": "REST",',
      '  "authorizers": [{ "id": "jwt", "type": "JWT", "issuer": "https://issuer.example.com" }]',
      '}] }',
    ].join('\n');
    rejects(text, { at: '"JWT"', message: /JWT authorizers exist only for HTTP APIs/ });
  });

  it('rejects usage plans on an HTTP API (usage plans are REST only)', () => {
    const text = httpModel('      "usagePlans": [{ "id": "gold", "apiKeys": ["k"] }]');
    rejects(text, { at: '[{ "id": "gold"', message: /usage plans and API keys exist only for REST APIs/ });
  });

  it('rejects request templates on an HTTP API (HTTP APIs have no mapping templates)', () => {
    const text = httpModel('      "routes": [{ "key": "POST /a", "requestTemplates": { "application/json": "{}" } }]');
    rejects(text, { at: '{ "application/json"', message: /no mapping templates/ });
  });

  it('rejects a route key defined twice, at the second definition', () => {
    const text = httpModel([
      '      "routes": [',
      '        { "key": "GET /a" },',
      '        { "key": "GET /a" }',
      '      ]',
    ].join('\n'));
    rejects(text, { at: '{ "key": "GET /a" }', occurrence: 1, message: /route "GET \/a" is defined twice/ });
  });

  it('rejects a route key whose method is not an HTTP method', () => {
    const text = httpModel('      "routes": [{ "key": "FETCH /x" }]');
    rejects(text, { at: '"FETCH /x"', message: /key must look like/ });
  });

  it('rejects an authorizer result TTL of 3601 s (the maximum is 3600)', () => {
    const text = [
      '{ "apis": [{',
      '  "id": "rest1", "type": "REST",',
      '  "authorizers": [{ "id": "auth", "type": "TOKEN", "functionName": "authorize", "resultTtlSeconds": 3601 }]',
      '}] }',
    ].join('\n');
    rejects(text, { at: '3601', message: /from 0 to 3600, got 3601/ });
    // 3600 itself is allowed.
    const model = modelFromJson(text.replace('3601', '3600'));
    assert.equal(model.apis[0].authorizers[0].resultTtlSeconds, 3600);
  });

  it('rejects an empty file as a syntax error at 1:1', () => {
    rejects('', { code: 'CONFIG_SYNTAX', at: { line: 1, column: 1 } });
  });

  it('says an empty file is empty', () => {
    rejects('', { code: 'CONFIG_SYNTAX', message: /empty/ });
  });

  it('rejects JSON that is not a gateway model', () => {
    rejects('{}', { at: { line: 1, column: 1 }, message: /not a gateway model/ });
    rejects('[1, 2, 3]', { at: { line: 1, column: 1 } });
    rejects('{ "name": "my-app", "version": "1.0.0", "dependencies": {} }', {});
  });

  it('says a package.json is not a gateway model', () => {
    rejects('{ "name": "my-app", "version": "1.0.0", "scripts": { "test": "node --test" } }', { message: /not a gateway model/ });
  });

  it('refuses a file over MAX_MODEL_BYTES with CONFIG_TOO_LARGE, without parsing it', () => {
    // Not JSON at all: a parse would report CONFIG_SYNTAX, so the code shows the size check came first.
    rejects('x'.repeat(MAX_MODEL_BYTES + 1), { code: 'CONFIG_TOO_LARGE', at: { line: 1, column: 1 } }, 'big.json');
  });

  it('loads a valid model of exactly MAX_MODEL_BYTES', () => {
    const model = '{ "apis": [{ "id": "a", "type": "HTTP" }] }';
    assert.equal(modelFromJson(model + ' '.repeat(MAX_MODEL_BYTES - model.length)).apis.length, 1);
  });

  it('measures the size limit in UTF-8 bytes, not UTF-16 code units', () => {
    const text = `{ "apis": [{ "id": "a", "type": "HTTP", "name": "${'€'.repeat(2_000_000)}" }] }`;
    assert.ok(Buffer.byteLength(text, 'utf8') > MAX_MODEL_BYTES && text.length < MAX_MODEL_BYTES);
    rejects(text, { code: 'CONFIG_TOO_LARGE' });
  });

  it('rejects a huge array promptly with a model error', () => {
    const text = `{ "apis": [${'1,'.repeat(1_000_000)}1] }`;
    rejects(text, { message: /apis\[0\] must be an object/ });
  });

  it('rejects nesting deeper than any model needs, at the bracket where it goes too deep', () => {
    const depth = 1000;
    // The opening brace is level 1, so the 64th bracket (offset 10 + 63) is level 65.
    rejects(`{ "apis": ${'['.repeat(depth)}${']'.repeat(depth)} }`, { code: 'CONFIG_SYNTAX', at: { line: 1, column: 11 + 63 }, message: /nested more than 64 levels/ });
  });

  it('turns 100,000 nested arrays into a ConfigError instead of overflowing the stack', () => {
    const depth = 100_000;
    assert.throws(() => modelFromJson(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'deep.json'), (error) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.location.file, 'deep.json');
      return true;
    });
  });
});

describe('modelFromJson: defaults', () => {
  const model = modelFromJson(JSON.stringify({
    apis: [
      { id: 'rest1', type: 'REST' },
      { id: 'http1', type: 'HTTP', integrations: [{ id: 'fn', type: 'AWS_PROXY', functionName: 'handler' }] },
      { id: 'ws1', type: 'WEBSOCKET' },
    ],
  }));
  const [rest, http, websocket] = model.apis;

  it('puts APIs in us-east-1 behind a Regional endpoint unless told otherwise', () => {
    for (const api of model.apis) {
      assert.equal(api.region, 'us-east-1', api.id);
      assert.equal(api.endpointType, 'REGIONAL', api.id);
      assert.equal(api.name, api.id, 'the name defaults to the id');
    }
    assert.deepEqual(model.vpcLinks, []);
  });

  it('gives a REST API a "prod" stage and HTTP and WebSocket APIs a "$default" stage when none is given', () => {
    assert.deepEqual(rest.stages.map((stage) => stage.name), ['prod']);
    assert.deepEqual(http.stages.map((stage) => stage.name), ['$default']);
    assert.deepEqual(websocket.stages.map((stage) => stage.name), ['$default']);
  });

  it('selects WebSocket routes by $request.body.action by default', () => {
    assert.equal(websocket.routeSelectionExpression, '$request.body.action');
    assert.equal(rest.routeSelectionExpression, undefined);
    assert.equal(http.routeSelectionExpression, undefined);
  });

  it('sends HTTP API Lambda proxy integrations payload format 2.0 by default', () => {
    assert.equal(http.integrations[0].payloadFormatVersion, '2.0');
    assert.equal(http.integrations[0].connectionType, 'INTERNET');
    const explicit = modelFromJson('{ "apis": [{ "id": "h", "type": "HTTP", "integrations": [{ "id": "fn", "type": "AWS_PROXY", "functionName": "f", "payloadFormatVersion": "1.0" }] }] }');
    assert.equal(explicit.apis[0].integrations[0].payloadFormatVersion, '1.0');
  });
});

describe('apiHost', () => {
  it('is {id}.execute-api.{region}.amazonaws.com by default', () => {
    const [api] = modelFromJson('{ "apis": [{ "id": "x1y2z3w4v5", "type": "HTTP", "region": "eu-west-3" }] }').apis;
    assert.equal(apiHost(api), 'x1y2z3w4v5.execute-api.eu-west-3.amazonaws.com');
    // An id AWS would not assign (not ten lowercase letters and digits) stands for one derived from it.
    const [defaultRegion] = modelFromJson('{ "apis": [{ "id": "q9", "type": "REST" }] }').apis;
    assert.match(apiHost(defaultRegion), /^[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    assert.notEqual(apiHost(defaultRegion).split('.')[0], 'q9');
  });

  it('is the custom domain name when one is set', () => {
    const [api] = modelFromJson('{ "apis": [{ "id": "x1y2z3", "type": "REST", "customDomain": { "domainName": "api.shop.example.com", "securityPolicy": "TLS_1_2" } }] }').apis;
    assert.equal(api.customDomain?.securityPolicy, 'TLS_1_2');
    assert.equal(apiHost(api), 'api.shop.example.com');
  });
});
