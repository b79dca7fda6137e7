import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../simulator/config/configFile';
import type { Api, GatewayModel, Integration, Route } from '../../../simulator/model/gateway';

/*
 * The same AWS values written in every format that can express them must read as the same
 * model: a service integration URI, a Lambda ARN, an authorizer, a route key or a throttle
 * means one thing to API Gateway, whichever tool wrote it. Each case gives the model fields
 * AWS defines (config/aws/ reads them once for every reader) and a minimal config per format;
 * a reader that parses one of them its own way fails here, naming the format.
 */

type Format = 'openapi' | 'cloudformation' | 'sam' | 'serverless' | 'terraform';

const FILES: Record<Format, string> = { openapi: 'openapi.yaml', cloudformation: 'template.yaml', sam: 'template.yaml', serverless: 'serverless.yml', terraform: 'main.tf' };

interface Case {
  /** What the case shows, as a sentence. */
  name: string;
  /** The model fields every format must give. */
  expected: unknown;
  /** Those fields of a model. */
  fields: (model: GatewayModel) => unknown;
  configs: Partial<Record<Format, string>>;
}

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const AUTHORIZER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:auth';
const USER_POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Orders';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Orders';
const NLB_LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/orders/50dc6c495c0c9188/0467ef3c8400ae65';
const NLB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/50dc6c495c0c9188';

/** `arn:aws:apigateway:...:lambda:path/2015-03-31/functions/{arn}/invocations` */
function invocationUri(functionArn: string): string {
  return `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** A YAML (and HCL) double-quoted string. */
function q(text: string): string {
  return JSON.stringify(text);
}

function indent(lines: string[], spaces: number): string[] {
  return lines.map((line) => `${' '.repeat(spaces)}${line}`);
}

/* ---- OpenAPI: one path, one operation; HTTP APIs marked by the export version extension ---- */

function openApiLines(api: 'REST' | 'HTTP', path: string, method: string, operation: string[], components: string[] = []): string[] {
  return [
    'openapi: 3.0.1',
    'info: {title: shop, version: "1"}',
    ...(api === 'HTTP' ? ['x-amazon-apigateway-importexport-version: "1.0"'] : []),
    'paths:',
    `  ${q(path)}:`,
    `    ${method}:`,
    ...indent(operation, 6),
    ...(components.length > 0 ? ['components:', ...indent(components, 2)] : []),
  ];
}

function openApi(api: 'REST' | 'HTTP', path: string, method: string, operation: string[], components: string[] = []): string {
  return `${openApiLines(api, path, method, operation, components).join('\n')}\n`;
}

function openApiIntegration(type: string, uri: string, extra: string[] = []): string[] {
  return ['x-amazon-apigateway-integration:', `  type: ${type}`, '  httpMethod: POST', `  uri: ${q(uri)}`, ...indent(extra, 2)];
}

/* ---- SAM: the same OpenAPI as an inline DefinitionBody ---- */

function samDefinition(api: 'REST' | 'HTTP', path: string, method: string, operation: string[], components: string[] = [], resources: string[] = []): string {
  const body = openApiLines(api, path, method, operation, components).filter((line) => !line.startsWith('x-amazon-apigateway-importexport-version'));
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    // Other resources first: the definition names them before the reader meets their declaration.
    ...indent(resources, 2),
    '  Api:',
    `    Type: ${api === 'REST' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi'}`,
    '    Properties:',
    ...(api === 'REST' ? ['      StageName: prod'] : []),
    '      DefinitionBody:',
    ...indent(body, 8),
    '',
  ].join('\n');
}

/** A SAM function `orders` with one event of `type` and its properties; the API's own properties in `api`. */
function samEvent(type: 'Api' | 'HttpApi', properties: string[], api: string[] = [], resources: string[] = []): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Api:',
    `    Type: ${type === 'Api' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi'}`,
    '    Properties:',
    ...(type === 'Api' ? ['      StageName: prod'] : ['      StageName: $default']),
    ...indent(api, 6),
    '  Orders:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      FunctionName: orders',
    '      Handler: index.handler',
    '      Runtime: nodejs20.x',
    '      Events:',
    '        Call:',
    `          Type: ${type}`,
    '          Properties:',
    `            ${type === 'Api' ? 'RestApiId' : 'ApiId'}: !Ref Api`,
    ...indent(properties, 12),
    ...indent(resources, 2),
    '',
  ].join('\n');
}

/* ---- CloudFormation: a REST method under a chain of resources, or an HTTP API route ---- */

function cloudFormationRest(pathParts: string[], method: string, methodProperties: string[], resources: string[] = []): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Api:', '    Type: AWS::ApiGateway::RestApi', '    Properties: {Name: shop}'];
  pathParts.forEach((part, index) => {
    const parent = index === 0 ? '!GetAtt Api.RootResourceId' : `!Ref Part${index - 1}`;
    lines.push(`  Part${index}:`, '    Type: AWS::ApiGateway::Resource', `    Properties: {RestApiId: !Ref Api, ParentId: ${parent}, PathPart: ${q(part)}}`);
  });
  lines.push(
    '  Method:', '    Type: AWS::ApiGateway::Method', '    Properties:', '      RestApiId: !Ref Api',
    `      ResourceId: ${pathParts.length === 0 ? '!GetAtt Api.RootResourceId' : `!Ref Part${pathParts.length - 1}`}`,
    `      HttpMethod: ${method}`, ...indent(methodProperties, 6), ...indent(resources, 2), '',
  );
  return lines.join('\n');
}

function cloudFormationHttp(routeKey: string, integration: string[], route: string[] = [], resources: string[] = []): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"', 'Resources:',
    '  Api:', '    Type: AWS::ApiGatewayV2::Api', '    Properties: {Name: shop, ProtocolType: HTTP}',
    '  Integration:', '    Type: AWS::ApiGatewayV2::Integration', '    Properties:', '      ApiId: !Ref Api', ...indent(integration, 6),
    '  Route:', '    Type: AWS::ApiGatewayV2::Route', '    Properties:', '      ApiId: !Ref Api', `      RouteKey: ${q(routeKey)}`,
    '      Target: !Sub integrations/${Integration}', ...indent(route, 6),
    ...indent(resources, 2), '',
  ].join('\n');
}

/* ---- Terraform: the same shapes ---- */

function terraformRest(pathParts: string[], method: string, methodArguments: string[], integration: string[], resources: string[] = []): string {
  const lines = ['resource "aws_api_gateway_rest_api" "shop" {', '  name = "shop"', '}'];
  pathParts.forEach((part, index) => {
    const parent = index === 0 ? 'aws_api_gateway_rest_api.shop.root_resource_id' : `aws_api_gateway_resource.part${index - 1}.id`;
    lines.push(`resource "aws_api_gateway_resource" "part${index}" {`, '  rest_api_id = aws_api_gateway_rest_api.shop.id', `  parent_id   = ${parent}`, `  path_part   = ${q(part)}`, '}');
  });
  const resourceId = pathParts.length === 0 ? 'aws_api_gateway_rest_api.shop.root_resource_id' : `aws_api_gateway_resource.part${pathParts.length - 1}.id`;
  lines.push(
    'resource "aws_api_gateway_method" "method" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', `  resource_id = ${resourceId}`, `  http_method = ${q(method)}`, ...indent(methodArguments, 2), '}',
    'resource "aws_api_gateway_integration" "integration" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', `  resource_id = ${resourceId}`,
    '  http_method = aws_api_gateway_method.method.http_method', ...indent(integration, 2), '}',
    ...resources, '',
  );
  return lines.join('\n');
}

function terraformHttp(routeKey: string, integration: string[], route: string[] = [], resources: string[] = []): string {
  return [
    'resource "aws_apigatewayv2_api" "shop" {', '  name          = "shop"', '  protocol_type = "HTTP"', '}',
    'resource "aws_apigatewayv2_integration" "integration" {', '  api_id = aws_apigatewayv2_api.shop.id', ...indent(integration, 2), '}',
    'resource "aws_apigatewayv2_route" "route" {', '  api_id    = aws_apigatewayv2_api.shop.id', `  route_key = ${q(routeKey)}`,
    '  target    = "integrations/${aws_apigatewayv2_integration.integration.id}"', ...indent(route, 2), '}',
    ...resources, '',
  ].join('\n');
}

/* ---- Serverless Framework: a function `orders` and its events ---- */

function serverless(events: string[], provider: string[] = [], top: string[] = []): string {
  return [
    'service: shop', 'provider:', '  name: aws', '  region: us-east-1', ...indent(provider, 2), ...top,
    'functions:', '  orders:', '    handler: index.handler', '    name: orders', '    events:', ...indent(events, 6), '',
  ].join('\n');
}

/** A Lambda proxy integration to `orders`: a REST method's, an HTTP API's. */
const CLOUDFORMATION_LAMBDA = ['Integration:', '  Type: AWS_PROXY', '  IntegrationHttpMethod: POST', `  Uri: ${q(invocationUri(FUNCTION_ARN))}`];
const TERRAFORM_LAMBDA = ['type                    = "AWS_PROXY"', 'integration_http_method = "POST"', `uri                     = ${q(invocationUri(FUNCTION_ARN))}`];
const CLOUDFORMATION_V2_LAMBDA = ['IntegrationType: AWS_PROXY', `IntegrationUri: ${q(FUNCTION_ARN)}`, 'PayloadFormatVersion: "2.0"'];
const TERRAFORM_V2_LAMBDA = ['integration_type       = "AWS_PROXY"', `integration_uri        = ${q(FUNCTION_ARN)}`, 'payload_format_version = "2.0"'];

/* ---- what a case compares ---- */

function onlyApi(model: GatewayModel): Api {
  assert.equal(model.apis.length, 1, `one API, got ${model.apis.map((api) => api.name).join(', ')}`);
  return model.apis[0];
}

function onlyRoute(model: GatewayModel): Route {
  const api = onlyApi(model);
  assert.equal(api.routes.length, 1, `one route, got ${api.routes.map((route) => route.key).join(', ')}`);
  return api.routes[0];
}

function integrationOf(model: GatewayModel): Integration {
  const api = onlyApi(model);
  const route = onlyRoute(model);
  const integration = api.integrations.find((candidate) => candidate.id === route.integrationId);
  assert.ok(integration, `the integration of ${route.key}`);
  return integration;
}

/** The integration fields AWS defines (ids and locations follow each format's naming). */
function integrationFields(model: GatewayModel): Partial<Integration> {
  const { type, functionName, uri, serviceAction, connectionType, vpcLinkId, payloadFormatVersion } = integrationOf(model);
  return { type, functionName, uri, serviceAction, connectionType, vpcLinkId, payloadFormatVersion };
}

function routeAuthorization(model: GatewayModel): unknown {
  const api = onlyApi(model);
  const route = onlyRoute(model);
  const authorizer = api.authorizers.find((candidate) => candidate.id === route.authorizerId);
  return {
    key: route.key, authorizationType: route.authorizationType, authorizerFound: route.authorizerId === undefined ? undefined : authorizer !== undefined,
    authorizers: api.authorizers.map(({ type, functionName, identitySources, resultTtlSeconds, issuer, audience, userPoolArns }) => ({ type, functionName, identitySources, resultTtlSeconds, issuer, audience, userPoolArns })),
  };
}

/** A Lambda authorizer's payload settings (HTTP APIs): what its event looks like and how it answers. */
function authorizerPayload(model: GatewayModel): unknown {
  return onlyApi(model).authorizers.map(({ type, functionName, payloadFormatVersion, enableSimpleResponses }) => ({ type, functionName, payloadFormatVersion, enableSimpleResponses }));
}

/* ---- the cases ---- */

const serviceUris: [string, string, string][] = [
  ['an S3 path', 'arn:aws:apigateway:us-east-1:s3:path/shop-bucket/catalog.json', 's3:path/shop-bucket/catalog.json'],
  ['an SQS action with its parameters', 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage&QueueUrl=https://sqs.us-east-1.amazonaws.com/123456789012/orders', 'sqs:SendMessage'],
  ['a DynamoDB action', 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem', 'dynamodb:PutItem'],
];

const lambdaUris: [string, string][] = [
  ['an invocation URI around a function ARN', invocationUri(FUNCTION_ARN)],
  ['an invocation URI around an alias ARN', invocationUri(`${FUNCTION_ARN}:live`)],
  ['an invocation URI around a version ARN', invocationUri(`${FUNCTION_ARN}:$LATEST`)],
];

/** A model in the form of the DG's examples (models-mappings-models), without `$schema` so that OpenAPI 3 takes it too. */
const ORDER_SCHEMA = { type: 'object', required: ['item', 'quantity'], properties: { item: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } } };

const lambdaIntegration = { type: 'AWS_PROXY', functionName: 'orders', uri: undefined, serviceAction: undefined, connectionType: 'INTERNET', vpcLinkId: undefined, payloadFormatVersion: undefined };

const cases: Case[] = [
  ...serviceUris.map(([what, uri, action]): Case => ({
    name: `${what} (${uri.split(':').slice(4).join(':')}) is the service action ${action}, the URI kept whole`,
    expected: { type: 'AWS', functionName: undefined, uri, serviceAction: action, connectionType: 'INTERNET', vpcLinkId: undefined, payloadFormatVersion: undefined },
    fields: integrationFields,
    configs: {
      openapi: openApi('REST', '/items', 'post', openApiIntegration('aws', uri)),
      sam: samDefinition('REST', '/items', 'post', openApiIntegration('aws', uri)),
      cloudformation: cloudFormationRest(['items'], 'POST', ['AuthorizationType: NONE', 'Integration:', '  Type: AWS', '  IntegrationHttpMethod: POST', `  Uri: ${q(uri)}`]),
      terraform: terraformRest(['items'], 'POST', ['authorization = "NONE"'], ['type                    = "AWS"', 'integration_http_method = "POST"', `uri                     = ${q(uri)}`]),
    },
  })),
  ...lambdaUris.map(([what, uri], index): Case => ({
    name: `a REST Lambda proxy integration names its function by name, from ${what}`,
    expected: lambdaIntegration,
    fields: integrationFields,
    configs: {
      openapi: openApi('REST', '/orders', 'get', openApiIntegration('aws_proxy', uri)),
      sam: samDefinition('REST', '/orders', 'get', openApiIntegration('aws_proxy', uri)),
      cloudformation: cloudFormationRest(['orders'], 'GET', ['AuthorizationType: NONE', 'Integration:', '  Type: AWS_PROXY', '  IntegrationHttpMethod: POST', `  Uri: ${q(uri)}`]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "NONE"'], ['type                    = "AWS_PROXY"', 'integration_http_method = "POST"', `uri                     = ${q(uri)}`]),
      // The Framework names the function itself: its `name`.
      ...(index === 0 ? { serverless: serverless(['- http: {method: get, path: orders}']) } : {}),
    },
  })),
  {
    name: 'an HTTP API Lambda proxy integration takes the function ARN itself as its URI, with payload format 2.0',
    expected: { ...lambdaIntegration, payloadFormatVersion: '2.0' },
    fields: integrationFields,
    configs: {
      openapi: openApi('HTTP', '/orders', 'get', openApiIntegration('aws_proxy', FUNCTION_ARN, ['payloadFormatVersion: "2.0"'])),
      sam: samDefinition('HTTP', '/orders', 'get', openApiIntegration('aws_proxy', FUNCTION_ARN, ['payloadFormatVersion: "2.0"'])),
      cloudformation: cloudFormationHttp('GET /orders', CLOUDFORMATION_V2_LAMBDA),
      terraform: terraformHttp('GET /orders', TERRAFORM_V2_LAMBDA),
      serverless: serverless(['- httpApi: {method: GET, path: /orders}']),
    },
  },
  {
    name: 'an HTTP proxy integration calls its URL, path parameters and all, over the internet',
    expected: { type: 'HTTP_PROXY', functionName: undefined, uri: 'https://backend.example.com/orders/{id}', serviceAction: undefined, connectionType: 'INTERNET', vpcLinkId: undefined, payloadFormatVersion: undefined },
    fields: integrationFields,
    configs: {
      openapi: openApi('REST', '/orders/{id}', 'get', openApiIntegration('http_proxy', 'https://backend.example.com/orders/{id}')),
      sam: samDefinition('REST', '/orders/{id}', 'get', openApiIntegration('http_proxy', 'https://backend.example.com/orders/{id}')),
      cloudformation: cloudFormationRest(['orders', '{id}'], 'GET', ['AuthorizationType: NONE', 'Integration:', '  Type: HTTP_PROXY', '  IntegrationHttpMethod: GET', '  Uri: "https://backend.example.com/orders/{id}"']),
      terraform: terraformRest(['orders', '{id}'], 'GET', ['authorization = "NONE"'], ['type                    = "HTTP_PROXY"', 'integration_http_method = "GET"', 'uri                     = "https://backend.example.com/orders/{id}"']),
      serverless: serverless(['- http:', '    method: get', '    path: orders/{id}', '    integration: http-proxy', '    request: {uri: "https://backend.example.com/orders/{id}"}']),
    },
  },
  {
    name: 'a REST private integration goes through its VPC link, which fronts an NLB',
    expected: {
      integration: { type: 'HTTP_PROXY', functionName: undefined, uri: 'http://orders.internal.example.com/orders', serviceAction: undefined, connectionType: 'VPC_LINK', vpcLinkId: 'link', payloadFormatVersion: undefined },
      links: [{ id: 'link', target: 'NLB' }],
    },
    fields: (model) => ({ integration: integrationFields(model), links: model.vpcLinks.map(({ id, target }) => ({ id, target })) }),
    configs: {
      openapi: openApi('REST', '/orders', 'get', openApiIntegration('http_proxy', 'http://orders.internal.example.com/orders', ['connectionType: VPC_LINK', 'connectionId: link'])),
      sam: samDefinition('REST', '/orders', 'get', openApiIntegration('http_proxy', 'http://orders.internal.example.com/orders', ['connectionType: VPC_LINK', 'connectionId: !Ref link']), [], [
        'link:', '  Type: AWS::ApiGateway::VpcLink', `  Properties: {Name: orders, TargetArns: [${q(NLB_ARN)}]}`,
      ]),
      cloudformation: cloudFormationRest(['orders'], 'GET', [
        'AuthorizationType: NONE', 'Integration:', '  Type: HTTP_PROXY', '  IntegrationHttpMethod: GET', '  Uri: http://orders.internal.example.com/orders', '  ConnectionType: VPC_LINK', '  ConnectionId: !Ref link',
      ], ['link:', '  Type: AWS::ApiGateway::VpcLink', `  Properties: {Name: orders, TargetArns: [${q(NLB_ARN)}]}`]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "NONE"'], [
        'type                    = "HTTP_PROXY"', 'integration_http_method = "GET"', 'uri                     = "http://orders.internal.example.com/orders"',
        'connection_type         = "VPC_LINK"', 'connection_id           = aws_api_gateway_vpc_link.link.id',
      ], ['resource "aws_api_gateway_vpc_link" "link" {', '  name        = "orders"', `  target_arns = [${q(NLB_ARN)}]`, '}']),
      serverless: serverless(['- http:', '    method: get', '    path: orders', '    integration: http-proxy', '    connectionType: vpc-link', '    connectionId: link', '    request: {uri: "http://orders.internal.example.com/orders"}']),
    },
  },
  {
    name: 'an HTTP API private integration names its listener by ARN: no URL to call, and the VPC link fronts that NLB',
    expected: {
      integration: { type: 'HTTP_PROXY', functionName: undefined, uri: undefined, serviceAction: undefined, connectionType: 'VPC_LINK', vpcLinkId: 'link', payloadFormatVersion: undefined },
      links: [{ id: 'link', target: 'NLB' }],
    },
    fields: (model) => ({ integration: integrationFields(model), links: model.vpcLinks.map(({ id, target }) => ({ id, target })) }),
    configs: {
      openapi: openApi('HTTP', '/orders', 'get', openApiIntegration('http_proxy', NLB_LISTENER_ARN, ['connectionType: VPC_LINK', 'connectionId: link'])),
      sam: samDefinition('HTTP', '/orders', 'get', openApiIntegration('http_proxy', NLB_LISTENER_ARN, ['connectionType: VPC_LINK', 'connectionId: !Ref link']), [], [
        'link:', '  Type: AWS::ApiGatewayV2::VpcLink', '  Properties: {Name: orders, SubnetIds: [subnet-1]}',
      ]),
      cloudformation: cloudFormationHttp('GET /orders', [
        'IntegrationType: HTTP_PROXY', 'IntegrationMethod: GET', `IntegrationUri: ${q(NLB_LISTENER_ARN)}`, 'ConnectionType: VPC_LINK', 'ConnectionId: !Ref link', 'PayloadFormatVersion: "1.0"',
      ], [], ['link:', '  Type: AWS::ApiGatewayV2::VpcLink', '  Properties: {Name: orders, SubnetIds: [subnet-1]}']),
      terraform: terraformHttp('GET /orders', [
        'integration_type   = "HTTP_PROXY"', 'integration_method = "GET"', `integration_uri    = ${q(NLB_LISTENER_ARN)}`, 'connection_type    = "VPC_LINK"', 'connection_id      = aws_apigatewayv2_vpc_link.link.id',
      ], [], ['resource "aws_apigatewayv2_vpc_link" "link" {', '  name       = "orders"', '  subnet_ids = ["subnet-1"]', '  security_group_ids = []', '}']),
    },
  },
  {
    name: 'a JWT authorizer guards an HTTP API route, reading the Authorization header by default',
    expected: {
      key: 'GET /orders', authorizationType: 'JWT', authorizerFound: true,
      authorizers: [{ type: 'JWT', functionName: undefined, identitySources: ['$request.header.Authorization'], resultTtlSeconds: undefined, issuer: ISSUER, audience: ['orders-client'], userPoolArns: undefined }],
    },
    fields: routeAuthorization,
    configs: {
      openapi: openApi('HTTP', '/orders', 'get', ['security: [{jwt: []}]', ...openApiIntegration('aws_proxy', FUNCTION_ARN, ['payloadFormatVersion: "2.0"'])], [
        'securitySchemes:', '  jwt:', '    type: oauth2', '    flows: {}', '    x-amazon-apigateway-authorizer:', '      type: jwt', `      jwtConfiguration: {issuer: ${q(ISSUER)}, audience: [orders-client]}`,
      ]),
      sam: samEvent('HttpApi', ['Path: /orders', 'Method: GET', 'Auth: {Authorizer: jwt}'], ['Auth:', '  Authorizers:', '    jwt:', `      JwtConfiguration: {issuer: ${q(ISSUER)}, audience: [orders-client]}`]),
      cloudformation: cloudFormationHttp('GET /orders', CLOUDFORMATION_V2_LAMBDA, ['AuthorizationType: JWT', 'AuthorizerId: !Ref jwt'], [
        'jwt:', '  Type: AWS::ApiGatewayV2::Authorizer', '  Properties:', '    ApiId: !Ref Api', '    Name: jwt', '    AuthorizerType: JWT', `    JwtConfiguration: {Issuer: ${q(ISSUER)}, Audience: [orders-client]}`,
      ]),
      terraform: terraformHttp('GET /orders', TERRAFORM_V2_LAMBDA, [
        'authorization_type = "JWT"', 'authorizer_id      = aws_apigatewayv2_authorizer.jwt.id',
      ], ['resource "aws_apigatewayv2_authorizer" "jwt" {', '  api_id          = aws_apigatewayv2_api.shop.id', '  name            = "jwt"', '  authorizer_type = "JWT"', '  jwt_configuration {', `    issuer   = ${q(ISSUER)}`, '    audience = ["orders-client"]', '  }', '}']),
      serverless: serverless(['- httpApi: {method: GET, path: /orders, authorizer: {name: jwt}}'], ['httpApi:', '  authorizers:', `    jwt: {issuerUrl: ${q(ISSUER)}, audience: [orders-client]}`]),
    },
  },
  {
    name: 'a Lambda TOKEN authorizer on a REST method names its function by name, with its TTL and identity source',
    expected: {
      key: 'GET /orders', authorizationType: 'CUSTOM', authorizerFound: true,
      authorizers: [{ type: 'TOKEN', functionName: 'auth', identitySources: ['method.request.header.Authorization'], resultTtlSeconds: 60, issuer: undefined, audience: undefined, userPoolArns: undefined }],
    },
    fields: routeAuthorization,
    configs: {
      openapi: openApi('REST', '/orders', 'get', ['security: [{auth: []}]', ...openApiIntegration('aws_proxy', invocationUri(FUNCTION_ARN))], [
        'securitySchemes:', '  auth:', '    type: apiKey', '    name: Authorization', '    in: header', '    x-amazon-apigateway-authtype: custom', '    x-amazon-apigateway-authorizer:',
        '      type: token', `      authorizerUri: ${q(invocationUri(AUTHORIZER_ARN))}`, '      authorizerResultTtlInSeconds: 60',
      ]),
      sam: samEvent('Api', ['Path: /orders', 'Method: get', 'Auth: {Authorizer: auth}'], ['Auth:', '  Authorizers:', '    auth:', `      FunctionArn: ${q(AUTHORIZER_ARN)}`, '      Identity: {ReauthorizeEvery: 60}']),
      cloudformation: cloudFormationRest(['orders'], 'GET', [
        'AuthorizationType: CUSTOM', 'AuthorizerId: !Ref auth', ...CLOUDFORMATION_LAMBDA,
      ], [
        'auth:', '  Type: AWS::ApiGateway::Authorizer', '  Properties:', '    RestApiId: !Ref Api', '    Name: auth', '    Type: TOKEN', `    AuthorizerUri: ${q(invocationUri(AUTHORIZER_ARN))}`,
        '    IdentitySource: method.request.header.Authorization', '    AuthorizerResultTtlInSeconds: 60',
      ]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "CUSTOM"', 'authorizer_id = aws_api_gateway_authorizer.auth.id'], [
        'type                    = "AWS_PROXY"', 'integration_http_method = "POST"', `uri                     = ${q(invocationUri(FUNCTION_ARN))}`,
      ], [
        'resource "aws_api_gateway_authorizer" "auth" {', '  rest_api_id                      = aws_api_gateway_rest_api.shop.id', '  name                             = "auth"', '  type                             = "TOKEN"',
        `  authorizer_uri                   = ${q(invocationUri(AUTHORIZER_ARN))}`, '  identity_source                  = "method.request.header.Authorization"', '  authorizer_result_ttl_in_seconds = 60', '}',
      ]),
      serverless: serverless(['- http:', '    method: get', '    path: orders', '    authorizer:', `      arn: ${q(AUTHORIZER_ARN)}`, '      type: token', '      resultTtlInSeconds: 60', '      identitySource: method.request.header.Authorization']),
    },
  },
  {
    name: 'a Cognito user pool authorizer on a REST method names its pool and reads the Authorization header',
    expected: {
      key: 'GET /orders', authorizationType: 'COGNITO_USER_POOLS', authorizerFound: true,
      authorizers: [{ type: 'COGNITO_USER_POOLS', functionName: undefined, identitySources: ['method.request.header.Authorization'], resultTtlSeconds: undefined, issuer: undefined, audience: undefined, userPoolArns: [USER_POOL_ARN] }],
    },
    fields: routeAuthorization,
    configs: {
      openapi: openApi('REST', '/orders', 'get', ['security: [{pool: []}]', ...openApiIntegration('aws_proxy', invocationUri(FUNCTION_ARN))], [
        'securitySchemes:', '  pool:', '    type: apiKey', '    name: Authorization', '    in: header', '    x-amazon-apigateway-authtype: cognito_user_pools', '    x-amazon-apigateway-authorizer:',
        '      type: cognito_user_pools', `      providerARNs: [${q(USER_POOL_ARN)}]`,
      ]),
      sam: samEvent('Api', ['Path: /orders', 'Method: get', 'Auth: {Authorizer: pool}'], ['Auth:', '  Authorizers:', '    pool:', `      UserPoolArn: ${q(USER_POOL_ARN)}`]),
      cloudformation: cloudFormationRest(['orders'], 'GET', [
        'AuthorizationType: COGNITO_USER_POOLS', 'AuthorizerId: !Ref pool', ...CLOUDFORMATION_LAMBDA,
      ], [
        'pool:', '  Type: AWS::ApiGateway::Authorizer', '  Properties:', '    RestApiId: !Ref Api', '    Name: pool', '    Type: COGNITO_USER_POOLS', `    ProviderARNs: [${q(USER_POOL_ARN)}]`,
        '    IdentitySource: method.request.header.Authorization',
      ]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "COGNITO_USER_POOLS"', 'authorizer_id = aws_api_gateway_authorizer.pool.id'], [
        'type                    = "AWS_PROXY"', 'integration_http_method = "POST"', `uri                     = ${q(invocationUri(FUNCTION_ARN))}`,
      ], [
        'resource "aws_api_gateway_authorizer" "pool" {', '  rest_api_id   = aws_api_gateway_rest_api.shop.id', '  name          = "pool"', '  type          = "COGNITO_USER_POOLS"', `  provider_arns = [${q(USER_POOL_ARN)}]`, '}',
      ]),
      serverless: serverless(['- http:', '    method: get', '    path: orders', '    authorizer:', '      name: pool', `      arn: ${q(USER_POOL_ARN)}`]),
    },
  },
  {
    name: 'IAM authorization on a REST method needs no authorizer',
    expected: { key: 'GET /orders', authorizationType: 'AWS_IAM', authorizerFound: undefined, authorizers: [] },
    fields: routeAuthorization,
    configs: {
      openapi: openApi('REST', '/orders', 'get', ['security: [{sigv4: []}]', ...openApiIntegration('aws_proxy', invocationUri(FUNCTION_ARN))], [
        'securitySchemes:', '  sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}',
      ]),
      sam: samEvent('Api', ['Path: /orders', 'Method: get', 'Auth: {Authorizer: AWS_IAM}']),
      cloudformation: cloudFormationRest(['orders'], 'GET', ['AuthorizationType: AWS_IAM', ...CLOUDFORMATION_LAMBDA]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "AWS_IAM"'], TERRAFORM_LAMBDA),
      serverless: serverless(['- http: {method: get, path: orders, authorizer: aws_iam}']),
    },
  },
  {
    name: 'a greedy path with the ANY method is the route ANY /{proxy+}',
    expected: ['ANY /{proxy+}'],
    fields: (model) => onlyApi(model).routes.map((route) => route.key),
    configs: {
      openapi: openApi('REST', '/{proxy+}', 'x-amazon-apigateway-any-method', openApiIntegration('aws_proxy', invocationUri(FUNCTION_ARN))),
      sam: samEvent('Api', ['Path: /{proxy+}', 'Method: any']),
      cloudformation: cloudFormationRest(['{proxy+}'], 'ANY', ['AuthorizationType: NONE', ...CLOUDFORMATION_LAMBDA]),
      terraform: terraformRest(['{proxy+}'], 'ANY', ['authorization = "NONE"'], TERRAFORM_LAMBDA),
      serverless: serverless(['- http: {method: any, path: "{proxy+}"}']),
    },
  },
  {
    name: 'an HTTP API catch-all route is $default',
    expected: ['$default'],
    fields: (model) => onlyApi(model).routes.map((route) => route.key),
    configs: {
      openapi: openApi('HTTP', '/$default', 'x-amazon-apigateway-any-method', ['isDefaultRoute: true', ...openApiIntegration('aws_proxy', FUNCTION_ARN, ['payloadFormatVersion: "2.0"'])]),
      sam: samEvent('HttpApi', []),
      cloudformation: cloudFormationHttp('$default', CLOUDFORMATION_V2_LAMBDA),
      terraform: terraformHttp('$default', TERRAFORM_V2_LAMBDA),
      serverless: serverless(['- httpApi: "*"']),
    },
  },
  {
    name: 'an HTTP API route key has its method in upper case, however it is written',
    expected: ['GET /orders/{id}'],
    fields: (model) => onlyApi(model).routes.map((route) => route.key),
    configs: {
      openapi: openApi('HTTP', '/orders/{id}', 'get', openApiIntegration('aws_proxy', FUNCTION_ARN, ['payloadFormatVersion: "2.0"'])),
      sam: samEvent('HttpApi', ['Path: /orders/{id}', 'Method: get']),
      cloudformation: cloudFormationHttp('get /orders/{id}', CLOUDFORMATION_V2_LAMBDA),
      terraform: terraformHttp('get /orders/{id}', TERRAFORM_V2_LAMBDA),
      serverless: serverless(['- httpApi: {method: get, path: "/orders/{id}"}']),
    },
  },
  {
    name: 'a REST stage throttle with only a rate takes the account burst of 5,000; a method setting throttles one method',
    expected: { stages: [{ name: 'prod', throttle: { rateLimit: 100, burstLimit: 5000 } }], routeThrottles: { 'GET /orders': { rateLimit: 10, burstLimit: 5 } } },
    fields: (model) => ({
      stages: onlyApi(model).stages.map(({ name, throttle }) => ({ name, throttle })),
      routeThrottles: onlyApi(model).stages[0]?.routeThrottles,
    }),
    configs: {
      sam: samEvent('Api', ['Path: /orders', 'Method: get'], [
        'MethodSettings:', '  - {ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 100}', '  - {ResourcePath: "/~1orders", HttpMethod: GET, ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5}',
      ]),
      cloudformation: cloudFormationRest(['orders'], 'GET', ['AuthorizationType: NONE', ...CLOUDFORMATION_LAMBDA], [
        'Stage:', '  Type: AWS::ApiGateway::Stage', '  Properties:', '    RestApiId: !Ref Api', '    StageName: prod', '    MethodSettings:',
        '      - {ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 100}', '      - {ResourcePath: "/~1orders", HttpMethod: GET, ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5}',
      ]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "NONE"'], TERRAFORM_LAMBDA, [
        'resource "aws_api_gateway_stage" "prod" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  stage_name  = "prod"', '}',
        'resource "aws_api_gateway_method_settings" "all" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  stage_name  = aws_api_gateway_stage.prod.stage_name', '  method_path = "*/*"',
        '  settings {', '    throttling_rate_limit = 100', '  }', '}',
        'resource "aws_api_gateway_method_settings" "orders" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  stage_name  = aws_api_gateway_stage.prod.stage_name', '  method_path = "orders/GET"',
        '  settings {', '    throttling_rate_limit  = 10', '    throttling_burst_limit = 5', '  }', '}',
      ]),
      // serverless-api-gateway-throttling: an unset maxConcurrentRequests is its own 5,000, the same number.
      serverless: serverless(['- http: {method: get, path: orders, throttling: {maxRequestsPerSecond: 10, maxConcurrentRequests: 5}}'], ['stage: prod'], [
        'plugins: [serverless-api-gateway-throttling]', 'custom:', '  apiGatewayThrottling: {maxRequestsPerSecond: 100}',
      ]),
    },
  },
  {
    name: 'an HTTP API stage throttle applies to every route, a route setting to one route',
    expected: { throttle: { rateLimit: 100, burstLimit: 50 }, routeThrottles: { 'GET /orders': { rateLimit: 10, burstLimit: 5 } } },
    fields: (model) => {
      const stage = onlyApi(model).stages.find((candidate) => candidate.name === '$default');
      return { throttle: stage?.throttle, routeThrottles: stage?.routeThrottles };
    },
    configs: {
      sam: samEvent('HttpApi', ['Path: /orders', 'Method: GET'], [
        'DefaultRouteSettings: {ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50}', 'RouteSettings:', '  "GET /orders": {ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5}',
      ]),
      cloudformation: cloudFormationHttp('GET /orders', CLOUDFORMATION_V2_LAMBDA, [], [
        'Stage:', '  Type: AWS::ApiGatewayV2::Stage', '  Properties:', '    ApiId: !Ref Api', '    StageName: $default', '    DefaultRouteSettings: {ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50}',
        '    RouteSettings:', '      "GET /orders": {ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5}',
      ]),
      terraform: terraformHttp('GET /orders', TERRAFORM_V2_LAMBDA, [], [
        'resource "aws_apigatewayv2_stage" "default" {', '  api_id = aws_apigatewayv2_api.shop.id', '  name   = "$default"', '  default_route_settings {', '    throttling_rate_limit  = 100', '    throttling_burst_limit = 50', '  }',
        '  route_settings {', '    route_key              = "GET /orders"', '    throttling_rate_limit  = 10', '    throttling_burst_limit = 5', '  }', '}',
      ]),
      serverless: serverless(['- httpApi: {method: GET, path: /orders, throttling: {maxRequestsPerSecond: 10, maxConcurrentRequests: 5}}'], [], [
        'plugins: [serverless-api-gateway-throttling]', 'custom:', '  apiGatewayThrottling: {maxRequestsPerSecond: 100, maxConcurrentRequests: 50}',
      ]),
    },
  },
  {
    name: 'a usage plan throttle with only a rate takes the account burst, and its quota counts per period',
    expected: [{ throttle: { rateLimit: 10, burstLimit: 5000 }, quota: { limit: 1000, period: 'MONTH' } }],
    fields: (model) => (onlyApi(model).usagePlans ?? []).map(({ throttle, quota }) => ({ throttle, quota })),
    configs: {
      sam: samEvent('Api', ['Path: /orders', 'Method: get'], ['Auth:', '  UsagePlan:', '    CreateUsagePlan: PER_API', '    Throttle: {RateLimit: 10}', '    Quota: {Limit: 1000, Period: MONTH}']),
      cloudformation: cloudFormationRest(['orders'], 'GET', ['AuthorizationType: NONE', ...CLOUDFORMATION_LAMBDA], [
        'Stage:', '  Type: AWS::ApiGateway::Stage', '  Properties: {RestApiId: !Ref Api, StageName: prod}',
        'Plan:', '  Type: AWS::ApiGateway::UsagePlan', '  Properties:', '    ApiStages: [{ApiId: !Ref Api, Stage: prod}]', '    Throttle: {RateLimit: 10}', '    Quota: {Limit: 1000, Period: MONTH}',
      ]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "NONE"'], TERRAFORM_LAMBDA, [
        'resource "aws_api_gateway_stage" "prod" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  stage_name  = "prod"', '}',
        'resource "aws_api_gateway_usage_plan" "plan" {', '  name = "plan"', '  api_stages {', '    api_id = aws_api_gateway_rest_api.shop.id', '    stage  = aws_api_gateway_stage.prod.stage_name', '  }',
        '  throttle_settings {', '    rate_limit = 10', '  }', '  quota_settings {', '    limit  = 1000', '    period = "MONTH"', '  }', '}',
      ]),
      serverless: serverless(['- http: {method: get, path: orders, private: true}'], ['apiGateway:', '  apiKeys: [orders-key]', '  usagePlan:', '    throttle: {rateLimit: 10}', '    quota: {limit: 1000, period: MONTH}']),
    },
  },
  {
    name: 'an HTTP API Lambda authorizer names its payload format version and simple responses',
    expected: [{ type: 'REQUEST', functionName: 'auth', payloadFormatVersion: '2.0', enableSimpleResponses: true }],
    fields: authorizerPayload,
    configs: {
      openapi: openApi('HTTP', '/orders', 'get', ['security: [{auth: []}]', ...openApiIntegration('aws_proxy', FUNCTION_ARN, ['payloadFormatVersion: "2.0"'])], [
        'securitySchemes:', '  auth:', '    type: apiKey', '    name: Authorization', '    in: header', '    x-amazon-apigateway-authorizer:', '      type: request',
        '      identitySource: $request.header.Authorization', `      authorizerUri: ${q(invocationUri(AUTHORIZER_ARN))}`, '      authorizerPayloadFormatVersion: "2.0"', '      enableSimpleResponses: true',
      ]),
      sam: samEvent('HttpApi', ['Path: /orders', 'Method: GET', 'Auth: {Authorizer: auth}'], [
        'Auth:', '  Authorizers:', '    auth:', `      FunctionArn: ${q(AUTHORIZER_ARN)}`, '      AuthorizerPayloadFormatVersion: "2.0"', '      EnableSimpleResponses: true', '      Identity: {Headers: [Authorization]}',
      ]),
      cloudformation: cloudFormationHttp('GET /orders', CLOUDFORMATION_V2_LAMBDA, ['AuthorizationType: CUSTOM', 'AuthorizerId: !Ref auth'], [
        'auth:', '  Type: AWS::ApiGatewayV2::Authorizer', '  Properties:', '    ApiId: !Ref Api', '    Name: auth', '    AuthorizerType: REQUEST', `    AuthorizerUri: ${q(invocationUri(AUTHORIZER_ARN))}`,
        '    AuthorizerPayloadFormatVersion: "2.0"', '    EnableSimpleResponses: true', '    IdentitySource: [$request.header.Authorization]',
      ]),
      terraform: terraformHttp('GET /orders', TERRAFORM_V2_LAMBDA, ['authorization_type = "CUSTOM"', 'authorizer_id      = aws_apigatewayv2_authorizer.auth.id'], [
        'resource "aws_apigatewayv2_authorizer" "auth" {', '  api_id                            = aws_apigatewayv2_api.shop.id', '  name                              = "auth"', '  authorizer_type                   = "REQUEST"',
        `  authorizer_uri                    = ${q(invocationUri(AUTHORIZER_ARN))}`, '  identity_sources                  = ["$request.header.Authorization"]',
        '  authorizer_payload_format_version = "2.0"', '  enable_simple_responses           = true', '}',
      ]),
      serverless: serverless(['- httpApi: {method: GET, path: /orders, authorizer: {name: auth}}'], [
        'httpApi:', '  authorizers:', `    auth: {type: request, functionArn: ${q(AUTHORIZER_ARN)}, payloadVersion: "2.0", enableSimpleResponses: true, identitySource: $request.header.Authorization}`,
      ]),
    },
  },
  {
    name: 'a REST method validates its required query string and its body against a named model, whose whole schema is kept',
    expected: {
      validateBody: true, validateParameters: true, requiredParameters: ['method.request.querystring.dryRun'],
      models: [{ contentType: 'application/json', name: 'Order', schema: ORDER_SCHEMA, required: ['item', 'quantity'] }],
    },
    fields: (model) => {
      const { validateBody, validateParameters, requiredParameters, requestModels } = onlyRoute(model);
      return { validateBody, validateParameters, requiredParameters, models: requestModels?.map(({ contentType, name, schema, required }) => ({ contentType, name, schema, required })) };
    },
    configs: {
      openapi: openApi('REST', '/orders', 'post', [
        'x-amazon-apigateway-request-validator: all', 'parameters: [{name: dryRun, in: query, required: true, schema: {type: string}}]',
        'requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}}', ...openApiIntegration('aws_proxy', invocationUri(FUNCTION_ARN)),
      ], ['schemas:', `  Order: ${JSON.stringify(ORDER_SCHEMA)}`]) + 'x-amazon-apigateway-request-validators: {all: {validateRequestBody: true, validateRequestParameters: true}}\n',
      sam: samEvent('Api', [
        'Path: /orders', 'Method: post', 'RequestModel: {Model: Order, Required: true, ValidateBody: true, ValidateParameters: true}',
        'RequestParameters: [{method.request.querystring.dryRun: {Required: true}}]',
      ], ['Models:', `  Order: ${JSON.stringify(ORDER_SCHEMA)}`]),
      cloudformation: cloudFormationRest(['orders'], 'POST', [
        'AuthorizationType: NONE', 'RequestValidatorId: !Ref Validator', 'RequestParameters: {method.request.querystring.dryRun: true}',
        'RequestModels: {application/json: !Ref OrderModel}', ...CLOUDFORMATION_LAMBDA,
      ], [
        'Validator:', '  Type: AWS::ApiGateway::RequestValidator', '  Properties: {RestApiId: !Ref Api, ValidateRequestBody: true, ValidateRequestParameters: true}',
        'OrderModel:', '  Type: AWS::ApiGateway::Model', '  Properties:', '    RestApiId: !Ref Api', '    Name: Order', '    ContentType: application/json', `    Schema: ${JSON.stringify(ORDER_SCHEMA)}`,
      ]),
      terraform: terraformRest(['orders'], 'POST', [
        'authorization        = "NONE"', 'request_validator_id = aws_api_gateway_request_validator.all.id',
        'request_parameters   = { "method.request.querystring.dryRun" = true }', 'request_models       = { "application/json" = aws_api_gateway_model.order.name }',
      ], TERRAFORM_LAMBDA, [
        'resource "aws_api_gateway_request_validator" "all" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  name = "all"',
        '  validate_request_body = true', '  validate_request_parameters = true', '}',
        'resource "aws_api_gateway_model" "order" {', '  rest_api_id  = aws_api_gateway_rest_api.shop.id', '  name         = "Order"', '  content_type = "application/json"',
        `  schema       = ${q(JSON.stringify(ORDER_SCHEMA))}`, '}',
      ]),
      serverless: serverless([
        '- http:', '    method: post', '    path: orders', '    request:', '      parameters: {querystrings: {dryRun: true}}', '      schemas: {application/json: order}',
      ], ['apiGateway:', '  request:', '    schemas:', '      order:', '        name: Order', `        schema: ${JSON.stringify(ORDER_SCHEMA)}`]),
    },
  },
  {
    name: 'gateway responses customize DEFAULT_4XX (a header, a body template) and BAD_REQUEST_BODY (a status)',
    expected: [
      { type: 'DEFAULT_4XX', headers: { 'Access-Control-Allow-Origin': "'*'" }, templates: { 'application/json': '{"message":$context.error.messageString}' } },
      { type: 'BAD_REQUEST_BODY', statusCode: 422, templates: { 'application/json': '{"message":"$context.error.validationErrorString"}' } },
    ],
    // Locations differ by format; JSON drops them (and keeps every field AWS defines).
    fields: (model) => JSON.parse(JSON.stringify((onlyApi(model).gatewayResponses ?? []).map((response) => ({ ...response, location: undefined })))) as unknown,
    configs: {
      openapi: openApi('REST', '/orders', 'get', openApiIntegration('aws_proxy', invocationUri(FUNCTION_ARN))) + [
        'x-amazon-apigateway-gateway-responses:',
        '  DEFAULT_4XX:', `    responseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"}`, `    responseTemplates: {application/json: '{"message":$context.error.messageString}'}`,
        '  BAD_REQUEST_BODY:', '    statusCode: "422"', `    responseTemplates: {application/json: '{"message":"$context.error.validationErrorString"}'}`, '',
      ].join('\n'),
      sam: samEvent('Api', ['Path: /orders', 'Method: get'], [
        'GatewayResponses:',
        '  DEFAULT_4XX:', '    ResponseParameters:', `      Headers: {Access-Control-Allow-Origin: "'*'"}`, `    ResponseTemplates: {application/json: '{"message":$context.error.messageString}'}`,
        '  BAD_REQUEST_BODY:', '    StatusCode: 422', `    ResponseTemplates: {application/json: '{"message":"$context.error.validationErrorString"}'}`,
      ]),
      cloudformation: cloudFormationRest(['orders'], 'GET', ['AuthorizationType: NONE', ...CLOUDFORMATION_LAMBDA], [
        'Default4xx:', '  Type: AWS::ApiGateway::GatewayResponse', '  Properties:', '    RestApiId: !Ref Api', '    ResponseType: DEFAULT_4XX',
        `    ResponseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"}`, `    ResponseTemplates: {application/json: '{"message":$context.error.messageString}'}`,
        'BadBody:', '  Type: AWS::ApiGateway::GatewayResponse', '  Properties:', '    RestApiId: !Ref Api', '    ResponseType: BAD_REQUEST_BODY', '    StatusCode: "422"',
        `    ResponseTemplates: {application/json: '{"message":"$context.error.validationErrorString"}'}`,
      ]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "NONE"'], TERRAFORM_LAMBDA, [
        'resource "aws_api_gateway_gateway_response" "default_4xx" {', '  rest_api_id   = aws_api_gateway_rest_api.shop.id', '  response_type = "DEFAULT_4XX"',
        `  response_parameters = { "gatewayresponse.header.Access-Control-Allow-Origin" = "'*'" }`,
        `  response_templates  = { "application/json" = ${q('{"message":$context.error.messageString}')} }`, '}',
        'resource "aws_api_gateway_gateway_response" "bad_body" {', '  rest_api_id   = aws_api_gateway_rest_api.shop.id', '  response_type = "BAD_REQUEST_BODY"', '  status_code   = "422"',
        `  response_templates  = { "application/json" = ${q('{"message":"$context.error.validationErrorString"}')} }`, '}',
      ]),
      // The Framework takes them as raw CloudFormation in `resources`, on its ApiGatewayRestApi.
      serverless: serverless(['- http: {method: get, path: orders}'], [], [
        'resources:', '  Resources:',
        '    Default4xx:', '      Type: AWS::ApiGateway::GatewayResponse', '      Properties:', '        RestApiId: {Ref: ApiGatewayRestApi}', '        ResponseType: DEFAULT_4XX',
        `        ResponseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"}`, `        ResponseTemplates: {application/json: '{"message":$context.error.messageString}'}`,
        '    BadBody:', '      Type: AWS::ApiGateway::GatewayResponse', '      Properties:', '        RestApiId: {Ref: ApiGatewayRestApi}', '        ResponseType: BAD_REQUEST_BODY',
        '        StatusCode: "422"', `        ResponseTemplates: {application/json: '{"message":"$context.error.validationErrorString"}'}`,
      ]),
    },
  },
  {
    name: 'a custom HTTP integration keeps its own method, its request parameters and its integration responses',
    expected: {
      httpMethod: 'POST',
      requestParameters: { 'integration.request.header.SOAPAction': "'urn:orders'", 'integration.request.header.X-Key': 'method.request.header.Idempotency-Key' },
      responses: [{ statusCode: 201 }, { statusCode: 400, selectionPattern: '4\\d{2}' }],
    },
    fields: (model) => {
      const route = onlyRoute(model);
      const integration = onlyApi(model).integrations.find((candidate) => candidate.id === route.integrationId);
      return { httpMethod: integration?.httpMethod, requestParameters: integration?.requestParameters, responses: route.integrationResponses };
    },
    configs: {
      openapi: openApi('REST', '/orders', 'get', [
        'x-amazon-apigateway-integration:', '  type: http', '  httpMethod: POST', '  uri: "https://orders.example.com/soap"',
        '  requestParameters:', `    integration.request.header.SOAPAction: "'urn:orders'"`, '    integration.request.header.X-Key: method.request.header.Idempotency-Key',
        '  responses:', '    default: {statusCode: "201"}', '    "4\\\\d{2}": {statusCode: "400"}',
      ]),
      cloudformation: cloudFormationRest(['orders'], 'GET', [
        'AuthorizationType: NONE', 'Integration:', '  Type: HTTP', '  IntegrationHttpMethod: POST', '  Uri: https://orders.example.com/soap',
        '  RequestParameters:', `    integration.request.header.SOAPAction: "'urn:orders'"`, '    integration.request.header.X-Key: method.request.header.Idempotency-Key',
        '  IntegrationResponses:', '    - StatusCode: "201"', '    - StatusCode: "400"', '      SelectionPattern: "4\\\\d{2}"',
      ]),
      terraform: terraformRest(['orders'], 'GET', ['authorization = "NONE"'], [
        'type                    = "HTTP"', 'integration_http_method = "POST"', 'uri                     = "https://orders.example.com/soap"',
        'request_parameters = {', `  "integration.request.header.SOAPAction" = "'urn:orders'"`, '  "integration.request.header.X-Key" = "method.request.header.Idempotency-Key"', '}',
      ], [
        'resource "aws_api_gateway_integration_response" "created" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  resource_id = aws_api_gateway_resource.part0.id',
        '  http_method = aws_api_gateway_method.method.http_method', '  status_code = "201"', '}',
        'resource "aws_api_gateway_integration_response" "invalid" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  resource_id = aws_api_gateway_resource.part0.id',
        '  http_method = aws_api_gateway_method.method.http_method', '  status_code = "400"', '  selection_pattern = "4\\\\d{2}"', '}',
      ]),
    },
  },
  {
    name: 'an HTTP API CORS configuration (origins, methods, headers, exposed headers, max age, credentials) reads the same',
    expected: {
      allowOrigins: ['https://www.shop.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type', 'authorization'],
      exposeHeaders: ['x-request-id'], maxAgeSeconds: 600, allowCredentials: true,
    },
    fields: (model) => JSON.parse(JSON.stringify({ ...onlyApi(model).cors, location: undefined })) as unknown,
    configs: {
      openapi: openApi('HTTP', '/orders', 'post', openApiIntegration('aws_proxy', FUNCTION_ARN, ['payloadFormatVersion: "2.0"'])) + [
        'x-amazon-apigateway-cors:', '  allowOrigins: ["https://www.shop.com"]', '  allowMethods: [GET, POST]', '  allowHeaders: [content-type, authorization]',
        '  exposeHeaders: [x-request-id]', '  maxAge: 600', '  allowCredentials: true', '',
      ].join('\n'),
      sam: samEvent('HttpApi', ['Path: /orders', 'Method: post'], [
        'CorsConfiguration:', '  AllowOrigins: ["https://www.shop.com"]', '  AllowMethods: [GET, POST]', '  AllowHeaders: [content-type, authorization]',
        '  ExposeHeaders: [x-request-id]', '  MaxAge: 600', '  AllowCredentials: true',
      ]),
      cloudformation: cloudFormationHttp('POST /orders', CLOUDFORMATION_V2_LAMBDA).replace('    Properties: {Name: shop, ProtocolType: HTTP}', [
        '    Properties:', '      Name: shop', '      ProtocolType: HTTP', '      CorsConfiguration:', '        AllowOrigins: ["https://www.shop.com"]', '        AllowMethods: [GET, POST]',
        '        AllowHeaders: [content-type, authorization]', '        ExposeHeaders: [x-request-id]', '        MaxAge: 600', '        AllowCredentials: true',
      ].join('\n')),
      terraform: terraformHttp('POST /orders', TERRAFORM_V2_LAMBDA).replace('  protocol_type = "HTTP"\n}', [
        '  protocol_type = "HTTP"', '  cors_configuration {', '    allow_origins     = ["https://www.shop.com"]', '    allow_methods     = ["GET", "POST"]',
        '    allow_headers     = ["content-type", "authorization"]', '    expose_headers    = ["x-request-id"]', '    max_age           = 600', '    allow_credentials = true', '  }', '}',
      ].join('\n')),
      serverless: serverless(['- httpApi: POST /orders'], [
        'httpApi:', '  cors:', '    allowedOrigins: ["https://www.shop.com"]', '    allowedMethods: [GET, POST]', '    allowedHeaders: [content-type, authorization]',
        '    exposedResponseHeaders: [x-request-id]', '    maxAge: 600', '    allowCredentials: true',
      ]),
    },
  },
  {
    name: 'a REST preflight is an OPTIONS method whose MOCK integration response maps the CORS headers, however it is written',
    expected: [{
      statusCode: 200,
      responseParameters: {
        'method.response.header.Access-Control-Allow-Origin': "'https://www.shop.com'",
        'method.response.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'",
        'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,POST'",
      },
    }],
    fields: (model) => onlyApi(model).routes.find((route) => route.key === 'OPTIONS /orders')?.integrationResponses,
    configs: {
      openapi: openApi('REST', '/orders', 'options', [
        'x-amazon-apigateway-integration:', '  type: mock', '  requestTemplates: {application/json: "{\\"statusCode\\": 200}"}', '  responses:', '    default:', '      statusCode: "200"',
        '      responseParameters:', `        method.response.header.Access-Control-Allow-Origin: "'https://www.shop.com'"`,
        `        method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"`, `        method.response.header.Access-Control-Allow-Methods: "'OPTIONS,POST'"`,
      ]),
      // SAM Cors writes the OPTIONS method itself (samtranslator swagger.py add_cors).
      sam: samEvent('Api', ['Path: /orders', 'Method: post'], [
        'Cors:', `  AllowOrigin: "'https://www.shop.com'"`, `  AllowHeaders: "'Content-Type,Authorization'"`,
      ]),
      cloudformation: cloudFormationRest(['orders'], 'OPTIONS', [
        'AuthorizationType: NONE', 'Integration:', '  Type: MOCK', '  RequestTemplates: {application/json: "{\\"statusCode\\": 200}"}', '  IntegrationResponses:', '    - StatusCode: "200"',
        '      ResponseParameters:', `        method.response.header.Access-Control-Allow-Origin: "'https://www.shop.com'"`,
        `        method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"`, `        method.response.header.Access-Control-Allow-Methods: "'OPTIONS,POST'"`,
      ]),
      terraform: terraformRest(['orders'], 'OPTIONS', ['authorization = "NONE"'], ['type = "MOCK"'], [
        'resource "aws_api_gateway_integration_response" "preflight" {', '  rest_api_id = aws_api_gateway_rest_api.shop.id', '  resource_id = aws_api_gateway_resource.part0.id',
        '  http_method = aws_api_gateway_method.method.http_method', '  status_code = "200"', '  response_parameters = {',
        `    "method.response.header.Access-Control-Allow-Origin"  = "'https://www.shop.com'"`, `    "method.response.header.Access-Control-Allow-Headers" = "'Content-Type,Authorization'"`,
        `    "method.response.header.Access-Control-Allow-Methods" = "'OPTIONS,POST'"`, '  }', '}',
      ]),
      // serverless.yml `cors` on the http event writes the OPTIONS method (api-gateway/lib/cors.js); methods: OPTIONS, then the event's.
      serverless: serverless(['- http:', '    method: post', '    path: orders', '    cors:', '      origin: "https://www.shop.com"', '      headers: [Content-Type, Authorization]']),
    },
  },
];

describe('the same AWS values read as the same model in every format', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const formats = Object.keys(testCase.configs) as Format[];
      assert.ok(formats.length >= 3, 'a case is written in at least three formats');
      for (const format of formats) {
        const result = readConfigText(testCase.configs[format]!, FILES[format]);
        assert.equal(result.format, format, `${format}: detected as ${result.format}`);
        const errors = result.findings.filter((finding) => finding.severity === 'error');
        assert.deepEqual(errors.map((finding) => `${finding.code} ${finding.message}`), [], `${format}: the config is valid`);
        assert.deepEqual(testCase.fields(result.model), testCase.expected, `${format} reads it differently`);
      }
    });
  }
});
