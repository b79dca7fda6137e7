import type { Api, Authorizer, Route } from '../../model/gateway';
import { defaultEndpointType, defaultStageName, emptyApi } from '../aws/apiDefaults';
import { applyAuthorizerPayload, defaultIdentitySources } from '../aws/authorizerKinds';
import { parsePayloadFormatVersion } from '../aws/integrationTypes';
import { ANY_METHOD_EXTENSION, DEFAULT_ROUTE_KEY, normalizeRouteKey } from '../aws/routeKeys';
import type { PEntry, PNode } from '../tree';
import { declaredAt, propEntries, resolveStrings, type TemplateResource } from './intrinsics';
import type { SamApi, SamReader } from './samReader';
import { addAuthorizer, applyRouteAuth, readDefaultAuthorizer, readSamDomain, requestIdentitySources } from './samSharedFeatures';
import { readCorsConfiguration, readRouteSettings } from './templateV2Apis';
import { samShorthandCors } from '../aws/cors';

/*
 * HTTP APIs in a SAM template: AWS::Serverless::HttpApi (its definition, Auth, route
 * settings) and the `Type: HttpApi` events of functions that add its routes (SAM
 * "AWS::Serverless::HttpApi", "HttpApi" event source). Events without ApiId go to the
 * implicit ServerlessHttpApi, stage $default. Unlike Api events, HttpApi events are added to
 * an inline DefinitionBody when the route is not there yet.
 */

/** An AWS::Serverless::HttpApi, or the implicit ServerlessHttpApi, into the model. */
export function readSamHttpApi(samReader: SamReader, resource: TemplateResource, implicit = false): SamApi {
  const reader = samReader.template;
  const props = reader.properties(resource);
  const location = resource.location;
  const name = reader.string(reader.prop(props, 'Name'));
  // StageName defaults to $default, the auto-deployed stage (SAM AWS::Serverless::HttpApi StageName).
  const stageName = (implicit ? undefined : reader.string(reader.prop(props, 'StageName'))) ?? defaultStageName('HTTP');
  let api = emptyApi(resource.id, name ?? resource.id, 'HTTP', reader.region, location);
  const { imported, managed, inline } = samReader.definition(resource, props, 'HTTP', name, implicit);
  if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, type: 'HTTP', endpointType: defaultEndpointType('HTTP'), location, stages: [] };
  const stage = reader.stage(api, stageName, location);
  readRouteSettings(reader, api, stage, reader.prop(props, 'DefaultRouteSettings'), reader.prop(props, 'RouteSettings'));
  readSamHttpCors(samReader, api, props);
  const sam: SamApi = {
    api, resource, stage, managed, inlineBody: inline, mergeDefinitions: false, apiKeyRequired: false, authToPreflight: false, apiKeyToPreflight: false,
    iamAuthorizer: false, models: new Map(), definitionRoutes: new Set(api.routes),
  };
  readHttpAuth(samReader, sam, reader.prop(props, 'Auth'));
  readSamDomain(samReader, api, reader.prop(props, 'Domain'), reader.declared(props, 'Domain'));
  return samReader.add(sam);
}

/**
 * CorsConfiguration of an AWS::Serverless::HttpApi (Globals merged in already): a string (the one
 * allowed origin), `true`, or an HttpApiCorsConfiguration map. "If HttpApiCorsConfiguration is set
 * both in OpenAPI and at the property level, SAM merges them with the properties taking
 * precedence" (SAM sam-property-httpapi-httpapicorsconfiguration).
 */
function readSamHttpCors(samReader: SamReader, api: Api, props: PNode | undefined): void {
  const reader = samReader.template;
  const node = reader.prop(props, 'CorsConfiguration');
  const location = reader.declared(props, 'CorsConfiguration');
  if (!node || !location) return;
  if (node.kind === 'map') {
    const own = readCorsConfiguration(reader, node, location);
    const given = (key: string): boolean => reader.prop(node, key) !== undefined;
    const base = api.cors;
    api.cors = base ? {
      allowOrigins: given('AllowOrigins') ? own.allowOrigins : base.allowOrigins,
      allowMethods: given('AllowMethods') ? own.allowMethods : base.allowMethods,
      allowHeaders: given('AllowHeaders') ? own.allowHeaders : base.allowHeaders,
      exposeHeaders: given('ExposeHeaders') ? own.exposeHeaders : base.exposeHeaders,
      ...((given('MaxAge') ? own.maxAgeSeconds : base.maxAgeSeconds) !== undefined ? { maxAgeSeconds: given('MaxAge') ? own.maxAgeSeconds : base.maxAgeSeconds } : {}),
      allowCredentials: given('AllowCredentials') ? own.allowCredentials : base.allowCredentials,
      location,
    } : own;
    return;
  }
  if (reader.boolean(node) === false) return;
  const origin = reader.boolean(node) === true ? true : reader.string(node);
  if (origin !== undefined) api.cors = samShorthandCors(origin, location);
}

/** Auth of an AWS::Serverless::HttpApi (SAM "HttpApiAuth": OAuth2/JWT and Lambda authorizers). */
function readHttpAuth(samReader: SamReader, sam: SamApi, auth: PNode | undefined): void {
  if (!auth) return;
  const reader = samReader.template;
  const { findings } = samReader;
  for (const item of propEntries(reader.prop(auth, 'Authorizers'), reader.intrinsics)) {
    const config = item.value;
    const jwt = reader.prop(config, 'JwtConfiguration');
    const authorizer: Authorizer = { id: item.key, name: item.key, type: 'JWT', identitySources: [], location: declaredAt(item.keyLocation, config) };
    if (jwt) {
      // SAM wants the OpenAPI spelling (issuer, audience) but accepts CloudFormation's capitalized keys too.
      const issuer = reader.string(reader.prop(jwt, 'issuer') ?? reader.prop(jwt, 'Issuer'));
      if (issuer) authorizer.issuer = issuer;
      else findings.error('MISSING_PROPERTY', `${sam.resource.id}: JWT authorizer ${item.key} needs JwtConfiguration.issuer`, jwt.location);
      const audience = resolveStrings(reader.prop(jwt, 'audience') ?? reader.prop(jwt, 'Audience'), reader.intrinsics);
      if (audience.length > 0) authorizer.audience = audience;
      const identity = reader.string(reader.prop(config, 'IdentitySource'));
      authorizer.identitySources = identity ? [identity] : defaultIdentitySources('HTTP', 'JWT');
    } else {
      authorizer.type = 'REQUEST';
      const functionName = reader.functionFrom(reader.prop(config, 'FunctionArn'));
      if (functionName) authorizer.functionName = functionName;
      else findings.error('MISSING_PROPERTY', `${sam.resource.id}: authorizer ${item.key} needs JwtConfiguration or a FunctionArn`, config.location);
      const identity = reader.prop(config, 'Identity');
      authorizer.identitySources = requestIdentitySources(samReader, 'HTTP', identity);
      const ttl = reader.number(reader.prop(identity, 'ReauthorizeEvery'));
      if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
      applyAuthorizerPayload(authorizer, reader.literal(reader.prop(config, 'AuthorizerPayloadFormatVersion')), reader.boolean(reader.prop(config, 'EnableSimpleResponses')));
    }
    addAuthorizer(sam.api, authorizer);
  }
  sam.iamAuthorizer = reader.boolean(reader.prop(auth, 'EnableIamAuthorizer')) ?? false;
  readDefaultAuthorizer(samReader, sam, auth);
}

/** A function's `Type: HttpApi` event (SAM "HttpApi" event source). */
export function readHttpApiEvent(samReader: SamReader, owner: TemplateResource, event: PEntry, props: PNode | undefined): void {
  const reader = samReader.template;
  const path = reader.string(reader.prop(props, 'Path'));
  const method = reader.string(reader.prop(props, 'Method'));
  if ((path === undefined) !== (method === undefined)) {
    samReader.findings.error('MISSING_PROPERTY', `${owner.id} event ${event.key}: give both Path and Method, or neither for the $default route`, declaredAt(event.keyLocation, event.value));
    return;
  }
  const sam = samReader.eventApi('HTTP', reader.prop(props, 'ApiId'), event, owner, (resource) => readSamHttpApi(samReader, resource, true));
  if (!sam) return;
  const { api } = sam;
  // No Path and Method: the $default route with the ANY method; Method ANY on $default is the same route
  // (samtranslator implicit_http_api_plugin: "If no path and method specified, add the $default path and ANY method").
  const any = method === undefined || method.toLowerCase() === 'any' || method === ANY_METHOD_EXTENSION;
  const key = path === undefined || (path === DEFAULT_ROUTE_KEY && any) ? DEFAULT_ROUTE_KEY : normalizeRouteKey(`${any ? 'ANY' : method} ${path}`, 'HTTP');
  if (!sam.managed && !sam.inlineBody) {
    if (!reader.routeOf(api, key)) {
      samReader.findings.info('EVENT_NOT_IN_DEFINITION', `${owner.id} event ${event.key}: ${key} is not in ${api.name}'s DefinitionUri file, and SAM adds event routes only to an inline DefinitionBody; the event only lets API Gateway invoke the function`, declaredAt(event.keyLocation, event.value));
    }
    return;
  }
  const existing = reader.routeOf(api, key);
  if (existing && sam.inlineBody && !sam.managed) return; // "we will add lambda integrations to existing swagger if not present"
  const integration = samReader.integrationFor(owner, event, api);
  const version = reader.literal(reader.prop(props, 'PayloadFormatVersion'));
  // SAM writes payloadFormatVersion 2.0 unless the event says otherwise (samtranslator open_api add_lambda_integration).
  integration.payloadFormatVersion = parsePayloadFormatVersion(version) === '1.0' ? '1.0' : '2.0';
  const timeout = reader.number(reader.prop(props, 'TimeoutInMillis'));
  if (timeout !== undefined) integration.timeoutMs = timeout;
  const route: Route = { key, authorizationType: 'NONE', integrationId: integration.id, location: declaredAt(event.keyLocation, event.value) };
  const auth = reader.prop(props, 'Auth');
  applyRouteAuth(samReader, sam, route, reader.string(reader.prop(auth, 'Authorizer')) ?? sam.defaultAuthorizer, reader.prop(auth, 'Authorizer')?.location ?? route.location!);
  const settings = reader.prop(props, 'RouteSettings');
  if (settings) {
    const rate = reader.number(reader.prop(settings, 'ThrottlingRateLimit'));
    const burst = reader.number(reader.prop(settings, 'ThrottlingBurstLimit'));
    if (rate !== undefined || burst !== undefined) {
      const perRoute: PNode = { kind: 'map', location: settings.location, entries: [{ key, keyLocation: settings.location, value: settings }] };
      readRouteSettings(reader, api, sam.stage, undefined, perRoute);
    }
  }
  api.integrations.push(integration);
  reader.addRoute(api, route);
}
