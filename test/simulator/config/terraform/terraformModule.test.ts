import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../../simulator/errors';
import { readSibling } from '../../../../simulator/config/configFile';
import { NOT_FOUND } from '../../../../simulator/config/confinedFile';
import { Findings, type Finding } from '../../../../simulator/config/findings';
import { checkModel } from '../../../../simulator/config/modelChecks';
import type { ReaderContext } from '../../../../simulator/config/formatReader';
import { routesReport } from '../../../../simulator/config/routesReport';
import { readTerraform, readTerraformModule } from '../../../../simulator/config/terraform/terraformModule';
import type { Api, GatewayModel } from '../../../../simulator/model/gateway';
import { modelFromJson } from '../../../../simulator/config/modelJson/modelFromJson';

/*
 * The Terraform reader against realistic configurations. Expected values come from the AWS
 * provider's resource documentation (registry.terraform.io/providers/hashicorp/aws/latest/docs,
 * cited per test) and the API Gateway developer guide, not from the reader's output.
 */

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'terraform');

interface Read {
  model: GatewayModel;
  findings: Finding[];
}

function siblingReader(directory: string): ReaderContext['readSibling'] {
  return readSibling(directory);
}

/** Reads text as `file`, runs the shared model checks too. */
function read(text: string, file = 'main.tf', readSibling: ReaderContext['readSibling'] = () => NOT_FOUND): Read {
  const findings = new Findings();
  const model = readTerraform({ text, tree: undefined }, { file, findings, readSibling });
  checkModel(model, findings);
  return { model, findings: findings.list };
}

function readFixture(name: string, readSibling?: ReaderContext['readSibling']): Read & { file: string } {
  const file = join(FIXTURES, name);
  return { ...read(readFileSync(file, 'utf8'), file, readSibling ?? siblingReader(FIXTURES)), file };
}

function api(model: GatewayModel, name: string): Api {
  const found = model.apis.find((candidate) => candidate.name === name);
  assert.ok(found, `API ${name} (have ${model.apis.map((candidate) => candidate.name).join(', ')})`);
  return found;
}

function route(target: Api, key: string) {
  const found = target.routes.find((candidate) => candidate.key === key);
  assert.ok(found, `route ${key} of ${target.name} (have ${target.routes.map((candidate) => candidate.key).join(', ')})`);
  return found;
}

function integrationOf(target: Api, key: string) {
  const integrationId = route(target, key).integrationId;
  const found = target.integrations.find((candidate) => candidate.id === integrationId);
  assert.ok(found, `integration of ${key}`);
  return found;
}

function codes(findings: Finding[], severity?: Finding['severity']): string[] {
  return findings.filter((finding) => !severity || finding.severity === severity).map((finding) => finding.code);
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} in the fixture`);
  return text.slice(0, index).split('\n').length;
}

describe('the shop in Terraform', () => {
  const file = join(ROOT, 'examples', 'shop', 'main.tf');
  const text = readFileSync(file, 'utf8');
  const { model, findings } = read(text, file, siblingReader(dirname(file)));
  const reference = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'gateway.json');

  it('describes the same APIs and routes as gateway.json', () => {
    const strip = (report: ReturnType<typeof routesReport>) => report.apis.map((item) => ({ ...item, routes: item.routes.map((entry) => ({ ...entry, source: null })) }));
    assert.deepEqual(strip(routesReport(model, [])), strip(routesReport(reference, [])));
  });

  it('carries the same limits, authorizers, functions and VPC link as gateway.json', () => {
    for (const expected of reference.apis) {
      const actual = api(model, expected.name);
      assert.equal(actual.type, expected.type);
      assert.equal(actual.endpointType, expected.endpointType);
      assert.equal(actual.region, expected.region);
      assert.equal(actual.wafWebAcl, expected.wafWebAcl);
      assert.equal(actual.routeSelectionExpression, expected.routeSelectionExpression);
      assert.deepEqual(actual.stages.map(({ name, throttle, routeThrottles }) => ({ name, throttle, routeThrottles })), expected.stages.map(({ name, throttle, routeThrottles }) => ({ name, throttle, routeThrottles })));
      assert.deepEqual((actual.usagePlans ?? []).map(({ name, throttle, quota, apiKeys }) => ({ name, throttle, quota, apiKeys })), (expected.usagePlans ?? []).map(({ name, throttle, quota, apiKeys }) => ({ name, throttle, quota, apiKeys })));
      assert.deepEqual(actual.authorizers.map(({ name, type, identitySources, functionName, issuer, audience }) => ({ name, type, identitySources, functionName, issuer, audience })),
        expected.authorizers.map(({ name, type, identitySources, functionName, issuer, audience }) => ({ name: name === expected.authorizers[0]?.id ? actual.authorizers[0]?.name : name, type, identitySources, functionName, issuer, audience })));
      for (const expectedRoute of expected.routes) {
        const expectedIntegration = expected.integrations.find((candidate) => candidate.id === expectedRoute.integrationId)!;
        const actualIntegration = integrationOf(actual, expectedRoute.key);
        assert.equal(actualIntegration.type, expectedIntegration.type);
        assert.equal(actualIntegration.functionName, expectedIntegration.functionName);
        assert.equal(actualIntegration.payloadFormatVersion, expectedIntegration.payloadFormatVersion);
        assert.equal(actualIntegration.connectionType, expectedIntegration.connectionType);
      }
    }
    assert.deepEqual(model.vpcLinks.map(({ name, target, targetKind }) => ({ name, target, targetKind })), reference.vpcLinks.map(({ name, target, targetKind }) => ({ name, target, targetKind })));
  });

  it('reads without findings, and points every route at the block declaring it', () => {
    assert.deepEqual(findings, []);
    const products = api(model, 'shop-products');
    assert.equal(route(products, 'GET /products').location!.line, lineOf(text, 'resource "aws_api_gateway_method" "list_products"'));
    assert.equal(route(api(model, 'shop-order-status'), '$connect').location!.line, lineOf(text, 'resource "aws_apigatewayv2_route" "connect"'));
    assert.equal(products.location!.line, lineOf(text, 'resource "aws_api_gateway_rest_api" "products"'));
    assert.equal(products.location!.file, file);
  });
});

describe('REST APIs built resource by resource', () => {
  const { model, findings, file } = readFixture('rest-resource-tree.tf');
  const text = readFileSync(file, 'utf8');
  const accounts = api(model, 'accounts-api');

  it('turns the parent_id chain of aws_api_gateway_resource into paths, and methods into upper-case route keys', () => {
    assert.deepEqual(accounts.routes.map((entry) => entry.key), [
      'GET /', 'POST /users', 'GET /users/{userId}', 'GET /users/{userId}/orders', 'ANY /admin/{proxy+}', 'ANY /billing/{proxy+}',
    ]);
    assert.equal(route(accounts, 'POST /users').location!.line, lineOf(text, 'resource "aws_api_gateway_method" "users_post"'));
  });

  it('reads the endpoint type, API key source and region of the provider', () => {
    // endpoint_configuration.types: EDGE, REGIONAL or PRIVATE; api_key_source HEADER (default) or AUTHORIZER.
    assert.equal(accounts.endpointType, 'REGIONAL');
    assert.equal(accounts.apiKeySource, 'HEADER');
    assert.equal(accounts.region, 'eu-west-1');
  });

  it('reads authorization: NONE, AWS_IAM, CUSTOM with a TOKEN authorizer, COGNITO_USER_POOLS with its pools', () => {
    assert.equal(route(accounts, 'GET /').authorizationType, 'NONE');
    assert.equal(route(accounts, 'GET /users/{userId}/orders').authorizationType, 'AWS_IAM');
    const custom = route(accounts, 'POST /users');
    assert.equal(custom.authorizationType, 'CUSTOM');
    assert.equal(custom.authorizerId, 'token');
    // aws_api_gateway_authorizer: type defaults to TOKEN, identity_source to method.request.header.Authorization.
    const token = accounts.authorizers.find((entry) => entry.id === 'token')!;
    assert.deepEqual({ name: token.name, type: token.type, identitySources: token.identitySources, resultTtlSeconds: token.resultTtlSeconds, functionName: token.functionName },
      { name: 'partner-token', type: 'TOKEN', identitySources: ['method.request.header.Authorization'], resultTtlSeconds: 60, functionName: 'accounts-authorizer' });
    const admin = route(accounts, 'ANY /admin/{proxy+}');
    assert.equal(admin.authorizationType, 'COGNITO_USER_POOLS');
    const pool = accounts.authorizers.find((entry) => entry.id === admin.authorizerId)!;
    assert.equal(pool.type, 'COGNITO_USER_POOLS');
    assert.deepEqual(pool.userPoolArns, ['aws_cognito_user_pool.admins.arn'], 'a pool ARN only known after apply stays as written');
  });

  it('reads API keys, request validators, required parameters and the request model\'s required properties', () => {
    const user = route(accounts, 'GET /users/{userId}');
    assert.equal(user.apiKeyRequired, true);
    assert.equal(user.validateParameters, true);
    assert.equal(user.validateBody, false);
    assert.deepEqual(user.requiredParameters, ['method.request.path.userId', 'method.request.header.X-Request-Id']);
    const create = route(accounts, 'POST /users');
    assert.equal(create.validateBody, true);
    assert.deepEqual(create.requestModels?.[0] && { contentType: create.requestModels![0].contentType, required: create.requestModels![0].required }, { contentType: 'application/json', required: ['email', 'name'] });
  });

  it('links each integration to its method and resolves Lambda functions, service actions, HTTP backends and VPC links', () => {
    assert.equal(integrationOf(accounts, 'POST /users').functionName, 'accounts-users', 'through aws_lambda_alias.function_name');
    assert.equal(integrationOf(accounts, 'POST /users').timeoutMs, 5000);
    assert.equal(integrationOf(accounts, 'GET /users/{userId}').functionName, 'accounts-users', 'from a literal invocation ARN with a qualifier');
    const dynamo = integrationOf(accounts, 'GET /users/{userId}/orders');
    assert.deepEqual({ type: dynamo.type, serviceAction: dynamo.serviceAction }, { type: 'AWS', serviceAction: 'dynamodb:Query' });
    const billing = integrationOf(accounts, 'ANY /billing/{proxy+}');
    assert.deepEqual({ type: billing.type, uri: billing.uri, connectionType: billing.connectionType, vpcLinkId: billing.vpcLinkId, timeoutMs: billing.timeoutMs },
      { type: 'HTTP_PROXY', uri: 'http://billing.internal.acme.io/{proxy}', connectionType: 'VPC_LINK', vpcLinkId: 'billing', timeoutMs: 29000 });
    // REST VPC links front a Network Load Balancer; an autoscaling group registers EC2 instances in its target group.
    assert.deepEqual(model.vpcLinks.map(({ id, name, target, targetKind }) => ({ id, name, target, targetKind })), [{ id: 'billing', name: 'billing-link', target: 'NLB', targetKind: 'EC2' }]);
    assert.equal(integrationOf(accounts, 'GET /').type, 'MOCK');
  });

  it('keeps request and response mapping templates as strings, jsonencode and heredocs evaluated', () => {
    const health = route(accounts, 'GET /');
    assert.deepEqual(health.requestTemplates, { 'application/json': '{"statusCode":200}' });
    assert.deepEqual(health.responseTemplates, { 'application/json': '{"status": "ok", "stage": "$context.stage"}\n' });
    const orders = route(accounts, 'GET /users/{userId}/orders');
    assert.match(orders.requestTemplates!['application/json'], /^\{\n {2}"TableName": "orders",/);
  });

  it('reads the stage, its method settings throttles and a per-method override', () => {
    // aws_api_gateway_method_settings: method_path "*/*" for the stage, "{resource_path}/{http_method}" for one
    // method; throttling_burst_limit -1 means unset, so the account burst (5,000) applies.
    assert.deepEqual(accounts.stages.map(({ name, throttle, routeThrottles }) => ({ name, throttle, routeThrottles })), [
      { name: 'v1', throttle: { rateLimit: 500, burstLimit: 250 }, routeThrottles: { 'GET /users/{userId}': { rateLimit: 20, burstLimit: 5000 } } },
    ]);
  });

  it('maps the custom domain with its security policy through the base path mapping', () => {
    assert.deepEqual(accounts.customDomain && { domainName: accounts.customDomain.domainName, securityPolicy: accounts.customDomain.securityPolicy, endpointType: accounts.customDomain.endpointType },
      { domainName: 'accounts.acme.io', securityPolicy: 'TLS_1_2', endpointType: 'REGIONAL' });
  });

  it('reports only what cannot be known from the configuration', () => {
    assert.deepEqual(findings.map((finding) => [finding.severity, finding.code, finding.location.line]), [['info', 'UNRESOLVED_REFERENCE', lineOf(text, 'provider_arns = [aws_cognito_user_pool.admins.arn]')]]);
  });
});

describe('HTTP APIs', () => {
  const { model, findings, file } = readFixture('http-api.tf');
  const text = readFileSync(file, 'utf8');
  const catalog = api(model, 'catalog-http');

  it('reads route keys with the method upper-cased, $default and greedy paths', () => {
    assert.deepEqual(catalog.routes.map((entry) => entry.key), [
      'GET /items', 'GET /items/{id}', 'POST /items', 'POST /events', 'ANY /legacy/{proxy+}', 'GET /inventory/{sku}', 'GET /pricing/{sku}', '$default',
    ]);
    assert.equal(catalog.type, 'HTTP');
    assert.equal(catalog.endpointType, 'REGIONAL');
    assert.equal(catalog.region, 'eu-central-1', 'the provider region from a local');
  });

  it('reads JWT and Lambda REQUEST authorizers and the routes using them', () => {
    const jwt = catalog.authorizers.find((entry) => entry.type === 'JWT')!;
    assert.deepEqual({ name: jwt.name, issuer: jwt.issuer, audience: jwt.audience, identitySources: jwt.identitySources },
      { name: 'auth0', issuer: 'https://acme.eu.auth0.com/', audience: ['https://api.acme.io', 'catalog'], identitySources: ['$request.header.Authorization'] });
    const lambda = catalog.authorizers.find((entry) => entry.type === 'REQUEST')!;
    assert.deepEqual({ functionName: lambda.functionName, identitySources: lambda.identitySources, resultTtlSeconds: lambda.resultTtlSeconds },
      { functionName: 'catalog-token-check', identitySources: ['$request.header.X-Api-Token'], resultTtlSeconds: 0 });
    assert.deepEqual([route(catalog, 'POST /items').authorizationType, route(catalog, 'POST /items').authorizerId], ['JWT', jwt.id]);
    assert.deepEqual([route(catalog, 'POST /events').authorizationType, route(catalog, 'POST /events').authorizerId], ['CUSTOM', lambda.id]);
    assert.equal(route(catalog, 'ANY /legacy/{proxy+}').authorizationType, 'AWS_IAM');
    assert.equal(route(catalog, 'GET /items').authorizationType, 'NONE');
  });

  it('reads Lambda payload versions (1.0 by default), HTTP proxies, SQS integrations and timeouts', () => {
    // aws_apigatewayv2_integration: payload_format_version "Default is 1.0".
    assert.deepEqual(integrationOf(catalog, 'GET /items').payloadFormatVersion, '1.0');
    const items = integrationOf(catalog, 'GET /items/{id}');
    assert.deepEqual({ functionName: items.functionName, payloadFormatVersion: items.payloadFormatVersion, timeoutMs: items.timeoutMs }, { functionName: 'catalog-items', payloadFormatVersion: '2.0', timeoutMs: 10000 });
    assert.equal(integrationOf(catalog, 'GET /items').functionName, 'catalog-items', 'function_name from a local in a template');
    assert.deepEqual(integrationOf(catalog, 'ANY /legacy/{proxy+}').uri, 'https://legacy.acme.io/api/{proxy}');
    // integration_subtype SQS-SendMessage is the action sqs:SendMessage, as the other formats and REST service URIs name it (config/aws/arns.ts).
    assert.equal(integrationOf(catalog, 'POST /events').serviceAction, 'sqs:SendMessage');
  });

  it('tells what each VPC link fronts from the integrations using it: an NLB of ECS tasks, a Cloud Map service', () => {
    assert.deepEqual(model.vpcLinks.map(({ id, target, targetKind }) => ({ id, target, targetKind })), [
      { id: 'inventory', target: 'NLB', targetKind: 'ECS' },
      { id: 'pricing', target: 'CLOUD_MAP', targetKind: undefined },
    ]);
    const inventory = integrationOf(catalog, 'GET /inventory/{sku}');
    assert.deepEqual({ connectionType: inventory.connectionType, vpcLinkId: inventory.vpcLinkId, uri: inventory.uri }, { connectionType: 'VPC_LINK', vpcLinkId: 'inventory', uri: undefined });
  });

  it('reads the stage default and per-route throttles, and the custom domain', () => {
    assert.deepEqual(catalog.stages.map(({ name, throttle, routeThrottles }) => ({ name, throttle, routeThrottles })),
      [{ name: '$default', throttle: { rateLimit: 100, burstLimit: 50 }, routeThrottles: { 'POST /items': { rateLimit: 10, burstLimit: 5 } } }]);
    assert.deepEqual(catalog.customDomain && { domainName: catalog.customDomain.domainName, securityPolicy: catalog.customDomain.securityPolicy }, { domainName: 'catalog.acme.io', securityPolicy: 'TLS_1_2' });
  });

  it('expands quick create: an integration, a catch-all route (or route_key) and an auto-deployed $default stage', () => {
    // aws_apigatewayv2_api "target": a Lambda ARN gives AWS_PROXY, a URL HTTP_PROXY.
    const hello = api(model, 'hello');
    assert.deepEqual(hello.routes.map((entry) => entry.key), ['$default']);
    assert.equal(integrationOf(hello, '$default').functionName, 'hello-world');
    assert.equal(integrationOf(hello, '$default').type, 'AWS_PROXY');
    assert.deepEqual(hello.stages.map((stage) => stage.name), ['$default']);
    assert.equal(hello.region, 'us-east-1', 'the aliased provider aws.us');
    const ping = api(model, 'ping-proxy');
    assert.deepEqual(ping.routes.map((entry) => entry.key), ['GET /ping']);
    assert.deepEqual([integrationOf(ping, 'GET /ping').type, integrationOf(ping, 'GET /ping').uri], ['HTTP_PROXY', 'https://status.acme.io/ping']);
    assert.equal(route(ping, 'GET /ping').location!.line, lineOf(text, 'target        = "https://status.acme.io/ping"'));
  });

  it('has nothing to report', () => {
    assert.deepEqual(findings, []);
  });
});

describe('WebSocket APIs', () => {
  const { model, findings, file } = readFixture('websocket-api.tf');
  const text = readFileSync(file, 'utf8');
  const chat = api(model, 'chat-prod-ws');

  it('reads the route selection expression and the route keys as declared', () => {
    assert.equal(chat.type, 'WEBSOCKET');
    assert.equal(chat.routeSelectionExpression, '$request.body.type');
    assert.deepEqual(chat.routes.map((entry) => entry.key), ['$connect', '$disconnect', 'sendMessage', 'history', 'ping']);
  });

  it('guards $connect with the REQUEST authorizer and its identity sources, and reads required route parameters', () => {
    const connect = route(chat, '$connect');
    assert.equal(connect.authorizationType, 'CUSTOM');
    const authorizer = chat.authorizers.find((entry) => entry.id === connect.authorizerId)!;
    assert.deepEqual({ type: authorizer.type, identitySources: authorizer.identitySources, functionName: authorizer.functionName },
      { type: 'REQUEST', identitySources: ['route.request.header.Sec-WebSocket-Protocol', 'route.request.querystring.ticket'], functionName: 'chat-prod-authorize' });
    assert.deepEqual(connect.requiredParameters, ['route.request.querystring.room']);
  });

  it('names the functions of a for_each resource from the instance each reference names', () => {
    assert.deepEqual(['$connect', '$disconnect', 'sendMessage'].map((key) => integrationOf(chat, key).functionName), ['chat-prod-connect', 'chat-prod-disconnect', 'chat-prod-message']);
    const forEach = findings.find((finding) => finding.code === 'UNSUPPORTED_FEATURE')!;
    assert.equal(forEach.severity, 'info');
    assert.equal(forEach.location.line, lineOf(text, 'for_each      = toset('));
  });

  it('reads AWS service and MOCK integrations with their request templates', () => {
    const history = integrationOf(chat, 'history');
    assert.deepEqual({ type: history.type, serviceAction: history.serviceAction }, { type: 'AWS', serviceAction: 'dynamodb:Query' });
    assert.match(route(chat, 'history').requestTemplates!.$default, /"TableName": "chat-prod-messages"/);
    assert.equal(integrationOf(chat, 'ping').type, 'MOCK');
    assert.deepEqual(route(chat, 'ping').requestTemplates, { 200: '{"statusCode": 200}' });
    assert.equal(integrationOf(chat, 'sendMessage').timeoutMs, 6000);
  });

  it('reads stage throttles keyed by WebSocket route keys', () => {
    assert.deepEqual(chat.stages.map(({ name, throttle, routeThrottles }) => ({ name, throttle, routeThrottles })),
      [{ name: 'live', throttle: { rateLimit: 50, burstLimit: 100 }, routeThrottles: { $connect: { rateLimit: 5, burstLimit: 10 } } }]);
  });

  it('leaves the missing $default route to the shared model checks', () => {
    assert.deepEqual(codes(findings), ['UNSUPPORTED_FEATURE', 'NO_DEFAULT_ROUTE']);
  });
});

describe('OpenAPI bodies', () => {
  it('reads a templatefile body from the template next to the configuration, placeholders filled from its map', () => {
    const { model, findings, file } = readFixture('openapi-templatefile.tf');
    const catalog = model.apis[0];
    // name overrides the definition's info.title; endpoint_configuration its endpoint type (aws_api_gateway_rest_api "body").
    assert.equal(catalog.name, 'catalog-api');
    assert.equal(catalog.endpointType, 'REGIONAL');
    assert.equal(catalog.region, 'eu-west-1');
    assert.deepEqual(catalog.routes.map((entry) => entry.key), ['GET /products', 'GET /products/{productId}', 'ANY /legacy/{proxy+}']);
    assert.equal(integrationOf(catalog, 'GET /products').functionName, 'catalog-list-products');
    assert.equal(integrationOf(catalog, 'GET /products/{productId}').functionName, 'catalog-get-product');
    assert.equal(route(catalog, 'GET /products/{productId}').apiKeyRequired, true);
    const legacy = integrationOf(catalog, 'ANY /legacy/{proxy+}');
    assert.deepEqual({ uri: legacy.uri, vpcLinkId: legacy.vpcLinkId }, { uri: 'http://legacy.internal.acme.io/{proxy}', vpcLinkId: 'legacy' });
    assert.deepEqual(model.vpcLinks.map(({ id, target }) => ({ id, target })), [{ id: 'legacy', target: 'NLB' }]);
    assert.deepEqual(catalog.stages.map((stage) => stage.name), ['live'], 'stages come from aws_api_gateway_stage, not the definition');
    // Routes point into the template, the API at its resource block.
    const template = join(FIXTURES, 'openapi.yaml.tpl');
    assert.equal(route(catalog, 'GET /products').location!.file, template);
    assert.equal(catalog.location!.file, file);
    assert.ok(!codes(findings).includes('UNRESOLVED_PLACEHOLDER'), 'every placeholder was filled from the templatefile map');
  });

  it('reports a body template that is not there, at the path argument', () => {
    const { findings, file } = readFixture('openapi-templatefile.tf', () => NOT_FOUND);
    const missing = findings.find((finding) => finding.code === 'MISSING_FILE')!;
    assert.equal(missing.severity, 'error');
    assert.equal(missing.location.line, lineOf(readFileSync(file, 'utf8'), 'body = templatefile('));
  });

  it('reads a jsonencode body written in HCL, with positions in the .tf file and references resolved', () => {
    const { model, findings, file } = readFixture('openapi-jsonencode.tf');
    const text = readFileSync(file, 'utf8');
    const reports = api(model, 'reports');
    assert.equal(reports.type, 'HTTP');
    assert.deepEqual(reports.routes.map((entry) => entry.key), ['GET /reports', 'GET /reports/{id}']);
    assert.equal(integrationOf(reports, 'GET /reports').functionName, 'reports-api');
    assert.equal(integrationOf(reports, 'GET /reports').payloadFormatVersion, '2.0');
    const jwt = reports.authorizers[0];
    assert.deepEqual({ type: jwt.type, issuer: jwt.issuer, audience: jwt.audience }, { type: 'JWT', issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123', audience: ['reports-web'] });
    assert.equal(route(reports, 'GET /reports').authorizationType, 'JWT');
    assert.equal(route(reports, 'GET /reports').location!.file, file);
    assert.equal(route(reports, 'GET /reports').location!.line, lineOf(text, '"/reports" = {') + 1);
    assert.deepEqual(reports.stages.map((stage) => stage.name), ['$default']);
    assert.deepEqual(findings, []);
  });

  it('reads a literal heredoc body with its lines in the configuration', () => {
    const text = [
      'resource "aws_api_gateway_rest_api" "inline" {',
      '  name = "inline"',
      '  body = <<EOF',
      '{',
      '  "openapi": "3.0.1",',
      '  "info": { "title": "inline", "version": "1" },',
      '  "paths": {',
      '    "/ping": {',
      '      "get": { "x-amazon-apigateway-integration": { "type": "mock" } }',
      '    }',
      '  }',
      '}',
      'EOF',
      '}',
    ].join('\n');
    const { model } = read(text, 'inline.tf');
    const inline = model.apis[0];
    assert.deepEqual(inline.routes.map((entry) => entry.key), ['GET /ping']);
    assert.equal(route(inline, 'GET /ping').location!.line, 9);
    assert.equal(integrationOf(inline, 'GET /ping').type, 'MOCK');
  });

  it('reports a body it cannot follow and still reads the API', () => {
    const { model, findings } = read('resource "aws_api_gateway_rest_api" "x" {\n  name = "x"\n  body = data.http.spec.response_body\n}\n');
    assert.equal(model.apis[0].name, 'x');
    assert.deepEqual(codes(findings, 'info').slice(0, 1), ['UNSUPPORTED_FEATURE']);
  });
});

describe('variables, locals, modules, count and for_each', () => {
  const { model, findings, file } = readFixture('modules-and-loops.tf');
  const text = readFileSync(file, 'utf8');

  it('reports modules as not followed and repeated resources as read once, where they are declared', () => {
    const at = (code: string, needle: string) => findings.find((finding) => finding.code === code && finding.location.line === lineOf(text, needle));
    assert.equal(at('UNSUPPORTED_FEATURE', 'module "vpc"')?.severity, 'info');
    assert.equal(at('UNSUPPORTED_FEATURE', 'module "things_lambda"')?.severity, 'info');
    assert.equal(findings.filter((finding) => finding.code === 'UNSUPPORTED_FEATURE' && /uses (count|for_each)/.test(finding.message)).length, 5);
    assert.ok(at('UNSUPPORTED_FEATURE', 'dynamic "route_settings"'), 'dynamic blocks are reported');
  });

  it('keeps values set only when Terraform runs as written, with an info finding', () => {
    const things = model.apis[0];
    assert.equal(things.name, 'things-${var.environment}', 'a variable without default');
    assert.deepEqual(things.routes.map((entry) => entry.key), ['${each.value.method} ${each.value.path}']);
    assert.equal(integrationOf(things, things.routes[0].key).functionName, 'module.things_lambda.lambda_function_invoke_arn');
    const unresolved = findings.filter((finding) => finding.code === 'UNRESOLVED_REFERENCE');
    assert.ok(unresolved.every((finding) => finding.severity === 'info'));
    assert.deepEqual(unresolved.map((finding) => finding.location.line).sort((a, b) => a - b), [
      lineOf(text, 'name          = "things-${var.environment}"'),
      lineOf(text, 'integration_uri        = module.things_lambda'),
      lineOf(text, 'route_key = "${each.value.method}'),
      lineOf(text, 'integration_uri    = "https://${var.admin_host}/stats"'),
    ].sort((a, b) => a - b));
  });

  it('resolves variables to their literal defaults, map keys included', () => {
    assert.deepEqual(model.apis[0].stages[0].throttle, { rateLimit: 25, burstLimit: 50 });
  });

  it('links resources through count and for_each instance references', () => {
    const admin = api(model, 'things-admin');
    assert.deepEqual(admin.routes.map((entry) => [entry.key, entry.authorizationType]), [['GET /admin/stats', 'AWS_IAM']]);
    assert.equal(integrationOf(admin, 'GET /admin/stats').type, 'HTTP_PROXY');
    assert.equal(integrationOf(model.apis[0], model.apis[0].routes[0].key).payloadFormatVersion, '2.0');
  });
});

describe('broken configurations', () => {
  it('stops at an unclosed brace with CONFIG_SYNTAX at the line of the block left open', () => {
    const file = join(FIXTURES, 'unclosed-brace.tf');
    const text = readFileSync(file, 'utf8');
    try {
      readTerraform({ text, tree: undefined }, { file, findings: new Findings(), readSibling: () => NOT_FOUND });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.code, 'CONFIG_SYNTAX');
      assert.equal(error.location.line, lineOf(text, 'resource "aws_apigatewayv2_route" "health"'));
      assert.match(error.format(), /unclosed-brace\.tf:6:\d+: unclosed block/);
    }
  });

  it('leaves a route pointing at a missing integration or authorizer to the shared checks, at the route', () => {
    const { model, findings, file } = readFixture('missing-integration.tf');
    const text = readFileSync(file, 'utf8');
    const orders = model.apis[0];
    assert.equal(route(orders, 'POST /orders').integrationId, 'orders');
    assert.equal(route(orders, 'GET /orders').integrationId, 'orders_v2');
    const dangling = findings.filter((finding) => finding.code === 'DANGLING_REFERENCE');
    assert.deepEqual(dangling.map((finding) => [finding.severity, finding.location.line]), [
      ['error', lineOf(text, 'resource "aws_apigatewayv2_route" "create"')],
      ['error', lineOf(text, 'resource "aws_apigatewayv2_route" "create"')],
    ]);
    assert.match(dangling.map((finding) => finding.message).join('\n'), /integration orders not found/);
  });

  it('reports parts that name no API of the configuration and skips them, without throwing', () => {
    const { model, findings } = read([
      'resource "aws_apigatewayv2_route" "orphan" {',
      '  api_id    = aws_apigatewayv2_api.gone.id',
      '  route_key = "GET /x"',
      '}',
      'data "aws_api_gateway_rest_api" "existing" { name = "legacy" }',
      'resource "aws_api_gateway_method" "on_existing" {',
      '  rest_api_id   = data.aws_api_gateway_rest_api.existing.id',
      '  resource_id   = data.aws_api_gateway_rest_api.existing.root_resource_id',
      '  http_method   = "GET"',
      '  authorization = "NONE"',
      '}',
      'resource "aws_apigatewayv2_api" "grpc" {',
      '  name          = "grpc"',
      '  protocol_type = "GRPC"',
      '}',
      'resource "aws_apigatewayv2_integration" "no_api" {',
      '  integration_type = "AWS_PROXY"',
      '}',
      'nonsense = 1',
    ].join('\n'));
    assert.deepEqual(model.apis, []);
    assert.deepEqual(findings.map((finding) => [finding.location.line, finding.severity, finding.code]).sort((a, b) => Number(a[0]) - Number(b[0])), [
      [2, 'warning', 'DANGLING_REFERENCE'], // an undeclared API
      [7, 'info', 'UNRESOLVED_REFERENCE'], // an API of another configuration (a data source)
      [14, 'warning', 'INVALID_VALUE'], // protocol_type is HTTP or WEBSOCKET
      [16, 'warning', 'MISSING_PROPERTY'], // no api_id
      [19, 'warning', 'IGNORED_PROPERTY'], // a top-level attribute
    ]);
  });

  it('survives a cycle of locals and of parent_id', () => {
    const { model, findings } = read([
      'locals {',
      '  a = local.b',
      '  b = local.a',
      '}',
      'resource "aws_api_gateway_rest_api" "api" { name = local.a }',
      'resource "aws_api_gateway_resource" "x" {',
      '  rest_api_id = aws_api_gateway_rest_api.api.id',
      '  parent_id   = aws_api_gateway_resource.y.id',
      '  path_part   = "x"',
      '}',
      'resource "aws_api_gateway_resource" "y" {',
      '  rest_api_id = aws_api_gateway_rest_api.api.id',
      '  parent_id   = aws_api_gateway_resource.x.id',
      '  path_part   = "y"',
      '}',
      'resource "aws_api_gateway_method" "m" {',
      '  rest_api_id   = aws_api_gateway_rest_api.api.id',
      '  resource_id   = aws_api_gateway_resource.x.id',
      '  http_method   = "GET"',
      '  authorization = "NONE"',
      '}',
    ].join('\n'));
    assert.equal(model.apis[0].name, 'local.a');
    assert.deepEqual(model.apis[0].routes, []);
    assert.ok(codes(findings).includes('CYCLIC_REFERENCE'));
  });
});

describe('a module spread over several files', () => {
  it('resolves references between the .tf files of one directory, each location in its own file', () => {
    const findings = new Findings();
    const model = readTerraformModule([
      { file: 'variables.tf', text: 'variable "name" {\n  default = "split"\n}\n' },
      { file: 'api.tf', text: 'resource "aws_apigatewayv2_api" "api" {\n  name          = var.name\n  protocol_type = "WEBSOCKET"\n}\n' },
      { file: 'routes.tf', text: 'resource "aws_apigatewayv2_route" "connect" {\n  api_id    = aws_apigatewayv2_api.api.id\n  route_key = "$connect"\n}\n' },
    ], { file: 'api.tf', findings, readSibling: () => NOT_FOUND });
    assert.equal(model.apis[0].name, 'split');
    assert.equal(model.apis[0].location!.file, 'api.tf');
    assert.deepEqual(model.apis[0].routes.map((entry) => [entry.key, entry.location!.file, entry.location!.line]), [['$connect', 'routes.tf', 1]]);
  });
});

describe('a large configuration', () => {
  // Its reading speed is a figure printed by bench/config.bench.ts, not asserted here.
  it('reads a 10,000-line configuration, every route at its full path', () => {
    const blocks = ['resource "aws_api_gateway_rest_api" "big" {\n  name = "big"\n}\n', 'resource "aws_lambda_function" "fn" {\n  function_name = "big-fn"\n}\n'];
    let lines = 6;
    for (let i = 0; lines < 10_000; i++) {
      const parent = i % 10 === 0 ? 'aws_api_gateway_rest_api.big.root_resource_id' : `aws_api_gateway_resource.r${i - 1}.id`;
      const block = [
        `resource "aws_api_gateway_resource" "r${i}" {`, '  rest_api_id = aws_api_gateway_rest_api.big.id', `  parent_id   = ${parent}`, `  path_part   = "p${i}"`, '}',
        `resource "aws_api_gateway_method" "m${i}" {`, '  rest_api_id   = aws_api_gateway_rest_api.big.id', `  resource_id   = aws_api_gateway_resource.r${i}.id`, '  http_method   = "GET"', '  authorization = "NONE"', '}',
        `resource "aws_api_gateway_integration" "i${i}" {`, '  rest_api_id = aws_api_gateway_rest_api.big.id', `  resource_id = aws_api_gateway_method.m${i}.resource_id`,
        `  http_method = aws_api_gateway_method.m${i}.http_method`, '  type        = "AWS_PROXY"', '  uri         = aws_lambda_function.fn.invoke_arn', '}', '',
      ].join('\n');
      blocks.push(block);
      lines += 19;
    }
    const text = blocks.join('\n');
    const routes = read(text, 'big.tf').model.apis[0].routes;
    assert.equal(routes.length, blocks.length - 2);
    assert.equal(routes[2].key, 'GET /p0/p1/p2');
  });
});
