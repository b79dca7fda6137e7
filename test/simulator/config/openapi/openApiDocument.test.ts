import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NOT_FOUND } from '../../../../simulator/config/confinedFile';
import { Findings, type Finding } from '../../../../simulator/config/findings';
import { checkModel } from '../../../../simulator/config/modelChecks';
import { openApiToApi, readOpenApi } from '../../../../simulator/config/openapi/openApiDocument';
import { functionInUri, slugId } from '../../../../simulator/config/openapi/openApiReader';
import { routesReport } from '../../../../simulator/config/routesReport';
import { get, parseConfigTree, parseYamlTree, type PNode } from '../../../../simulator/config/tree';
import type { Api, GatewayModel, Route } from '../../../../simulator/model/gateway';
import { modelFromJson } from '../../../../simulator/config/modelJson/modelFromJson';

/*
 * Expectations come from the API Gateway developer guide: "Working with API Gateway extensions
 * to OpenAPI" (one page per x-amazon-apigateway-* extension), "Working with OpenAPI definitions
 * for HTTP APIs", "AWS variables for OpenAPI import", "Set the OpenAPI basePath property" and
 * "Import a Regional API into API Gateway" (an import is edge-optimized unless told otherwise).
 */

const root = join(__dirname, '..', '..', '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'openapi');

interface Read {
  model: GatewayModel;
  api: Api;
  findings: Finding[];
}

function readText(text: string, file: string): Read {
  const findings = new Findings();
  const model = readOpenApi({ text, tree: parseConfigTree(text, file) }, { file, findings, readSibling: () => NOT_FOUND });
  checkModel(model, findings);
  return { model, api: model.apis[0], findings: findings.list };
}

function readFixture(name: string): Read {
  const file = join(fixtures, name);
  return readText(readFileSync(file, 'utf8'), file);
}

function route(api: Api, key: string): Route {
  const found = api.routes.find((candidate) => candidate.key === key);
  assert.ok(found, `route ${key} among ${api.routes.map((candidate) => candidate.key).join(', ')}`);
  return found;
}

function integrationOf(api: Api, key: string) {
  const id = route(api, key).integrationId;
  const found = api.integrations.find((candidate) => candidate.id === id);
  assert.ok(found, `integration of ${key}`);
  return found;
}

function codes(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.severity} ${finding.code} ${finding.location.line}`);
}

const lineOf = (text: string, needle: string, from = 0): number => text.slice(0, text.indexOf(needle, from)).split('\n').length;

describe('the OpenAPI reader: the shop', () => {
  it('reads the shop\'s two definitions as the same APIs and routes as gateway.json', () => {
    const reference = routesReport(modelFromJson(readFileSync(join(root, 'examples/shop/gateway.json'), 'utf8'), 'gateway.json'), []);
    for (const [file, name] of [['openapi.yaml', 'shop-orders'], ['products-openapi.yaml', 'shop-products']]) {
      const read = readFixture(join('..', '..', '..', 'examples', 'shop', file));
      assert.deepEqual(read.findings, [], file);
      const strip = (api: (typeof reference)['apis'][number]) => ({ ...api, routes: api.routes.map(({ source: _source, ...rest }) => rest) });
      assert.deepEqual(strip(routesReport(read.model, []).apis[0]), strip(reference.apis.find((api) => api.name === name)!));
    }
  });

  it('gives the orders API its JWT authorizer, Lambda function and VPC link', () => {
    const { api, model } = readFixture('../../../examples/shop/openapi.yaml');
    assert.equal(api.id, 'shop-orders');
    assert.deepEqual(api.stages.map((stage) => stage.name), ['$default']);
    assert.deepEqual(api.authorizers.map(({ location: _location, ...rest }) => rest), [{
      id: 'shop-users', name: 'shop-users', type: 'JWT', identitySources: ['$request.header.Authorization'],
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Sh0pUs3rs', audience: ['shop-web-client'],
    }]);
    assert.deepEqual(
      { ...integrationOf(api, 'POST /orders'), location: undefined },
      { id: 'create-order', type: 'AWS_PROXY', functionName: 'createOrder', connectionType: 'INTERNET', payloadFormatVersion: '2.0', location: undefined },
    );
    const orderService = integrationOf(api, 'GET /orders/{orderId}');
    assert.equal(orderService.connectionType, 'VPC_LINK');
    assert.equal(orderService.vpcLinkId, 'orders-link');
    assert.equal(orderService.uri, undefined, 'the listener ARN names the VPC link\'s target; it is no URL to call');
    assert.deepEqual(model.vpcLinks.map(({ location: _location, ...rest }) => rest), [{ id: 'orders-link', name: 'orders-link', target: 'ALB' }]);
    assert.deepEqual(route(api, 'POST /orders').requestModels?.[0]?.required, ['items']);
  });

  it('requires the products API key on GET /products only, through the api_key scheme', () => {
    const { api } = readFixture('../../../examples/shop/products-openapi.yaml');
    assert.equal(api.type, 'REST');
    assert.equal(api.endpointType, 'EDGE');
    assert.equal(api.apiKeySource, 'HEADER');
    assert.equal(route(api, 'GET /products').apiKeyRequired, true);
    assert.equal(route(api, 'GET /products/{productId}').apiKeyRequired, undefined);
    assert.equal(integrationOf(api, 'GET /products/{productId}').functionName, 'getProduct');
  });
});

describe('the OpenAPI reader: a REST API export (get-export, oas30, with extensions)', () => {
  const text = readFileSync(join(fixtures, 'rest-export-oas30.json'), 'utf8');
  const { api, findings } = readFixture('rest-export-oas30.json');

  it('has every path and method as a route, the any-method as ANY, the base path left out', () => {
    assert.equal(api.type, 'REST');
    assert.equal(api.name, 'bookstore-api');
    assert.equal(api.id, 'bookstore-api');
    assert.equal(api.region, 'eu-west-2', 'the execute-api server URL names the region');
    assert.deepEqual(api.routes.map((candidate) => candidate.key), ['GET /books', 'POST /books', 'OPTIONS /books', 'GET /books/{bookId}', 'DELETE /books/{bookId}', 'ANY /{proxy+}']);
  });

  it('points each route at the line of its method key', () => {
    assert.deepEqual(api.routes.map((candidate) => candidate.location?.line), [18, 70, 134, 178, 212, 245]);
    assert.equal(route(api, 'GET /books').location?.column, 7);
    assert.equal(integrationOf(api, 'GET /books').location?.line, lineOf(text, '"x-amazon-apigateway-integration"'));
    assert.equal(api.authorizers[0].location?.line, lineOf(text, '"BookstoreUsers" : {'));
  });

  it('reads the Cognito authorizer, the API key, IAM and open routes', () => {
    assert.deepEqual(api.authorizers.map(({ location: _location, ...rest }) => rest), [{
      id: 'BookstoreUsers', name: 'BookstoreUsers', type: 'COGNITO_USER_POOLS', identitySources: ['method.request.header.Authorization'],
      userPoolArns: ['arn:aws:cognito-idp:eu-west-2:210987654321:userpool/eu-west-2_B00kSt0re'],
    }]);
    assert.equal(route(api, 'GET /books').authorizationType, 'COGNITO_USER_POOLS');
    assert.equal(route(api, 'GET /books').authorizerId, 'BookstoreUsers');
    // Two security requirements: the API key and the authorizer both apply to the method.
    assert.equal(route(api, 'POST /books').authorizationType, 'COGNITO_USER_POOLS');
    assert.equal(route(api, 'POST /books').apiKeyRequired, true);
    assert.equal(route(api, 'DELETE /books/{bookId}').authorizationType, 'AWS_IAM', 'x-amazon-apigateway-authtype awsSigv4');
    assert.equal(route(api, 'GET /books/{bookId}').authorizationType, 'NONE');
  });

  it('takes function names from Lambda ARNs and the service action from an AWS integration', () => {
    assert.equal(integrationOf(api, 'GET /books').functionName, 'bookstore-prod-listBooks');
    assert.equal(integrationOf(api, 'GET /books').timeoutMs, 12000);
    assert.equal(integrationOf(api, 'GET /books/{bookId}').functionName, 'bookstore-prod-getBook', 'the alias :live is not part of the name');
    const putItem = integrationOf(api, 'POST /books');
    assert.equal(putItem.type, 'AWS');
    assert.equal(putItem.serviceAction, 'dynamodb:PutItem');
    assert.equal(putItem.functionName, undefined);
    assert.equal(integrationOf(api, 'OPTIONS /books').type, 'MOCK');
    const legacy = integrationOf(api, 'ANY /{proxy+}');
    assert.deepEqual([legacy.type, legacy.uri, legacy.timeoutMs], ['HTTP_PROXY', 'http://legacy-catalogue.bookstore.example.com/{proxy}', 29000]);
  });

  it('keeps the mapping templates of non-proxy integrations, the default response\'s for responses', () => {
    assert.match(route(api, 'POST /books').requestTemplates?.['application/json'] ?? '', /"TableName": "bookstore-prod-books"/);
    assert.deepEqual(route(api, 'POST /books').responseTemplates, { 'application/json': '{"bookId": "$context.requestId"}' });
    assert.deepEqual(route(api, 'OPTIONS /books').requestTemplates, { 'application/json': '{"statusCode": 200}' });
    assert.equal(route(api, 'GET /books').requestTemplates, undefined);
  });

  it('applies the named request validators with the required parameters and the body model', () => {
    const list = route(api, 'GET /books');
    assert.deepEqual([list.validateBody, list.validateParameters], [false, true]);
    assert.deepEqual(list.requiredParameters, ['method.request.header.X-Request-Id', 'method.request.querystring.genre']);
    const create = route(api, 'POST /books');
    assert.deepEqual([create.validateBody, create.validateParameters], [true, false]);
    const model = create.requestModels?.[0];
    assert.deepEqual(model && { contentType: model.contentType, name: model.name, required: model.required }, { contentType: 'application/json', name: 'NewBook', required: ['author', 'title'] });
    assert.equal(route(api, 'GET /books/{bookId}').validateBody, undefined, 'no validator, no validation');
  });

  it('reads the gateway responses, with nothing to report but the DELETE a browser cannot call', () => {
    // /books has an OPTIONS MOCK answering Access-Control-Allow-Origin, /books/{bookId} none: its DELETE needs a preflight that gets 403.
    assert.deepEqual(findings.map((finding) => [finding.code, /cannot call (\S+ \S+):/.exec(finding.message)?.[1]]), [['CORS_BLOCKED_ROUTE', 'DELETE /books/{bookId}']]);
    assert.deepEqual(api.gatewayResponses?.map((response) => ({ ...response, location: response.location?.line })), [
      { type: 'DEFAULT_4XX', headers: { 'Access-Control-Allow-Origin': "'*'" }, templates: { 'application/json': '{"message":$context.error.messageString}' }, location: lineOf(text, '"DEFAULT_4XX"') },
      { type: 'UNAUTHORIZED', statusCode: 401, templates: { 'application/json': '{"message":"sign in first"}' }, location: lineOf(text, '"UNAUTHORIZED"') },
    ]);
  });
});

describe('the OpenAPI reader: Swagger 2.0', () => {
  const { api, model, findings } = readFixture('swagger2-petstore.json');

  it('reads a Swagger 2.0 export as a REST API in the region of its host, ignoring basePath', () => {
    assert.deepEqual([api.type, api.region, api.name, api.id], ['REST', 'ap-southeast-2', 'PetStore Partners', 'petstore-partners']);
    assert.deepEqual(api.routes.map((candidate) => candidate.key), ['GET /', 'GET /pets', 'POST /pets', 'GET /pets/{petId}', 'DELETE /pets/{petId}']);
    assert.equal(api.apiKeySource, 'AUTHORIZER');
  });

  it('reads TOKEN and REQUEST Lambda authorizers from securityDefinitions', () => {
    const token = api.authorizers.find((authorizer) => authorizer.id === 'PartnerToken');
    assert.deepEqual(token && { ...token, location: undefined }, {
      id: 'PartnerToken', name: 'PartnerToken', type: 'TOKEN', identitySources: ['method.request.header.X-Partner-Token'],
      functionName: 'partner-token-authorizer', resultTtlSeconds: 60, location: undefined,
    });
    const request = api.authorizers.find((authorizer) => authorizer.id === 'InventoryAuth');
    assert.deepEqual(request?.identitySources, ['method.request.header.X-Store-Id', 'method.request.querystring.storeToken']);
    assert.equal(request?.functionName, 'inventory-request-authorizer');
    assert.equal(request?.resultTtlSeconds, 0, 'a TTL written as a string');
    assert.deepEqual([route(api, 'GET /pets').authorizationType, route(api, 'GET /pets').authorizerId, route(api, 'GET /pets').apiKeyRequired], ['CUSTOM', 'PartnerToken', true]);
    assert.equal(route(api, 'DELETE /pets/{petId}').authorizationType, 'AWS_IAM');
  });

  it('applies the API-level validator unless a method names its own, and reads body parameters', () => {
    assert.deepEqual([route(api, 'GET /').validateBody, route(api, 'GET /').validateParameters], [false, false]);
    const create = route(api, 'POST /pets');
    assert.deepEqual([create.validateBody, create.validateParameters], [true, true]);
    assert.deepEqual(create.requestModels?.[0]?.required, ['type', 'price'], 'required properties through allOf and $ref into definitions');
    assert.deepEqual(route(api, 'GET /pets').requiredParameters, ['method.request.querystring.page']);
  });

  it('reads a REST private integration whose VPC link id is a stage variable', () => {
    const inventory = integrationOf(api, 'GET /pets/{petId}');
    assert.deepEqual([inventory.type, inventory.connectionType, inventory.vpcLinkId], ['HTTP_PROXY', 'VPC_LINK', '${stageVariables.vpcLinkId}']);
    assert.deepEqual(model.vpcLinks.map((link) => [link.id, link.target]), [['${stageVariables.vpcLinkId}', 'NLB']]);
    assert.deepEqual(codes(findings), ['info STAGE_VARIABLE 144']);
    assert.equal(integrationOf(api, 'GET /pets').type, 'HTTP');
  });
});

describe('the OpenAPI reader: an HTTP API export', () => {
  const { api, model, findings } = readFixture('http-api-export.yaml');

  it('is an HTTP API, with its $default route', () => {
    assert.deepEqual([api.type, api.endpointType, api.region], ['HTTP', 'REGIONAL', 'eu-central-1']);
    assert.deepEqual(api.routes.map((candidate) => candidate.key), ['GET /tickets', 'POST /tickets', 'GET /tickets/{ticketId}', 'POST /events', 'ANY /admin/{proxy+}', '$default']);
    assert.deepEqual(api.routes.map((candidate) => candidate.location?.line), [15, 24, 34, 57, 74, 94]);
    assert.deepEqual(api.stages.map((stage) => stage.name), ['$default']);
  });

  it('shares one integration between routes that $ref it from x-amazon-apigateway-integrations', () => {
    assert.equal(route(api, 'GET /tickets').integrationId, 'tickets-lambda');
    assert.equal(route(api, 'POST /tickets').integrationId, 'tickets-lambda');
    assert.equal(api.integrations.filter((integration) => integration.id === 'tickets-lambda').length, 1);
    const shared = integrationOf(api, 'GET /tickets');
    assert.deepEqual([shared.functionName, shared.payloadFormatVersion, shared.timeoutMs, shared.location?.line], ['ticketing-tickets', '2.0', 10000, 135]);
  });

  it('reads payload formats, a Lambda function ARN as URI, an AWS service subtype and a VPC link to an NLB', () => {
    assert.deepEqual([integrationOf(api, 'ANY /admin/{proxy+}').functionName, integrationOf(api, 'ANY /admin/{proxy+}').payloadFormatVersion], ['ticketing-admin', '2.0']);
    const events = integrationOf(api, 'POST /events');
    // The subtype EventBridge-PutEvents is the action events:PutEvents, as a REST service integration URI names it (config/aws/arns.ts).
    assert.deepEqual([events.type, events.serviceAction, events.payloadFormatVersion], ['AWS_PROXY', 'events:PutEvents', undefined]);
    const tickets = integrationOf(api, 'GET /tickets/{ticketId}');
    assert.deepEqual([tickets.type, tickets.connectionType, tickets.vpcLinkId, tickets.timeoutMs], ['HTTP_PROXY', 'VPC_LINK', 'x7k2p9', 30000]);
    assert.deepEqual(model.vpcLinks.map(({ id, target, location }) => [id, target, location?.line]), [['x7k2p9', 'NLB', 43]]);
    assert.equal(integrationOf(api, '$default').uri, 'https://legacy-tickets.example.org');
  });

  it('reads the JWT authorizer, the Lambda REQUEST authorizer and IAM authorization', () => {
    const jwt = api.authorizers.find((authorizer) => authorizer.type === 'JWT');
    assert.deepEqual(jwt && { ...jwt, location: undefined }, {
      id: 'tickets-jwt', name: 'tickets-jwt', type: 'JWT', identitySources: ['$request.header.Authorization'],
      issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_T1ck3tS', audience: ['3n4b5v6c7x8z9l0k1j2h3g4f5d'], location: undefined,
    });
    const lambda = api.authorizers.find((authorizer) => authorizer.type === 'REQUEST');
    assert.deepEqual([lambda?.functionName, lambda?.identitySources, lambda?.resultTtlSeconds, lambda?.location?.line], ['ticketing-admin-authorizer', ['$request.header.Authorization', '$context.sourceIp'], 300, 118]);
    assert.deepEqual([route(api, 'GET /tickets').authorizationType, route(api, 'GET /tickets').authorizerId], ['JWT', 'tickets-jwt']);
    assert.deepEqual([route(api, 'ANY /admin/{proxy+}').authorizationType, route(api, 'ANY /admin/{proxy+}').authorizerId], ['CUSTOM', 'admin-lambda']);
    assert.equal(route(api, 'POST /events').authorizationType, 'AWS_IAM');
    assert.equal(route(api, '$default').authorizationType, 'NONE');
  });

  it('reads the CORS configuration as the export writes it, with no finding', () => {
    assert.deepEqual(codes(findings), []);
    assert.deepEqual(api.cors && { ...api.cors, location: api.cors.location?.line }, {
      allowOrigins: ['https://tickets.example.org'], allowMethods: ['GET', 'POST'], allowHeaders: ['authorization', 'content-type'], exposeHeaders: [],
      maxAgeSeconds: 600, allowCredentials: false, location: 142,
    });
  });
});

describe('the OpenAPI reader: Terraform templatefile placeholders', () => {
  const { api, model, findings } = readFixture('terraform-api.yaml.tftpl');
  const placeholder = (line: number) => findings.filter((finding) => finding.code === 'UNRESOLVED_PLACEHOLDER' && finding.location.line === line);

  it('keeps ${...} placeholders symbolic and reports each as info, never as an error', () => {
    assert.equal(findings.filter((finding) => finding.severity !== 'info').length, 0, JSON.stringify(findings));
    assert.equal(api.name, '${api_name}');
    assert.equal(api.id, 'api-name');
    assert.equal(integrationOf(api, 'GET /products').functionName, 'list_products_invoke_arn', 'a whole-URI placeholder names the function');
    assert.equal(integrationOf(api, 'GET /products/{productId}').functionName, 'get_product_lambda_arn');
    assert.equal(placeholder(24).length, 1);
    assert.deepEqual(placeholder(39).map((finding) => /\$\{(\w+)\}/.exec(finding.message)?.[1]), ['region', 'get_product_lambda_arn']);
    assert.equal(placeholder(40).length, 1, 'a placeholder where a number belongs');
    assert.equal(integrationOf(api, 'GET /products/{productId}').timeoutMs, undefined);
    assert.deepEqual(api.authorizers[0].userPoolArns, ['${user_pool_arn}']);
    assert.equal(placeholder(73).length, 1);
  });

  it('reads $${...} as the literal ${...} API Gateway resolves (stage and AWS variables), without calling it a placeholder', () => {
    const legacy = integrationOf(api, 'ANY /legacy/{proxy+}');
    assert.equal(legacy.uri, 'http://${stageVariables.legacyHost}/{proxy}');
    assert.equal(legacy.vpcLinkId, 'vpc_link_id');
    assert.deepEqual(model.vpcLinks.map((link) => link.id), ['vpc_link_id']);
    assert.equal(integrationOf(api, 'GET /health').functionName, 'shop-health');
    assert.equal(findings.some((finding) => finding.location.line === 58 || /AWS::/.test(finding.message)), false);
    assert.equal(findings.filter((finding) => finding.code === 'STAGE_VARIABLE').length, 1);
  });
});

describe('the OpenAPI reader: broken definitions', () => {
  it('reports references that lead nowhere at their line, and keeps reading', () => {
    const { api, findings } = readFixture('broken-references.yaml');
    assert.deepEqual(codes(findings), [
      'error DANGLING_REFERENCE 14', // security scheme OrdersAuthorizer
      'error DANGLING_REFERENCE 15', // request validator "full"
      'error DANGLING_REFERENCE 20', // #/components/schemas/NewOrdr
      'warning UNRESOLVED_REFERENCE 29', // ./common.yaml#/...: external references are not followed
    ]);
    assert.equal(route(api, 'POST /orders').authorizationType, 'NONE');
    assert.equal(route(api, 'POST /orders').requestModels?.[0], undefined);
    assert.equal(route(api, 'POST /orders').validateBody, undefined);
    assert.deepEqual([route(api, 'GET /orders/{orderId}').apiKeyRequired, route(api, 'GET /orders/{orderId}').validateBody], [true, true]);
    assert.match(findings[2].message, /#\/components\/schemas\/NewOrdr/);
  });

  it('reports unknown integration types, misspelt extensions, missing URIs and VPC link ids, TRACE and conflicting paths', () => {
    const { api, findings } = readFixture('broken-integrations.yaml');
    assert.deepEqual(codes(findings), [
      'warning UNKNOWN_EXTENSION 10', // x-amazon-apigateway-binary-media-type (no s)
      'error INVALID_VALUE 16', // type: lambda
      'warning UNKNOWN_EXTENSION 20', // x-amazon-apigateway-integation
      'warning UNSUPPORTED_FEATURE 24', // trace
      'error MISSING_PROPERTY 31', // VPC_LINK without connectionId
      'error MISSING_PROPERTY 34', // aws_proxy without uri
      'warning INVALID_VALUE 43', // timeoutInMillis 10
      'error CONFLICTING_ROUTES 38', // /payments/{id} against /payments/{paymentId}
      'warning NO_INTEGRATION 14',
      'warning NO_INTEGRATION 19',
    ]);
    assert.match(findings[1].message, /got "lambda"/);
    assert.deepEqual(api.routes.map((candidate) => candidate.key), ['POST /payments', 'GET /payments', 'GET /payments/{paymentId}', 'DELETE /payments/{paymentId}']);
  });

  it('never throws, whatever part of a definition is replaced by something else', () => {
    const replacements: PNode[] = [
      { kind: 'scalar', location: { file: 'x', line: 1, column: 1 }, value: null },
      { kind: 'scalar', location: { file: 'x', line: 1, column: 1 }, value: 42 },
      { kind: 'seq', location: { file: 'x', line: 1, column: 1 }, items: [] },
      { kind: 'map', location: { file: 'x', line: 1, column: 1 }, entries: [{ key: '$ref', keyLocation: { file: 'x', line: 1, column: 1 }, value: { kind: 'scalar', location: { file: 'x', line: 1, column: 1 }, value: '#' } }] },
    ];
    for (const name of ['http-api-export.yaml', 'swagger2-petstore.json', 'terraform-api.yaml.tftpl', 'broken-references.yaml']) {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const tree = parseConfigTree(text, name);
      const slots: { set: (node: PNode) => void; original: PNode }[] = [];
      const collect = (node: PNode): void => {
        if (node.kind === 'map') for (const item of node.entries) { slots.push({ set: (value) => { item.value = value; }, original: item.value }); collect(item.value); }
        if (node.kind === 'seq') node.items.forEach((item, index) => { slots.push({ set: (value) => { node.items[index] = value; }, original: item }); collect(item); });
      };
      collect(tree);
      for (const slot of slots) {
        for (const replacement of replacements) {
          slot.set(replacement);
          const findings = new Findings();
          const model = readOpenApi({ text, tree }, { file: name, findings, readSibling: () => NOT_FOUND });
          checkModel(model, findings);
          assert.equal(model.apis.length, 1);
        }
        slot.set(slot.original);
      }
    }
  });

  it('reports a document that is not an object, and a definition without paths', () => {
    const findings = new Findings();
    const result = openApiToApi({ kind: 'seq', location: { file: 'a.yaml', line: 3, column: 1 }, items: [] }, { file: 'a.yaml', findings, readSibling: () => NOT_FOUND }, { id: 'Api', location: { file: 'a.yaml', line: 2, column: 3 } });
    assert.equal(result.api.routes.length, 0);
    assert.deepEqual(codes(findings.list), ['error INVALID_VALUE 3']);
    assert.deepEqual(codes(readText('openapi: 3.0.1\ninfo: {title: empty}\n', 'e.yaml').findings), ['info API_TYPE_INFERRED 2', 'warning NO_ROUTES 2']);
  });
});

describe('the OpenAPI reader: REST or HTTP', () => {
  const typeOf = (extra: string, paths = '') => readText(`openapi: 3.0.1\ninfo: {title: t, version: "1"}\n${extra}\npaths:\n  /a:\n    get: {}\n${paths}`, 't.yaml');
  const integration = (body: string) => `paths:\n  /x:\n    post:\n      x-amazon-apigateway-integration: {${body}}\n`;

  it('tells an HTTP API by what only HTTP APIs have', () => {
    for (const extra of [
      'x-amazon-apigateway-cors: {allowOrigins: ["*"]}',
      'x-amazon-apigateway-importexport-version: "1.0"',
      'components:\n  securitySchemes:\n    j:\n      type: oauth2\n      x-amazon-apigateway-authorizer: {type: jwt, jwtConfiguration: {issuer: "https://issuer.example.com"}}',
      'components:\n  x-amazon-apigateway-integrations:\n    i: {type: aws_proxy, uri: "arn:aws:lambda:us-east-1:1:function:f"}',
    ]) {
      const { api, findings } = typeOf(extra);
      assert.equal(api.type, 'HTTP', extra);
      assert.equal(findings.some((finding) => finding.code === 'API_TYPE_INFERRED'), false, extra);
    }
    assert.equal(readText(`openapi: 3.0.1\ninfo: {title: t}\n${integration('type: aws_proxy, payloadFormatVersion: 2.0, uri: "arn:aws:lambda:us-east-1:1:function:f"')}`, 't.yaml').api.type, 'HTTP');
    assert.equal(readText('openapi: 3.0.1\ninfo: {title: t}\npaths:\n  /$default:\n    x-amazon-apigateway-any-method: {}\n', 't.yaml').api.routes[0].key, '$default');
  });

  it('tells a REST API by what only REST APIs have', () => {
    for (const extra of [
      'x-amazon-apigateway-request-validators: {all: {validateRequestBody: true}}',
      'x-amazon-apigateway-api-key-source: HEADER',
      'x-amazon-apigateway-gateway-responses: {DEFAULT_4XX: {statusCode: 400}}',
      'swagger: "2.0"',
      integration('type: mock, requestTemplates: {application/json: "{\\"statusCode\\": 200}"}'),
    ]) {
      const { api, findings } = typeOf(extra.startsWith('paths') ? '' : extra, extra.startsWith('paths') ? extra.replace(/^paths:\n/, '') : '');
      assert.equal(api.type, 'REST', extra);
      assert.equal(findings.some((finding) => finding.code === 'API_TYPE_INFERRED'), false, extra);
    }
  });

  it('takes a definition without either kind of extension as REST, and says so', () => {
    const { api, findings } = typeOf('');
    assert.deepEqual([api.type, api.endpointType, api.stages[0].name], ['REST', 'EDGE', 'prod']);
    assert.deepEqual(codes(findings).slice(0, 1), ['info API_TYPE_INFERRED 2']);
  });

  it('picks the type with more evidence when both appear, and warns at the other side\'s first sign', () => {
    const { api, findings } = readText([
      'openapi: 3.0.1', 'info: {title: t}', 'x-amazon-apigateway-cors: {allowOrigins: ["*"]}', 'x-amazon-apigateway-importexport-version: "1.0"',
      'x-amazon-apigateway-api-key-source: HEADER', 'paths: {}',
    ].join('\n'), 't.yaml');
    assert.equal(api.type, 'HTTP');
    const inferred = findings.find((finding) => finding.code === 'API_TYPE_INFERRED');
    assert.equal(inferred?.severity, 'warning');
    assert.equal(inferred?.location.line, 5);
  });

  it('lets the caller\'s API type win, and the shared checks report what that type lacks', () => {
    const document = parseYamlTree([
      'openapi: 3.0.1', 'info: {title: t}', 'paths:', '  /a:', '    get:', '      security: [{j: []}]',
      '      x-amazon-apigateway-integration: {type: aws_proxy, payloadFormatVersion: "2.0", uri: "arn:aws:lambda:us-east-1:1:function:f"}',
      'components:', '  securitySchemes:', '    j:', '      type: oauth2',
      '      x-amazon-apigateway-authorizer: {type: jwt, jwtConfiguration: {issuer: "https://issuer.example.com", audience: [a]}}',
    ].join('\n'), 'body.yaml');
    const findings = new Findings();
    const { api, vpcLinks } = openApiToApi(document, { file: 'template.yaml', findings, readSibling: () => NOT_FOUND }, { id: 'RestApi', name: 'from-template', region: 'eu-west-1', apiType: 'REST', location: { file: 'template.yaml', line: 7, column: 3 } });
    assert.deepEqual([api.id, api.name, api.type, api.region, api.location?.line], ['RestApi', 'from-template', 'REST', 'eu-west-1', 7]);
    assert.equal(api.integrations[0].payloadFormatVersion, undefined, 'payload formats belong to HTTP APIs');
    checkModel({ apis: [api], vpcLinks }, findings);
    assert.deepEqual(codes(findings.list), ['error UNSUPPORTED_FEATURE 10'], 'a JWT authorizer on a REST API');
  });

  it('lets API keys and request validation on an HTTP API be reported, not silently dropped', () => {
    const { findings } = readText([
      'openapi: 3.0.1', 'info: {title: t}', 'x-amazon-apigateway-importexport-version: "1.0"',
      'x-amazon-apigateway-request-validators: {all: {validateRequestBody: true}}', 'paths:', '  /a:', '    get:', '      security: [{api_key: []}]',
      '      x-amazon-apigateway-integration: {type: aws_proxy, payloadFormatVersion: "2.0", uri: "arn:aws:lambda:us-east-1:1:function:f"}',
      'components:', '  securitySchemes:', '    api_key: {type: apiKey, name: x-api-key, in: header}',
    ].join('\n'), 'h.yaml');
    assert.deepEqual(codes(findings), ['warning API_TYPE_INFERRED 4', 'info IGNORED_PROPERTY 4', 'error UNSUPPORTED_FEATURE 7']);
  });
});

describe('the OpenAPI reader: details', () => {
  it('takes Lambda function names from integration URIs, or keeps the reference text', () => {
    const cases: [string, string | undefined][] = [
      ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:getProduct/invocations', 'getProduct'],
      ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:getProduct:prod/invocations', 'getProduct'],
      ['arn:aws:lambda:eu-west-1:123456789012:function:orders-api', 'orders-api'],
      ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GetProductFunction.Arn}/invocations', 'GetProductFunction'],
      ['${get_product_invoke_arn}', 'get_product_invoke_arn'],
      ['arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:LambdaFunctionName/invocations', 'LambdaFunctionName'],
      ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations', '${stageVariables.fn}'],
      ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${AWS::StackName}-get/invocations', '${AWS::StackName}-get'],
      ['arn:aws:apigateway:us-east-1:dynamodb:action/PutItem', undefined],
      ['https://example.com/orders', undefined],
    ];
    for (const [uri, name] of cases) assert.equal(functionInUri(uri), name, uri);
  });

  it('reads CloudFormation intrinsics in an inline SAM definition body without calling their references placeholders', () => {
    const template = parseYamlTree([
      'Resources:',
      '  ShopApi:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      DefinitionBody:',
      '        openapi: "3.0.1"',
      '        info: {title: !Sub "${AWS::StackName}-shop"}',
      '        paths:',
      '          /products/{productId}:',
      '            get:',
      '              x-amazon-apigateway-integration:',
      '                type: aws_proxy',
      '                httpMethod: POST',
      '                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GetProductFunction.Arn}/invocations',
      '          /products:',
      '            get:',
      '              x-amazon-apigateway-integration:',
      '                type: aws_proxy',
      '                uri: !Join ["", ["arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/", !GetAtt ListProductsFunction.Arn, "/invocations"]]',
      '            post:',
      '              x-amazon-apigateway-integration:',
      '                type: aws_proxy',
      '                uri: !If [IsProd, a, b]',
      '          /orders:',
      '            get:',
      '              x-amazon-apigateway-integration:',
      '                type: aws_proxy',
      '                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ListOrdersFunction.Arn}/invocations',
    ].join('\n'), 'template.yaml');
    const body = get(get(get(get(template, 'Resources'), 'ShopApi'), 'Properties'), 'DefinitionBody')!;
    const findings = new Findings();
    const { api } = openApiToApi(body, { file: 'template.yaml', findings, readSibling: () => NOT_FOUND }, { id: 'ShopApi', apiType: 'REST', location: { file: 'template.yaml', line: 2, column: 3 } });
    assert.equal(api.name, '${AWS::StackName}-shop');
    assert.equal(integrationOf(api, 'GET /products/{productId}').functionName, 'GetProductFunction');
    assert.equal(integrationOf(api, 'GET /products').functionName, 'ListProductsFunction');
    assert.equal(integrationOf(api, 'GET /orders').functionName, 'ListOrdersFunction', 'already substituted by the template reader');
    assert.equal(route(api, 'GET /products/{productId}').location?.line, 10);
    assert.deepEqual(codes(findings.list), ['warning UNRESOLVED_REFERENCE 23']);
  });

  it('reads the endpoint configuration, x-amazon-apigateway-auth and the security policy', () => {
    const privateApi = readText([
      'openapi: 3.0.1', 'info: {title: internal}',
      'servers:', '  - url: https://internal.example.com', '    x-amazon-apigateway-endpoint-configuration:', '      vpcEndpointIds: [vpce-0212a4ababd5b8c3e]',
      'x-amazon-apigateway-security-policy: SecurityPolicy_TLS13_1_3_2025_09',
      'paths:', '  /a:', '    get:', '      x-amazon-apigateway-auth: {type: aws_iam}',
      '      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: "{}"}}',
    ].join('\n'), 'p.yaml').api;
    assert.deepEqual([privateApi.endpointType, privateApi.securityPolicy, privateApi.routes[0].authorizationType], ['PRIVATE', 'SecurityPolicy_TLS13_1_3_2025_09', 'AWS_IAM']);
    const regional = readText('swagger: "2.0"\ninfo: {title: r}\nx-amazon-apigateway-endpoint-configuration: {types: [REGIONAL]}\npaths: {}\n', 'r.yaml').api;
    assert.equal(regional.endpointType, 'REGIONAL');
  });

  it('applies one authorizer to a route and reports the others: an error for HTTP APIs, a warning for REST', () => {
    const text = (extra: string) => [
      'openapi: 3.0.1', 'info: {title: t}', extra, 'paths:', '  /a:', '    get:', '      security: [{iam: [], lambda: []}]',
      '      x-amazon-apigateway-integration: {type: aws_proxy, uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations"}',
      'components:', '  securitySchemes:', '    iam: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}',
      '    lambda:', '      type: apiKey', '      name: Authorization', '      in: header',
      '      x-amazon-apigateway-authorizer: {type: request, authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:auth/invocations"}',
    ].join('\n');
    const http = readText(text('x-amazon-apigateway-importexport-version: "1.0"'), 'h.yaml');
    assert.equal(http.api.routes[0].authorizationType, 'AWS_IAM');
    assert.deepEqual(codes(http.findings), ['error UNSUPPORTED_FEATURE 7']);
    const rest = readText(text('x-amazon-apigateway-api-key-source: HEADER'), 'r.yaml');
    assert.deepEqual(codes(rest.findings), ['warning UNSUPPORTED_FEATURE 7']);
  });

  it('warns about security schemes API Gateway does not enforce', () => {
    const { api, findings } = readText([
      'openapi: 3.1.0', 'info: {title: t}', 'security: [{bearer: []}]', 'paths:', '  /a:', '    get:',
      '      x-amazon-apigateway-integration: {type: http_proxy, uri: "https://example.com"}',
      'components:', '  securitySchemes:', '    bearer: {type: http, scheme: bearer}',
    ].join('\n'), 'b.yaml');
    assert.equal(api.routes[0].authorizationType, 'NONE');
    assert.deepEqual(codes(findings), ['info API_TYPE_INFERRED 2', 'warning UNSUPPORTED_SECURITY_SCHEME 10']);
  });

  it('reports an ARN as the uri of an HTTP integration that is not private', () => {
    const { api, findings } = readText([
      'openapi: 3.0.1', 'info: {title: t}', 'x-amazon-apigateway-importexport-version: "1.0"', 'paths:', '  /a:', '    get:',
      '      x-amazon-apigateway-integration:', '        type: http_proxy',
      '        uri: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65',
    ].join('\n'), 'a.yaml');
    assert.equal(api.integrations[0].uri, undefined);
    assert.deepEqual(codes(findings), ['warning INVALID_VALUE 9']);
  });

  it('makes ids from titles', () => {
    assert.equal(slugId('PetStore Partners'), 'petstore-partners');
    assert.equal(slugId('  ${api_name} '), 'api-name');
    assert.equal(slugId('***'), 'openapi');
  });

  it('makes an id that fits a DNS label (63 characters) from a long title, with no dash at its end', () => {
    assert.equal(slugId('n'.repeat(100)), 'n'.repeat(63));
    assert.equal(slugId(`${'a'.repeat(62)} b`), 'a'.repeat(62));
  });

  // Its reading speed is a figure printed by bench/config.bench.ts, not asserted here.
  it('reads a 10,000-line definition, every route', () => {
    const lines = ['openapi: "3.0.1"', 'info: {title: big, version: "1"}', 'paths:'];
    for (let index = 0; lines.length < 10000; index++) {
      lines.push(`  /items${index}/{id}:`, '    get:', '      parameters:', '        - {name: id, in: path, required: true, schema: {type: string}}',
        '      security: [{api_key: []}]', '      x-amazon-apigateway-integration:', '        type: aws_proxy',
        `        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn${index}/invocations`);
    }
    lines.push('components:', '  securitySchemes:', '    api_key: {type: apiKey, name: x-api-key, in: header}');
    const text = lines.join('\n');
    const tree = parseConfigTree(text, 'big.yaml');
    const model = readOpenApi({ text, tree }, { file: 'big.yaml', findings: new Findings(), readSibling: () => NOT_FOUND });
    assert.equal(model.apis[0].routes.length, 1250);
    assert.equal(integrationOf(model.apis[0], 'GET /items1249/{id}').functionName, 'fn1249');
  });
});
