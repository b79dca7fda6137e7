import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { readSibling } from '../../../../simulator/config/configFile';
import { type ConfinedRead, NOT_FOUND } from '../../../../simulator/config/confinedFile';
import { Findings, type Finding } from '../../../../simulator/config/findings';
import { checkModel } from '../../../../simulator/config/modelChecks';
import { detectFormat } from '../../../../simulator/config/formats';
import { readServerless } from '../../../../simulator/config/serverless/serverlessService';
import { parseConfigTree } from '../../../../simulator/config/tree';
import { modelFromJson } from '../../../../simulator/config/modelJson/modelFromJson';
import type { Api, GatewayModel, Route } from '../../../../simulator/model/gateway';

/*
 * Expectations come from the Serverless Framework documentation
 * (serverless.com/framework/docs/providers/aws/events/apigateway, .../events/http-api,
 * .../events/websocket, .../guide/serverless.yml, /framework/docs/guides/variables) and,
 * for names the docs leave implicit, the Framework's lib/plugins/aws/lib/naming.js.
 */

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'serverless');

interface Read {
  model: GatewayModel;
  findings: Finding[];
}

/** Reads serverless.yml text; `siblings` are the files next to it (for `${file()}`). */
function read(text: string, file = 'serverless.yml', siblings: Record<string, string> = {}, runChecks = true): Read {
  const findings = new Findings();
  const readSibling = (path: string): ConfinedRead => {
    const key = path.replace(/^\.\//, '');
    return key in siblings ? { kind: 'read', text: siblings[key], file: key } : NOT_FOUND;
  };
  const model = readServerless({ text, tree: parseConfigTree(text, file) }, { file, findings, readSibling });
  if (runChecks) checkModel(model, findings);
  return { model, findings: findings.list };
}

function readFile(path: string): Read {
  const findings = new Findings();
  const text = readFileSync(path, 'utf8');
  const model = readServerless({ text, tree: parseConfigTree(text, path) }, { file: path, findings, readSibling: readSibling(dirname(path)) });
  checkModel(model, findings);
  return { model, findings: findings.list };
}

const fixture = (name: string): Read => readFile(join(FIXTURES, name));

function api(model: GatewayModel, type: Api['type']): Api {
  const found = model.apis.find((candidate) => candidate.type === type);
  assert.ok(found, `no ${type} API`);
  return found;
}

function route(target: Api, key: string): Route {
  const found = target.routes.find((candidate) => candidate.key === key);
  assert.ok(found, `${target.name} has no route ${key}; it has ${target.routes.map((r) => r.key).join(', ')}`);
  return found;
}

function integrationOf(target: Api, key: string) {
  const id = route(target, key).integrationId;
  const found = target.integrations.find((integration) => integration.id === id);
  assert.ok(found, `${key}: integration ${id} not found`);
  return found;
}

function codes(findings: Finding[], severity?: Finding['severity']): string[] {
  return findings.filter((finding) => !severity || finding.severity === severity).map((finding) => finding.code);
}

describe('the Serverless Framework reader: the shop example', () => {
  const shop = readFile(join(ROOT, 'examples', 'shop', 'serverless.yml'));
  const reference = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'));

  it('describes the same three APIs, with the same routes, as gateway.json', () => {
    assert.deepEqual(
      shop.model.apis.map((candidate) => [candidate.name, candidate.type, candidate.endpointType, candidate.region]),
      reference.apis.map((candidate) => [candidate.name, candidate.type, candidate.endpointType, candidate.region]),
    );
    // Authorizer ids are the Framework's (a WebSocket authorizer is named after its function), so compare what they do.
    const authorizerOf = (owner: Api, candidate: Route): string | undefined => {
      const authorizer = owner.authorizers.find((item) => item.id === candidate.authorizerId);
      return authorizer && `${authorizer.type} ${authorizer.functionName ?? authorizer.issuer}`;
    };
    for (const [index, expected] of reference.apis.entries()) {
      const actual = shop.model.apis[index];
      assert.deepEqual(
        actual.routes.map((candidate) => [candidate.key, candidate.authorizationType, authorizerOf(actual, candidate), candidate.apiKeyRequired ?? false]),
        expected.routes.map((candidate) => [candidate.key, candidate.authorizationType, authorizerOf(expected, candidate), candidate.apiKeyRequired ?? false]),
        `${expected.name} routes`,
      );
    }
  });

  it('keeps the partners usage plan, the WAF, the JWT issuer and the $connect identity source', () => {
    const products = api(shop.model, 'REST');
    assert.equal(products.wafWebAcl, 'shop-web-acl');
    assert.equal(products.stages[0].name, 'prod');
    assert.deepEqual(products.stages[0].throttle, { rateLimit: 1000, burstLimit: 2000 });
    const [plan] = products.usagePlans ?? [];
    const [expectedPlan] = reference.apis[0].usagePlans ?? [];
    assert.deepEqual([plan.throttle, plan.quota, plan.apiKeys], [expectedPlan.throttle, expectedPlan.quota, expectedPlan.apiKeys]);
    // usage-plan.js names a listed plan `${service}-${name}-${stage}`.
    assert.equal(plan.name, 'shop-partners-prod');
    const orders = api(shop.model, 'HTTP');
    const jwt = orders.authorizers[0];
    assert.deepEqual([jwt.id, jwt.type, jwt.issuer, jwt.audience], ['shop-users', 'JWT', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Sh0pUs3rs', ['shop-web-client']]);
    assert.deepEqual(orders.stages[0].routeThrottles, { 'POST /orders': { rateLimit: 200, burstLimit: 400 } });
    const status = api(shop.model, 'WEBSOCKET');
    assert.equal(status.routeSelectionExpression, '$request.body.action');
    assert.deepEqual(status.authorizers.map((authorizer) => [authorizer.id, authorizer.type, authorizer.functionName, authorizer.identitySources]),
      [['wsAuthorizer', 'REQUEST', 'wsAuthorizer', ['route.request.querystring.token']]]);
  });

  it('invokes the functions gateway.json names, except the order service that only a VPC link reaches', () => {
    for (const [index, expected] of reference.apis.entries()) {
      const actual = shop.model.apis[index];
      for (const expectedRoute of expected.routes) {
        const expectedIntegration = expected.integrations.find((integration) => integration.id === expectedRoute.integrationId)!;
        const actualIntegration = integrationOf(actual, expectedRoute.key);
        if (expectedIntegration.connectionType === 'VPC_LINK') {
          // Not expressible with httpApi events: a Lambda function stands in (said in the file).
          assert.deepEqual([actualIntegration.type, actualIntegration.functionName], ['AWS_PROXY', 'getOrder']);
          continue;
        }
        assert.deepEqual([actualIntegration.type, actualIntegration.functionName], [expectedIntegration.type, expectedIntegration.functionName], expectedRoute.key);
      }
    }
  });

  it('reads without findings: the DynamoDB table in resources is not an API Gateway resource', () => {
    assert.deepEqual(shop.findings, []);
  });
});

describe('the Serverless Framework reader: implicit APIs', () => {
  const minimal = [
    'service: svc',
    'provider:',
    '  name: aws',
    'functions:',
    '  rest:',
    '    handler: a.b',
    '    events:',
    '      - http: GET /',
    '  http:',
    '    handler: a.b',
    '    events:',
    '      - httpApi: GET /',
    '  ws:',
    '    handler: a.b',
    '    events:',
    '      - websocket: $default',
    '',
  ].join('\n');

  it('names them ${stage}-${service} and ${stage}-${service}-websockets, stage dev and region us-east-1 by default', () => {
    const { model } = read(minimal);
    assert.deepEqual(model.apis.map((candidate) => [candidate.id, candidate.name, candidate.type, candidate.region, candidate.stages[0].name]), [
      ['ApiGatewayRestApi', 'dev-svc', 'REST', 'us-east-1', 'dev'],
      ['HttpApi', 'dev-svc', 'HTTP', 'us-east-1', '$default'],
      ['WebsocketsApi', 'dev-svc-websockets', 'WEBSOCKET', 'us-east-1', 'dev'],
    ]);
    // "By default, the Serverless Framework deploys your REST API using the EDGE endpoint configuration."
    assert.deepEqual(model.apis.map((candidate) => candidate.endpointType), ['EDGE', 'REGIONAL', 'REGIONAL']);
    assert.equal(api(model, 'WEBSOCKET').routeSelectionExpression, '$request.body.action');
    assert.deepEqual(route(api(model, 'REST'), 'GET /'), { key: 'GET /', authorizationType: 'NONE', integrationId: 'rest', location: route(api(model, 'REST'), 'GET /').location });
  });

  it('follows shouldStartNameWithService, apiName, httpApi.name and websocketsApiName', () => {
    const swapped = read(minimal.replace('  name: aws\n', '  name: aws\n  stage: qa\n  apiGateway:\n    shouldStartNameWithService: true\n  httpApi:\n    shouldStartNameWithService: true\n'));
    assert.deepEqual(swapped.model.apis.map((candidate) => candidate.name), ['svc-qa', 'svc-qa', 'qa-svc-websockets']);
    const named = read(minimal.replace('  name: aws\n', '  name: aws\n  apiName: catalogue\n  websocketsApiName: live\n  httpApi:\n    name: checkout\n'));
    assert.deepEqual(named.model.apis.map((candidate) => candidate.name), ['catalogue', 'checkout', 'live']);
    assert.equal(named.model.apis[0].location?.line, 4, 'the REST API is declared by provider.apiName');
  });

  it('creates no API for an event kind that no function uses', () => {
    const { model } = read('service: svc\nprovider:\n  name: aws\nfunctions:\n  worker:\n    handler: a.b\n    events:\n      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs\n');
    assert.deepEqual(model.apis, []);
  });

  it('reads a serverless.json as well as a serverless.yml', () => {
    const json = JSON.stringify({ service: 'svc', provider: { name: 'aws', stage: 'prod' }, functions: { hello: { handler: 'h.hello', events: [{ http: { path: 'hello', method: 'get' } }] } } }, null, 2);
    const { model } = read(json, 'serverless.json');
    assert.deepEqual(model.apis.map((candidate) => [candidate.name, candidate.routes.map((r) => r.key)]), [['prod-svc', ['GET /hello']]]);
    assert.equal(model.apis[0].routes[0].location?.line, 11); // the event's `{`
  });

  it('reads files that format detection takes for Serverless configs', () => {
    for (const name of ['rest-authorizers-cors.yml', 'http-api-authorizers.yml', 'websocket-chat.yml', 'variables-and-resources.yml', 'broken-authorizer.yml', 'private-api.yml']) {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      assert.equal(detectFormat(text, parseConfigTree(text, name)), 'serverless', name);
    }
    const shop = readFileSync(join(ROOT, 'examples', 'shop', 'serverless.yml'), 'utf8');
    assert.equal(detectFormat(shop, parseConfigTree(shop, 'serverless.yml')), 'serverless');
  });
});

describe('the Serverless Framework reader: REST API (http events)', () => {
  const { model, findings } = fixture('rest-authorizers-cors.yml');
  const rest = api(model, 'REST');

  it('names the API ${service}-${stage} when shouldStartNameWithService is set, with the stage and region from their fallbacks', () => {
    assert.deepEqual([rest.name, rest.stages[0].name, rest.region, rest.endpointType], ['users-api-dev', 'dev', 'eu-west-1', 'REGIONAL']);
  });

  it('makes a route per http event: shorthand, any-case methods, ANY, slashes trimmed', () => {
    assert.deepEqual(rest.routes.map((candidate) => candidate.key), [
      'GET /users', 'POST /users', 'GET /users/{id}', 'DELETE /users/{id}', 'POST /users/export',
      'GET /reports/legacy', 'ANY /reports/legacy/{proxy+}', 'GET /health', 'GET /reports/summary',
      'OPTIONS /users', 'OPTIONS /users/{id}',
    ]);
  });

  it('puts each route at its event in the events list', () => {
    const lines = rest.routes.slice(0, 9).map((candidate) => [candidate.location?.line, candidate.location?.column]);
    assert.deepEqual(lines, [[43, 9], [52, 9], [82, 9], [104, 9], [114, 9], [128, 9], [129, 9], [140, 9], [149, 9]]);
    // The preflight is declared by the cors setting that asked for it.
    assert.deepEqual([route(rest, 'OPTIONS /users').location?.line, route(rest, 'OPTIONS /users/{id}').location?.line], [46, 85]);
  });

  it('turns a function name into a TOKEN Lambda authorizer with the documented defaults, shared by name', () => {
    assert.deepEqual([route(rest, 'GET /users').authorizationType, route(rest, 'GET /users').authorizerId], ['CUSTOM', 'authorize']);
    assert.equal(route(rest, 'POST /users').authorizerId, 'authorize');
    const authorizer = rest.authorizers.find((candidate) => candidate.id === 'authorize')!;
    assert.deepEqual(
      [authorizer.type, authorizer.functionName, authorizer.identitySources, authorizer.resultTtlSeconds, authorizer.location?.line],
      ['TOKEN', 'authorize', ['method.request.header.Authorization'], 300, 47],
    );
  });

  it('turns a Cognito user pool arn into a COGNITO_USER_POOLS authorizer', () => {
    const get = route(rest, 'GET /users/{id}');
    assert.equal(get.authorizationType, 'COGNITO_USER_POOLS');
    const authorizer = rest.authorizers.find((candidate) => candidate.id === get.authorizerId)!;
    assert.deepEqual([authorizer.type, authorizer.userPoolArns], ['COGNITO_USER_POOLS', ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123']]);
  });

  it('turns aws_iam into IAM authorization with no authorizer', () => {
    assert.deepEqual([route(rest, 'DELETE /users/{id}').authorizationType, route(rest, 'DELETE /users/{id}').authorizerId], ['AWS_IAM', undefined]);
  });

  it('reads a request authorizer by arn: its name from the arn, identity sources split at commas, its TTL', () => {
    const exportRoute = route(rest, 'POST /users/export');
    // extractAuthorizerNameFromArn: the last ':' part, then its last '-' part.
    assert.equal(exportRoute.authorizerId, 'requestAuth');
    const authorizer = rest.authorizers.find((candidate) => candidate.id === 'requestAuth')!;
    // The function is named by its name, as every other format names it (config/aws/arns.ts lambdaFunctionName), not by its ARN.
    assert.deepEqual([authorizer.type, authorizer.functionName, authorizer.identitySources, authorizer.resultTtlSeconds], [
      'REQUEST', 'shared-auth-prod-requestAuth', ['method.request.header.Authorization', 'context.identity.sourceIp'], 60,
    ]);
  });

  it('requires an API key on private routes and builds the default usage plan from apiKeys and usagePlan', () => {
    assert.deepEqual(rest.routes.filter((candidate) => candidate.apiKeyRequired).map((candidate) => candidate.key), ['POST /users/export']);
    assert.equal(rest.apiKeySource, 'HEADER');
    assert.deepEqual(rest.usagePlans?.map((plan) => [plan.id, plan.name, plan.throttle, plan.quota, plan.apiKeys, plan.location?.line]), [
      ['default', 'users-api-dev', { rateLimit: 100, burstLimit: 200 }, { limit: 5000, period: 'MONTH' }, ['dev-internal', 'mobileAppKeyValue0123456789'], 22],
    ]);
  });

  it('integrates lambda-proxy by default, async and lambda as AWS, http-proxy through a VPC link, and mock', () => {
    const proxy = integrationOf(rest, 'GET /users');
    assert.deepEqual([proxy.type, proxy.functionName, proxy.timeoutMs], ['AWS_PROXY', 'listUsers', 10000]);
    // A function's literal name (after variables) is what API Gateway invokes.
    assert.deepEqual([integrationOf(rest, 'POST /users/export').type, integrationOf(rest, 'POST /users/export').functionName], ['AWS', 'users-api-dev-export']);
    const legacy = integrationOf(rest, 'ANY /reports/legacy/{proxy+}');
    assert.deepEqual([legacy.type, legacy.uri, legacy.connectionType, legacy.vpcLinkId], ['HTTP_PROXY', 'http://legacy.internal.example.com/{proxy}', 'VPC_LINK', 'abc123']);
    assert.deepEqual(model.vpcLinks.map((link) => [link.id, link.target, link.location?.line]), [['abc123', 'NLB', 134]]);
    assert.equal(integrationOf(rest, 'GET /health').type, 'MOCK');
    assert.deepEqual(route(rest, 'GET /health').requestTemplates, { 'application/json': '{"statusCode": 200}' });
    assert.deepEqual(route(rest, 'GET /health').responseTemplates, { 'application/json': '{"status": "ok"}' });
    const summary = integrationOf(rest, 'GET /reports/summary');
    assert.deepEqual([summary.type, summary.functionName, summary.timeoutMs], ['AWS', 'legacyReport', 29000]);
    assert.deepEqual(route(rest, 'GET /reports/summary').requestTemplates, { 'application/json': '{ "period": "$input.params(\'period\')" }' });
    // One function, several integration kinds: each its own integration.
    assert.equal(new Set(['GET /reports/legacy', 'ANY /reports/legacy/{proxy+}', 'GET /health', 'GET /reports/summary'].map((key) => route(rest, key).integrationId)).size, 4);
  });

  it('validates required request parameters and schema-required body properties', () => {
    const get = route(rest, 'GET /users/{id}');
    assert.deepEqual([get.validateParameters, get.requiredParameters], [true, ['method.request.path.id', 'method.request.header.X-Request-Id']]);
    const post = route(rest, 'POST /users');
    assert.deepEqual([post.validateBody, post.requestModels?.[0]?.contentType, post.requestModels?.[0]?.required, post.requestModels?.[0]?.location?.line], [true, 'application/json', ['email', 'name'], 68]);
    assert.equal(route(rest, 'GET /users').validateBody, undefined);
  });

  it('answers CORS preflights with an OPTIONS MOCK method for each path that asks', () => {
    const preflight = route(rest, 'OPTIONS /users');
    assert.deepEqual([preflight.authorizationType, integrationOf(rest, 'OPTIONS /users').type], ['NONE', 'MOCK']);
    assert.ok(!rest.routes.some((candidate) => candidate.key === 'OPTIONS /users/export'), 'no cors, no preflight');
  });

  it('reads the fixture with one finding: the POST a browser cannot call, its path having no cors while others do', () => {
    assert.deepEqual(findings.map((finding) => [finding.code, /cannot call (\S+ \S+):/.exec(finding.message)?.[1]]), [['CORS_BLOCKED_ROUTE', 'POST /users/export']]);
  });
});

describe('the Serverless Framework reader: HTTP API (httpApi events)', () => {
  const { model, findings } = fixture('http-api-authorizers.yml');
  const http = api(model, 'HTTP');

  it('reads METHOD /path strings and objects, * as $default and method * as ANY', () => {
    assert.deepEqual([http.name, http.region, http.endpointType, http.stages[0].name], ['orders-staging', 'us-west-2', 'REGIONAL', '$default']);
    assert.deepEqual(http.routes.map((candidate) => [candidate.key, candidate.location?.line]), [
      ['GET /orders', 43], ['POST /orders', 54], ['GET /orders/{id}', 61], ['ANY /partners/{partnerId}/webhook', 69],
      ['GET /internal/stats', 78], ['POST /platform/events', 87], ['$default', 95],
    ]);
  });

  it('reads JWT and Lambda request authorizers from provider.httpApi.authorizers', () => {
    // A functionArn gives the function's name, as in every other format.
    assert.deepEqual(http.authorizers.map((authorizer) => [authorizer.id, authorizer.name, authorizer.type, authorizer.identitySources, authorizer.functionName, authorizer.resultTtlSeconds, authorizer.location?.line]), [
      ['cognitoJwt', 'cognitoJwt', 'JWT', ['$request.header.Authorization'], undefined, undefined, 18],
      ['partnerKey', 'partnerKey', 'REQUEST', ['$request.header.X-Partner-Key'], 'partnerAuthorizer', 300, 23],
      ['externalAuth', 'platform-authorizer', 'REQUEST', [], 'platform-authorizer', 0, 30],
    ]);
    const jwt = http.authorizers[0];
    assert.deepEqual([jwt.issuer, jwt.audience], ['https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Orders01', ['4f1c2d3e5a6b7c8d9e0f1a2b3c']]);
  });

  it('authorizes routes by authorizer name, or with IAM', () => {
    assert.deepEqual(http.routes.map((candidate) => [candidate.key, candidate.authorizationType, candidate.authorizerId]), [
      ['GET /orders', 'JWT', 'cognitoJwt'], ['POST /orders', 'NONE', undefined], ['GET /orders/{id}', 'JWT', 'cognitoJwt'],
      ['ANY /partners/{partnerId}/webhook', 'CUSTOM', 'partnerKey'], ['GET /internal/stats', 'AWS_IAM', undefined],
      ['POST /platform/events', 'CUSTOM', 'externalAuth'], ['$default', 'NONE', undefined],
    ]);
  });

  it('integrates each function once, payload 2.0 unless the function says 1.0, with the 30 s timeout', () => {
    assert.deepEqual([integrationOf(http, 'GET /orders').payloadFormatVersion, integrationOf(http, 'GET /orders/{id}').payloadFormatVersion], ['2.0', '1.0']);
    assert.deepEqual(http.integrations.map((integration) => [integration.id, integration.type, integration.timeoutMs]).slice(0, 2), [['listOrders', 'AWS_PROXY', 30000], ['createOrder', 'AWS_PROXY', 30000]]);
  });

  it('reads the fixture without findings', () => {
    assert.deepEqual(findings, []);
  });
});

describe('the Serverless Framework reader: WebSocket API (websocket events)', () => {
  const { model, findings } = fixture('websocket-chat.yml');
  const ws = api(model, 'WEBSOCKET');

  it('reads the routes as declared, string and object forms, and the route selection expression', () => {
    assert.deepEqual([ws.name, ws.stages[0].name, ws.routeSelectionExpression], ['dev-chat-websockets', 'dev', '$request.body.type']);
    assert.deepEqual(ws.routes.map((candidate) => [candidate.key, candidate.location?.line]), [['$connect', 25], ['$disconnect', 31], ['$default', 37], ['sendMessage', 42], ['joinRoom', 49]]);
  });

  it('puts a REQUEST authorizer on $connect with the identity source given', () => {
    assert.deepEqual([route(ws, '$connect').authorizationType, route(ws, '$connect').authorizerId], ['CUSTOM', 'auth']);
    assert.deepEqual(ws.authorizers.map((authorizer) => [authorizer.id, authorizer.type, authorizer.functionName, authorizer.identitySources, authorizer.location?.line]), [
      ['auth', 'REQUEST', 'auth', ['route.request.querystring.token'], 27],
    ]);
  });

  it('shares one integration between routes of the same function', () => {
    assert.equal(route(ws, '$connect').integrationId, route(ws, '$disconnect').integrationId);
    assert.deepEqual(ws.integrations.map((integration) => [integration.id, integration.type, integration.functionName]), [
      ['connectionHandler', 'AWS_PROXY', 'connectionHandler'], ['defaultHandler', 'AWS_PROXY', 'defaultHandler'],
      ['sendMessage', 'AWS_PROXY', 'sendMessage'], ['joinRoom', 'AWS_PROXY', 'joinRoom'],
    ]);
  });

  it('reports an authorizer on a route other than $connect, where it is written', () => {
    assert.deepEqual(findings.map((finding) => [finding.severity, finding.code, finding.location.line]), [['error', 'UNSUPPORTED_FEATURE', 51]]);
    assert.equal(route(ws, 'joinRoom').authorizerId, undefined);
  });

  it('uses route.request.header.Auth when no identity source is given', () => {
    const { model: defaults } = read('service: s\nprovider: aws\nfunctions:\n  c:\n    handler: h.c\n    events:\n      - websocket:\n          route: $connect\n          authorizer: arn:aws:lambda:us-east-1:123456789012:function:auth\n  d:\n    handler: h.d\n    events:\n      - websocket: $default\n');
    const [authorizer] = api(defaults, 'WEBSOCKET').authorizers;
    assert.deepEqual([authorizer.id, authorizer.functionName, authorizer.identitySources], ['auth', 'auth', ['route.request.header.Auth']]);
  });
});

describe('the Serverless Framework reader: endpoint types and external APIs', () => {
  it('reads a private API with its stage name, key source and security policy', () => {
    const { model, findings } = fixture('private-api.yml');
    const rest = api(model, 'REST');
    assert.deepEqual([rest.name, rest.endpointType, rest.stages[0].name, rest.apiKeySource, rest.securityPolicy, rest.region], [
      'prod-ledger', 'PRIVATE', 'v1', 'AUTHORIZER', 'SecurityPolicy_TLS13_1_3_2025_09', 'eu-central-1',
    ]);
    assert.deepEqual(rest.routes.map((candidate) => [candidate.key, candidate.location?.line]), [['POST /entries', 30], ['GET /accounts/{accountId}/balance', 36]]);
    assert.deepEqual(findings, []);
  });

  const base = (provider: string): string => `service: svc\nprovider:\n  name: aws\n${provider}functions:\n  f:\n    handler: h.f\n    events:\n      - http: get /x\n`;

  it('accepts endpoint types in any case and reports one it does not know', () => {
    assert.equal(read(base('  endpointType: regional\n')).model.apis[0].endpointType, 'REGIONAL');
    assert.equal(read(base('  endpointType: Edge\n')).model.apis[0].endpointType, 'EDGE');
    const wrong = read(base('  endpointType: global\n'));
    assert.deepEqual([wrong.model.apis[0].endpointType, codes(wrong.findings), wrong.findings[0].location.line], ['EDGE', ['INVALID_VALUE'], 4]);
  });

  it('warns about a private API without the resource policy it cannot be deployed without', () => {
    const { findings } = read(base('  endpointType: PRIVATE\n  vpcEndpointIds:\n    - vpce-0123456789abcdef0\n'));
    assert.deepEqual(findings.map((finding) => [finding.severity, finding.code, finding.location.line]), [['warning', 'PRIVATE_API_WITHOUT_POLICY', 4]]);
  });

  it('adds events to an existing REST or HTTP API by id, saying so', () => {
    const { model, findings } = read('service: svc\nprovider:\n  name: aws\n  apiGateway:\n    restApiId: a1b2c3d4e5\n    restApiRootResourceId: r00t\n  httpApi:\n    id: f6g7h8i9j0\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http: GET x\n      - httpApi: GET /x\n');
    assert.deepEqual(model.apis.map((candidate) => [candidate.id, candidate.name]), [['a1b2c3d4e5', 'a1b2c3d4e5'], ['f6g7h8i9j0', 'f6g7h8i9j0']]);
    assert.deepEqual(findings.map((finding) => [finding.severity, finding.code, finding.location.line]), [['info', 'EXTERNAL_API', 5], ['info', 'EXTERNAL_API', 8]]);
  });

  it('reads several usage plans with keys listed under their names', () => {
    const { model, findings } = read([
      'service: svc', 'provider:', '  name: aws', '  stage: prod', '  apiGateway:', '    apiKeys:', '      - free:', '          - freeKey', '      - paid:',
      '          - name: paidKey', '            value: paidKeyValue', '          - name: retiredKey', '            enabled: false', '      - nobody:', '          - orphanKey', '    usagePlan:', '      - free:', '          quota:',
      '            limit: 5000', '            period: MONTH', '      - paid:', '          throttle:', '            rateLimit: 1000', '            burstLimit: 2000',
      'functions:', '  f:', '    handler: h.f', '    events:', '      - http:', '          path: x', '          method: get', '          private: true', '',
    ].join('\n'));
    assert.deepEqual(api(model, 'REST').usagePlans?.map((plan) => [plan.id, plan.name, plan.apiKeys, plan.quota, plan.throttle]), [
      ['free', 'svc-free-prod', ['freeKey'], { limit: 5000, period: 'MONTH' }, undefined],
      ['paid', 'svc-paid-prod', ['paidKeyValue'], undefined, { rateLimit: 1000, burstLimit: 2000 }],
    ]);
    assert.deepEqual(findings.map((finding) => [finding.code, finding.location.line]), [['DANGLING_REFERENCE', 14]]);
  });

  it('reads a Cognito pool from resources by name, and a shared authorizer by id, keeping their references as text', () => {
    const { model, findings } = read([
      'service: svc', 'provider:', '  name: aws', 'functions:', '  f:', '    handler: h.f', '    events:',
      '      - http:', '          path: a', '          method: get', '          authorizer:', '            name: UserPool', '            type: COGNITO_USER_POOLS',
      '            arn:', '              Fn::GetAtt: [CognitoUserPool, Arn]',
      '      - http:', '          path: b', '          method: get', '          authorizer:', '            type: token', '            authorizerId: !Ref SharedAuthorizer',
      'resources:', '  Resources:', '    CognitoUserPool:', '      Type: AWS::Cognito::UserPool', '',
    ].join('\n'));
    const rest = api(model, 'REST');
    assert.deepEqual(rest.routes.map((candidate) => [candidate.key, candidate.authorizationType, candidate.authorizerId]), [
      ['GET /a', 'COGNITO_USER_POOLS', 'UserPool'], ['GET /b', 'CUSTOM', '!Ref SharedAuthorizer'],
    ]);
    assert.deepEqual(rest.authorizers.map((authorizer) => [authorizer.type, authorizer.userPoolArns ?? authorizer.functionName]), [
      ['COGNITO_USER_POOLS', ['!GetAtt CognitoUserPool.Arn']], ['TOKEN', '!Ref SharedAuthorizer'],
    ]);
    assert.deepEqual(findings.map((finding) => [finding.code, finding.location.line]), [['EXTERNAL_AUTHORIZER', 19]]);
  });

  it('notes private routes when the file declares no API keys', () => {
    const { findings } = read(base('').replace('- http: get /x', '- http:\n          path: x\n          method: get\n          private: true'));
    assert.deepEqual(findings.map((finding) => [finding.severity, finding.code, finding.location.line]), [['info', 'NO_USAGE_PLAN', 8]]);
  });
});

describe('the Serverless Framework reader: variables', () => {
  const { model, findings } = fixture('variables-and-resources.yml');
  const rest = api(model, 'REST');

  it('resolves self, opt and sls variables, params, nested variables and fallbacks within the file', () => {
    // service from custom, apiName from a default param, endpointType through ${sls:stage}, region from the opt fallback.
    assert.deepEqual([rest.name, rest.endpointType, rest.region, rest.stages[0].name], ['inventory-public', 'REGIONAL', 'us-east-2', 'dev']);
    assert.deepEqual(rest.routes.map((candidate) => candidate.key), ['GET /v1/items', 'POST /v1/items', 'ANY /v1/warehouse/{proxy+}', 'OPTIONS /v1/items']);
    // A whole-value self reference takes the referenced map (cors) or function name (authorizer).
    assert.deepEqual([route(rest, 'GET /v1/items').authorizerId, rest.authorizers[0].functionName], ['authorizer', 'authorizer']);
    assert.equal(rest.usagePlans?.[0].name, 'inventory-dev');
  });

  it('reads ${file()} values next to the config: the body schema and the usage plan limits', () => {
    assert.deepEqual(route(rest, 'POST /v1/items').requestModels?.[0]?.required, ['sku', 'quantity']);
    assert.deepEqual(rest.usagePlans?.[0].throttle, { rateLimit: 20, burstLimit: 40 });
  });

  it('keeps env, ssm and missing-file values as written, with an info finding where each is written', () => {
    assert.deepEqual(rest.usagePlans?.[0].apiKeys, ['${env:PARTNER_API_KEY}']);
    assert.equal(rest.usagePlans?.[0].quota, undefined);
    const proxy = integrationOf(rest, 'ANY /v1/warehouse/{proxy+}');
    assert.deepEqual([proxy.uri, proxy.vpcLinkId], ['http://${env:WAREHOUSE_HOST}/{proxy}', '${ssm:/inventory/dev/vpc-link-id}']);
    const unresolved = findings.filter((finding) => finding.code === 'UNRESOLVED_VARIABLE');
    assert.ok(unresolved.every((finding) => finding.severity === 'info'));
    assert.deepEqual(unresolved.map((finding) => finding.location.line).sort((a, b) => a - b), [28, 40, 43, 83, 110]);
  });

  it('does not report variables in values the model does not read', () => {
    // provider.environment.DB_PASSWORD (${ssm:...}) and LOG_LEVEL are not API Gateway settings.
    assert.ok(!findings.some((finding) => finding.location.line === 46 || finding.location.line === 47));
  });

  it('says that the other API Gateway resources in resources are left to the CloudFormation reader', () => {
    const notes = findings.filter((finding) => finding.code === 'RESOURCES_NOT_READ');
    assert.equal(notes.length, 1);
    assert.equal(notes[0].location.line, 85);
    assert.match(notes[0].message, /\(ApiGatewayRestApi\)/);
    assert.doesNotMatch(notes[0].message, /ItemsTable|GatewayResponseDefault4XX/);
  });

  it('reads the gateway response on the Framework\'s ApiGatewayRestApi into the REST API', () => {
    assert.deepEqual(rest.gatewayResponses?.map((response) => ({ ...response, location: response.location?.line })), [
      { type: 'DEFAULT_4XX', headers: { 'Access-Control-Allow-Origin': "'*'" }, location: 98 },
    ]);
  });

  const withCustom = (custom: string, stage = ''): Read => read(`service: svc\n${custom}provider:\n  name: aws\n${stage}functions:\n  f:\n    handler: h.f\n    events:\n      - http:\n          path: \${self:custom.path}\n          method: get\n`, 'serverless.yml', {}, false);

  it('cuts a request schema whose variable leads back to itself instead of following it for ever', () => {
    const text = [
      'service: svc', 'custom:', '  schema:', '    type: object', '    properties:', '      loop: ${self:custom.schema}',
      'provider:', '  name: aws', 'functions:', '  f:', '    handler: h.f', '    events:', '      - http:', '          path: x', '          method: post',
      '          request:', '            schemas:', '              application/json: ${self:custom.schema}', '',
    ].join('\n');
    const schema = read(text, 'serverless.yml', {}, false).model.apis[0].routes[0].requestModels?.[0]?.schema as { type?: string; properties?: { loop?: unknown } } | undefined;
    assert.equal(schema?.type, 'object');
    assert.ok(JSON.stringify(schema).length < 10_000, 'the cycle is cut, not unrolled');
  });

  it('tries each fallback in turn: options are never given, self paths may be missing, literals end the chain', () => {
    const chain = withCustom("custom:\n  path: ${opt:path, self:custom.missing, 'fallback'}/${self:custom.depth.${opt:level, 'one'}}\n  depth:\n    one: leaf\n");
    assert.deepEqual([chain.model.apis[0].routes[0].key, chain.findings], ['GET /fallback/leaf', []]);
    const numbers = withCustom("custom:\n  path: v${opt:version, 2}\n");
    assert.equal(numbers.model.apis[0].routes[0].key, 'GET /v2');
  });

  it('resolves ${sls:stage} and ${param:} for the stage the file deploys to', () => {
    const staged = withCustom('stages:\n  default:\n    params:\n      prefix: any\n  prod:\n    params:\n      prefix: live\ncustom:\n  path: ${param:prefix}/${sls:stage}\n', '  stage: prod\n');
    assert.equal(staged.model.apis[0].routes[0].key, 'GET /live/prod');
    assert.equal(staged.model.apis[0].stages[0].name, 'prod');
  });

  it('reports an option without a fallback and keeps it as written', () => {
    const { model: bare, findings: notes } = withCustom('custom:\n  path: ${opt:path}\n');
    assert.equal(bare.apis[0].routes[0].key, 'GET /${opt:path}');
    assert.deepEqual(notes.map((finding) => [finding.severity, finding.code, finding.location.line]), [['info', 'UNRESOLVED_VARIABLE', 3]]);
  });

  it('reports a self reference that is not in the file as a warning', () => {
    const { findings: notes } = withCustom('custom:\n  path: ${self:custom.nowhere}\n');
    assert.deepEqual(notes.map((finding) => [finding.severity, finding.code]), [['warning', 'UNRESOLVED_VARIABLE']]);
  });

  it('stops at a reference loop with a warning instead of hanging', () => {
    const { model: looped, findings: notes } = withCustom('custom:\n  path: ${self:custom.other}\n  other: ${self:custom.path}\n');
    assert.equal(looped.apis[0].routes.length, 1);
    assert.ok(notes.some((finding) => finding.severity === 'warning' && /refers back to itself/.test(finding.message)));
  });

  it('leaves CloudFormation ${AWS::Region} placeholders alone, without a finding', () => {
    const { model: sub, findings: notes } = withCustom('custom:\n  path: ${AWS::Region}/x\n');
    assert.deepEqual([sub.apis[0].routes[0].key, notes], ['GET /${AWS::Region}/x', []]);
  });

  // The timeout is a hang guard, not a speed test: expanded in full, the path would be 2^31 copies of 8 characters (16 GiB).
  it('stops a value that variables would blow up, with a warning', { timeout: 30_000 }, () => {
    const levels = ['custom:', '  path: ${self:custom.l0}${self:custom.l0}'];
    for (let level = 0; level < 30; level++) levels.push(`  l${level}: \${self:custom.l${level + 1}}\${self:custom.l${level + 1}}`);
    levels.push('  l30: abcdefgh');
    const { model: bomb, findings: notes } = withCustom(`${levels.join('\n')}\n`);
    assert.ok(bomb.apis[0].routes[0].key.length < 70000);
    assert.ok(notes.some((finding) => finding.severity === 'warning' && /longer than/.test(finding.message)));
  });

  it('reads functions from ${file()} lists and reports a function file it cannot find', () => {
    const siblings = { 'functions/api.yml': 'hello:\n  handler: h.hello\n  events:\n    - httpApi: GET /hello\n' };
    const { model: split, findings: notes } = read('service: svc\nprovider:\n  name: aws\nfunctions:\n  - ${file(./functions/api.yml)}\n  - ${file(./functions/missing.yml)}\n', 'serverless.yml', siblings);
    assert.deepEqual(split.apis.map((candidate) => candidate.routes.map((r) => [r.key, r.location?.file, r.location?.line])), [[['GET /hello', 'functions/api.yml', 4]]]);
    assert.deepEqual(notes.map((finding) => [finding.code, finding.location.line]), [['UNRESOLVED_VARIABLE', 6]]);
  });
});

describe('the Serverless Framework reader: broken configs', () => {
  const { model, findings } = fixture('broken-authorizer.yml');

  it('reports each reference to a missing authorizer function at its line, and keeps the name', () => {
    const dangling = findings.filter((finding) => finding.code === 'DANGLING_REFERENCE');
    assert.deepEqual(dangling.map((finding) => [finding.severity, finding.location.line, finding.location.column]), [
      ['error', 22, 23], ['error', 30, 19], ['error', 50, 23],
      // An httpApi authorizer name missing from provider.httpApi.authorizers: the shared model check, at the route.
      ['error', 41, 9],
    ]);
    const rest = api(model, 'REST');
    assert.deepEqual(rest.authorizers.map((authorizer) => [authorizer.id, authorizer.functionName]), [['verifyToken', 'verifyToken']]);
  });

  it('reports a duplicate route and a method API Gateway does not have, and keeps the rest', () => {
    assert.deepEqual(findings.filter((finding) => finding.code === 'DUPLICATE_ROUTE' || finding.code === 'INVALID_ROUTE').map((finding) => [finding.code, finding.location.line]), [
      ['DUPLICATE_ROUTE', 32], ['INVALID_ROUTE', 35],
    ]);
    assert.deepEqual(api(model, 'REST').routes.map((candidate) => candidate.key), ['GET /invoices/{id}', 'GET /invoices']);
  });

  it('never throws on odd input: findings instead', () => {
    const odd = [
      'service: svc\nprovider: aws\nfunctions:\n  f:\n    handler: h\n    events:\n      - http: ${env:ROUTE}\n      - httpApi: PATCH\n      - websocket: {}\n      - http: {}\n      - http: [1, 2]\n      - plain\n',
      'service: svc\nprovider:\n  name: google\nfunctions:\n  f:\n    handler: h\n    events:\n      - http: GET /\n',
      'service: svc\nfunctions: 7\n',
      'service:\n  name: legacy\nprovider:\n  name: aws\nfunctions:\n  f:\n    events:\n      - http:\n          path: x\n          method: get\n          authorizer: {}\n          integration: soap\n          request:\n            schemas:\n              application/json: nowhere\n',
      '- service\n',
    ];
    for (const text of odd) {
      const result = read(text);
      assert.ok(Array.isArray(result.model.apis));
    }
    const unresolvedRoute = read(odd[0]);
    assert.deepEqual(codes(unresolvedRoute.findings).slice(0, 2), ['UNRESOLVED_VARIABLE', 'UNRESOLVED_ROUTE']);
    const google = read(odd[1]);
    assert.deepEqual([google.model.apis, codes(google.findings)], [[], ['UNSUPPORTED_FEATURE']]);
    const legacy = read(odd[3]);
    assert.equal(legacy.model.apis[0].name, 'dev-legacy');
    assert.deepEqual(codes(legacy.findings).sort(), ['DANGLING_REFERENCE', 'INVALID_VALUE', 'MISSING_PROPERTY']);
  });
});

describe('the Serverless Framework reader: plugins', () => {
  const text = (plugins: string): string => `service: svc\n${plugins}provider:\n  name: aws\ncustom:\n  associateWaf:\n    name: edge-acl\n  apiGatewayThrottling:\n    maxRequestsPerSecond: 300\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http:\n          path: x\n          method: get\n          throttling:\n            maxConcurrentRequests: 20\n`;

  it('reads the WAF and throttling settings of the plugins that apply them', () => {
    const { model, findings } = read(text('plugins:\n  - serverless-associate-waf\n  - serverless-api-gateway-throttling\n'));
    const rest = api(model, 'REST');
    assert.equal(rest.wafWebAcl, 'edge-acl');
    // Unset halves: the stage's come from the plugin's defaults, a route's from the stage.
    assert.deepEqual(rest.stages[0].throttle, { rateLimit: 300, burstLimit: 5000 });
    assert.deepEqual(rest.stages[0].routeThrottles, { 'GET /x': { rateLimit: 300, burstLimit: 20 } });
    assert.deepEqual(findings, []);
  });

  it('ignores plugin settings when the plugin is not listed, and says so', () => {
    const { model, findings } = read(text(''));
    assert.deepEqual([api(model, 'REST').wafWebAcl, api(model, 'REST').stages[0].throttle], [undefined, undefined]);
    assert.deepEqual(findings.map((finding) => [finding.code, finding.location.line]), [['IGNORED_PROPERTY', 7], ['IGNORED_PROPERTY', 5], ['IGNORED_PROPERTY', 16]]);
  });
});

describe('the Serverless Framework reader: size', () => {
  // Its reading speed is a figure printed by bench/config.bench.ts, not asserted here.
  it('reads a 10,000-line serverless.yml, every function and its events', () => {
    const lines = ['service: big', 'provider:', '  name: aws', '  stage: ${opt:stage, \'dev\'}', 'custom:', '  base: api', 'functions:'];
    for (let i = 0; lines.length < 10_000; i++) {
      lines.push(`  fn${i}:`, `    handler: src/fn${i}.handler`, `    name: \${self:service}-\${sls:stage}-fn${i}`, '    events:',
        '      - http:', `          path: \${self:custom.base}/items${i}/{id}`, '          method: get', '          cors: true',
        `      - httpApi: 'POST /items${i}'`, `      - websocket: action${i}`);
    }
    const text = lines.join('\n');
    assert.ok(text.split('\n').length >= 10_000);
    const tree = parseConfigTree(text, 'serverless.yml');
    const model = readServerless({ text, tree }, { file: 'serverless.yml', findings: new Findings(), readSibling: () => NOT_FOUND });
    assert.equal(api(model, 'REST').routes.length, 2000, 'a GET and its CORS preflight per function');
    assert.equal(api(model, 'HTTP').routes.length, 1000);
    assert.equal(integrationOf(api(model, 'REST'), 'GET /api/items7/{id}').functionName, 'big-dev-fn7');
  });
});
