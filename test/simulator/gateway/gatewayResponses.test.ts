import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../simulator/config/configFile';
import { customizedRestError, restGatewayError, type RequestValues } from '../../../simulator/gateway/gatewayResponses';
import { renderGatewayResponseTemplate } from '../../../simulator/gateway/gatewayResponseTemplate';
import type { GatewayResponseOverride } from '../../../simulator/model/gateway';
import { restApiTemplate } from '../../helpers/restApiTemplate';

/*
 * Gateway responses as the DG defines them: api-gateway-gatewayResponse-definition (status,
 * `gatewayresponse.header.*` parameters, body templates with `$context` substitution),
 * supported-gateway-response-types (DEFAULT_4XX / DEFAULT_5XX fallbacks), and
 * api-gateway-swagger-extensions-gateway-responses.responseTemplates, whose example template
 * `{ "message": $context.error.messageString, "type":$context.error.responseType, "statusCode": '488' }`
 * is rendered here. $context.error.messageString is "the quoted value of $context.error.message"
 * (DG api-gateway-mapping-template-reference).
 */

const CONTEXT = { requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', stage: 'prod', apiId: 'a1b2c3d4e5' };
const REQUEST: RequestValues = { headers: [['Origin', 'https://shop.example.com']], query: new URLSearchParams('lang=en'), pathParameters: { petId: '7' } };

function customize(overrides: GatewayResponseOverride[], type: Parameters<typeof restGatewayError>[0], detail = {}) {
  return customizedRestError(overrides, restGatewayError(type), detail, { context: CONTEXT, stageVariables: { brand: 'shop' } }, REQUEST);
}

describe('a gateway response body template', () => {
  it('renders the DG\'s example template for a 403 Missing Authentication Token', () => {
    const template = '{ "message": $context.error.messageString, "type":$context.error.responseType, "statusCode": \'488\' }';
    const { error } = customize([{ type: 'MISSING_AUTHENTICATION_TOKEN', templates: { 'application/json': template } }], 'MISSING_AUTHENTICATION_TOKEN');
    assert.equal(error.body, '{ "message": "Missing Authentication Token", "type":MISSING_AUTHENTICATION_TOKEN, "statusCode": \'488\' }');
  });

  it('substitutes $context variables in both of their forms, and stage variables', () => {
    const rendered = renderGatewayResponseTemplate('{"id":"$context.requestId","stage":"${context.stage}","brand":"$stageVariables.brand"}', { context: CONTEXT, stageVariables: { brand: 'shop' } });
    assert.deepEqual(JSON.parse(rendered), { id: CONTEXT.requestId, stage: 'prod', brand: 'shop' });
  });

  it('keeps a closing brace that follows a reference', () => {
    assert.equal(renderGatewayResponseTemplate('{"m":$context.stage}', { context: CONTEXT }), '{"m":prod}');
  });
});

describe('a REST gateway error through the API\'s gateway responses', () => {
  it('answers an unknown resource with the override\'s status, header and body (MISSING_AUTHENTICATION_TOKEN as a 404)', () => {
    const { error, headers } = customize([{
      type: 'MISSING_AUTHENTICATION_TOKEN', statusCode: 404,
      headers: { 'Access-Control-Allow-Origin': "'*'", 'X-Origin': 'method.request.header.Origin', 'X-Request': 'context.requestId', 'X-Pet': 'method.request.path.petId' },
      templates: { 'application/json': '{"message":$context.error.messageString}' },
    }], 'MISSING_AUTHENTICATION_TOKEN');
    assert.equal(error.status, 404);
    assert.equal(error.body, '{"message":"Missing Authentication Token"}');
    assert.equal(error.errorType, 'MissingAuthenticationTokenException');
    assert.deepEqual(headers, [['Access-Control-Allow-Origin', '*'], ['X-Origin', 'https://shop.example.com'], ['X-Request', CONTEXT.requestId], ['X-Pet', '7']]);
  });

  it('puts the validator\'s detail into a BAD_REQUEST_BODY body through $context.error.validationErrorString, as valid JSON', () => {
    const detail = { message: 'Invalid request body', validationErrorString: '[object has missing required properties (["name"])]' };
    const { error } = customize([{ type: 'BAD_REQUEST_BODY', templates: { 'application/json': '{"message": "$context.error.validationErrorString"}' } }], 'BAD_REQUEST_BODY', detail);
    assert.equal(error.status, 400);
    assert.equal(error.body, '{"message": "[object has missing required properties ([\\"name\\"])]"}');
    assert.deepEqual(JSON.parse(error.body), { message: detail.validationErrorString });
  });

  it('falls back to DEFAULT_4XX for a 4XX type without its own override, and leaves 5XX types alone', () => {
    const defaults: GatewayResponseOverride[] = [{ type: 'DEFAULT_4XX', statusCode: 418, headers: { 'Access-Control-Allow-Origin': "'*'" }, templates: { 'application/json': '{"error":$context.error.messageString}' } }];
    const throttled = customize(defaults, 'THROTTLED');
    assert.deepEqual([throttled.error.status, throttled.error.body, throttled.headers], [418, '{"error":"Too Many Requests"}', [['Access-Control-Allow-Origin', '*']]]);
    const timeout = customize(defaults, 'INTEGRATION_TIMEOUT');
    assert.deepEqual([timeout.error.status, timeout.error.body, timeout.headers], [504, '{"message": "Endpoint request timed out"}', []]);
  });

  it('prefers the type\'s own override to DEFAULT_4XX', () => {
    const { error } = customize([
      { type: 'DEFAULT_4XX', templates: { 'application/json': '{"default":true}' } },
      { type: 'UNAUTHORIZED', templates: { 'application/json': '{"message":"sign in first"}' } },
    ], 'UNAUTHORIZED');
    assert.deepEqual([error.status, error.body], [401, '{"message":"sign in first"}']);
  });

  it('keeps AWS\'s default bodies byte for byte when nothing is customized, with the detail\'s message', () => {
    assert.equal(customize([], 'BAD_REQUEST_BODY').error.body, '{"message": "Invalid request body"}');
    const parameters = customize([], 'BAD_REQUEST_PARAMETERS', { message: 'Missing required request parameters: [q1]' });
    assert.equal(parameters.error.body, '{"message": "Missing required request parameters: [q1]"}');
  });

  it('gives the body the media type of its template', () => {
    const { error } = customize([{ type: 'DEFAULT_5XX', templates: { 'text/plain': 'sorry: $context.error.message' } }], 'INTEGRATION_TIMEOUT');
    assert.deepEqual([error.contentType, error.body], ['text/plain', 'sorry: Endpoint request timed out']);
  });
});

describe('gateway responses in a config', () => {
  it('report a response type API Gateway does not have, at the response', () => {
    const template = restApiTemplate([
      'Teapot:',
      '  Type: AWS::ApiGateway::GatewayResponse',
      '  Properties: {RestApiId: !Ref Api, ResponseType: DEFAULT_418, StatusCode: "418"}',
    ]);
    const result = readConfigText(template, 'template.yaml');
    const finding = result.findings.find((item) => item.code === 'INVALID_GATEWAY_RESPONSE_TYPE');
    assert.ok(finding, result.findings.map((item) => item.code).join(', '));
    assert.equal(finding.location.line, 8);
  });
});
