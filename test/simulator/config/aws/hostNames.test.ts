import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hostNameProblem, isRegionName } from '../../../../simulator/config/aws/hostNames';
import { readConfigText } from '../../../../simulator/config/configFile';
import { Findings } from '../../../../simulator/config/findings';
import { checkModel } from '../../../../simulator/config/modelChecks';
import { modelFromJson } from '../../../../simulator/config/modelJson/modelFromJson';

const SHOP = join(__dirname, '..', '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');

describe('Region and host names', () => {
  it('tells Region names from typos by their shape', () => {
    for (const region of ['us-east-1', 'eu-central-2', 'ap-southeast-7', 'us-gov-west-1', 'cn-northwest-1', 'il-central-1']) assert.ok(isRegionName(region), region);
    for (const region of ['useast-1', 'us-east1', 'US-EAST-1', 'us-middle-1', '', 'us-east-1 ']) assert.ok(!isRegionName(region), region);
  });

  it('refuses DNS names with a label over 63 octets, over 253 characters, an empty label or other characters', () => {
    assert.equal(hostNameProblem('api.shop.example.com'), undefined);
    assert.equal(hostNameProblem(`${'a'.repeat(63)}.shop.com`), undefined);
    assert.match(hostNameProblem(`${'a'.repeat(64)}.shop.com`) ?? '', /is 64 characters; DNS allows 63/);
    assert.match(hostNameProblem(Array.from({ length: 50 }, () => 'abcdef').join('.')) ?? '', /is 349 characters; DNS allows 253/);
    assert.match(hostNameProblem('api..shop.com') ?? '', /empty label/);
    assert.match(hostNameProblem('api_v2.shop.com') ?? '', /"api_v2" .* is not a DNS label/);
  });

  it('are findings at read time, at the API and at the custom domain', () => {
    const model = modelFromJson(readFileSync(SHOP, 'utf8'), SHOP);
    const [first, second] = model.apis;
    const broken = { ...model, apis: [{ ...first, region: 'us-east1' }, { ...second, customDomain: { domainName: `${'x'.repeat(70)}.shop.com`, location: { file: 'g.json', line: 9, column: 3 } } }, ...model.apis.slice(2)] };
    const findings = new Findings();
    checkModel(broken, findings);
    const found = findings.list.filter((finding) => finding.code === 'INVALID_REGION' || finding.code === 'INVALID_HOST_NAME');
    assert.deepEqual(found.map((finding) => [finding.code, finding.location.line]), [['INVALID_REGION', first.location!.line], ['INVALID_HOST_NAME', 9]]);
    // From a serverless.yml, at the API's line.
    const text = 'service: shop\nprovider:\n  name: aws\n  region: useast-1\nfunctions:\n  a:\n    handler: a.h\n    events:\n      - httpApi: GET /a\n';
    const read = readConfigText(text, 'serverless.yml');
    assert.ok(read.findings.some((finding) => finding.code === 'INVALID_REGION' && /"useast-1" is not an AWS Region name/.test(finding.message)), read.findings.map((finding) => finding.message).join('\n'));
  });
});

describe('route keys checked at read time', () => {
  it('reports a method API Gateway does not route, and a key without a path, at the route\'s line in every format', () => {
    const sam = readConfigText('Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.h\n      Runtime: nodejs20.x\n      Events:\n        A:\n          Type: HttpApi\n          Properties:\n            Path: /x\n            Method: fetch\n', 'template.yaml');
    const terraform = readConfigText('resource "aws_apigatewayv2_api" "api" {\n  name          = "a"\n  protocol_type = "HTTP"\n}\nresource "aws_apigatewayv2_route" "r" {\n  api_id    = aws_apigatewayv2_api.api.id\n  route_key = "GET orders"\n}\n', 'main.tf');
    const found = (read: ReturnType<typeof readConfigText>) => read.findings.filter((finding) => finding.code === 'INVALID_ROUTE_KEY').map((finding) => [finding.location.line, finding.message]);
    assert.deepEqual(found(sam), [[sam.model.apis[0].routes[0].location!.line, 'ServerlessHttpApi: "FETCH" is not a method API Gateway routes: one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT']]);
    assert.deepEqual(found(terraform), [[5, 'a: "GET orders" is not a route key: a method and a path starting with /, like GET /pets, or $default']]);
    // Every method API Gateway has, and $default on an HTTP API, pass.
    const fine = readConfigText(`openapi: 3.0.1\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n${['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'].map((method) => `    ${method}:\n      x-amazon-apigateway-integration: {type: mock}\n`).join('')}`, 'openapi.yaml');
    assert.deepEqual(found(fine), []);
  });
});
