import { ConfigError } from '../../errors';
import type {
  Api, ApiType, Authorizer, AuthorizerType, CustomDomain, EndpointType, GatewayModel, Integration, Route, SourceLocation, Stage, Throttle,
  UsagePlan, VpcLink,
} from '../../model/gateway';
import { throttleOrAccountLimit } from '../aws/accountThrottle';
import { defaultStageName, DEFAULT_ROUTE_SELECTION_EXPRESSION, emptyApi, parseEndpointType } from '../aws/apiDefaults';
import { isLambdaUri, lambdaFunctionArn, lambdaFunctionName, serviceAction, serviceActionOfSubtype, webAclName } from '../aws/arns';
import {
  authorizationTypeOf, defaultIdentitySources, parseAuthorizationType, parseAuthorizerType, REST_AUTHORIZATION_TYPES, splitIdentitySource, V2_AUTHORIZATION_TYPES,
} from '../aws/authorizerKinds';
import { defaultDomainEndpointType, mapCustomDomain } from '../aws/customDomains';
import { INTEGRATION_TYPES, parseConnectionType, parseIntegrationType, parsePayloadFormatVersion, quickCreate } from '../aws/integrationTypes';
import { decodeResourcePath, normalizeRouteKey, routeKey, splitRouteKey } from '../aws/routeKeys';
import { DEFAULT_API_KEY_SOURCE, parseApiKeySource, parseQuotaPeriod } from '../aws/usagePlans';
import {
  ASSUMED_HTTP_VPC_LINK_TARGET, isEksLoadBalancerArn, isEksLoadBalancerName, isPrivateIntegrationTarget, loadBalancerTarget, REST_VPC_LINK_TARGET, vpcLinkTargetOfArn,
} from '../aws/vpcLinkTargets';
import {
  IntrinsicContext, PSEUDO_PARAMETERS, declaredAt, Symbolic, intrinsicName, literalString, prop, propEntries, propItems, referencedResource,
  referencedResources, resolveBoolean, resolveNode, resolveNumber, resolveString, resolveStrings, resolveValue, substituteIntrinsics,
  type CfnValue, type ResourceRef, type TemplateResource,
} from './intrinsics';
import { openApiToApi } from '../openapi/openApiReader';
import type { ConfigReader, ReaderContext } from '../formatReader';
import { entry, get, parseConfigTree, str, type PNode } from '../tree';

/*
 * CloudFormation templates (YAML or JSON, hand-written or CDK-synthesized) as the gateway
 * model: the API Gateway (REST) and API Gateway V2 (HTTP, WebSocket) resources, their
 * authorizers, integrations, stages, usage plans, VPC links and custom domains, and the WAF
 * associations that name them. Property names and defaults follow the CloudFormation
 * resource reference ("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Route", ...).
 * Intrinsics go through intrinsics.ts; inline OpenAPI bodies through openapi/openApiReader.ts.
 *
 * The SAM reader (samTemplate.ts) builds on the same TemplateReader: SAM templates may hold plain
 * API Gateway resources too, and they may point at the APIs SAM creates.
 */

export const FUNCTION_TYPES: readonly string[] = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];

/** API Gateway resource types that change nothing the simulator models; read without a word. */
const QUIET_TYPES = new Set([
  'AWS::ApiGateway::Account', 'AWS::ApiGatewayV2::Deployment', 'AWS::ApiGatewayV2::RouteResponse', 'AWS::ApiGatewayV2::IntegrationResponse',
  'AWS::ApiGatewayV2::Model', 'AWS::ApiGateway::DocumentationPart', 'AWS::ApiGateway::DocumentationVersion', 'AWS::ApiGateway::ClientCertificate',
]);

interface Validator {
  body: boolean;
  parameters: boolean;
}

interface PendingMethodThrottle {
  api: Api;
  stage: Stage;
  path: string;
  method: string;
  throttle: Throttle;
  location: SourceLocation;
}

/**
 * Reads one template's resources into APIs. Used in phases so that the SAM reader can add
 * its own APIs between them: `readApiResources()` (APIs and VPC links), then
 * `readApiParts()` (everything that hangs off an API), then `finish()`.
 */
export class TemplateReader {
  readonly intrinsics: IntrinsicContext;
  readonly apis = new Map<string, Api>();
  readonly vpcLinks = new Map<string, VpcLink>();
  readonly region = PSEUDO_PARAMETERS['AWS::Region'];
  /** Resources left out because their Condition is false. */
  readonly skipped = new Set<string>();
  /** Resource types another reader (SAM) takes care of: not reported as unknown. */
  readonly handledTypes = new Set<string>();

  private activeResources: TemplateResource[] | undefined;
  private readonly restPaths = new Map<string, string | undefined>();
  private readonly validators = new Map<string, Validator>();
  private readonly pendingThrottles: PendingMethodThrottle[] = [];
  private readonly vpcLinkUses: { linkId: string; uri: PNode | undefined }[] = [];
  private readonly routeIndexes = new WeakMap<Api, Map<string, Route>>();
  /** VPC links only an imported definition has named so far. */
  private readonly importedVpcLinks = new Set<string>();
  private readonly usagePlans = new Map<string, UsagePlan>();
  private readonly domains = new Map<string, CustomDomain>();
  private readonly integrationTemplates = new Map<Integration, Record<string, string>>();

  constructor(readonly tree: PNode | undefined, readonly context: ReaderContext) {
    this.intrinsics = new IntrinsicContext(tree, context.findings);
    // A Lambda function's ARN and name are known from its literal FunctionName (or, as the
    // model's convention, its logical id): an inline OpenAPI body then names the function.
    this.intrinsics.renderResource = (ref) => {
      if (!FUNCTION_TYPES.includes(this.intrinsics.resourceType(ref.resource) ?? '')) return undefined;
      const name = this.functionName(ref.resource);
      if (!ref.attribute) return name;
      return ref.attribute === 'Arn' ? lambdaFunctionArn(this.region, PSEUDO_PARAMETERS['AWS::AccountId'], name) : undefined;
    };
  }

  /* ---- small helpers over the intrinsics ---- */

  prop(node: PNode | undefined, key: string): PNode | undefined {
    return prop(node, key, this.intrinsics);
  }

  string(node: PNode | undefined): string | undefined {
    return resolveString(node, this.intrinsics);
  }

  literal(node: PNode | undefined): string | undefined {
    return literalString(node, this.intrinsics);
  }

  number(node: PNode | undefined): number | undefined {
    return resolveNumber(node, this.intrinsics);
  }

  boolean(node: PNode | undefined): boolean | undefined {
    return resolveBoolean(node, this.intrinsics);
  }

  /** The throttle of a rate and a burst property; a missing half is the account's. */
  throttle(node: PNode | undefined, rateKey: string, burstKey: string): Throttle | undefined {
    return throttleOrAccountLimit(this.number(this.prop(node, rateKey)), this.number(this.prop(node, burstKey)), this.region);
  }

  /** Where a property is declared: from its key to the end of its value (the value's own location when there is no key). */
  declared(parent: PNode | undefined, key: string): SourceLocation | undefined {
    const item = entry(resolveNode(parent, this.intrinsics), key);
    const value = this.prop(parent, key);
    if (!value) return undefined;
    return item ? declaredAt(item.keyLocation, value) : value.location;
  }

  properties(resource: TemplateResource): PNode | undefined {
    return resolveNode(resource.properties, this.intrinsics);
  }

  type(id: string): string {
    return this.intrinsics.resourceType(id) ?? '';
  }

  /** The resources that will exist: those whose Condition is false are reported once and left out. */
  resources(): TemplateResource[] {
    if (this.activeResources) return this.activeResources;
    this.activeResources = [];
    for (const resource of this.intrinsics.resources.values()) {
      const conditionNode = get(resource.node, 'Condition');
      const condition = str(conditionNode);
      if (conditionNode && condition && !this.intrinsics.assumeCondition(condition, conditionNode.location, `resource ${resource.id}`)) {
        this.skipped.add(resource.id);
        this.context.findings.info('CONDITION_FALSE', `${resource.id} (${resource.type}) is not created: condition ${condition} is false with the parameter defaults`, conditionNode.location);
        continue;
      }
      if (resource.id.startsWith('Fn::ForEach::')) {
        this.context.findings.info('UNSUPPORTED_FEATURE', `${resource.id}: Fn::ForEach (AWS::LanguageExtensions) is not expanded; the resources it generates are not read`, resource.keyLocation);
        continue;
      }
      this.activeResources.push(resource);
    }
    return this.activeResources;
  }

  ofType(...types: string[]): TemplateResource[] {
    return this.resources().filter((resource) => types.includes(resource.type));
  }

  /** A function's name: its literal FunctionName, or its logical id (which stays symbolic, never guessed). */
  functionName(id: string): string {
    const resource = this.intrinsics.resources.get(id);
    return (resource && this.literal(this.prop(resource.properties, 'FunctionName'))) ?? id;
  }

  /** The Lambda function a URI or ARN value names: a function resource, an alias of one, or a written ARN. */
  functionFrom(node: PNode | undefined): string | undefined {
    const value = resolveValue(node, this.intrinsics);
    if (value === undefined || value === null) return undefined;
    for (const ref of refsIn(value)) {
      const type = this.type(ref.resource);
      if (FUNCTION_TYPES.includes(type)) return this.functionName(ref.resource);
      if (type === 'AWS::Lambda::Alias' || type === 'AWS::Lambda::Version') {
        const owner = this.intrinsics.resources.get(ref.resource);
        return this.functionFrom(this.prop(owner?.properties, 'FunctionName'));
      }
    }
    const text = value instanceof Symbolic ? value.text : typeof value === 'string' ? value : undefined;
    return text === undefined ? undefined : lambdaFunctionName(text);
  }

  /** The API a RestApiId/ApiId property refers to, or undefined (reported) when it is not one of this template's. */
  apiFor(node: PNode | undefined, owner: TemplateResource, property: string): Api | undefined {
    const ref = referencedResource(node, this.intrinsics);
    if (ref) {
      const api = this.apis.get(ref.resource);
      if (api) return api;
      if (this.skipped.has(ref.resource)) {
        this.context.findings.info('CONDITION_FALSE', `${owner.id} is not read: its API ${ref.resource} is not created`, node!.location);
      } else if (this.intrinsics.resources.has(ref.resource)) {
        this.context.findings.error('INVALID_REFERENCE', `${owner.id}.${property}: ${ref.resource} is a ${this.type(ref.resource)}, not an API`, node!.location);
      }
      return undefined;
    }
    if (resolveValue(node, this.intrinsics) instanceof Symbolic) return undefined; // unresolvable, already reported
    const literal = this.string(node);
    if (literal) {
      this.context.findings.warning('UNRESOLVED_REFERENCE', `${owner.id}.${property}: API ${literal} is not declared in this template; ${owner.id} is not read`, node!.location);
    } else {
      this.context.findings.error('MISSING_PROPERTY', `${owner.id}: ${property} is required`, owner.location);
    }
    return undefined;
  }

  /** The stage of an API, created on first mention. */
  stage(api: Api, name: string, location: SourceLocation): Stage {
    let stage = api.stages.find((candidate) => candidate.name === name);
    if (!stage) {
      stage = { name, location };
      api.stages.push(stage);
    }
    return stage;
  }

  /** The route of `api` with `key`, through an index (a template may have thousands); rebuilt when routes came in another way. */
  routeOf(api: Api, key: string): Route | undefined {
    let index = this.routeIndexes.get(api);
    if (!index || index.size !== api.routes.length) {
      index = new Map();
      for (const route of api.routes) if (!index.has(route.key)) index.set(route.key, route);
      this.routeIndexes.set(api, index);
    }
    return index.get(key);
  }

  addRoute(api: Api, route: Route): void {
    const existing = this.routeOf(api, route.key);
    if (existing) {
      const where = existing.location ? ` (line ${existing.location.line})` : '';
      this.context.findings.error('DUPLICATE_ROUTE', `${api.name}: ${route.key} is declared twice${where}; API Gateway rejects the second`, route.location ?? api.location!);
      return;
    }
    api.routes.push(route);
    this.routeIndexes.get(api)!.set(route.key, route);
  }

  /** Takes the route with `key` out of `api`, when there is one. */
  removeRoute(api: Api, key: string): void {
    const route = this.routeOf(api, key);
    if (!route) return;
    api.routes.splice(api.routes.indexOf(route), 1);
    this.routeIndexes.get(api)!.delete(key);
  }

  /**
   * A VPC link resource of the template. One an inline definition named first keeps the target
   * the definition's integration URIs showed, unless the resource fronts an NLB for sure (REST).
   */
  addVpcLink(link: VpcLink): void {
    const named = this.vpcLinks.get(link.id);
    if (named && !this.importedVpcLinks.delete(link.id)) return; // that resource is read already
    if (named && link.target === ASSUMED_HTTP_VPC_LINK_TARGET) link.target = named.target;
    this.vpcLinks.set(link.id, link);
  }

  /** A VPC link an imported OpenAPI definition names: the template's resource of that id, told its target; else the definition's. */
  private addImportedVpcLink(link: VpcLink): void {
    const resource = this.vpcLinks.get(link.id);
    if (!resource) {
      this.vpcLinks.set(link.id, link);
      this.importedVpcLinks.add(link.id);
    } else if (!this.importedVpcLinks.has(link.id) && this.type(link.id) === 'AWS::ApiGatewayV2::VpcLink') {
      resource.target = link.target;
    }
  }

  /** Records that an integration uses a VPC link, so the link's load balancer kind can be told from the integration's URI. */
  noteVpcLinkUse(linkId: string, uri: PNode | undefined): void {
    this.vpcLinkUses.push({ linkId, uri });
  }

  /* ---- phase 1: APIs and VPC links ---- */

  readApiResources(extra: Record<string, (resource: TemplateResource) => void> = {}): void {
    for (const resource of this.resources()) {
      const read = extra[resource.type];
      if (read) {
        read(resource);
        continue;
      }
      switch (resource.type) {
        case 'AWS::ApiGateway::RestApi': this.readRestApi(resource); break;
        case 'AWS::ApiGatewayV2::Api': this.readV2Api(resource); break;
        case 'AWS::ApiGateway::VpcLink': this.readRestVpcLink(resource); break;
        case 'AWS::ApiGatewayV2::VpcLink': this.readV2VpcLink(resource); break;
        default: break;
      }
    }
  }

  private readRestApi(resource: TemplateResource): void {
    const props = this.properties(resource);
    const location = resource.location;
    const name = this.string(this.prop(props, 'Name'));
    let api = emptyApi(resource.id, name ?? resource.id, 'REST', this.region, location);
    const body = this.prop(props, 'Body');
    if (body) {
      const imported = this.importOpenApi(body, resource, 'REST', name);
      if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, location, stages: [] };
    } else if (this.prop(props, 'BodyS3Location')) {
      const s3 = this.prop(props, 'BodyS3Location')!;
      this.context.findings.warning('MISSING_FILE', `${resource.id}: the OpenAPI definition is in S3 (${this.describeS3(s3)}) and cannot be read here; the routes it declares are missing`, s3.location);
    }
    const endpoint = this.endpointType(this.prop(this.prop(props, 'EndpointConfiguration'), 'Types'));
    if (endpoint) api.endpointType = endpoint;
    const keySource = parseApiKeySource(this.literal(this.prop(props, 'ApiKeySourceType')));
    if (keySource) api.apiKeySource = keySource;
    const policy = this.literal(this.prop(props, 'SecurityPolicy'));
    if (policy) api.securityPolicy = policy;
    this.apis.set(resource.id, api);
  }

  describeS3(node: PNode): string {
    const bucket = this.string(this.prop(node, 'Bucket'));
    const key = this.string(this.prop(node, 'Key'));
    return bucket ? `s3://${bucket}/${key ?? ''}` : this.string(node) ?? 'S3';
  }

  endpointType(node: PNode | undefined): EndpointType | undefined {
    const first = resolveStrings(node, this.intrinsics)[0];
    if (first === undefined) return undefined;
    const type = parseEndpointType(first);
    if (type) return type;
    this.context.findings.error('INVALID_VALUE', `endpoint type ${first} is not EDGE, REGIONAL or PRIVATE`, node!.location);
    return undefined;
  }

  /**
   * An inline OpenAPI body through openapi/openApiReader.ts, after evaluating the intrinsics in it.
   * `Fn::Transform: AWS::Include` with a local Location reads that file (as `aws cloudformation
   * package` would upload it); an S3 location is reported.
   */
  importOpenApi(body: PNode, owner: TemplateResource, apiType: 'REST' | 'HTTP', name: string | undefined): Api | undefined {
    let document: PNode | undefined = body;
    if (intrinsicName(body) === 'Fn::Transform') {
      const argument = get(body, 'Fn::Transform');
      const location = this.string(get(get(argument, 'Parameters'), 'Location'));
      if (str(get(argument, 'Name')) !== 'AWS::Include' || !location) {
        this.context.findings.info('UNSUPPORTED_FEATURE', `${owner.id}: the definition comes from a macro and is not read`, body.location);
        return undefined;
      }
      document = this.readSiblingDocument(location, owner, body.location);
      if (!document) return undefined;
    }
    const resolved = substituteIntrinsics(document, this.intrinsics);
    if (!resolved) return undefined;
    // SAM writes `info.title: !Ref AWS::StackName`; a title known only at deployment names nothing, so the logical id does.
    const title = get(get(document, 'info'), 'title');
    const fallbackName = title && title.kind !== 'scalar' ? owner.id : undefined;
    const apiName = name ?? fallbackName;
    const { api, vpcLinks } = openApiToApi(resolved, this.context, { id: owner.id, ...(apiName ? { name: apiName } : {}), region: this.region, apiType, location: owner.location });
    for (const link of vpcLinks) this.addImportedVpcLink(link);
    return api;
  }

  /** A definition file next to the template; an S3 URI or a missing file is reported at `at`. */
  readSiblingDocument(path: string, owner: TemplateResource, at: SourceLocation): PNode | undefined {
    if (/^(s3|https?):\/\//i.test(path)) {
      this.context.findings.warning('MISSING_FILE', `${owner.id}: the definition is at ${path}, which cannot be read here; the routes it declares are missing`, at);
      return undefined;
    }
    const sibling = this.context.readSibling(path);
    if (!sibling) {
      this.context.findings.error('MISSING_FILE', `${owner.id}: the definition file ${path} does not exist next to the template`, at);
      return undefined;
    }
    try {
      return parseConfigTree(sibling.text, sibling.file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.context.findings.error(error.code, `${owner.id}: ${path}: ${error.message}`, error.location);
      return undefined;
    }
  }

  private readV2Api(resource: TemplateResource): void {
    const props = this.properties(resource);
    const location = resource.location;
    const protocol = this.literal(this.prop(props, 'ProtocolType'))?.toUpperCase();
    const name = this.string(this.prop(props, 'Name'));
    const body = this.prop(props, 'Body');
    if (protocol !== 'HTTP' && protocol !== 'WEBSOCKET' && !body) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: ProtocolType must be HTTP or WEBSOCKET${protocol ? `, got ${protocol}` : ''}; read as HTTP`, this.prop(props, 'ProtocolType')?.location ?? location);
    }
    const type: ApiType = protocol === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
    let api = emptyApi(resource.id, name ?? resource.id, type, this.region, location);
    if (body) {
      if (type === 'WEBSOCKET') {
        this.context.findings.error('UNSUPPORTED_FEATURE', `${resource.id}: WebSocket APIs cannot be imported from OpenAPI; Body is ignored`, body.location);
      } else {
        const imported = this.importOpenApi(body, resource, 'HTTP', name);
        if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, type: 'HTTP', endpointType: 'REGIONAL', location, stages: [] };
      }
    } else if (this.prop(props, 'BodyS3Location')) {
      const s3 = this.prop(props, 'BodyS3Location')!;
      this.context.findings.warning('MISSING_FILE', `${resource.id}: the OpenAPI definition is in S3 (${this.describeS3(s3)}) and cannot be read here; the routes it declares are missing`, s3.location);
    }
    if (type === 'WEBSOCKET') api.routeSelectionExpression = this.string(this.prop(props, 'RouteSelectionExpression')) ?? DEFAULT_ROUTE_SELECTION_EXPRESSION;
    // Quick create: Target is a Lambda function or an HTTP URL.
    const target = this.prop(props, 'Target');
    if (target) {
      const functionName = this.functionFrom(target);
      const made = quickCreate(`${resource.id}-quick-create`, functionName ? { functionName } : { url: this.string(target) ?? '' }, this.literal(this.prop(props, 'RouteKey')), type, target.location);
      api.integrations.push(made.integration);
      this.addRoute(api, made.route);
      this.stage(api, made.stageName, target.location);
    }
    this.apis.set(resource.id, api);
  }

  private readRestVpcLink(resource: TemplateResource): void {
    const props = this.properties(resource);
    const link: VpcLink = { id: resource.id, name: this.string(this.prop(props, 'Name')) ?? resource.id, target: REST_VPC_LINK_TARGET, location: resource.location };
    const kind = this.targetKind(this.prop(props, 'TargetArns'));
    if (kind) link.targetKind = kind;
    this.addVpcLink(link);
  }

  private readV2VpcLink(resource: TemplateResource): void {
    const props = this.properties(resource);
    // Its target shows in the integrations through it: finish() looks at their IntegrationUri.
    this.addVpcLink({ id: resource.id, name: this.string(this.prop(props, 'Name')) ?? resource.id, target: ASSUMED_HTTP_VPC_LINK_TARGET, location: resource.location });
  }

  /** What runs behind a load balancer, when the template shows it: EKS behind one the AWS Load Balancer Controller made. */
  private targetKind(node: PNode | undefined): VpcLink['targetKind'] | undefined {
    const eks = resolveStrings(node, this.intrinsics).some(isEksLoadBalancerArn) || referencedResources(node, this.intrinsics).some((ref) => {
      const owner = this.intrinsics.resources.get(ref.resource);
      const name = owner && this.literal(this.prop(owner.properties, 'Name'));
      return name !== undefined && isEksLoadBalancerName(name);
    });
    return eks ? 'EKS' : undefined;
  }

  /* ---- phase 2: everything that hangs off an API ---- */

  readApiParts(): void {
    const phases: [string[], (resource: TemplateResource) => void][] = [
      [['AWS::ApiGateway::Authorizer'], (resource) => this.readRestAuthorizer(resource)],
      [['AWS::ApiGateway::RequestValidator'], (resource) => this.readValidator(resource)],
      [['AWS::ApiGateway::Method'], (resource) => this.readRestMethod(resource)],
      [['AWS::ApiGatewayV2::Authorizer'], (resource) => this.readV2Authorizer(resource)],
      [['AWS::ApiGatewayV2::Integration'], (resource) => this.readV2Integration(resource)],
      [['AWS::ApiGatewayV2::Route'], (resource) => this.readV2Route(resource)],
      // Stage resources before deployments: SAM's deployments also make a stage named "Stage",
      // which should not come first.
      [['AWS::ApiGateway::Stage'], (resource) => this.readRestStage(resource)],
      [['AWS::ApiGateway::Deployment'], (resource) => this.readRestDeployment(resource)],
      [['AWS::ApiGatewayV2::Stage'], (resource) => this.readV2Stage(resource)],
      [['AWS::ApiGateway::UsagePlan'], (resource) => this.readUsagePlan(resource)],
      [['AWS::ApiGateway::UsagePlanKey'], (resource) => this.readUsagePlanKey(resource)],
      [['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'], (resource) => this.readDomainName(resource)],
      [['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGatewayV2::ApiMapping'], (resource) => this.readDomainMapping(resource)],
      [['AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation'], (resource) => this.readWafAssociation(resource)],
      [['AWS::ApiGateway::GatewayResponse'], (resource) => this.readGatewayResponse(resource)],
    ];
    for (const [types, read] of phases) for (const resource of this.ofType(...types)) read(resource);
    const known = new Set(phases.flatMap(([types]) => types));
    for (const type of ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::VpcLink', 'AWS::ApiGatewayV2::VpcLink', 'AWS::ApiGateway::Resource', 'AWS::ApiGateway::Model', 'AWS::ApiGateway::ApiKey']) known.add(type);
    for (const resource of this.resources()) {
      if (known.has(resource.type) || QUIET_TYPES.has(resource.type) || this.handledTypes.has(resource.type)) continue;
      if (resource.type.startsWith('AWS::ApiGateway')) {
        this.context.findings.info('IGNORED_RESOURCE', `${resource.id}: ${resource.type} is not simulated`, resource.location);
      }
    }
  }

  private readRestAuthorizer(resource: TemplateResource): void {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, 'RestApiId'), resource, 'RestApiId');
    if (!api) return;
    const typeNode = this.prop(props, 'Type');
    const typeName = this.literal(typeNode);
    const parsed = parseAuthorizerType(typeName);
    const type: AuthorizerType = parsed === 'REQUEST' || parsed === 'COGNITO_USER_POOLS' ? parsed : 'TOKEN';
    if (typeName !== undefined && typeName.toUpperCase() !== type) {
      this.context.findings.error('INVALID_VALUE', `${resource.id}: authorizer Type ${typeName.toUpperCase()} is not TOKEN, REQUEST or COGNITO_USER_POOLS`, typeNode!.location);
    }
    const identity = this.string(this.prop(props, 'IdentitySource'));
    const authorizer: Authorizer = {
      id: resource.id, name: this.string(this.prop(props, 'Name')) ?? resource.id, type,
      identitySources: identity ? splitIdentitySource(identity) : defaultIdentitySources('REST', type),
      location: resource.location,
    };
    const ttl = this.number(this.prop(props, 'AuthorizerResultTtlInSeconds'));
    if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
    if (type === 'COGNITO_USER_POOLS') {
      authorizer.userPoolArns = resolveStrings(this.prop(props, 'ProviderARNs'), this.intrinsics);
    } else {
      const functionName = this.functionFrom(this.prop(props, 'AuthorizerUri'));
      if (functionName) authorizer.functionName = functionName;
      else this.context.findings.error('MISSING_PROPERTY', `${resource.id}: a Lambda authorizer needs an AuthorizerUri naming its function`, resource.location);
    }
    api.authorizers.push(authorizer);
  }

  private readValidator(resource: TemplateResource): void {
    const props = this.properties(resource);
    this.validators.set(resource.id, {
      body: this.boolean(this.prop(props, 'ValidateRequestBody')) ?? false,
      parameters: this.boolean(this.prop(props, 'ValidateRequestParameters')) ?? false,
    });
  }

  /**
   * The path of an AWS::ApiGateway::Resource, following ParentId up to the API's
   * RootResourceId: `/orders/{orderId}`.
   */
  restPath(node: PNode | undefined, owner: TemplateResource, seen: Set<string> = new Set()): string | undefined {
    const ref = referencedResource(node, this.intrinsics);
    if (!ref) {
      if (resolveValue(node, this.intrinsics) instanceof Symbolic) return undefined; // unresolvable, already reported
      const literal = this.string(node);
      if (literal) this.context.findings.warning('UNRESOLVED_REFERENCE', `${owner.id}: API Gateway resource ${literal} is not declared in this template; its path is unknown`, node!.location);
      else this.context.findings.error('MISSING_PROPERTY', `${owner.id}: the resource id is missing`, owner.location);
      return undefined;
    }
    if (ref.attribute === 'RootResourceId') return '/';
    const target = this.intrinsics.resources.get(ref.resource);
    if (!target) return undefined; // a dangling reference, already reported
    if (target.type !== 'AWS::ApiGateway::Resource') {
      this.context.findings.error('INVALID_REFERENCE', `${owner.id}: ${ref.resource} is a ${target.type}, not an AWS::ApiGateway::Resource`, node!.location);
      return undefined;
    }
    if (this.restPaths.has(target.id)) return this.restPaths.get(target.id);
    if (seen.has(target.id)) {
      this.context.findings.error('CIRCULAR_REFERENCE', `${target.id}: its ParentId chain comes back to itself`, target.location);
      return undefined;
    }
    seen.add(target.id);
    const props = this.properties(target);
    const parent = this.restPath(this.prop(props, 'ParentId'), target, seen);
    const part = this.string(this.prop(props, 'PathPart'));
    let path: string | undefined;
    if (parent !== undefined) {
      if (part === undefined) this.context.findings.error('MISSING_PROPERTY', `${target.id}: PathPart is required`, target.location);
      else path = parent === '/' ? `/${part}` : `${parent}/${part}`;
    }
    this.restPaths.set(target.id, path);
    return path;
  }

  private readRestMethod(resource: TemplateResource): void {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, 'RestApiId'), resource, 'RestApiId');
    if (!api) return;
    const methodNode = this.prop(props, 'HttpMethod');
    const method = this.literal(methodNode)?.toUpperCase();
    if (!method) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: HttpMethod is required`, resource.location);
      return;
    }
    const path = this.restPath(this.prop(props, 'ResourceId'), resource);
    if (path === undefined) return;
    const route: Route = { key: routeKey(method, path), authorizationType: 'NONE', location: resource.location };
    const authorizerRef = referencedResource(this.prop(props, 'AuthorizerId'), this.intrinsics);
    const authorizerId = authorizerRef?.resource ?? this.string(this.prop(props, 'AuthorizerId'));
    if (authorizerId) route.authorizerId = authorizerId;
    const authorizationNode = this.prop(props, 'AuthorizationType');
    const authorization = this.literal(authorizationNode)?.toUpperCase();
    const authorizer = api.authorizers.find((candidate) => candidate.id === authorizerId);
    const restAuthorization = parseAuthorizationType(authorization, REST_AUTHORIZATION_TYPES);
    if (restAuthorization) {
      route.authorizationType = restAuthorization;
    } else if (authorization) {
      this.context.findings.error('INVALID_VALUE', `${resource.id}: AuthorizationType ${authorization} is not NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS`, authorizationNode!.location);
    }
    if (authorizer && (!authorization || authorization === 'NONE')) {
      route.authorizationType = authorizationTypeOf(authorizer.type);
      if (authorization === 'NONE') this.context.findings.warning('INCONSISTENT_AUTH', `${resource.id}: AuthorizerId is set but AuthorizationType is NONE; read as ${route.authorizationType}`, authorizationNode!.location);
    }
    if ((route.authorizationType === 'CUSTOM' || route.authorizationType === 'COGNITO_USER_POOLS') && !authorizerId) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: AuthorizationType ${route.authorizationType} needs an AuthorizerId`, authorizationNode?.location ?? resource.location);
    }
    const apiKeyRequired = this.boolean(this.prop(props, 'ApiKeyRequired'));
    if (apiKeyRequired !== undefined) route.apiKeyRequired = apiKeyRequired;
    const validatorRef = referencedResource(this.prop(props, 'RequestValidatorId'), this.intrinsics);
    const validator = validatorRef ? this.validators.get(validatorRef.resource) : undefined;
    if (validator) {
      route.validateBody = validator.body;
      route.validateParameters = validator.parameters;
    }
    const required = propEntries(this.prop(props, 'RequestParameters'), this.intrinsics)
      .filter((item) => this.boolean(item.value) === true).map((item) => item.key);
    if (required.length > 0) route.requiredParameters = required;
    const model = propEntries(this.prop(props, 'RequestModels'), this.intrinsics)[0];
    if (model) {
      route.requestModel = { contentType: model.key, required: this.modelRequired(model.value, api), location: model.value.location };
    }
    const integrationNode = this.prop(props, 'Integration');
    if (integrationNode) {
      const integration = this.restIntegration(integrationNode, resource, this.declared(props, 'Integration')!);
      if (integration) {
        api.integrations.push(integration);
        route.integrationId = integration.id;
        const templates = this.templates(this.prop(integrationNode, 'RequestTemplates'));
        if (templates) route.requestTemplates = templates;
        for (const response of propItems(this.prop(integrationNode, 'IntegrationResponses'), this.intrinsics)) {
          const responseTemplates = this.templates(this.prop(response, 'ResponseTemplates'));
          if (responseTemplates) {
            route.responseTemplates = responseTemplates;
            break;
          }
        }
      }
    }
    this.addRoute(api, route);
  }

  /** Required top-level properties of an AWS::ApiGateway::Model's JSON schema (given as a map or as JSON text). */
  private modelRequired(node: PNode, api: Api): string[] {
    const ref = referencedResource(node, this.intrinsics);
    const name = ref?.resource ?? this.string(node);
    const model = this.ofType('AWS::ApiGateway::Model').find((candidate) => candidate.id === name || this.string(this.prop(candidate.properties, 'Name')) === name);
    if (!model) {
      // API Gateway's built-in models (DG "Data models"): Empty and Error require nothing.
      if (name !== 'Empty' && name !== 'Error' && !ref) this.context.findings.warning('UNRESOLVED_REFERENCE', `${api.name}: model ${name ?? '?'} is not declared in this template`, node.location);
      return [];
    }
    const schema = resolveValue(this.prop(model.properties, 'Schema'), this.intrinsics);
    let document: unknown = schema;
    if (typeof schema === 'string') {
      try {
        document = JSON.parse(schema);
      } catch {
        this.context.findings.error('INVALID_VALUE', `${model.id}: Schema is not valid JSON`, this.prop(model.properties, 'Schema')!.location);
        return [];
      }
    }
    const required = (document as { required?: unknown } | null)?.required;
    return Array.isArray(required) ? required.filter((item): item is string => typeof item === 'string') : [];
  }

  templates(node: PNode | undefined): Record<string, string> | undefined {
    const items = propEntries(node, this.intrinsics);
    if (items.length === 0) return undefined;
    return Object.fromEntries(items.map((item) => [item.key, this.string(item.value) ?? '']));
  }

  /** The integration of an AWS::ApiGateway::Method (its Integration property). */
  private restIntegration(node: PNode, method: TemplateResource, location: SourceLocation): Integration | undefined {
    const typeNode = this.prop(node, 'Type');
    const written = this.literal(typeNode);
    const type = parseIntegrationType(written);
    if (!type) {
      this.context.findings.error(written ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${method.id}: Integration.Type must be one of ${INTEGRATION_TYPES.join(', ')}${written ? `, got ${written.toUpperCase()}` : ''}`, typeNode?.location ?? node.location);
      return undefined;
    }
    const integration: Integration = { id: method.id, type, location };
    this.fillIntegration(integration, this.prop(node, 'Uri'), node, method);
    return integration;
  }

  /** Uri, connection and timeout, shared by REST methods and V2 integrations. */
  private fillIntegration(integration: Integration, uriNode: PNode | undefined, node: PNode, owner: TemplateResource): void {
    const uri = this.string(uriNode);
    if (integration.type === 'AWS_PROXY' || integration.type === 'AWS') {
      const isLambda = uri !== undefined && (isLambdaUri(uri) || referencedResources(uriNode, this.intrinsics).some((ref) => FUNCTION_TYPES.includes(this.type(ref.resource))));
      if (isLambda) {
        const functionName = this.functionFrom(uriNode);
        if (functionName) integration.functionName = functionName;
      } else if (uri) {
        const action = serviceAction(uri);
        if (action) integration.serviceAction = action;
        integration.uri = uri;
      } else if (!this.literal(this.prop(node, 'IntegrationSubtype'))) {
        this.context.findings.error('MISSING_PROPERTY', `${owner.id}: an ${integration.type} integration needs a Uri`, node.location);
      }
    } else if (integration.type === 'HTTP' || integration.type === 'HTTP_PROXY') {
      if (uri) {
        if (!isPrivateIntegrationTarget(uri)) integration.uri = uri;
      } else this.context.findings.error('MISSING_PROPERTY', `${owner.id}: an ${integration.type} integration needs a Uri`, node.location);
    }
    const timeout = this.number(this.prop(node, 'TimeoutInMillis'));
    if (timeout !== undefined) integration.timeoutMs = timeout;
    const connection = parseConnectionType(this.literal(this.prop(node, 'ConnectionType')));
    if (connection === 'VPC_LINK') {
      integration.connectionType = 'VPC_LINK';
      const connectionNode = this.prop(node, 'ConnectionId');
      const link = referencedResource(connectionNode, this.intrinsics);
      const linkId = link?.resource ?? this.string(connectionNode);
      if (!linkId) {
        this.context.findings.error('MISSING_PROPERTY', `${owner.id}: a VPC_LINK connection needs a ConnectionId`, node.location);
      } else {
        integration.vpcLinkId = linkId;
        if (!link && linkId.includes('stageVariables.')) {
          this.context.findings.info('UNRESOLVED_REFERENCE', `${owner.id}: the VPC link is chosen by a stage variable (${linkId})`, connectionNode!.location);
        }
        this.noteVpcLinkUse(linkId, uriNode);
      }
    } else {
      integration.connectionType = 'INTERNET';
    }
  }

  private readV2Authorizer(resource: TemplateResource): void {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, 'ApiId'), resource, 'ApiId');
    if (!api) return;
    const typeNode = this.prop(props, 'AuthorizerType');
    const typeName = parseAuthorizerType(this.literal(typeNode)) ?? this.literal(typeNode)?.toUpperCase();
    if (typeName !== 'JWT' && typeName !== 'REQUEST') {
      this.context.findings.error('INVALID_VALUE', `${resource.id}: AuthorizerType must be JWT or REQUEST${typeName ? `, got ${typeName}` : ''}`, typeNode?.location ?? resource.location);
      return;
    }
    const authorizer: Authorizer = {
      id: resource.id, name: this.string(this.prop(props, 'Name')) ?? resource.id, type: typeName,
      identitySources: resolveStrings(this.prop(props, 'IdentitySource'), this.intrinsics),
      location: resource.location,
    };
    if (typeName === 'JWT') {
      const jwt = this.prop(props, 'JwtConfiguration');
      const issuer = this.string(this.prop(jwt, 'Issuer'));
      if (issuer) authorizer.issuer = issuer;
      else this.context.findings.error('MISSING_PROPERTY', `${resource.id}: a JWT authorizer needs JwtConfiguration.Issuer`, jwt?.location ?? resource.location);
      const audience = resolveStrings(this.prop(jwt, 'Audience'), this.intrinsics);
      if (audience.length > 0) authorizer.audience = audience;
      if (authorizer.identitySources.length === 0) authorizer.identitySources = defaultIdentitySources(api.type, 'JWT');
    } else {
      const functionName = this.functionFrom(this.prop(props, 'AuthorizerUri'));
      if (functionName) authorizer.functionName = functionName;
      else this.context.findings.error('MISSING_PROPERTY', `${resource.id}: a Lambda authorizer needs an AuthorizerUri naming its function`, resource.location);
      const ttl = this.number(this.prop(props, 'AuthorizerResultTtlInSeconds'));
      if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
    }
    api.authorizers.push(authorizer);
  }

  private readV2Integration(resource: TemplateResource): void {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, 'ApiId'), resource, 'ApiId');
    if (!api) return;
    const typeNode = this.prop(props, 'IntegrationType');
    const written = this.literal(typeNode);
    const type = parseIntegrationType(written);
    if (!type) {
      this.context.findings.error(written ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${resource.id}: IntegrationType must be one of ${INTEGRATION_TYPES.join(', ')}${written ? `, got ${written.toUpperCase()}` : ''}`, typeNode?.location ?? resource.location);
      return;
    }
    const integration: Integration = { id: resource.id, type, location: resource.location };
    this.fillIntegration(integration, this.prop(props, 'IntegrationUri'), props ?? resource.node, resource);
    // HTTP API AWS service integrations name the action as a subtype: SQS-SendMessage (DG "AWS service integrations for HTTP APIs").
    const subtype = this.literal(this.prop(props, 'IntegrationSubtype'));
    if (subtype) integration.serviceAction = serviceActionOfSubtype(subtype);
    if (api.type === 'HTTP' && type === 'AWS_PROXY' && integration.functionName) {
      const version = parsePayloadFormatVersion(this.literal(this.prop(props, 'PayloadFormatVersion')));
      if (version) {
        integration.payloadFormatVersion = version;
      } else {
        // "If you create a Lambda integration by using the AWS CLI, CloudFormation, or an SDK, you
        // must specify a payloadFormatVersion" (DG http-api-develop-integrations-lambda).
        this.context.findings.error('MISSING_PROPERTY', `${resource.id}: a Lambda proxy integration of an HTTP API needs PayloadFormatVersion 1.0 or 2.0; read as 2.0`, this.prop(props, 'PayloadFormatVersion')?.location ?? resource.location);
        integration.payloadFormatVersion = '2.0';
      }
    }
    const templates = this.templates(this.prop(props, 'RequestTemplates'));
    if (templates) this.integrationTemplates.set(integration, templates);
    api.integrations.push(integration);
  }

  private readV2Route(resource: TemplateResource): void {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, 'ApiId'), resource, 'ApiId');
    if (!api) return;
    const keyNode = this.prop(props, 'RouteKey');
    const key = this.string(keyNode);
    if (!key) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: RouteKey is required`, resource.location);
      return;
    }
    const route: Route = { key: normalizeRouteKey(key, api.type), authorizationType: 'NONE', location: resource.location };
    const authorizationNode = this.prop(props, 'AuthorizationType');
    const authorization = this.literal(authorizationNode)?.toUpperCase();
    const v2Authorization = parseAuthorizationType(authorization, V2_AUTHORIZATION_TYPES);
    if (v2Authorization) route.authorizationType = v2Authorization;
    else if (authorization) this.context.findings.error('INVALID_VALUE', `${resource.id}: AuthorizationType ${authorization} is not NONE, AWS_IAM, CUSTOM or JWT`, authorizationNode!.location);
    const authorizerNode = this.prop(props, 'AuthorizerId');
    const authorizerId = referencedResource(authorizerNode, this.intrinsics)?.resource ?? this.string(authorizerNode);
    if (authorizerId) {
      route.authorizerId = authorizerId;
      const authorizer = api.authorizers.find((candidate) => candidate.id === authorizerId);
      if (authorizer && route.authorizationType === 'NONE') {
        route.authorizationType = authorizationTypeOf(authorizer.type);
        if (authorization === 'NONE') this.context.findings.warning('INCONSISTENT_AUTH', `${resource.id}: AuthorizerId is set but AuthorizationType is NONE; read as ${route.authorizationType}`, authorizationNode!.location);
      }
    }
    const apiKeyRequired = this.boolean(this.prop(props, 'ApiKeyRequired'));
    if (apiKeyRequired) route.apiKeyRequired = true;
    // Target is `integrations/{IntegrationId}` (AWS::ApiGatewayV2::Route Target).
    const targetNode = this.prop(props, 'Target');
    if (targetNode) {
      const target = referencedResource(targetNode, this.intrinsics, ['AWS::ApiGatewayV2::Integration']);
      const text = this.string(targetNode) ?? '';
      const integrationId = target?.resource ?? (/^integrations\/(.+)$/.exec(text)?.[1] ?? text);
      route.integrationId = integrationId;
      const integration = api.integrations.find((candidate) => candidate.id === integrationId);
      const templates = integration && this.integrationTemplates.get(integration);
      if (templates) route.requestTemplates = templates;
    }
    this.addRoute(api, route);
  }

  private readRestDeployment(resource: TemplateResource): void {
    const props = this.properties(resource);
    const name = this.string(this.prop(props, 'StageName'));
    if (!name) return; // a deployment without a stage; a Stage resource names it
    const api = this.apiFor(this.prop(props, 'RestApiId'), resource, 'RestApiId');
    if (!api) return;
    const stage = this.stage(api, name, resource.location);
    const description = this.prop(props, 'StageDescription');
    const throttle = this.throttle(description, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
    if (throttle) stage.throttle = throttle;
    this.methodSettings(api, stage, this.prop(description, 'MethodSettings'));
  }

  private readRestStage(resource: TemplateResource): void {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, 'RestApiId'), resource, 'RestApiId');
    if (!api) return;
    const name = this.string(this.prop(props, 'StageName'));
    if (!name) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: StageName is required`, resource.location);
      return;
    }
    const stage = this.stage(api, name, resource.location);
    stage.location = resource.location;
    this.methodSettings(api, stage, this.prop(props, 'MethodSettings'));
  }

  /**
   * REST stage MethodSettings: `/*` + `*` is the stage default; other entries name one
   * method, its ResourcePath encoded with `~1` for `/` (AWS::ApiGateway::Stage MethodSetting).
   */
  methodSettings(api: Api, stage: Stage, node: PNode | undefined): void {
    for (const setting of propItems(node, this.intrinsics)) {
      const throttle = this.throttle(setting, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
      if (!throttle) continue;
      const rawPath = this.string(this.prop(setting, 'ResourcePath')) ?? '/*';
      const method = (this.string(this.prop(setting, 'HttpMethod')) ?? '*').toUpperCase();
      if (rawPath === '/*' && method === '*') {
        stage.throttle = throttle;
        continue;
      }
      const path = decodeResourcePath(rawPath);
      this.pendingThrottles.push({ api, stage, path, method, throttle, location: setting.location });
    }
  }

  private readV2Stage(resource: TemplateResource): void {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, 'ApiId'), resource, 'ApiId');
    if (!api) return;
    const name = this.string(this.prop(props, 'StageName'));
    if (!name) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: StageName is required`, resource.location);
      return;
    }
    const stage = this.stage(api, name, resource.location);
    stage.location = resource.location;
    this.routeSettings(api, stage, this.prop(props, 'DefaultRouteSettings'), this.prop(props, 'RouteSettings'));
  }

  /** HTTP/WebSocket stage throttles: DefaultRouteSettings and RouteSettings keyed by route key (AWS::ApiGatewayV2::Stage). */
  routeSettings(api: Api, stage: Stage, defaults: PNode | undefined, perRoute: PNode | undefined): void {
    const throttle = this.throttle(defaults, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
    if (throttle) stage.throttle = throttle;
    for (const item of propEntries(perRoute, this.intrinsics)) {
      const routeThrottle = this.throttle(item.value, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
      if (!routeThrottle) continue;
      stage.routeThrottles ??= {};
      stage.routeThrottles[normalizeRouteKey(item.key, api.type)] = routeThrottle;
    }
  }

  private readUsagePlan(resource: TemplateResource): void {
    const props = this.properties(resource);
    const throttleNode = this.prop(props, 'Throttle');
    const quotaNode = this.prop(props, 'Quota');
    const plan = this.usagePlan(resource.id, this.string(this.prop(props, 'UsagePlanName')) ?? resource.id, throttleNode, quotaNode, resource.location);
    const stages = propItems(this.prop(props, 'ApiStages'), this.intrinsics);
    if (stages.length === 0) this.context.findings.info('UNUSED_USAGE_PLAN', `${resource.id}: the usage plan names no API stage (ApiStages) and applies to none`, resource.location);
    for (const apiStage of stages) {
      const api = this.apiFor(this.prop(apiStage, 'ApiId'), resource, 'ApiStages.ApiId');
      if (!api) continue;
      if (propEntries(this.prop(apiStage, 'Throttle'), this.intrinsics).length > 0) {
        this.context.findings.info('IGNORED_PROPERTY', `${resource.id}: per-method throttles in ApiStages are not simulated; the plan's Throttle applies`, this.prop(apiStage, 'Throttle')!.location);
      }
      this.attachUsagePlan(api, plan);
    }
  }

  /** A usage plan from CloudFormation's (or SAM's) Throttle {RateLimit, BurstLimit} and Quota {Limit, Period}. */
  usagePlan(id: string, name: string, throttleNode: PNode | undefined, quotaNode: PNode | undefined, location: SourceLocation): UsagePlan {
    const plan: UsagePlan = { id, name, apiKeys: [], location };
    const throttle = this.throttle(throttleNode, 'RateLimit', 'BurstLimit');
    if (throttle) plan.throttle = throttle;
    const limit = this.number(this.prop(quotaNode, 'Limit'));
    const period = parseQuotaPeriod(this.literal(this.prop(quotaNode, 'Period')));
    if (limit !== undefined && period) plan.quota = { limit, period };
    else if (quotaNode) this.context.findings.error('INVALID_VALUE', `${id}: Quota needs a Limit and a Period of DAY, WEEK or MONTH`, quotaNode.location);
    this.usagePlans.set(id, plan);
    return plan;
  }

  attachUsagePlan(api: Api, plan: UsagePlan): void {
    api.usagePlans ??= [];
    if (!api.usagePlans.includes(plan)) api.usagePlans.push(plan);
  }

  /** The usage plan a logical id names (CloudFormation's or one SAM generated). */
  usagePlanById(id: string): UsagePlan | undefined {
    return this.usagePlans.get(id);
  }

  private readUsagePlanKey(resource: TemplateResource): void {
    const props = this.properties(resource);
    const planRef = referencedResource(this.prop(props, 'UsagePlanId'), this.intrinsics);
    const plan = planRef && this.usagePlans.get(planRef.resource);
    if (!plan) {
      if (!planRef) this.context.findings.warning('UNRESOLVED_REFERENCE', `${resource.id}: the usage plan is not declared in this template`, resource.location);
      return;
    }
    plan.apiKeys.push(this.apiKeyName(this.prop(props, 'KeyId')));
  }

  /** An API key's value when it is written in the template, otherwise its logical id (symbolic). */
  apiKeyName(node: PNode | undefined): string {
    const ref = referencedResource(node, this.intrinsics);
    if (!ref) return this.string(node) ?? '?';
    const key = this.intrinsics.resources.get(ref.resource);
    return (key && this.literal(this.prop(key.properties, 'Value'))) ?? ref.resource;
  }

  private readDomainName(resource: TemplateResource): void {
    const props = this.properties(resource);
    const domainName = this.string(this.prop(props, 'DomainName'));
    if (!domainName) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: DomainName is required`, resource.location);
      return;
    }
    const domain: CustomDomain = { domainName, location: resource.location };
    if (resource.type === 'AWS::ApiGateway::DomainName') {
      const policy = this.literal(this.prop(props, 'SecurityPolicy'));
      if (policy) domain.securityPolicy = policy;
      const endpoint = this.endpointType(this.prop(this.prop(props, 'EndpointConfiguration'), 'Types'));
      domain.endpointType = endpoint ?? defaultDomainEndpointType('REST');
    } else {
      const configuration = propItems(this.prop(props, 'DomainNameConfigurations'), this.intrinsics)[0];
      const policy = this.literal(this.prop(configuration, 'SecurityPolicy'));
      if (policy) domain.securityPolicy = policy;
      domain.endpointType = defaultDomainEndpointType('V2');
    }
    this.domains.set(resource.id, domain);
  }

  private readDomainMapping(resource: TemplateResource): void {
    const props = this.properties(resource);
    const rest = resource.type === 'AWS::ApiGateway::BasePathMapping';
    const api = this.apiFor(this.prop(props, rest ? 'RestApiId' : 'ApiId'), resource, rest ? 'RestApiId' : 'ApiId');
    if (!api) return;
    const domainNode = this.prop(props, 'DomainName');
    const ref = referencedResource(domainNode, this.intrinsics);
    let domain = ref ? this.domains.get(ref.resource) : undefined;
    if (!domain) {
      const name = this.string(domainNode);
      if (!name) return;
      domain = [...this.domains.values()].find((candidate) => candidate.domainName === name) ?? { domainName: name, location: resource.location };
    }
    mapCustomDomain(api, domain);
  }

  private readWafAssociation(resource: TemplateResource): void {
    const props = this.properties(resource);
    const arnNode = this.prop(props, 'ResourceArn');
    const api = this.apiOfArn(arnNode);
    if (!api) {
      const text = this.string(arnNode) ?? '';
      if (/apigateway|restapis/.test(text)) this.context.findings.info('UNRESOLVED_REFERENCE', `${resource.id}: the web ACL is associated with an API stage not declared in this template (${text})`, arnNode?.location ?? resource.location);
      return;
    }
    const aclNode = this.prop(props, resource.type === 'AWS::WAFv2::WebACLAssociation' ? 'WebACLArn' : 'WebACLId');
    const aclRef = referencedResource(aclNode, this.intrinsics);
    const acl = aclRef ? this.intrinsics.resources.get(aclRef.resource) : undefined;
    const aclText = this.string(aclNode) ?? resource.id;
    api.wafWebAcl = (acl && this.literal(this.prop(acl.properties, 'Name'))) ?? aclRef?.resource ?? webAclName(aclText) ?? aclText;
  }

  /** The API a stage ARN (`arn:aws:apigateway:{region}::/restapis/{id}/stages/{stage}`) refers to. */
  apiOfArn(node: PNode | undefined): Api | undefined {
    for (const ref of referencedResources(node, this.intrinsics)) {
      const api = this.apis.get(ref.resource);
      if (api) return api;
      const owner = this.intrinsics.resources.get(ref.resource);
      if (owner?.type === 'AWS::ApiGateway::Stage' || owner?.type === 'AWS::ApiGatewayV2::Stage') {
        const apiRef = referencedResource(this.prop(owner.properties, owner.type === 'AWS::ApiGateway::Stage' ? 'RestApiId' : 'ApiId'), this.intrinsics);
        if (apiRef && this.apis.has(apiRef.resource)) return this.apis.get(apiRef.resource);
      }
    }
    return undefined;
  }

  private readGatewayResponse(resource: TemplateResource): void {
    const type = this.literal(this.prop(this.properties(resource), 'ResponseType')) ?? '?';
    this.context.findings.info('IGNORED_RESOURCE', `${resource.id}: the customized ${type} gateway response is not simulated; API Gateway's default response is used`, resource.location);
  }

  /* ---- phase 3 ---- */

  finish(): GatewayModel {
    this.applyMethodThrottles();
    this.resolveVpcLinkTargets();
    for (const api of this.apis.values()) {
      if (api.stages.length === 0) {
        const name = defaultStageName(api.type);
        api.stages.push({ name, ...(api.location ? { location: api.location } : {}) });
        this.context.findings.info('NO_STAGE', `${api.name}: no stage is declared, so the API is not deployed; simulated as stage ${name}`, api.location ?? { file: this.context.file, line: 1, column: 1 });
      }
      if (api.type === 'REST') api.apiKeySource ??= DEFAULT_API_KEY_SOURCE;
    }
    return { apis: [...this.apis.values()], vpcLinks: [...this.vpcLinks.values()] };
  }

  private applyMethodThrottles(): void {
    for (const pending of this.pendingThrottles) {
      const matches = pending.api.routes.filter((route) => {
        const key = splitRouteKey(route.key);
        return key !== undefined && (pending.method === '*' || pending.method === key.method) && (pending.path === '/*' || pending.path === key.path);
      });
      if (matches.length === 0) {
        this.context.findings.warning('UNMATCHED_SETTING', `${pending.api.name}: the method setting for ${pending.method} ${pending.path} matches no method`, pending.location);
        continue;
      }
      pending.stage.routeThrottles ??= {};
      for (const route of matches) pending.stage.routeThrottles[route.key] = pending.throttle;
    }
  }

  /** An HTTP API VPC link's target, told by the integrations through it: a listener ARN (app/net) or a Cloud Map service. */
  private resolveVpcLinkTargets(): void {
    for (const use of this.vpcLinkUses) {
      const link = this.vpcLinks.get(use.linkId);
      if (!link || !use.uri) continue;
      // The target as ARNs written in the URI, or as the template's own listener, load balancer or Cloud Map service.
      const targets: { target: VpcLink['target'] | undefined; name?: string }[] = resolveStrings(use.uri, this.intrinsics).map((arn) => ({ target: vpcLinkTargetOfArn(arn), ...(isEksLoadBalancerArn(arn) ? { name: 'k8s-' } : {}) }));
      for (const ref of referencedResources(use.uri, this.intrinsics)) {
        const owner = this.intrinsics.resources.get(ref.resource);
        if (owner?.type === 'AWS::ServiceDiscovery::Service') targets.push({ target: 'CLOUD_MAP' });
        const balancerRef = owner?.type === 'AWS::ElasticLoadBalancingV2::Listener' ? referencedResource(this.prop(owner.properties, 'LoadBalancerArn'), this.intrinsics) : undefined;
        const balancer = owner?.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' ? owner : balancerRef && this.intrinsics.resources.get(balancerRef.resource);
        if (balancer) targets.push({ target: loadBalancerTarget(this.literal(this.prop(balancer.properties, 'Type')) ?? 'application'), name: this.literal(this.prop(balancer.properties, 'Name')) ?? '' });
      }
      // A REST API VPC link fronts an NLB whatever the URI says.
      const target = (['CLOUD_MAP', 'NLB', 'ALB'] as const).find((kind) => targets.some((candidate) => candidate.target === kind));
      if (target && this.type(link.id) !== 'AWS::ApiGateway::VpcLink') link.target = target;
      if (targets.some((candidate) => candidate.name !== undefined && isEksLoadBalancerName(candidate.name))) link.targetKind = 'EKS';
    }
  }
}

function refsIn(value: CfnValue): ResourceRef[] {
  if (value instanceof Symbolic) return value.refs;
  if (Array.isArray(value)) return value.flatMap(refsIn);
  return [];
}

/** Reports the template's transforms other than SAM's (macros, AWS::LanguageExtensions): they are not applied here. */
export function reportTransforms(tree: PNode | undefined, context: ReaderContext): void {
  const transform = get(tree, 'Transform');
  for (const name of transform?.kind === 'seq' ? transform.items.map(str) : [str(transform)]) {
    if (name && !name.startsWith('AWS::Serverless')) {
      context.findings.info('UNSUPPORTED_FEATURE', `the ${name} transform runs at deployment and is not applied here`, transform!.location);
    }
  }
  if (!get(tree, 'Resources')) {
    context.findings.error('MISSING_PROPERTY', 'the template has no Resources section', tree?.location ?? { file: context.file, line: 1, column: 1 });
  }
}

/** A CloudFormation template (YAML or JSON; hand-written, SAM-translated or CDK-synthesized). */
export const readCloudFormation: ConfigReader = (input, context) => {
  const reader = new TemplateReader(input.tree, context);
  reportTransforms(input.tree, context);
  reader.readApiResources();
  reader.readApiParts();
  return reader.finish();
};
