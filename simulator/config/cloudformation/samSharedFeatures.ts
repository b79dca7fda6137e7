import type { Api, Authorizer, CustomDomain, Route, SourceLocation } from '../../model/gateway';
import { authorizationTypeOf, identitySource } from '../aws/authorizerKinds';
import { mapCustomDomain } from '../aws/customDomains';
import type { PNode } from '../tree';
import { resolveStrings } from './intrinsics';
import type { SamApi, SamReader } from './samReader';
import { findById } from '../idIndex';

/*
 * What SAM does alike for AWS::Serverless::Api and AWS::Serverless::HttpApi: authorizers
 * written into the definition, an authorizer named on a route, the API's default authorizer
 * and API key requirement on the routes of your own definition, and a custom domain.
 */

/** SAM's custom domain EndpointConfiguration defaults to REGIONAL (samtranslator api_generator), for REST APIs too. */
const SAM_DOMAIN_ENDPOINT_TYPE = 'REGIONAL';

/** SAM writes Auth.Authorizers into the definition: one of the same name there is replaced. */
export function addAuthorizer(api: Api, authorizer: Authorizer): void {
  const index = api.authorizers.findIndex((candidate) => candidate.id === authorizer.id);
  if (index >= 0) api.authorizers.splice(index, 1, authorizer);
  else api.authorizers.push(authorizer);
}

/** A Lambda REQUEST authorizer's identity sources: its Identity's Headers, QueryStrings, StageVariables and Context (SAM "LambdaRequestAuthorizationIdentity"). */
export function requestIdentitySources(samReader: SamReader, apiType: 'REST' | 'HTTP', identity: PNode | undefined): string[] {
  const reader = samReader.template;
  const names = (key: string): string[] => resolveStrings(reader.prop(identity, key), reader.intrinsics);
  return [
    ...names('Headers').map((name) => identitySource(apiType, 'header', name)),
    ...names('QueryStrings').map((name) => identitySource(apiType, 'querystring', name)),
    ...names('StageVariables').map((name) => identitySource(apiType, 'stageVariables', name)),
    ...names('Context').map((name) => identitySource(apiType, 'context', name)),
  ];
}

/** An authorizer name (or NONE / AWS_IAM) on a route. */
export function applyRouteAuth(samReader: SamReader, sam: SamApi, route: Route, name: string | undefined, at: SourceLocation): void {
  if (!name || name === 'NONE') {
    if (name === 'NONE' && !sam.defaultAuthorizer) {
      samReader.findings.error('INVALID_VALUE', `${route.key}: Authorizer NONE is only valid when the API has a DefaultAuthorizer`, at);
    }
    return;
  }
  if (name === 'AWS_IAM' && (sam.api.type === 'REST' || sam.iamAuthorizer)) {
    route.authorizationType = 'AWS_IAM';
    return;
  }
  route.authorizerId = name;
  const authorizer = findById(sam.api.authorizers, name);
  route.authorizationType = authorizer ? authorizationTypeOf(authorizer.type) : 'CUSTOM';
}

/** Auth.DefaultAuthorizer: one of Auth.Authorizers, or AWS_IAM where the API allows IAM (always on REST, with EnableIamAuthorizer on HTTP). */
export function readDefaultAuthorizer(samReader: SamReader, sam: SamApi, auth: PNode): void {
  const reader = samReader.template;
  const node = reader.prop(auth, 'DefaultAuthorizer');
  const name = reader.string(node);
  sam.defaultAuthorizer = name;
  const iam = name === 'AWS_IAM' && (sam.api.type === 'REST' || sam.iamAuthorizer);
  if (name && !iam && !sam.api.authorizers.some((authorizer) => authorizer.id === name)) {
    samReader.findings.error('DANGLING_REFERENCE', `${sam.resource.id}: DefaultAuthorizer ${name} is not one of Auth.Authorizers`, node!.location);
  }
}

/** The API's default authorizer and API key requirement on the routes of your own definition (preflights as Auth says). */
export function applyDefaultAuth(samReader: SamReader, sam: SamApi): void {
  for (const route of sam.definitionRoutes) {
    const preflight = route.key.startsWith('OPTIONS ');
    if (sam.defaultAuthorizer && route.authorizationType === 'NONE' && !route.authorizerId && (!preflight || sam.authToPreflight)) {
      applyRouteAuth(samReader, sam, route, sam.defaultAuthorizer, sam.resource.location);
    }
    if (sam.apiKeyRequired && route.apiKeyRequired === undefined && (!preflight || sam.apiKeyToPreflight)) route.apiKeyRequired = true;
  }
}

/** Domain: a custom domain SAM makes for the API, with its base path mapping or API mapping. */
export function readSamDomain(samReader: SamReader, api: Api, node: PNode | undefined, location: SourceLocation | undefined): void {
  if (!node || !location) return;
  const reader = samReader.template;
  const domainName = reader.string(reader.prop(node, 'DomainName'));
  if (!domainName) {
    samReader.findings.error('MISSING_PROPERTY', `${api.id}: Domain.DomainName is required`, node.location);
    return;
  }
  const domain: CustomDomain = { domainName, endpointType: reader.endpointType(reader.prop(node, 'EndpointConfiguration')) ?? SAM_DOMAIN_ENDPOINT_TYPE, location };
  const policy = reader.literal(reader.prop(node, 'SecurityPolicy'));
  if (policy) domain.securityPolicy = policy;
  mapCustomDomain(api, domain);
}
