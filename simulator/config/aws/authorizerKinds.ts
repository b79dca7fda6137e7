import type { ApiType, AuthorizationType, Authorizer, AuthorizerType } from '../../model/gateway';
import { parsePayloadFormatVersion } from './integrationTypes';

/*
 * Authorizer kinds and what a route's authorization type is for each: API Gateway API
 * reference, Authorizer `type` and Method `authorizationType` (REST), ApiGatewayV2
 * Authorizer `authorizerType` and Route `authorizationType` (HTTP, WebSocket).
 */

export const AUTHORIZER_TYPES: readonly AuthorizerType[] = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS', 'JWT'];
export const AUTHORIZATION_TYPES: readonly AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS', 'JWT'];
/** A REST method's authorization types (no JWT: that is an HTTP API authorizer). */
export const REST_AUTHORIZATION_TYPES: readonly AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
/** An HTTP or WebSocket route's authorization types (no Cognito authorizer: HTTP APIs use a JWT authorizer). */
export const V2_AUTHORIZATION_TYPES: readonly AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'];

/** An authorizer type as written, in any case (`token` in OpenAPI), or undefined when it is not one. */
export function parseAuthorizerType(text: string | undefined): AuthorizerType | undefined {
  const upper = text?.toUpperCase();
  return (AUTHORIZER_TYPES as readonly string[]).includes(upper ?? '') ? upper as AuthorizerType : undefined;
}

/** An authorization type as written, in any case, when it is one of `allowed`. */
export function parseAuthorizationType(text: string | undefined, allowed: readonly AuthorizationType[] = AUTHORIZATION_TYPES): AuthorizationType | undefined {
  const upper = text?.toUpperCase();
  return (allowed as readonly string[]).includes(upper ?? '') ? upper as AuthorizationType : undefined;
}

/**
 * The authorization type of a route an authorizer guards: JWT for a JWT authorizer,
 * COGNITO_USER_POOLS for a user pool, CUSTOM for a Lambda (TOKEN or REQUEST) authorizer
 * ("If you specify the AuthorizerId property, specify CUSTOM or COGNITO_USER_POOLS",
 * AWS::ApiGateway::Method; "JWT for using JSON Web Tokens", ApiGatewayV2 Route).
 */
export function authorizationTypeOf(authorizerType: AuthorizerType): AuthorizationType {
  return authorizerType === 'JWT' ? 'JWT' : authorizerType === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
}

/**
 * An identity source naming a request header or query string parameter, a stage variable or a
 * context variable: `method.request.header.X`, `stageVariables.X`, `context.X` for a REST API,
 * `$request.header.X`, `$stageVariables.X`, `$context.X` for an HTTP API,
 * `route.request.header.X`, `stageVariables.X`, `context.X` for a WebSocket API (Authorizer
 * identitySource; ApiGatewayV2 Authorizer IdentitySource).
 */
export function identitySource(apiType: ApiType, where: 'header' | 'querystring' | 'stageVariables' | 'context', name: string): string {
  if (where === 'stageVariables' || where === 'context') return `${apiType === 'HTTP' ? '$' : ''}${where}.${name}`;
  const prefix = apiType === 'REST' ? 'method.request' : apiType === 'HTTP' ? '$request' : 'route.request';
  return `${prefix}.${where}.${name}`;
}

/**
 * Where an authorizer takes its identity from when the config names nothing: the
 * Authorization header for a TOKEN, Cognito or JWT authorizer ("Defaults to
 * method.request.header.Authorization"; "the identity source defaults to the Authorization
 * header", DG "Control access to HTTP APIs with JWT authorizers"); nothing for a REQUEST
 * authorizer, which then runs on every request, uncached.
 */
export function defaultIdentitySources(apiType: ApiType, type: AuthorizerType): string[] {
  return type === 'REQUEST' ? [] : [identitySource(apiType, 'header', 'Authorization')];
}

/** A REST identity source is one comma-separated string (Authorizer identitySource). */
export function splitIdentitySource(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/** Lambda authorizer result cache: "The default TTL value is 300 seconds. The maximum value is 3600 seconds" (DG apigateway-use-lambda-authorizer). */
export const AUTHORIZER_CACHE_TTL_SECONDS = { default: 300, max: 3600 } as const;

/**
 * An HTTP API Lambda authorizer's payload settings, as every format writes them: the payload
 * format version ("1.0" or "2.0"; ApiGatewayV2 Authorizer `authorizerPayloadFormatVersion`) and
 * `enableSimpleResponses` ("Specifies whether a Lambda authorizer returns a response in a simple
 * format ... only for payload format version 2.0", same page; DG http-api-lambda-authorizer).
 */
export function applyAuthorizerPayload(authorizer: Authorizer, version: string | number | undefined, simpleResponses: boolean | undefined): void {
  const format = parsePayloadFormatVersion(version);
  if (format) authorizer.payloadFormatVersion = format;
  if (simpleResponses !== undefined) authorizer.enableSimpleResponses = simpleResponses;
}
