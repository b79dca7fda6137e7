import { ConfigError } from '../../errors';
import type { Api, CustomDomain, EndpointType, Integration, Route, SourceLocation, Stage, Throttle, UsagePlan, VpcLink } from '../../model/gateway';
import { throttleOrAccountLimit } from '../aws/accountThrottle';
import { parseEndpointType } from '../aws/apiDefaults';
import { isLambdaUri, lambdaFunctionArn, lambdaFunctionName, serviceAction } from '../aws/arns';
import { parseConnectionType } from '../aws/integrationTypes';
import { ASSUMED_HTTP_VPC_LINK_TARGET, isPrivateIntegrationTarget } from '../aws/vpcLinkTargets';
import type { ReaderContext } from '../formatReader';
import { openApiToApi } from '../openapi/openApiDocument';
import { entry, get, parseConfigTree, type PNode, str } from '../tree';
import {
  type CfnValue, declaredAt, IntrinsicContext, intrinsicName, literalString, prop, propEntries, PSEUDO_PARAMETERS, referencedResource,
  referencedResources, resolveBoolean, resolveNode, resolveNumber, resolveString, resolveStrings, resolveValue, type ResourceRef,
  substituteIntrinsics, Symbolic, type TemplateResource,
} from './intrinsics';

/*
 * Reading one CloudFormation template: its resources through the intrinsics (intrinsics.ts),
 * and what every resource reader needs (templateRestApis.ts for AWS::ApiGateway,
 * templateV2Apis.ts for AWS::ApiGatewayV2, templateSharedFeatures.ts for usage plans, domains
 * and WAF): property helpers, references to functions and APIs, stages, routes, VPC links,
 * integration URIs and inline OpenAPI bodies (through openapi/openApiDocument.ts). Property
 * names and defaults follow the CloudFormation resource reference.
 *
 * SAM templates are read through the same TemplateReader (samReader.ts wraps it): they may
 * hold plain API Gateway resources too, and those may point at the APIs SAM creates.
 */

export const FUNCTION_TYPES: readonly string[] = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];

export interface Validator {
  body: boolean;
  parameters: boolean;
}

export interface PendingMethodThrottle {
  api: Api;
  stage: Stage;
  path: string;
  method: string;
  throttle: Throttle;
  location: SourceLocation;
}

/**
 * One template's resources and the model read from them: the helpers every resource reader
 * uses (intrinsics, references, stages, routes, VPC links, inline OpenAPI bodies) and what
 * they keep between resources. cloudFormationTemplate.ts reads a template in phases with it.
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

  /* What the resource readers (templateRestApis.ts, templateV2Apis.ts, templateSharedFeatures.ts) keep between resources. */
  /** AWS::ApiGateway::Resource logical id -> its path, once followed. */
  readonly restPaths = new Map<string, string | undefined>();
  readonly validators = new Map<string, Validator>();
  /** REST method settings, applied once every method is read. */
  readonly pendingThrottles: PendingMethodThrottle[] = [];
  /** Integrations through each VPC link, whose URIs tell an HTTP API link's target. */
  readonly vpcLinkUses: { linkId: string; uri: PNode | undefined }[] = [];
  readonly usagePlans = new Map<string, UsagePlan>();
  readonly domains = new Map<string, CustomDomain>();
  /** V2 integrations' request templates, which their routes take. */
  readonly integrationTemplates = new Map<Integration, Record<string, string>>();

  private activeResources: TemplateResource[] | undefined;
  private readonly routeIndexes = new WeakMap<Api, Map<string, Route>>();
  /** VPC links only an imported definition has named so far. */
  private readonly importedVpcLinks = new Set<string>();

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

  /**
   * The stage a Stage resource declares on the API its `apiProperty` (RestApiId, ApiId) names,
   * with the resource's properties; undefined, and reported, when either is missing.
   */
  declaredStage(resource: TemplateResource, apiProperty: 'RestApiId' | 'ApiId'): { api: Api; stage: Stage; props: PNode | undefined } | undefined {
    const props = this.properties(resource);
    const api = this.apiFor(this.prop(props, apiProperty), resource, apiProperty);
    if (!api) return undefined;
    const name = this.string(this.prop(props, 'StageName'));
    if (!name) {
      this.context.findings.error('MISSING_PROPERTY', `${resource.id}: StageName is required`, resource.location);
      return undefined;
    }
    const stage = this.stage(api, name, resource.location);
    stage.location = resource.location;
    return { api, stage, props };
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
   * An inline OpenAPI body through openapi/openApiDocument.ts, after evaluating the intrinsics in it.
   * `Fn::Transform: AWS::Include` with a local Location reads that file (as `aws cloudformation
   * package` would upload it); an S3 location is reported.
   */
  importOpenApi(body: PNode, owner: TemplateResource, apiType: 'REST' | 'HTTP', name: string | undefined): Api | undefined {
    let document: PNode | undefined = body;
    if (intrinsicName(body) === 'Fn::Transform') {
      const argument = get(body, 'Fn::Transform');
      const locationNode = get(get(argument, 'Parameters'), 'Location');
      const location = this.string(locationNode);
      if (str(get(argument, 'Name')) !== 'AWS::Include' || !location) {
        this.context.findings.info('UNSUPPORTED_FEATURE', `${owner.id}: the definition comes from a macro and is not read`, body.location);
        return undefined;
      }
      // Reported at the Location line, which names the file.
      document = this.readSiblingDocument(location, owner, locationNode?.location ?? body.location);
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

  /** A definition file next to the template; an S3 URI, a missing file or one not read (confinedFile.ts) is reported at `at`. */
  readSiblingDocument(path: string, owner: TemplateResource, at: SourceLocation): PNode | undefined {
    if (/^(s3|https?):\/\//i.test(path)) {
      this.context.findings.warning('MISSING_FILE', `${owner.id}: the definition is at ${path}, which cannot be read here; the routes it declares are missing`, at);
      return undefined;
    }
    const sibling = this.context.readSibling(path);
    if (sibling.kind === 'refused' && sibling.code === 'NOT_FOUND') {
      this.context.findings.error('MISSING_FILE', `${owner.id}: the definition file ${path} does not exist next to the template`, at);
      return undefined;
    }
    if (sibling.kind === 'refused') {
      this.context.findings.warning('FILE_NOT_READ', `${owner.id}: the definition file ${path}: ${sibling.reason}; the routes it declares are missing`, at);
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

  templates(node: PNode | undefined): Record<string, string> | undefined {
    const items = propEntries(node, this.intrinsics);
    if (items.length === 0) return undefined;
    return Object.fromEntries(items.map((item) => [item.key, this.string(item.value) ?? '']));
  }

  /** Uri, connection and timeout, shared by REST methods and V2 integrations. */
  /** Uri, connection and timeout of an integration, shared by REST methods and V2 integrations. */
  fillIntegration(integration: Integration, uriNode: PNode | undefined, node: PNode, owner: TemplateResource): void {
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
    // AWS::ApiGateway::Method Integration.IntegrationHttpMethod and RequestParameters (v2: IntegrationMethod).
    const httpMethod = this.string(this.prop(node, 'IntegrationHttpMethod') ?? this.prop(node, 'IntegrationMethod'));
    if (httpMethod && integration.type === 'HTTP') integration.httpMethod = httpMethod.toUpperCase();
    if (integration.type === 'HTTP' || integration.type === 'AWS') {
      const parameters = this.templates(this.prop(node, 'RequestParameters'));
      if (parameters) integration.requestParameters = parameters;
    }
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

}

function refsIn(value: CfnValue): ResourceRef[] {
  if (value instanceof Symbolic) return value.refs;
  if (Array.isArray(value)) return value.flatMap(refsIn);
  return [];
}
