import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../../simulator/config/configFile';

/*
 * The config finding CORS_BLOCKED_ROUTE: routes a browser on another origin could not call,
 * warned only where the config makes it clear (see config/aws/corsReachability.ts).
 */

function warnings(text: string): string[] {
  return readConfigText(text, text.startsWith('openapi') ? 'openapi.yaml' : 'template.yaml').findings.filter((finding) => finding.code === 'CORS_BLOCKED_ROUTE').map((finding) => finding.message);
}

const OPTIONS_MOCK = ['x-amazon-apigateway-integration:', '  type: mock', '  responses: {default: {statusCode: "200", responseParameters: {method.response.header.Access-Control-Allow-Origin: "\'*\'"}}}'];
const LAMBDA = ['x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations"}'];

function restDefinition(paths: Record<string, Record<string, string[]>>): string {
  const lines = ['openapi: 3.0.1', 'info: {title: shop, version: "1"}', 'paths:'];
  for (const [path, methods] of Object.entries(paths)) {
    lines.push(`  ${path}:`);
    for (const [method, body] of Object.entries(methods)) lines.push(`    ${method}:`, ...body.map((line) => `      ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

describe('routes a browser could not call', () => {
  it('warns about a POST whose resource has no OPTIONS method when another resource has one', () => {
    const found = warnings(restDefinition({ '/products': { options: OPTIONS_MOCK, get: LAMBDA }, '/orders': { post: LAMBDA } }));
    assert.deepEqual(found, ['shop: a browser on another origin cannot call POST /orders: the request needs a CORS preflight, and /orders has no OPTIONS method (API Gateway answers the preflight 403 Missing Authentication Token)']);
  });

  it('stays silent when the API has no OPTIONS method anywhere (CORS is not meant) and for simple GETs', () => {
    assert.deepEqual(warnings(restDefinition({ '/orders': { post: LAMBDA } })), []);
    assert.deepEqual(warnings(restDefinition({ '/products': { options: OPTIONS_MOCK }, '/catalog': { get: LAMBDA } })), []);
  });

  it('warns about an OPTIONS method that answers * with credentials', () => {
    const found = warnings(restDefinition({ '/orders': { options: ['x-amazon-apigateway-integration:', '  type: mock', '  responses:', '    default:', '      statusCode: "200"', '      responseParameters:', "        method.response.header.Access-Control-Allow-Origin: \"'*'\"", "        method.response.header.Access-Control-Allow-Credentials: \"'true'\""], post: LAMBDA } }));
    assert.equal(found.length, 1);
    assert.match(found[0], /OPTIONS \/orders answers Access-Control-Allow-Origin '\*' with Access-Control-Allow-Credentials 'true'/);
  });

  it('warns about an HTTP API whose $default route has an authorizer and a CORS configuration', () => {
    const found = warnings([
      'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::HttpApi', '    Properties:',
      '      CorsConfiguration: {AllowOrigins: ["https://www.shop.com"], AllowMethods: [GET]}',
      '      Auth:', '        DefaultAuthorizer: Users', '        Authorizers:', '          Users:', '            JwtConfiguration: {issuer: "https://issuer.example.com", audience: [web]}', '            IdentitySource: $request.header.Authorization',
      '  Fn:', '    Type: AWS::Serverless::Function', '    Properties:', '      Handler: index.handler', '      Runtime: nodejs20.x', '      Events:', '        All:', '          Type: HttpApi', '          Properties: {ApiId: !Ref Api}', '',
    ].join('\n'));
    assert.equal(found.length, 1);
    assert.match(found[0], /\$default has JWT authorization and catches OPTIONS requests/);
  });
});
