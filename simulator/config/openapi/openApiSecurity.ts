import type { AuthorizationType, Authorizer, Route, SourceLocation } from '../../model/gateway';
import {
  applyAuthorizerPayload, authorizationTypeOf, AUTHORIZER_CACHE_TTL_SECONDS, defaultIdentitySources, identitySource, parseAuthorizerType, splitIdentitySource,
} from '../aws/authorizerKinds';
import { bool, entries, entry, get, items, num, type PEntry, type PMap, type PNode, str } from '../tree';
import { EXTENSION, functionInUri, type OpenApiReader, type Scheme, type SchemeUse } from './openApiReader';

/*
 * Security schemes as API Gateway enforces them: x-amazon-apigateway-authorizer (Lambda,
 * Cognito, JWT), x-amazon-apigateway-authtype (IAM), API keys, and each operation's
 * authorization from its `security` and x-amazon-apigateway-auth.
 */

export function readSecuritySchemes(reader: OpenApiReader): void {
  const definitions = reader.swagger ? get(reader.root, 'securityDefinitions') : get(get(reader.root, 'components'), 'securitySchemes');
  for (const item of entries(definitions)) {
    const scheme = reader.resolve(item.value);
    const use = scheme?.kind === 'map' ? schemeUse(reader, item, scheme) : { kind: 'broken' as const };
    if (use.kind === 'authorizer') reader.api.authorizers.push(use.authorizer);
    reader.schemes.set(item.key, { name: item.key, use, location: item.keyLocation });
  }
}

/** What a security scheme does in API Gateway (x-amazon-apigateway-authorizer, -authtype; API keys). */
function schemeUse(reader: OpenApiReader, item: PEntry, scheme: PMap): SchemeUse {
  const extension = entry(scheme, `${EXTENSION}authorizer`);
  const authtype = str(get(scheme, `${EXTENSION}authtype`));
  if (extension) {
    const authorizer = readAuthorizer(reader, item, scheme, reader.resolve(extension.value), extension);
    return authorizer ? { kind: 'authorizer', authorizer } : { kind: 'broken' };
  }
  // "the term awsSigv4 is a reserved term, along with any term prefixed by aws" (x-amazon-apigateway-authtype).
  if (authtype && authtype.toLowerCase().startsWith('aws')) return { kind: 'iam' };
  if (authtype?.toLowerCase() === 'cognito_user_pools') {
    reader.findings.warning('MISSING_PROPERTY', `security scheme ${item.key}: x-amazon-apigateway-authtype cognito_user_pools without an x-amazon-apigateway-authorizer naming the user pools (providerARNs)`, item.keyLocation);
    return { kind: 'authorizer', authorizer: { id: item.key, name: item.key, type: 'COGNITO_USER_POOLS', identitySources: [`method.request.header.${str(get(scheme, 'name')) ?? 'Authorization'}`], location: item.keyLocation } };
  }
  const type = str(get(scheme, 'type'));
  if (type === 'apiKey' && !authtype) {
    const name = str(get(scheme, 'name')) ?? '';
    if (name.toLowerCase() !== 'x-api-key' || str(get(scheme, 'in')) !== 'header') {
      reader.findings.warning('INVALID_VALUE', `security scheme ${item.key}: API Gateway reads API keys from the X-API-Key header only (or from a Lambda authorizer), not from ${str(get(scheme, 'in')) ?? 'header'} ${name}`, item.keyLocation);
    }
    return { kind: 'apiKey' };
  }
  return { kind: 'unenforced', reason: authtype ? `x-amazon-apigateway-authtype ${authtype} without an x-amazon-apigateway-authorizer` : `a ${type ?? 'typeless'} scheme without an x-amazon-apigateway-authorizer` };
}

function readAuthorizer(reader: OpenApiReader, item: PEntry, scheme: PMap, extension: PNode | undefined, declared: PEntry): Authorizer | undefined {
  const what = `authorizer ${item.key}`;
  if (extension?.kind !== 'map') {
    reader.findings.error('INVALID_VALUE', `${what}: x-amazon-apigateway-authorizer must be an object`, declared.keyLocation);
    return undefined;
  }
  const typeNode = get(extension, 'type');
  const typeName = str(typeNode);
  const type = parseAuthorizerType(typeName);
  if (!type) {
    reader.findings.error(typeName ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${what}: type must be token, request, cognito_user_pools or jwt${typeName ? `, got ${JSON.stringify(typeName)}` : ''}`, typeNode?.location ?? declared.keyLocation);
    return undefined;
  }
  const http = reader.type === 'HTTP';
  const parameterName = str(get(scheme, 'name'));
  const inQuery = str(get(scheme, 'in')) === 'query';
  // A single header or query parameter named by the scheme, unless "Unused" (authorizer examples).
  const fromScheme = parameterName && parameterName !== 'Unused' ? [identitySource(reader.type, inQuery ? 'querystring' : 'header', parameterName)] : [];
  const declaredText = reader.text(get(extension, 'identitySource'), `${what} identitySource`)?.value;
  const declaredSources = declaredText === undefined ? undefined : splitIdentitySource(declaredText);
  // A REST REQUEST authorizer named by a scheme reads the Authorization header when nothing else is said (authorizer examples).
  const fallback = type === 'REQUEST' && !http ? [identitySource(reader.type, 'header', 'Authorization')] : defaultIdentitySources(reader.type, type);
  const identitySources = declaredSources && declaredSources.length > 0 ? declaredSources : fromScheme.length > 0 ? fromScheme : fallback;
  const authorizer: Authorizer = { id: item.key, name: item.key, type, identitySources, location: item.keyLocation };
  if (type === 'TOKEN' || type === 'REQUEST') {
    const uriNode = get(extension, 'authorizerUri');
    const uri = reader.text(uriNode, `${what} authorizerUri`);
    const functionName = uri ? functionInUri(uri.value) : undefined;
    if (functionName) authorizer.functionName = functionName;
    else if (uri) reader.findings.warning('INVALID_VALUE', `${what}: authorizerUri is not a Lambda function URI`, uri.location);
    else if (!uriNode) reader.findings.error('MISSING_PROPERTY', `${what}: a Lambda authorizer needs authorizerUri`, declared.keyLocation);
    const ttlNode = get(extension, 'authorizerResultTtlInSeconds');
    const ttl = num(ttlNode);
    if (ttl !== undefined && ttl >= 0 && ttl <= AUTHORIZER_CACHE_TTL_SECONDS.max) authorizer.resultTtlSeconds = ttl;
    else if (ttlNode) reader.findings.warning('INVALID_VALUE', `${what}: authorizerResultTtlInSeconds must be 0 to ${AUTHORIZER_CACHE_TTL_SECONDS.max}`, ttlNode.location);
    // HTTP API import: authorizerPayloadFormatVersion and enableSimpleResponses (DG http-api-open-api, x-amazon-apigateway-authorizer).
    if (http) applyAuthorizerPayload(authorizer, str(get(extension, 'authorizerPayloadFormatVersion')) ?? num(get(extension, 'authorizerPayloadFormatVersion')), bool(get(extension, 'enableSimpleResponses')));
  }
  if (type === 'COGNITO_USER_POOLS') {
    const pools = reader.strings(get(extension, 'providerARNs'), `${what} providerARNs`);
    if (pools.length > 0) authorizer.userPoolArns = pools;
    else reader.findings.warning('MISSING_PROPERTY', `${what}: a Cognito user pool authorizer needs providerARNs`, declared.keyLocation);
  }
  if (type === 'JWT') {
    const configuration = get(extension, 'jwtConfiguration');
    const issuer = reader.text(get(configuration, 'issuer'), `${what} issuer`)?.value
      // openIdConnectUrl stands for the issuer when jwtConfiguration has none (authorizer examples for HTTP APIs).
      ?? reader.text(get(scheme, 'openIdConnectUrl'), `${what} openIdConnectUrl`)?.value.replace(/\/\.well-known\/openid-configuration\/?$/, '');
    if (issuer) authorizer.issuer = issuer;
    else reader.findings.error('MISSING_PROPERTY', `${what}: a JWT authorizer needs jwtConfiguration.issuer (or an openIdConnectUrl)`, declared.keyLocation);
    const audience = reader.strings(get(configuration, 'audience'), `${what} audience`);
    if (audience.length > 0) authorizer.audience = audience;
  }
  return authorizer;
}

/** The authorization of an operation: its `security` (or the definition's), x-amazon-apigateway-auth, API keys. */
export function routeAuthorization(reader: OpenApiReader, operation: PMap, route: Route): void {
  const security = get(operation, 'security') ?? get(reader.root, 'security');
  const guards: { scheme: Scheme; location: SourceLocation }[] = [];
  for (const requirement of items(security)) {
    for (const item of entries(requirement)) {
      // SAM writes `security: [{NONE: []}]` for `Authorizer: NONE`: no authorizer on reader route.
      if (item.key === 'NONE' && !reader.schemes.has('NONE')) continue;
      const scheme = reader.schemes.get(item.key);
      if (!scheme) {
        reader.findings.error('DANGLING_REFERENCE', `${route.key}: security scheme ${item.key} is not defined in ${reader.swagger ? 'securityDefinitions' : 'components.securitySchemes'}`, item.keyLocation);
        continue;
      }
      const use = scheme.use;
      if (use.kind === 'apiKey') route.apiKeyRequired = true;
      else if (use.kind === 'authorizer' || use.kind === 'iam') {
        if (!guards.some((guard) => guard.scheme === scheme)) guards.push({ scheme, location: item.keyLocation });
      } else if (use.kind === 'unenforced' && !scheme.reported) {
        scheme.reported = true;
        reader.findings.warning('UNSUPPORTED_SECURITY_SCHEME', `security scheme ${scheme.name}: ${use.reason}; API Gateway does not enforce it, so its routes are open`, scheme.location);
      }
    }
  }
  if (guards.length > 1) {
    // "Each operation can have only one of IAM authorization, a Lambda authorizer, or a JWT authorizer" (HTTP API import); REST methods likewise have one authorization type.
    const message = `${route.key}: API Gateway applies one authorizer to a route, not ${guards.map((guard) => guard.scheme.name).join(' and ')}; ${guards[0].scheme.name} is used`;
    if (reader.type === 'HTTP') reader.findings.error('UNSUPPORTED_FEATURE', message, guards[1].location);
    else reader.findings.warning('UNSUPPORTED_FEATURE', message, guards[1].location);
  }
  const guard = guards[0]?.scheme.use;
  if (guard?.kind === 'iam') route.authorizationType = 'AWS_IAM';
  if (guard?.kind === 'authorizer') {
    route.authorizationType = authorizationTypeOf(guard.authorizer.type);
    route.authorizerId = guard.authorizer.id;
  }
  const auth = entry(operation, `${EXTENSION}auth`);
  if (auth) {
    const typeNode = get(auth.value, 'type');
    const type = str(typeNode)?.toUpperCase();
    if (type === 'AWS_IAM' || type === 'NONE') {
      route.authorizationType = type as AuthorizationType;
      delete route.authorizerId;
    } else {
      reader.findings.warning('INVALID_VALUE', `${route.key}: x-amazon-apigateway-auth type must be AWS_IAM or NONE`, typeNode?.location ?? auth.keyLocation);
    }
  }
}
