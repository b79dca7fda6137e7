import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  APIGatewayAuthorizerResult, APIGatewayEventClientCertificate, APIGatewayProxyEvent, APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyWebsocketEventV2, APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult, APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import {
  authorizerPolicy, httpAuthorizerEvent, proxyEventV1, proxyEventV2, requestAuthorizerEvent, simpleAuthorizerResponse, tokenAuthorizerEvent, websocketEvent,
  type RequestIdentity,
} from '../../../simulator/gateway/lambdaEvent';
import type { HttpRequest } from '../../../simulator/net/http';
import { shapeDifferences, type ShapeOptions } from './eventShape';

/*
 * Each event the simulator builds, held against the type the Lambda community gives it in
 * @types/aws-lambda. The exemplars below are object literals typed with those types, so tsc
 * (npm run typecheck) refuses one that lacks a required field or has a field the type does
 * not declare; the tests then parse our JSON and compare its keys with the exemplar's, so a
 * field our event lacks, or one the type does not know, fails the test. Where the types and
 * AWS's own events disagree, the exception is named with its reason.
 */

const CERT: APIGatewayEventClientCertificate = {
  clientCertPem: 'CERT', serialNumber: 'a1', subjectDN: 'www.example.com', issuerDN: 'Example issuer', validity: { notAfter: 'Aug  5 09:36:04 2021 GMT', notBefore: 'May 28 12:30:02 2019 GMT' },
};

const REST_EXEMPLAR: APIGatewayProxyEvent = {
  body: '', headers: { a: 'b' }, multiValueHeaders: { a: ['b'] }, httpMethod: 'GET', isBase64Encoded: false, path: '/', pathParameters: { a: 'b' },
  queryStringParameters: { a: 'b' }, multiValueQueryStringParameters: { a: ['b'] }, stageVariables: { a: 'b' }, resource: '/',
  requestContext: {
    accountId: '1', apiId: 'a', authorizer: { claims: { sub: 'x' }, scopes: null }, connectedAt: 1, connectionId: 'c', domainName: 'd', domainPrefix: 'd', eventType: 'CONNECT',
    extendedRequestId: 'e', protocol: 'HTTP/1.1', httpMethod: 'GET', messageDirection: 'IN', messageId: 'm', path: '/', stage: 's', requestId: 'r',
    requestTime: 't', requestTimeEpoch: 1, resourceId: 'r', resourcePath: '/', routeKey: 'k',
    identity: {
      accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: CERT, cognitoAuthenticationProvider: null, cognitoAuthenticationType: null,
      cognitoIdentityId: null, cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: '1', user: null, userAgent: null, userArn: null, vpcId: 'v', vpceId: 'v',
    },
  },
};

/** Optional in the REST type: WebSocket-only context fields, private-API identity fields, and the authorizer, absent without one. */
const REST_OPTIONAL: ShapeOptions['mayLack'] = {
  'requestContext.authorizer': 'the type\'s own comment: "not actually present in ... proxy calls without an authorizer"',
  'requestContext.connectedAt': 'WebSocket only (optional in the type)',
  'requestContext.connectionId': 'WebSocket only (optional in the type)',
  'requestContext.eventType': 'WebSocket only (optional in the type)',
  'requestContext.messageDirection': 'WebSocket only (optional in the type)',
  'requestContext.messageId': 'WebSocket only (optional in the type)',
  'requestContext.routeKey': 'WebSocket only (optional in the type)',
  'requestContext.identity.vpcId': 'private APIs only (optional in the type)',
  'requestContext.identity.vpceId': 'private APIs only (optional in the type)',
};

const V2_CONTEXT = {
  accountId: '1', apiId: 'a', authentication: { clientCert: CERT }, domainName: 'd', domainPrefix: 'd',
  http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '1', userAgent: 'u' }, requestId: 'r', routeKey: 'k', stage: 's', time: 't', timeEpoch: 1,
};
const V2_JWT_EXEMPLAR: APIGatewayProxyEventV2WithJWTAuthorizer = {
  version: '2.0', routeKey: 'k', rawPath: '/', rawQueryString: '', cookies: ['a'], headers: { a: 'b' }, queryStringParameters: { a: 'b' }, body: '', pathParameters: { a: 'b' },
  isBase64Encoded: false, stageVariables: { a: 'b' },
  requestContext: { ...V2_CONTEXT, authorizer: { principalId: 'p', integrationLatency: 1, jwt: { claims: { sub: 'x' }, scopes: ['a'] } } },
};
const V2_LAMBDA_EXEMPLAR: APIGatewayProxyEventV2WithLambdaAuthorizer<{ tier: string }> = { ...V2_JWT_EXEMPLAR, requestContext: { ...V2_CONTEXT, authorizer: { lambda: { tier: 'gold' } } } };
const V2_IAM_EXEMPLAR: APIGatewayProxyEventV2WithIAMAuthorizer = {
  ...V2_JWT_EXEMPLAR,
  requestContext: { ...V2_CONTEXT, authorizer: { iam: { accessKey: 'a', accountId: '1', callerId: 'c', cognitoIdentity: null, principalOrgId: 'o', userArn: 'u', userId: 'u' } } },
};
const V2_OPTIONAL: ShapeOptions['mayLack'] = {
  cookies: 'only when the request has cookies (optional in the type)',
  queryStringParameters: 'only when the request has a query (optional in the type)',
  body: 'only when the request has a body (optional in the type)',
  pathParameters: 'only when the route has path parameters (optional in the type)',
  stageVariables: 'only when the stage defines variables (optional in the type)',
  'requestContext.authentication': 'mutual TLS only (optional in the type)',
  'requestContext.authorizer.principalId': 'optional in the type; AWS\'s 2.0 example has no principalId next to jwt',
  'requestContext.authorizer.integrationLatency': 'optional in the type; AWS\'s 2.0 example has none next to jwt',
};

const WEBSOCKET_EXEMPLAR: APIGatewayProxyWebsocketEventV2 = {
  body: '', isBase64Encoded: false, stageVariables: { a: 'b' }, queryStringParameters: { a: 'b' }, multiValueQueryStringParameters: { a: ['b'] },
  requestContext: {
    routeKey: 'k', messageId: 'm', eventType: 'MESSAGE', extendedRequestId: 'e', requestTime: 't', messageDirection: 'IN', stage: 's', connectedAt: 1,
    requestTimeEpoch: 1, requestId: 'r', domainName: 'd', connectionId: 'c', apiId: 'a',
  },
};
/** Where @types and the events AWS sends disagree (test/fixtures/aws-events/websocket-*.json are captured events). */
const WEBSOCKET_EXCEPTIONS: ShapeOptions = {
  mayLack: {
    body: 'MESSAGE events only (optional in the type)', stageVariables: 'only when the stage defines variables (optional in the type)',
    queryStringParameters: 'only when the Upgrade has a query (optional in the type)', multiValueQueryStringParameters: 'only when the Upgrade has a query (optional in the type)',
    'requestContext.messageId': 'required in the type, but AWS\'s CONNECT and DISCONNECT events have none',
  },
  mayAdd: {
    headers: 'AWS\'s CONNECT and DISCONNECT events carry headers; the type omits them',
    multiValueHeaders: 'AWS\'s CONNECT and DISCONNECT events carry them; the type omits them',
    'requestContext.identity': 'every AWS WebSocket event names the caller\'s sourceIp; the type omits identity',
    'requestContext.disconnectStatusCode': 'AWS\'s DISCONNECT event has it; the type omits it',
    'requestContext.disconnectReason': 'AWS\'s DISCONNECT event has it; the type omits it',
  },
};

const TOKEN_EXEMPLAR: APIGatewayTokenAuthorizerEvent = { type: 'TOKEN', methodArn: 'arn', authorizationToken: 't' };
const REQUEST_EXEMPLAR: APIGatewayRequestAuthorizerEvent = {
  type: 'REQUEST', methodArn: 'arn', resource: '/', path: '/', httpMethod: 'GET', headers: { a: 'b' }, multiValueHeaders: { a: ['b'] }, pathParameters: { a: 'b' },
  queryStringParameters: { a: 'b' }, multiValueQueryStringParameters: { a: ['b'] }, stageVariables: { a: 'b' },
  requestContext: { ...REST_EXEMPLAR.requestContext, authorizer: undefined },
};
const REQUEST_V2_EXEMPLAR: APIGatewayRequestAuthorizerEventV2 = {
  version: '2.0', type: 'REQUEST', routeArn: 'arn', identitySource: ['t'], routeKey: 'k', rawPath: '/', rawQueryString: '', cookies: ['a'], headers: { a: 'b' },
  queryStringParameters: { a: 'b' }, requestContext: V2_CONTEXT, pathParameters: { a: 'b' }, stageVariables: { a: 'b' },
};
const POLICY_EXEMPLAR: APIGatewayAuthorizerResult = {
  principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn' }] }, context: { a: 'b' },
};
const SIMPLE_EXEMPLAR: APIGatewaySimpleAuthorizerWithContextResult<{ tier: string }> = { isAuthorized: true, context: { tier: 'gold' } };

// The exemplars are checked by tsc: a field the type does not declare, or a missing required one, does not compile.
// @ts-expect-error REST events have no `version` field in the type (nor in AWS's REST example).
const REST_WITH_VERSION: APIGatewayProxyEvent = { ...REST_EXEMPLAR, version: '1.0' };
// @ts-expect-error A 2.0 event without `rawQueryString` is not an APIGatewayProxyEventV2.
const V2_WITHOUT_RAW_QUERY: APIGatewayProxyEventV2WithJWTAuthorizer = { version: '2.0', routeKey: 'k', rawPath: '/', headers: {}, requestContext: V2_JWT_EXEMPLAR.requestContext, isBase64Encoded: false };

const IDENTITY: RequestIdentity = {
  accountId: '123456789012', apiId: 'f6g7h8i9j0', stage: 'prod', requestId: 'c6af9ac6-7b61-41e6-9a41-93e8deadbeef', extendedRequestId: 'BFHPhFe3IAMF95g=',
  timeEpoch: 1583349317135, sourceIp: '203.0.113.7', domainName: 'f6g7h8i9j0.execute-api.us-east-1.amazonaws.com', resourcePath: '/orders/{orderId}',
  routeKey: 'POST /orders/{orderId}', pathParameters: { orderId: '42' }, traceId: 'Root=1-5e66d96f-7491f09bd79d18acf3d05000',
};
const REQUEST: HttpRequest = {
  method: 'POST', target: '/orders/42?view=full', body: Buffer.from('{"a":1}'),
  headers: [['Host', IDENTITY.domainName], ['User-Agent', 'curl/8.5.0'], ['Cookie', 'session=abc'], ['Content-Type', 'application/json']],
};
const JWT: RequestIdentity['authorizer'] = { kind: 'jwt', claims: { sub: 'c0ffee', scope: 'orders/read' }, scopes: ['orders/read'] };

function parse(json: string): Record<string, unknown> {
  return JSON.parse(json) as Record<string, unknown>;
}

describe('events against @types/aws-lambda', () => {
  it('the REST proxy event (payload 1.0) has the fields of APIGatewayProxyEvent, and no others', () => {
    assert.deepEqual(shapeDifferences(parse(proxyEventV1(REQUEST, { ...IDENTITY, authorizer: JWT }, 'curl/8.5.0')), REST_EXEMPLAR, { mayLack: REST_OPTIONAL }), []);
  });

  it('the HTTP API payload 2.0 events have the fields of the JWT, Lambda and IAM authorizer event types', () => {
    const build = (authorizer: RequestIdentity['authorizer']): Record<string, unknown> => parse(proxyEventV2(REQUEST, { ...IDENTITY, authorizer }, 'curl/8.5.0'));
    assert.deepEqual(shapeDifferences(build(JWT), V2_JWT_EXEMPLAR, { mayLack: V2_OPTIONAL }), []);
    assert.deepEqual(shapeDifferences(build({ kind: 'lambda', principalId: 'user-42', context: { tier: 'gold' }, integrationLatency: 0 }), V2_LAMBDA_EXEMPLAR, { mayLack: V2_OPTIONAL }), []);
    assert.deepEqual(shapeDifferences(build({ kind: 'iam', accessKey: 'AKIA', accountId: '1', caller: 'AIDA', user: 'AIDA', userArn: 'arn' }), V2_IAM_EXEMPLAR, { mayLack: V2_OPTIONAL }), []);
  });

  it('the WebSocket events have the fields of APIGatewayProxyWebsocketEventV2, with the exceptions AWS\'s own events make', () => {
    const base = { routeKey: '$connect', connectionId: 'BFHPhfCWIAMCKlQ=', identity: IDENTITY, connectedAt: 1583349317000 };
    const upgrade: HttpRequest = { method: 'GET', target: '/prod?token=abc', headers: [['Host', IDENTITY.domainName], ['Sec-WebSocket-Version', '13']] };
    for (const event of [
      websocketEvent({ ...base, eventType: 'CONNECT', upgrade }),
      websocketEvent({ ...base, routeKey: 'subscribe', eventType: 'MESSAGE', body: '{}', messageId: 'BFaVtfGSIAMCKug=' }),
      websocketEvent({ ...base, routeKey: '$disconnect', eventType: 'DISCONNECT', disconnect: { statusCode: 1000, reason: '' } }),
    ]) assert.deepEqual(shapeDifferences(parse(event), WEBSOCKET_EXEMPLAR, WEBSOCKET_EXCEPTIONS), [], event);
  });

  it('the REST TOKEN and REQUEST authorizer events have the fields of their types', () => {
    assert.deepEqual(shapeDifferences(parse(tokenAuthorizerEvent('allow', 'arn:aws:execute-api:us-east-1:1:a/prod/GET/')), TOKEN_EXEMPLAR), []);
    const request = parse(requestAuthorizerEvent(REQUEST, IDENTITY, 'curl/8.5.0', 'arn:aws:execute-api:us-east-1:1:a/prod/POST/orders/42'));
    assert.deepEqual(shapeDifferences(request, REQUEST_EXEMPLAR, { mayLack: REST_OPTIONAL }), []);
  });

  it('the HTTP API 2.0 authorizer event has the fields of APIGatewayRequestAuthorizerEventV2', () => {
    const event = parse(httpAuthorizerEvent('2.0', REQUEST, IDENTITY, 'curl/8.5.0', 'arn:aws:execute-api:us-east-1:1:a/prod/POST/orders/42', ['abc']));
    assert.deepEqual(shapeDifferences(event, REQUEST_V2_EXEMPLAR, { mayLack: { 'requestContext.authentication': 'mutual TLS only (optional in the type)' } }), []);
  });

  it('the authorizer answers are an APIGatewayAuthorizerResult and an APIGatewaySimpleAuthorizerResult', () => {
    assert.deepEqual(shapeDifferences(parse(authorizerPolicy('Allow', 'arn', 'user-42', { tier: 'gold' })), POLICY_EXEMPLAR), []);
    assert.deepEqual(shapeDifferences(parse(simpleAuthorizerResponse(true, { tier: 'gold' })), SIMPLE_EXEMPLAR), []);
  });

  it('fails on a field the type lacks and on a missing one: the check can fail', () => {
    const event = parse(proxyEventV1(REQUEST, IDENTITY, 'curl/8.5.0'));
    assert.deepEqual(shapeDifferences({ ...event, version: '1.0' }, REST_EXEMPLAR, { mayLack: REST_OPTIONAL }), ['version: not in AWS\'s example']);
    const withoutResource = { ...event };
    delete withoutResource.resource;
    assert.deepEqual(shapeDifferences(withoutResource, REST_EXEMPLAR, { mayLack: REST_OPTIONAL }), ['resource: missing']);
    assert.deepEqual(shapeDifferences({ ...event, isBase64Encoded: 'false' }, REST_EXEMPLAR, { mayLack: REST_OPTIONAL }), ['isBase64Encoded: string where AWS has boolean']);
    // The type-level checks above: tsc would not compile these two without their @ts-expect-error.
    assert.equal(REST_WITH_VERSION.resource, '/');
    assert.equal(V2_WITHOUT_RAW_QUERY.version, '2.0');
  });
});
