import type { Api, ApiType, Authorizer, CorsConfiguration, Integration, Route, SourceLocation, Stage, VpcLink } from '../../model/gateway';
import { corsConfiguration } from '../aws/cors';
import { DEFAULT_ROUTE_SELECTION_EXPRESSION, defaultEndpointType, emptyApi } from '../aws/apiDefaults';
import { serviceActionOfSubtype } from '../aws/arns';
import { applyAuthorizerPayload, authorizationTypeOf, defaultIdentitySources, parseAuthorizationType, parseAuthorizerType, V2_AUTHORIZATION_TYPES } from '../aws/authorizerKinds';
import { INTEGRATION_TYPES, parseIntegrationType, parsePayloadFormatVersion, quickCreate } from '../aws/integrationTypes';
import { normalizeRouteKey } from '../aws/routeKeys';
import { ASSUMED_HTTP_VPC_LINK_TARGET, isEksLoadBalancerArn, isEksLoadBalancerName, loadBalancerTarget, vpcLinkTargetOfArn } from '../aws/vpcLinkTargets';
import type { PNode } from '../tree';
import { propEntries, referencedResource, referencedResources, resolveStrings, type TemplateResource } from './intrinsics';
import type { TemplateReader } from './templateReader';
import { findById } from '../idIndex';

/*
 * HTTP and WebSocket APIs in a template: the AWS::ApiGatewayV2 resources (Api with its quick
 * create, Authorizer, Integration, Route, Stage and its route settings, VpcLink), read into the
 * TemplateReader's model (CloudFormation resource reference, "AWS::ApiGatewayV2::Route", ...).
 */

export function readV2Api(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const location = resource.location;
  const protocol = reader.literal(reader.prop(props, 'ProtocolType'))?.toUpperCase();
  const name = reader.string(reader.prop(props, 'Name'));
  const body = reader.prop(props, 'Body');
  if (protocol !== 'HTTP' && protocol !== 'WEBSOCKET' && !body) {
    reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: ProtocolType must be HTTP or WEBSOCKET${protocol ? `, got ${protocol}` : ''}; read as HTTP`, reader.prop(props, 'ProtocolType')?.location ?? location);
  }
  const type: ApiType = protocol === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
  let api = emptyApi(resource.id, name ?? resource.id, type, reader.region, location);
  if (body) {
    if (type === 'WEBSOCKET') {
      reader.context.findings.error('UNSUPPORTED_FEATURE', `${resource.id}: WebSocket APIs cannot be imported from OpenAPI; Body is ignored`, body.location);
    } else {
      const imported = reader.importOpenApi(body, resource, 'HTTP', name);
      if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, type: 'HTTP', endpointType: defaultEndpointType('HTTP'), location, stages: [] };
    }
  } else if (reader.prop(props, 'BodyS3Location')) {
    const s3 = reader.prop(props, 'BodyS3Location')!;
    reader.context.findings.warning('MISSING_FILE', `${resource.id}: the OpenAPI definition is in S3 (${reader.describeS3(s3)}) and cannot be read here; the routes it declares are missing`, s3.location);
  }
  const cors = reader.prop(props, 'CorsConfiguration');
  if (cors && type === 'HTTP') api.cors = readCorsConfiguration(reader, cors, reader.declared(props, 'CorsConfiguration') ?? location);
  if (type === 'WEBSOCKET') api.routeSelectionExpression = reader.string(reader.prop(props, 'RouteSelectionExpression')) ?? DEFAULT_ROUTE_SELECTION_EXPRESSION;
  // Quick create: Target is a Lambda function or an HTTP URL.
  const target = reader.prop(props, 'Target');
  if (target) {
    const functionName = reader.functionFrom(target);
    const made = quickCreate(`${resource.id}-quick-create`, functionName ? { functionName } : { url: reader.string(target) ?? '' }, reader.literal(reader.prop(props, 'RouteKey')), type, target.location);
    api.integrations.push(made.integration);
    reader.addRoute(api, made.route);
    reader.stage(api, made.stageName, target.location);
  }
  reader.apis.set(resource.id, api);
}

/**
 * A CORS configuration map (AWS::ApiGatewayV2::Api Cors; SAM HttpApiCorsConfiguration has the
 * same keys): AllowOrigins, AllowMethods, AllowHeaders, ExposeHeaders, MaxAge, AllowCredentials.
 */
export function readCorsConfiguration(reader: TemplateReader, node: PNode, location: SourceLocation): CorsConfiguration {
  const list = (key: string): string[] | undefined => (reader.prop(node, key) ? resolveStrings(reader.prop(node, key), reader.intrinsics) : undefined);
  const maxAge = reader.number(reader.prop(node, 'MaxAge'));
  const credentials = reader.boolean(reader.prop(node, 'AllowCredentials'));
  return corsConfiguration({
    allowOrigins: list('AllowOrigins'), allowMethods: list('AllowMethods'), allowHeaders: list('AllowHeaders'), exposeHeaders: list('ExposeHeaders'),
    ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}), ...(credentials !== undefined ? { allowCredentials: credentials } : {}),
  }, location);
}

export function readV2VpcLink(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  // Its target shows in the integrations through it: finishTemplate() looks at their IntegrationUri.
  reader.addVpcLink({ id: resource.id, name: reader.string(reader.prop(props, 'Name')) ?? resource.id, target: ASSUMED_HTTP_VPC_LINK_TARGET, location: resource.location });
}

export function readV2Authorizer(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const api = reader.apiFor(reader.prop(props, 'ApiId'), resource, 'ApiId');
  if (!api) return;
  const typeNode = reader.prop(props, 'AuthorizerType');
  const typeName = parseAuthorizerType(reader.literal(typeNode)) ?? reader.literal(typeNode)?.toUpperCase();
  if (typeName !== 'JWT' && typeName !== 'REQUEST') {
    reader.context.findings.error('INVALID_VALUE', `${resource.id}: AuthorizerType must be JWT or REQUEST${typeName ? `, got ${typeName}` : ''}`, typeNode?.location ?? resource.location);
    return;
  }
  const authorizer: Authorizer = {
    id: resource.id, name: reader.string(reader.prop(props, 'Name')) ?? resource.id, type: typeName,
    identitySources: resolveStrings(reader.prop(props, 'IdentitySource'), reader.intrinsics),
    location: resource.location,
  };
  if (typeName === 'JWT') {
    const jwt = reader.prop(props, 'JwtConfiguration');
    const issuer = reader.string(reader.prop(jwt, 'Issuer'));
    if (issuer) authorizer.issuer = issuer;
    else reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: a JWT authorizer needs JwtConfiguration.Issuer`, jwt?.location ?? resource.location);
    const audience = resolveStrings(reader.prop(jwt, 'Audience'), reader.intrinsics);
    if (audience.length > 0) authorizer.audience = audience;
    if (authorizer.identitySources.length === 0) authorizer.identitySources = defaultIdentitySources(api.type, 'JWT');
  } else {
    const functionName = reader.functionFrom(reader.prop(props, 'AuthorizerUri'));
    if (functionName) authorizer.functionName = functionName;
    else reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: a Lambda authorizer needs an AuthorizerUri naming its function`, resource.location);
    const ttl = reader.number(reader.prop(props, 'AuthorizerResultTtlInSeconds'));
    if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
    applyAuthorizerPayload(authorizer, reader.literal(reader.prop(props, 'AuthorizerPayloadFormatVersion')), reader.boolean(reader.prop(props, 'EnableSimpleResponses')));
  }
  api.authorizers.push(authorizer);
}

export function readV2Integration(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const api = reader.apiFor(reader.prop(props, 'ApiId'), resource, 'ApiId');
  if (!api) return;
  const typeNode = reader.prop(props, 'IntegrationType');
  const written = reader.literal(typeNode);
  const type = parseIntegrationType(written);
  if (!type) {
    reader.context.findings.error(written ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${resource.id}: IntegrationType must be one of ${INTEGRATION_TYPES.join(', ')}${written ? `, got ${written.toUpperCase()}` : ''}`, typeNode?.location ?? resource.location);
    return;
  }
  const integration: Integration = { id: resource.id, type, location: resource.location };
  reader.fillIntegration(integration, reader.prop(props, 'IntegrationUri'), props ?? resource.node, resource);
  // HTTP API AWS service integrations name the action as a subtype: SQS-SendMessage (DG "AWS service integrations for HTTP APIs").
  const subtype = reader.literal(reader.prop(props, 'IntegrationSubtype'));
  if (subtype) integration.serviceAction = serviceActionOfSubtype(subtype);
  if (api.type === 'HTTP' && type === 'AWS_PROXY' && integration.functionName) {
    const version = parsePayloadFormatVersion(reader.literal(reader.prop(props, 'PayloadFormatVersion')));
    if (version) {
      integration.payloadFormatVersion = version;
    } else {
      // "If you create a Lambda integration by using the AWS CLI, CloudFormation, or an SDK, you
      // must specify a payloadFormatVersion" (DG http-api-develop-integrations-lambda).
      reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: a Lambda proxy integration of an HTTP API needs PayloadFormatVersion 1.0 or 2.0; read as 2.0`, reader.prop(props, 'PayloadFormatVersion')?.location ?? resource.location);
      integration.payloadFormatVersion = '2.0';
    }
  }
  const templates = reader.templates(reader.prop(props, 'RequestTemplates'));
  if (templates) reader.integrationTemplates.set(integration, templates);
  api.integrations.push(integration);
}

export function readV2Route(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const api = reader.apiFor(reader.prop(props, 'ApiId'), resource, 'ApiId');
  if (!api) return;
  const keyNode = reader.prop(props, 'RouteKey');
  const key = reader.string(keyNode);
  if (!key) {
    reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: RouteKey is required`, resource.location);
    return;
  }
  const route: Route = { key: normalizeRouteKey(key, api.type), authorizationType: 'NONE', location: resource.location };
  const authorizationNode = reader.prop(props, 'AuthorizationType');
  const authorization = reader.literal(authorizationNode)?.toUpperCase();
  const v2Authorization = parseAuthorizationType(authorization, V2_AUTHORIZATION_TYPES);
  if (v2Authorization) route.authorizationType = v2Authorization;
  else if (authorization) reader.context.findings.error('INVALID_VALUE', `${resource.id}: AuthorizationType ${authorization} is not NONE, AWS_IAM, CUSTOM or JWT`, authorizationNode!.location);
  const authorizerNode = reader.prop(props, 'AuthorizerId');
  const authorizerId = referencedResource(authorizerNode, reader.intrinsics)?.resource ?? reader.string(authorizerNode);
  if (authorizerId) {
    route.authorizerId = authorizerId;
    const authorizer = findById(api.authorizers, authorizerId);
    if (authorizer && route.authorizationType === 'NONE') {
      route.authorizationType = authorizationTypeOf(authorizer.type);
      if (authorization === 'NONE') reader.context.findings.warning('INCONSISTENT_AUTH', `${resource.id}: AuthorizerId is set but AuthorizationType is NONE; read as ${route.authorizationType}`, authorizationNode!.location);
    }
  }
  const apiKeyRequired = reader.boolean(reader.prop(props, 'ApiKeyRequired'));
  if (apiKeyRequired) route.apiKeyRequired = true;
  // Target is `integrations/{IntegrationId}` (AWS::ApiGatewayV2::Route Target).
  const targetNode = reader.prop(props, 'Target');
  if (targetNode) {
    const target = referencedResource(targetNode, reader.intrinsics, ['AWS::ApiGatewayV2::Integration']);
    const text = reader.string(targetNode) ?? '';
    const integrationId = target?.resource ?? (/^integrations\/(.+)$/.exec(text)?.[1] ?? text);
    route.integrationId = integrationId;
    const integration = findById(api.integrations, integrationId);
    const templates = integration && reader.integrationTemplates.get(integration);
    if (templates) route.requestTemplates = templates;
  }
  reader.addRoute(api, route);
}

export function readV2Stage(reader: TemplateReader, resource: TemplateResource): void {
  const declared = reader.declaredStage(resource, 'ApiId');
  if (declared) readRouteSettings(reader, declared.api, declared.stage, reader.prop(declared.props, 'DefaultRouteSettings'), reader.prop(declared.props, 'RouteSettings'));
}

/** HTTP/WebSocket stage throttles: DefaultRouteSettings and RouteSettings keyed by route key (AWS::ApiGatewayV2::Stage). */
export function readRouteSettings(reader: TemplateReader, api: Api, stage: Stage, defaults: PNode | undefined, perRoute: PNode | undefined): void {
  const throttle = reader.throttle(defaults, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
  if (throttle) stage.throttle = throttle;
  for (const item of propEntries(perRoute, reader.intrinsics)) {
    const routeThrottle = reader.throttle(item.value, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
    if (!routeThrottle) continue;
    stage.routeThrottles ??= {};
    stage.routeThrottles[normalizeRouteKey(item.key, api.type)] = routeThrottle;
  }
}

/** An HTTP API VPC link's target, told by the integrations through it: a listener ARN (app/net) or a Cloud Map service. */
export function resolveVpcLinkTargets(reader: TemplateReader): void {
  for (const use of reader.vpcLinkUses) {
    const link = reader.vpcLinks.get(use.linkId);
    if (!link || !use.uri) continue;
    // The target as ARNs written in the URI, or as the template's own listener, load balancer or Cloud Map service.
    const targets: { target: VpcLink['target'] | undefined; name?: string }[] = resolveStrings(use.uri, reader.intrinsics).map((arn) => ({ target: vpcLinkTargetOfArn(arn), ...(isEksLoadBalancerArn(arn) ? { name: 'k8s-' } : {}) }));
    for (const ref of referencedResources(use.uri, reader.intrinsics)) {
      const owner = reader.intrinsics.resources.get(ref.resource);
      if (owner?.type === 'AWS::ServiceDiscovery::Service') targets.push({ target: 'CLOUD_MAP' });
      const balancerRef = owner?.type === 'AWS::ElasticLoadBalancingV2::Listener' ? referencedResource(reader.prop(owner.properties, 'LoadBalancerArn'), reader.intrinsics) : undefined;
      const balancer = owner?.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' ? owner : balancerRef && reader.intrinsics.resources.get(balancerRef.resource);
      if (balancer) targets.push({ target: loadBalancerTarget(reader.literal(reader.prop(balancer.properties, 'Type')) ?? 'application'), name: reader.literal(reader.prop(balancer.properties, 'Name')) ?? '' });
    }
    // A REST API VPC link fronts an NLB whatever the URI says.
    const target = (['CLOUD_MAP', 'NLB', 'ALB'] as const).find((kind) => targets.some((candidate) => candidate.target === kind));
    if (target && reader.type(link.id) !== 'AWS::ApiGateway::VpcLink') link.target = target;
    if (targets.some((candidate) => candidate.name !== undefined && isEksLoadBalancerName(candidate.name))) link.targetKind = 'EKS';
  }
}
