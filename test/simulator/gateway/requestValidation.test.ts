import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compiledModel, modelSchemaProblem, selfContainedSchema } from '../../../simulator/config/aws/modelSchemas';
import { readConfigText } from '../../../simulator/config/configFile';
import { applicableModel, missingParameters, requestValidationFailure } from '../../../simulator/gateway/requestValidation';
import type { RequestModel, Route } from '../../../simulator/model/gateway';
import type { HttpRequest } from '../../../simulator/net/http';
import { restApiTemplate } from '../../helpers/restApiTemplate';

/*
 * Request validation as API Gateway does it (DG api-gateway-method-request-validation). The
 * model is the DG's PetStore model (models-mappings-models, test/fixtures/models/). What passes
 * and fails follows the model's keywords as JSON Schema draft 4 defines them; the validator's
 * wording is that of the draft-4 validator API Gateway's messages show (java-json-tools
 * json-schema-validator: `object has missing required properties (["a","b"])`, `ECMA 262 regex`,
 * `instance value (...) not found in enum (possible values: [...])`), published in other
 * projects' tests and error examples, not our own output.
 */

const root = join(__dirname, '..', '..', '..', '..');
const PET_STORE_SCHEMA: unknown = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'models', 'petstore-model.json'), 'utf8'));

function petStore(contentType = 'application/json'): RequestModel {
  return { contentType, name: 'PetStoreModel', schema: PET_STORE_SCHEMA, required: ['price', 'type'] };
}

function route(overrides: Partial<Route> = {}): Route {
  return { key: 'POST /pets', authorizationType: 'NONE', validateBody: true, validateParameters: true, requestModels: [petStore()], ...overrides };
}

function post(body: string, headers: [string, string][] = [['Content-Type', 'application/json']], target = '/pets'): HttpRequest {
  return { method: 'POST', target, headers, body: Buffer.from(body, 'utf8') };
}

describe('request body validation against the PetStore model', () => {
  it('passes the DG page\'s sample data {"id": 1, "type": "dog", "price": 249.99}', () => {
    assert.equal(requestValidationFailure(route(), post('{"id": 1, "type": "dog", "price": 249.99}'), false), undefined);
  });

  it('fails a body without the required price and type with one message listing both, sorted', () => {
    const failure = requestValidationFailure(route(), post('{"id": 1}'), false);
    assert.deepEqual(failure, { type: 'BAD_REQUEST_BODY', message: 'Invalid request body', validationErrorString: '[object has missing required properties (["price","type"])]' });
  });

  it('fails a type outside the enum, in the validator\'s words', () => {
    const failure = requestValidationFailure(route(), post('{"type": "bird", "price": 249.99}'), false);
    assert.equal(failure?.validationErrorString, '[instance value ("bird") not found in enum (possible values: ["dog","cat","fish"])]');
  });

  it('fails a price below the minimum of 25 and a price above the maximum of 500', () => {
    for (const [price, words] of [[1, 'lower than the required minimum'], [501, 'greater than the required maximum']] as const) {
      const failure = requestValidationFailure(route(), post(`{"type": "cat", "price": ${price}}`), false);
      assert.equal(failure?.type, 'BAD_REQUEST_BODY', `price ${price}`);
      assert.match(failure.validationErrorString, new RegExp(`^\\[numeric instance is ${words}`));
    }
  });

  it('fails an id that is a number with a fraction, where the model says integer', () => {
    const failure = requestValidationFailure(route(), post('{"id": 1.5, "type": "cat", "price": 30}'), false);
    assert.equal(failure?.validationErrorString, '[instance type (number) does not match any allowed primitive type (allowed: ["integer"])]');
  });

  it('lists every error of the body, not only the first', () => {
    const failure = requestValidationFailure(route(), post('{"type": "bird", "price": 1}'), false);
    assert.equal(failure?.validationErrorString.split(', numeric').length, 2);
  });

  it('fails a body that is not JSON', () => {
    assert.equal(requestValidationFailure(route(), post('{"type": '), false)?.type, 'BAD_REQUEST_BODY');
  });

  it('validates nothing when no model matches the content type, and uses the $default model for any type', () => {
    assert.equal(requestValidationFailure(route(), post('not json', [['Content-Type', 'text/plain']]), false), undefined);
    const anyType = route({ requestModels: [petStore('$default')] });
    assert.equal(requestValidationFailure(anyType, post('{}', [['Content-Type', 'text/plain']]), false)?.type, 'BAD_REQUEST_BODY');
  });

  it('takes a request without Content-Type as application/json, and ignores the charset parameter', () => {
    assert.equal(applicableModel([petStore()], undefined)?.contentType, 'application/json');
    assert.equal(applicableModel([petStore()], 'Application/JSON; charset=utf-8')?.contentType, 'application/json');
  });

  it('does not look at the body when the validator validates parameters only', () => {
    assert.equal(requestValidationFailure(route({ validateBody: false }), post('{}'), false), undefined);
  });

  it('compiles each model once, however many requests it validates', () => {
    const model = petStore();
    const first = compiledModel(model);
    assert.equal(compiledModel(model), first);
  });
});

describe('required request parameters', () => {
  const required = ['method.request.header.h1', 'method.request.querystring.q1', 'method.request.path.petId'];

  it('names the missing and the blank ones, without their method.request prefix', () => {
    assert.deepEqual(missingParameters(required, post('{}', [['h1', '  ']], '/pets/7?q1=')), ['h1', 'q1']);
    assert.deepEqual(missingParameters(required, post('{}', [['H1', 'x']], '/pets/7?q1=dog')), []);
  });

  it('answers BAD_REQUEST_PARAMETERS before looking at the body, with AWS\'s message', () => {
    // "Missing required request parameters: [di, pi]" is a published API Gateway answer (two names, comma and space).
    const failure = requestValidationFailure(route({ requiredParameters: required }), post('{}', [], '/pets/7'), false);
    assert.deepEqual(failure && { type: failure.type, message: failure.message }, { type: 'BAD_REQUEST_PARAMETERS', message: 'Missing required request parameters: [h1, q1]' });
  });
});

describe('models as the config gives them', () => {
  it('inlines a model referenced by its API Gateway URL under definitions, so the schema compiles alone', () => {
    const models: Record<string, unknown> = { Pet: PET_STORE_SCHEMA };
    const { schema, unresolved } = selfContainedSchema(
      { type: 'array', items: { $ref: 'https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Pet' } }, (name) => models[name],
    );
    assert.deepEqual(unresolved, []);
    const model: RequestModel = { contentType: 'application/json', schema, required: [] };
    const compiled = compiledModel(model);
    assert.ok('validate' in compiled);
    assert.equal(compiled.validate([{ type: 'dog', price: 30 }]), true);
    assert.equal(compiled.validate([{ type: 'dog', price: 3 }]), false);
  });

  it('resolves, in a template, a model referenced by !Sub of its models URL with a Ref to the model', () => {
    const template = restApiTemplate([
      'PetModel:', '  Type: AWS::ApiGateway::Model',
      '  Properties: {RestApiId: !Ref Api, Name: Pet, ContentType: application/json, Schema: {type: object, required: [name]}}',
      'PetsModel:', '  Type: AWS::ApiGateway::Model',
      '  Properties:', '    RestApiId: !Ref Api', '    Name: Pets', '    ContentType: application/json',
      '    Schema: {type: array, items: {$ref: !Sub "https://apigateway.amazonaws.com/restapis/${Api}/models/${PetModel}"}}',
      'Method:', '  Type: AWS::ApiGateway::Method',
      '  Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: POST, AuthorizationType: NONE, RequestModels: {application/json: !Ref PetsModel}, Integration: {Type: MOCK}}',
    ]);
    const result = readConfigText(template, 'template.yaml');
    assert.deepEqual(result.findings.filter((item) => item.severity === 'error'), []);
    const model = result.model.apis[0].routes[0].requestModels?.[0];
    assert.ok(model);
    const compiled = compiledModel(model);
    assert.ok('validate' in compiled);
    assert.deepEqual([compiled.validate([{ name: 'Rex' }]), compiled.validate([{}])], [true, false]);
  });

  it('names a reference to a model that does not exist', () => {
    assert.deepEqual(selfContainedSchema({ $ref: 'https://apigateway.amazonaws.com/restapis/x/models/Nope' }, () => undefined).unresolved, ['Nope']);
  });

  it('reports a schema that does not compile as a finding at the model, not a crash', () => {
    assert.match(modelSchemaProblem({ contentType: 'application/json', schema: { type: 'objekt' }, required: [] }) ?? '', /schema is invalid/);
    const template = restApiTemplate([
      'BadModel:',
      '  Type: AWS::ApiGateway::Model',
      '  Properties: {RestApiId: !Ref Api, Name: Bad, ContentType: application/json, Schema: {type: objekt}}',
      'Method:',
      '  Type: AWS::ApiGateway::Method',
      '  Properties:',
      '    RestApiId: !Ref Api',
      '    ResourceId: !GetAtt Api.RootResourceId',
      '    HttpMethod: POST',
      '    AuthorizationType: NONE',
      '    RequestModels: {application/json: !Ref BadModel}',
      '    Integration: {Type: MOCK}',
    ]);
    const result = readConfigText(template, 'template.yaml');
    const finding = result.findings.find((item) => item.code === 'INVALID_MODEL_SCHEMA');
    assert.ok(finding, result.findings.map((item) => item.code).join(', '));
    assert.equal(finding.severity, 'error');
    assert.equal(finding.location.line, 6, 'at the model\'s declaration');
  });
});
