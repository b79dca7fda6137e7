import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readConfigText, readSibling } from '../../../../simulator/config/configFile';
import { NOT_FOUND } from '../../../../simulator/config/confinedFile';
import type { ReaderContext } from '../../../../simulator/config/formatReader';
import { readCloudFormation } from '../../../../simulator/config/cloudformation/cloudFormationTemplate';
import { Findings, type Finding } from '../../../../simulator/config/findings';
import {
  IntrinsicContext, Symbolic, referencedResource, resolveString, resolveValue, substituteIntrinsics,
} from '../../../../simulator/config/cloudformation/intrinsics';
import { checkModel } from '../../../../simulator/config/modelChecks';
import { detectFormat } from '../../../../simulator/config/formats';
import { readSam } from '../../../../simulator/config/cloudformation/samTemplate';
import { get, parseConfigTree, parseYamlTree, plain } from '../../../../simulator/config/tree';
import type { Api, GatewayModel } from '../../../../simulator/model/gateway';
import { api, finding, integration, lineOf, route } from '../../../helpers/modelAssertions';

/*
 * Expectations come from the CloudFormation User Guide: the resource reference pages
 * (AWS::ApiGateway::RestApi, ::Resource, ::Method and its Integration, ::Authorizer,
 * ::RequestValidator, ::Model, ::UsagePlan, ::UsagePlanKey, ::VpcLink, ::Stage and its
 * MethodSetting, ::Deployment, ::DomainName, ::BasePathMapping; AWS::ApiGatewayV2::Api,
 * ::Route, ::Integration, ::Authorizer, ::Stage, ::VpcLink, ::DomainName, ::ApiMapping;
 * AWS::WAFv2::WebACLAssociation), "Intrinsic function reference", "Pseudo parameters
 * reference", "Conditions syntax", and from the API Gateway developer guide where a default
 * lives there (EDGE when no endpoint type is given; JWT identity source; quick create).
 */

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'cloudformation');

interface Read {
  model: GatewayModel;
  findings: Finding[];
  text: string;
}

function siblingReader(file: string): ReaderContext['readSibling'] {
  return readSibling(dirname(resolve(file)));
}

function read(text: string, file = 'template.yaml'): Read {
  const findings = new Findings();
  const model = readCloudFormation({ text, tree: parseConfigTree(text, file) }, { file, findings, readSibling: siblingReader(file) });
  checkModel(model, findings);
  return { model, findings: findings.list, text };
}

const fixture = (name: string): Read => {
  const file = join(FIXTURES, name);
  return read(readFileSync(file, 'utf8'), file);
};


describe('CloudFormation intrinsics', () => {
  const template = `
Parameters:
  Stage: { Type: String, Default: prod }
  Subnets: { Type: CommaDelimitedList, Default: "subnet-a, subnet-b" }
  Secret: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [!Condition IsProd]
  HasSecret: !Not [!Equals [!Ref Secret, ""]]
  ProdOrSecret: !Or [!Condition IsProd, !Condition HasSecret]
  DevAndSecret: !And [!Condition IsDev, !Condition HasSecret]
Mappings:
  Sizes:
    prod: { Memory: 1024 }
Resources:
  GetProductFunction: { Type: AWS::Lambda::Function }
  Api: { Type: AWS::ApiGateway::RestApi }
Values:
  Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${GetProductFunction.Arn}/invocations'
  Named: !Sub ['\${Prefix}-\${Stage}-\${!Literal}', { Prefix: !Ref AWS::StackName }]
  Joined: !Join ['/', [integrations, !Ref Api]]
  Second: !Select [1, !Ref Subnets]
  Split: !Select [2, !Split [':', 'arn:aws:lambda']]
  Chosen: !If [IsProd, big, small]
  Gone: !If [IsDev, x, !Ref AWS::NoValue]
  Memory: !FindInMap [Sizes, !Ref Stage, Memory]
  Fallback: !FindInMap [Sizes, dev, Memory, { DefaultValue: 256 }]
  Imported: !ImportValue shared-vpc-id
  Encoded: !Base64 hello
  Unknown: !If [HasSecret, with-secret, without]
`;
  const setup = () => {
    const findings = new Findings();
    const tree = parseYamlTree(template, 't.yaml');
    return { context: new IntrinsicContext(tree, findings), values: get(tree, 'Values'), findings };
  };

  it('finds the function an integration URI built with Fn::Sub refers to', () => {
    const { context, values } = setup();
    const uri = get(values, 'Uri');
    assert.equal(resolveString(uri, context), 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${GetProductFunction.Arn}/invocations');
    assert.deepEqual(referencedResource(uri, context, ['AWS::Lambda::Function']), { resource: 'GetProductFunction', attribute: 'Arn', location: uri!.location });
  });

  it('fills Fn::Sub from its variable map and pseudo parameters, and keeps ${!Literal} as text', () => {
    const { context, values } = setup();
    assert.equal(resolveString(get(values, 'Named'), context), 'stack-prod-${Literal}');
  });

  it('joins, selects and splits, with List parameter defaults split at commas', () => {
    const { context, values } = setup();
    const joined = resolveValue(get(values, 'Joined'), context);
    assert.ok(joined instanceof Symbolic);
    assert.equal(joined.text, 'integrations/${Api}');
    assert.deepEqual(joined.refs.map((ref) => ref.resource), ['Api']);
    assert.equal(resolveValue(get(values, 'Second'), context), 'subnet-b');
    assert.equal(resolveValue(get(values, 'Split'), context), 'lambda');
  });

  it('evaluates conditions with parameter defaults, AWS::NoValue removing a value', () => {
    const { context, values } = setup();
    assert.equal(resolveValue(get(values, 'Chosen'), context), 'big');
    assert.equal(resolveValue(get(values, 'Gone'), context), undefined);
    assert.equal(context.condition('IsDev', values!.location), false);
    // Or with a true operand is true even when the other cannot be known; And with a false one is false.
    assert.equal(context.condition('ProdOrSecret', values!.location), true);
    assert.equal(context.condition('DevAndSecret', values!.location), false);
    assert.equal(context.condition('HasSecret', values!.location), undefined);
  });

  it('takes the first branch of an Fn::If it cannot decide, and says so where the Fn::If is', () => {
    const { context, values, findings } = setup();
    assert.equal(resolveValue(get(values, 'Unknown'), context), 'with-secret');
    const assumed = finding(findings.list, 'UNRESOLVED_CONDITION', 'HasSecret');
    assert.equal(assumed.severity, 'warning');
    assert.equal(assumed.location.line, lineOf(template, 'Unknown:'));
    finding(findings.list, 'UNRESOLVED_REFERENCE', 'parameter Secret has no Default');
  });

  it('looks values up in Mappings, with a DefaultValue when the key is missing', () => {
    const { context, values } = setup();
    assert.equal(resolveValue(get(values, 'Memory'), context), 1024);
    assert.equal(resolveValue(get(values, 'Fallback'), context), 256);
  });

  it('keeps Fn::ImportValue symbolic with an info finding, and passes Fn::Base64 through', () => {
    const { context, values, findings } = setup();
    const imported = resolveValue(get(values, 'Imported'), context);
    assert.ok(imported instanceof Symbolic);
    assert.equal(finding(findings.list, 'UNRESOLVED_REFERENCE', 'shared-vpc-id').severity, 'info');
    assert.equal(resolveValue(get(values, 'Encoded'), context), 'hello');
  });

  it('stops a parameter default or mapping value that refers to itself', () => {
    const findings = new Findings();
    const tree = parseYamlTree('Parameters:\n  P: { Type: String, Default: !Ref P }\nMappings:\n  M: { a: { b: !FindInMap [M, a, b] } }\nValues:\n  A: !Ref P\n  B: !FindInMap [M, a, b]\n', 'loop.yaml');
    const context = new IntrinsicContext(tree, findings);
    assert.ok(resolveValue(get(get(tree, 'Values'), 'A'), context) instanceof Symbolic);
    assert.ok(resolveValue(get(get(tree, 'Values'), 'B'), context) instanceof Symbolic);
    assert.deepEqual([...new Set(findings.list.map((item) => item.code))], ['CIRCULAR_REFERENCE']);
  });

  it('replaces intrinsics in a subtree by their values, keeping positions', () => {
    const { context, values } = setup();
    const substituted = substituteIntrinsics(values!, context)!;
    assert.equal(plain(get(substituted, 'Chosen')), 'big');
    assert.equal(get(substituted, 'Gone'), undefined);
    assert.equal(get(substituted, 'Memory')!.location.line, lineOf(template, 'Memory: !FindInMap'));
  });
});

describe('the CloudFormation reader: REST APIs', () => {
  const yaml = fixture('rest-api.yaml');
  const orders = api(yaml.model, 'orders-staging');

  it('turns the Resource tree into paths and every Method into a route, where it is declared', () => {
    assert.deepEqual(orders.routes.map((candidate) => candidate.key), [
      'GET /orders', 'POST /orders', 'OPTIONS /orders', 'GET /orders/{orderId}', 'DELETE /orders/{orderId}', 'GET /orders/{orderId}/items',
    ]);
    assert.equal(route(orders, 'GET /orders').location?.line, lineOf(yaml.text, '  ListOrdersMethod:'));
    assert.equal(route(orders, 'POST /orders').location?.column, 3);
    assert.equal(route(orders, 'GET /orders/{orderId}/items').location?.line, lineOf(yaml.text, '  ListOrderItemsMethod:'));
    assert.equal(orders.location?.line, lineOf(yaml.text, '  OrdersApi:'));
    assert.equal(orders.id, 'OrdersApi');
  });

  it('names the API from Fn::Sub and takes its endpoint type from a mapping', () => {
    assert.equal(orders.type, 'REST');
    assert.equal(orders.endpointType, 'REGIONAL');
    assert.equal(orders.apiKeySource, 'HEADER');
  });

  it('reads the Cognito and TOKEN authorizers and the routes that use them', () => {
    const cognito = orders.authorizers.find((candidate) => candidate.id === 'CustomersAuthorizer');
    assert.deepEqual(cognito && { type: cognito.type, userPoolArns: cognito.userPoolArns, identitySources: cognito.identitySources }, {
      type: 'COGNITO_USER_POOLS', userPoolArns: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123'], identitySources: ['method.request.header.Authorization'],
    });
    const token = orders.authorizers.find((candidate) => candidate.id === 'PartnerTokenAuthorizer');
    assert.deepEqual(token && { name: token.name, type: token.type, functionName: token.functionName, ttl: token.resultTtlSeconds, identity: token.identitySources }, {
      name: 'partner-token', type: 'TOKEN', functionName: 'partner-authorizer', ttl: 120, identity: ['method.request.header.X-Partner-Token'],
    });
    assert.equal(route(orders, 'GET /orders').authorizationType, 'COGNITO_USER_POOLS');
    assert.equal(route(orders, 'GET /orders').authorizerId, 'CustomersAuthorizer');
    assert.equal(route(orders, 'POST /orders').authorizationType, 'CUSTOM');
    assert.equal(route(orders, 'DELETE /orders/{orderId}').authorizationType, 'AWS_IAM');
    assert.equal(route(orders, 'OPTIONS /orders').authorizationType, 'NONE');
  });

  it('reads API keys, the request validator, the model\'s required properties and required parameters', () => {
    const create = route(orders, 'POST /orders');
    assert.equal(create.apiKeyRequired, true);
    assert.equal(create.validateBody, true);
    assert.equal(create.validateParameters, false);
    assert.deepEqual(create.requestModels?.[0] && { contentType: create.requestModels![0].contentType, required: create.requestModels![0].required }, { contentType: 'application/json', required: ['customerId', 'items'] });
    assert.deepEqual(route(orders, 'GET /orders').requiredParameters, ['method.request.querystring.customerId']);
  });

  it('names Lambda functions by literal FunctionName, by one built with Fn::Sub, or by logical id', () => {
    assert.deepEqual(integration(orders, 'GET /orders'), { id: 'ListOrdersMethod', type: 'AWS_PROXY', functionName: 'orders-list', connectionType: 'INTERNET', location: integration(orders, 'GET /orders').location });
    assert.equal(integration(orders, 'POST /orders').functionName, 'orders-create-staging');
    assert.equal(integration(orders, 'POST /orders').timeoutMs, 12000);
    // GetOrderFunction has no FunctionName: the name CloudFormation generates is unknown, the logical id stands in.
    assert.equal(integration(orders, 'GET /orders/{orderId}').functionName, 'GetOrderFunction');
    assert.equal(integration(orders, 'GET /orders').location?.line, lineOf(yaml.text, '      Integration:', '  ListOrdersMethod:'));
  });

  it('reads an AWS service integration with its mapping template, a MOCK, and an HTTP proxy through a VPC link to an NLB', () => {
    const remove = integration(orders, 'DELETE /orders/{orderId}');
    assert.equal(remove.type, 'AWS');
    assert.equal(remove.serviceAction, 'dynamodb:DeleteItem');
    assert.match(route(orders, 'DELETE /orders/{orderId}').requestTemplates?.['application/json'] ?? '', /"TableName": "\$\{OrdersTable\}"/);
    assert.equal(integration(orders, 'OPTIONS /orders').type, 'MOCK');
    assert.deepEqual(route(orders, 'OPTIONS /orders').requestTemplates, { 'application/json': '{"statusCode": 200}' });
    const items = integration(orders, 'GET /orders/{orderId}/items');
    assert.equal(items.type, 'HTTP_PROXY');
    assert.equal(items.uri, 'http://inventory.internal.example.com/orders/{orderId}/items');
    assert.equal(items.connectionType, 'VPC_LINK');
    assert.equal(items.vpcLinkId, 'InventoryVpcLink');
    assert.deepEqual(yaml.model.vpcLinks.map((link) => ({ id: link.id, name: link.name, target: link.target })), [{ id: 'InventoryVpcLink', name: 'inventory-link', target: 'NLB' }]);
  });

  it('reads the stage throttle from a mapping and a ~1-encoded per-method setting', () => {
    assert.equal(orders.stages.length, 1);
    const stage = orders.stages[0];
    assert.equal(stage.name, 'v1');
    assert.deepEqual(stage.throttle, { rateLimit: 50, burstLimit: 100 });
    assert.deepEqual(stage.routeThrottles, { 'POST /orders': { rateLimit: 5, burstLimit: 10 } });
    assert.equal(stage.location?.line, lineOf(yaml.text, '  OrdersStage:'));
  });

  it('attaches the usage plan of a true condition, with its API key', () => {
    assert.deepEqual(orders.usagePlans?.map((plan) => ({ id: plan.id, name: plan.name, throttle: plan.throttle, quota: plan.quota, apiKeys: plan.apiKeys })), [
      { id: 'PartnerPlan', name: 'partners', throttle: { rateLimit: 20, burstLimit: 40 }, quota: { limit: 5000, period: 'MONTH' }, apiKeys: ['AcmeKey'] },
    ]);
  });

  it('skips the custom domain whose condition is false, saying so at the Condition', () => {
    assert.equal(orders.customDomain, undefined);
    const skipped = finding(yaml.findings, 'CONDITION_FALSE', 'OrdersDomain ');
    assert.equal(skipped.severity, 'info');
    assert.equal(skipped.location.line, lineOf(yaml.text, 'Condition: HasCustomDomain', '  OrdersDomain:'));
    // /orders has an OPTIONS MOCK but /orders/{orderId} none: a browser cannot call its Cognito-authorized GET or its DELETE (CORS_BLOCKED_ROUTE).
    assert.deepEqual(yaml.findings.filter((item) => item.severity !== 'info').map((item) => [item.code, /cannot call (\S+ \S+):/.exec(item.message)?.[1]]), [
      ['CORS_BLOCKED_ROUTE', 'GET /orders/{orderId}'], ['CORS_BLOCKED_ROUTE', 'DELETE /orders/{orderId}'],
    ]);
  });

  it('reads the AWS::ApiGateway::GatewayResponse into the API, at its ResponseType', () => {
    assert.deepEqual(orders.gatewayResponses?.map((response) => ({ ...response, location: response.location?.line })), [
      { type: 'UNAUTHORIZED', statusCode: 401, templates: { 'application/json': '{"message": "sign in first"}' }, location: lineOf(yaml.text, 'ResponseType: UNAUTHORIZED') },
    ]);
  });

  it('reads the JSON form with Fn:: long forms into the same routes, at JSON lines', () => {
    const json = fixture('rest-api.json');
    const jsonOrders = api(json.model, 'orders-staging');
    const summary = (target: Api) => target.routes.map((candidate) => [candidate.key, candidate.authorizationType, target.integrations.find((item) => item.id === candidate.integrationId)?.functionName ?? null]);
    assert.deepEqual(summary(jsonOrders), summary(orders));
    assert.equal(route(jsonOrders, 'GET /orders').location?.line, lineOf(json.text, '"ListOrdersMethod"'));
    assert.deepEqual(jsonOrders.stages[0].throttle, orders.stages[0].throttle);
    // Its DomainName parameter has a default, so the conditional domain and mapping exist.
    assert.deepEqual(jsonOrders.customDomain && { name: jsonOrders.customDomain.domainName, policy: jsonOrders.customDomain.securityPolicy, endpoint: jsonOrders.customDomain.endpointType }, { name: 'orders.api.example.com', policy: 'TLS_1_2', endpoint: 'REGIONAL' });
    assert.equal(jsonOrders.securityPolicy, 'TLS_1_2');
  });
});

describe('the CloudFormation reader: HTTP and WebSocket APIs', () => {
  const read = fixture('http-websocket.yaml');
  const rooms = api(read.model, 'chat-rooms');
  const messages = api(read.model, 'chat-messages');

  it('reads HTTP routes with keys normalized, targets through Fn::Sub and Fn::Join', () => {
    assert.equal(rooms.type, 'HTTP');
    assert.equal(rooms.endpointType, 'REGIONAL');
    assert.deepEqual(rooms.routes.map((candidate) => [candidate.key, candidate.integrationId]), [
      ['GET /rooms', 'RoomsLambdaIntegration'], ['POST /rooms', 'RoomsLambdaIntegration'], ['DELETE /rooms/{roomId}', 'RoomsLambdaIntegration'],
      ['GET /search', 'SearchIntegration'], ['$default', 'LegacyIntegration'],
    ]);
    assert.equal(route(rooms, 'DELETE /rooms/{roomId}').location?.line, lineOf(read.text, '  DeleteRoomRoute:'));
  });

  it('reads the JWT authorizer (audience from a CommaDelimitedList) and the Lambda REQUEST authorizer', () => {
    const jwt = rooms.authorizers.find((candidate) => candidate.type === 'JWT');
    assert.deepEqual(jwt && { issuer: jwt.issuer, audience: jwt.audience, identity: jwt.identitySources }, {
      issuer: 'https://chat-example.eu.auth0.com/', audience: ['https://api.chat.example.com', 'chat-mobile'], identity: ['$request.header.Authorization'],
    });
    const lambda = rooms.authorizers.find((candidate) => candidate.type === 'REQUEST');
    assert.deepEqual(lambda && { functionName: lambda.functionName, ttl: lambda.resultTtlSeconds, identity: lambda.identitySources }, {
      functionName: 'AdminAuthFn', ttl: 60, identity: ['$request.header.X-Admin-Key'],
    });
    assert.equal(route(rooms, 'GET /rooms').authorizationType, 'JWT');
    assert.equal(route(rooms, 'DELETE /rooms/{roomId}').authorizationType, 'CUSTOM');
    assert.equal(route(rooms, 'GET /search').authorizationType, 'NONE');
  });

  it('reads Lambda and HTTP proxy integrations with their payload formats and timeouts', () => {
    assert.deepEqual(integration(rooms, 'GET /rooms'), { id: 'RoomsLambdaIntegration', type: 'AWS_PROXY', functionName: 'chat-rooms', timeoutMs: 8000, connectionType: 'INTERNET', payloadFormatVersion: '2.0', location: integration(rooms, 'GET /rooms').location });
    assert.equal(integration(rooms, '$default').uri, 'https://legacy.chat.example.com/{proxy}');
  });

  it('tells the VPC link\'s load balancer from the listener its integration names: an NLB here', () => {
    const search = integration(rooms, 'GET /search');
    assert.equal(search.connectionType, 'VPC_LINK');
    assert.equal(search.vpcLinkId, 'SearchVpcLink');
    assert.deepEqual(read.model.vpcLinks.map((link) => [link.id, link.name, link.target]), [['SearchVpcLink', 'search-link', 'NLB']]);
  });

  it('reads stage throttles: DefaultRouteSettings, RouteSettings by normalized key, a missing half from the account', () => {
    assert.deepEqual(rooms.stages.map((stage) => ({ name: stage.name, throttle: stage.throttle, routes: stage.routeThrottles })), [{
      name: '$default', throttle: { rateLimit: 100, burstLimit: 200 },
      // Only a burst is set for GET /search: the rate is the account's 10,000 per second (DG "Throttle requests to your HTTP APIs").
      routes: { 'POST /rooms': { rateLimit: 10, burstLimit: 20 }, 'GET /search': { rateLimit: 10000, burstLimit: 50 } },
    }]);
  });

  it('maps the custom domain with its security policy', () => {
    assert.deepEqual(rooms.customDomain && { name: rooms.customDomain.domainName, policy: rooms.customDomain.securityPolicy, endpoint: rooms.customDomain.endpointType, line: rooms.customDomain.location?.line }, {
      name: 'rooms.chat.example.com', policy: 'TLS_1_2', endpoint: 'REGIONAL', line: lineOf(read.text, '  RoomsDomain:'),
    });
  });

  it('reads a quick-create API: its Target makes the $default route, a Lambda proxy and the $default stage', () => {
    const webhooks = api(read.model, 'chat-webhooks');
    assert.deepEqual(webhooks.routes.map((candidate) => candidate.key), ['$default']);
    assert.equal(integration(webhooks, '$default').functionName, 'chat-webhook');
    assert.equal(integration(webhooks, '$default').payloadFormatVersion, '2.0');
    assert.deepEqual(webhooks.stages.map((stage) => stage.name), ['$default']);
  });

  it('reads the WebSocket API: selection expression, REQUEST authorizer on $connect, MOCK templates, stage throttles', () => {
    assert.equal(messages.type, 'WEBSOCKET');
    assert.equal(messages.routeSelectionExpression, '$request.body.type');
    assert.deepEqual(messages.routes.map((candidate) => candidate.key), ['$connect', '$disconnect', 'sendMessage', 'ping']);
    const connect = route(messages, '$connect');
    assert.equal(connect.authorizationType, 'CUSTOM');
    const authorizer = messages.authorizers.find((candidate) => candidate.id === connect.authorizerId);
    assert.deepEqual(authorizer && { type: authorizer.type, functionName: authorizer.functionName, identity: authorizer.identitySources }, {
      type: 'REQUEST', functionName: 'chat-ticket-authorizer', identity: ['route.request.querystring.ticket', 'route.request.header.Origin'],
    });
    assert.equal(integration(messages, 'sendMessage').functionName, 'chat-connections');
    assert.equal(integration(messages, 'sendMessage').payloadFormatVersion, undefined);
    assert.equal(integration(messages, 'ping').type, 'MOCK');
    assert.deepEqual(route(messages, 'ping').requestTemplates, { $default: '{"statusCode": 200}' });
    assert.deepEqual(messages.stages.map((stage) => [stage.name, stage.throttle, stage.routeThrottles]), [['live', { rateLimit: 50, burstLimit: 100 }, { sendMessage: { rateLimit: 20, burstLimit: 40 } }]]);
  });

  it('reports only what the shared checks find: a WebSocket API without $default', () => {
    assert.deepEqual(read.findings.map((item) => item.code), ['NO_DEFAULT_ROUTE']);
  });

  it('reads an HTTP API Body through the OpenAPI reader, and refuses one on a WebSocket API', () => {
    const { model, findings } = read_(`
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        openapi: "3.0.1"
        info: { title: from-body, version: "1" }
        paths:
          /ping:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                payloadFormatVersion: "2.0"
                uri: !GetAtt PingFn.Arn
  Socket:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: socket
      ProtocolType: WEBSOCKET
      Body: { openapi: "3.0.1" }
  PingFn:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: ping }
`);
    const http = api(model, 'from-body');
    assert.equal(http.type, 'HTTP');
    assert.equal(http.id, 'Api');
    assert.equal(integration(http, 'GET /ping').functionName, 'ping');
    assert.equal(finding(findings, 'UNSUPPORTED_FEATURE', 'cannot be imported from OpenAPI').location.line, 22);
  });
});

function read_(text: string): Read {
  return read(text);
}

describe('the CloudFormation reader: generated templates', () => {
  it('reads a RestApi with an inline OpenAPI Body the way SAM emits it', () => {
    const translated = fixture('sam-translated.json');
    const catalog = api(translated.model, 'CatalogApi');
    assert.equal(catalog.endpointType, 'REGIONAL');
    assert.deepEqual(catalog.stages.map((stage) => stage.name), ['live', 'Stage']);
    assert.deepEqual(catalog.routes.map((candidate) => [candidate.key, candidate.authorizationType]).sort(), [
      ['ANY /admin/{proxy+}', 'AWS_IAM'], ['GET /items', 'COGNITO_USER_POOLS'], ['GET /items/{itemId}', 'COGNITO_USER_POOLS'],
    ]);
    for (const candidate of catalog.routes) assert.equal(integration(catalog, candidate.key).functionName, 'catalog');
    assert.equal(route(catalog, 'GET /items').location?.file, join(FIXTURES, 'sam-translated.json'));
  });

  it('reads the same routes from the SAM source as from its translation', () => {
    const samFile = join(ROOT, 'test', 'fixtures', 'sam', 'catalog-api.yaml');
    const samText = readFileSync(samFile, 'utf8');
    const findings = new Findings();
    const source = readSam({ text: samText, tree: parseConfigTree(samText, samFile) }, { file: samFile, findings, readSibling: siblingReader(samFile) });
    const summary = (model: GatewayModel) => model.apis[0].routes.map((candidate) => [
      candidate.key, candidate.authorizationType, model.apis[0].integrations.find((item) => item.id === candidate.integrationId)?.functionName,
    ]).sort();
    assert.deepEqual(summary(source), summary(fixture('sam-translated.json').model));
  });

  it('reads a CDK-synthesized template: hashed logical ids, Fn::Join-built URIs, CDK metadata and its condition', () => {
    const file = join(FIXTURES, 'cdk.out', 'ShopStack.template.json');
    const text = readFileSync(file, 'utf8');
    assert.equal(detectFormat(text, parseConfigTree(text, file)), 'cloudformation');
    const cdk = fixture(join('cdk.out', 'ShopStack.template.json'));
    const shop = api(cdk.model, 'ShopApi');
    assert.equal(shop.id, 'ShopApi8D0B1A2E');
    assert.equal(shop.endpointType, 'REGIONAL');
    assert.deepEqual(shop.routes.map((candidate) => [candidate.key, candidate.apiKeyRequired ?? false, integration(shop, candidate.key).functionName]), [
      ['GET /products', true, 'ListProductsHandler7A3D2E1F'], ['GET /products/{productId}', false, 'shop-get-product'],
    ]);
    assert.equal(route(shop, 'GET /products').location?.line, lineOf(text, '"ShopApiproductsGET5E4D3C2B": {'));
    assert.deepEqual(shop.stages.map((stage) => [stage.name, stage.throttle]), [['prod', { rateLimit: 100, burstLimit: 200 }]]);
    assert.deepEqual(shop.usagePlans?.map((plan) => [plan.name, plan.apiKeys]), [['partners', ['PartnerKey1A2B3C4D']]]);
    const orders = api(cdk.model, 'OrdersHttpApi');
    assert.deepEqual(orders.routes.map((candidate) => [candidate.key, integration(orders, candidate.key).functionName, integration(orders, candidate.key).payloadFormatVersion]), [['POST /orders', 'CreateOrderHandler5D6E7F80', '2.0']]);
    // CDKMetadataAvailable is true in us-east-1; the CDK's empty per-stage Throttle {} is not worth a word.
    assert.deepEqual(cdk.findings, []);
  });
});

describe('the CloudFormation reader: broken templates', () => {
  const broken = fixture('broken.yaml');
  const shop = api(broken.model, 'broken-shop');

  it('reports a dangling !Ref at its line and leaves the method out', () => {
    const dangling = finding(broken.findings, 'DANGLING_REFERENCE', 'CartResourse');
    assert.equal(dangling.severity, 'error');
    assert.equal(dangling.location.line, lineOf(broken.text, 'ResourceId: !Ref CartResourse'));
    assert.equal(broken.findings.filter((item) => item.message.includes('CartResourse')).length, 1);
    assert.ok(!shop.routes.some((candidate) => candidate.key.startsWith('GET ')));
  });

  it('keeps an integration whose function reference dangles, with the reference text as the function', () => {
    assert.equal(finding(broken.findings, 'DANGLING_REFERENCE', 'PutCartFuntion').location.line, lineOf(broken.text, '${PutCartFuntion.Arn}'));
    assert.equal(integration(shop, 'PUT /cart').functionName, '${PutCartFuntion.Arn}');
    assert.equal(finding(broken.findings, 'MISSING_PROPERTY', 'needs an AuthorizerId').location.line, lineOf(broken.text, 'AuthorizationType: CUSTOM'));
  });

  it('reports the second declaration of a method', () => {
    const duplicate = finding(broken.findings, 'DUPLICATE_ROUTE', 'PUT /cart');
    assert.equal(duplicate.location.line, lineOf(broken.text, '  PutCartAgainMethod:'));
    assert.equal(shop.routes.filter((candidate) => candidate.key === 'PUT /cart').length, 1);
  });

  it('keeps a resource whose condition cannot be evaluated, and skips one whose condition is false', () => {
    const assumed = finding(broken.findings, 'UNRESOLVED_CONDITION', 'resource BetaMethod');
    assert.equal(assumed.location.line, lineOf(broken.text, 'Condition: IsBeta'));
    assert.ok(shop.routes.some((candidate) => candidate.key === 'DELETE /cart'));
    assert.equal(integration(shop, 'DELETE /cart').uri, '${ImportValue shared-cart-service-url}');
    assert.equal(finding(broken.findings, 'UNRESOLVED_REFERENCE', 'shared-cart-service-url').severity, 'info');
    assert.equal(finding(broken.findings, 'CONDITION_FALSE', 'ProdOnlyMethod').location.line, lineOf(broken.text, 'Condition: IsProd'));
    assert.ok(!shop.routes.some((candidate) => candidate.key === 'POST /cart'));
    // The undecidable Fn::If in the endpoint type takes its first branch.
    assert.equal(shop.endpointType, 'PRIVATE');
    assert.equal(finding(broken.findings, 'UNRESOLVED_CONDITION', 'Fn::If').location.line, lineOf(broken.text, 'Types: [!If [IsBeta'));
  });

  it('reports an OpenAPI body in S3, a missing HttpMethod, an API outside the template, a missing mapping key', () => {
    const s3 = finding(broken.findings, 'MISSING_FILE', 's3://shop-api-definitions/catalog/openapi.yaml');
    assert.equal(s3.location.line, lineOf(broken.text, 'BodyS3Location:') + 1);
    assert.equal(finding(broken.findings, 'MISSING_PROPERTY', 'NoVerbMethod: HttpMethod').location.line, lineOf(broken.text, '  NoVerbMethod:'));
    assert.equal(finding(broken.findings, 'UNRESOLVED_REFERENCE', 'API a1b2c3d4e5').location.line, lineOf(broken.text, 'RestApiId: a1b2c3d4e5'));
    assert.equal(finding(broken.findings, 'DANGLING_REFERENCE', 'Limits.dev.Burst').location.line, lineOf(broken.text, '[Limits, !Ref Env, Burst]'));
    // The burst is unknown: the account's default stands in for it.
    assert.deepEqual(shop.stages[0].throttle, { rateLimit: 10, burstLimit: 5000 });
  });

  it('reports a Lambda proxy integration of an HTTP API without PayloadFormatVersion, and a route to no integration', () => {
    const missing = finding(broken.findings, 'MISSING_PROPERTY', 'PayloadFormatVersion');
    assert.equal(missing.location.line, lineOf(broken.text, '  EventsIntegration:'));
    assert.equal(integration(api(broken.model, 'events'), 'POST /events').payloadFormatVersion, '2.0');
    assert.equal(finding(broken.findings, 'DANGLING_REFERENCE', 'integration zz9plural').location.line, lineOf(broken.text, '  StaleRoute:'));
    assert.equal(finding(broken.findings, 'NO_STAGE', 'events').severity, 'info');
  });

  it('never throws on odd shapes', () => {
    for (const text of [
      'Resources: []', 'Resources:\n  A:\n    Type: AWS::ApiGateway::Method\n    Properties: 3', 'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:\n  A:\n    Type: AWS::ApiGateway::Resource\n    Properties:\n      ParentId: !Ref A\n      PathPart: x\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref R\n      ResourceId: !Ref A\n      HttpMethod: GET\n  R:\n    Type: AWS::ApiGateway::RestApi',
      'Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  R:\n    Type: AWS::ApiGateway::RestApi\n    Condition: A',
      'Resources:\n  R:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      ProtocolType: !GetAtt [X]\n      Target: !Select [9, [a]]',
    ]) {
      const { findings } = read(text);
      assert.ok(Array.isArray(findings));
    }
    const cycle = read('Resources:\n  A:\n    Type: AWS::ApiGateway::Resource\n    Properties:\n      ParentId: !Ref A\n      PathPart: x\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref R\n      ResourceId: !Ref A\n      HttpMethod: GET\n  R:\n    Type: AWS::ApiGateway::RestApi');
    finding(cycle.findings, 'CIRCULAR_REFERENCE', 'ParentId');
  });

  // Its reading speed is a figure printed by bench/config.bench.ts, not asserted here.
  it('reads a 10,000-line template, every route at its full path', () => {
    const lines = ['Resources:', '  Api:', '    Type: AWS::ApiGateway::RestApi', '    Properties: { Name: big }'];
    for (let i = 0; lines.length < 10_000; i++) {
      lines.push(
        `  Res${i}:`, '    Type: AWS::ApiGateway::Resource', '    Properties:', '      RestApiId: !Ref Api', `      ParentId: ${i === 0 ? '!GetAtt Api.RootResourceId' : `!Ref Res${i - 1}`}`, `      PathPart: p${i}`,
        `  Get${i}:`, '    Type: AWS::ApiGateway::Method', '    Properties:', '      RestApiId: !Ref Api', `      ResourceId: !Ref Res${i}`, '      HttpMethod: GET', '      AuthorizationType: NONE',
        '      Integration:', '        Type: AWS_PROXY', `        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn${i}.Arn}/invocations`,
        `  Fn${i}:`, '    Type: AWS::Lambda::Function', `    Properties: { FunctionName: fn-${i} }`,
      );
    }
    const text = lines.join('\n');
    const tree = parseConfigTree(text, 'big.yaml');
    const model = readCloudFormation({ text, tree }, { file: 'big.yaml', findings: new Findings(), readSibling: () => NOT_FOUND });
    assert.equal(model.apis[0].routes.length, Math.floor((lines.length - 4) / 19));
    assert.equal(model.apis[0].routes[2].key, 'GET /p0/p1/p2');
  });
});

describe('SAM resources without the SAM transform', () => {
  it('are an error at each resource, not an empty result: CloudFormation rejects them', () => {
    const text = ['Resources:', '  Fn:', '    Type: AWS::Serverless::Function', '    Properties:', '      Handler: a.h', '      Events:',
      '        Get: {Type: HttpApi, Properties: {Path: /a, Method: get}}', '  Api:', '    Type: AWS::Serverless::Api', '    Properties: {StageName: prod}', ''].join('\n');
    const result = readConfigText(text, 'lost-transform.yaml');
    assert.equal(result.format, 'cloudformation');
    const missing = result.findings.filter((finding) => finding.code === 'MISSING_TRANSFORM');
    assert.deepEqual(missing.map((finding) => [finding.severity, finding.location.line, finding.message.split(':')[0]]), [['error', 2, 'Fn'], ['error', 8, 'Api']]);
    assert.match(missing[0].message, /Transform: AWS::Serverless-2016-10-31/);
    // With the transform, the same resources are SAM's, without the finding.
    const sam = readConfigText(`Transform: AWS::Serverless-2016-10-31\n${text}`, 'sam.yaml');
    assert.equal(sam.format, 'sam');
    assert.ok(!sam.findings.some((finding) => finding.code === 'MISSING_TRANSFORM'));
    assert.ok(sam.model.apis.some((api) => api.routes.some((route) => route.key === 'GET /a')));
  });
});
