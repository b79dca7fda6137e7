import type { Api, Authorizer, CustomDomain, EndpointType, Integration, Route, SourceLocation, Stage } from '../../model/gateway';
import { defaultEndpointType, emptyApi } from '../aws/apiDefaults';
import { serviceAction, serviceActionUri } from '../aws/arns';
import { authorizationTypeOf, defaultIdentitySources, identitySource } from '../aws/authorizerKinds';
import { parsePayloadFormatVersion } from '../aws/integrationTypes';
import { ANY_METHOD_EXTENSION, DEFAULT_ROUTE_KEY, normalizeRouteKey, routeKey } from '../aws/routeKeys';
import { parseApiKeySource } from '../aws/usagePlans';
import type { ConfigReader } from '../formatReader';
import { entries, get, type PEntry, type PNode } from '../tree';
import { finishTemplate, readApiParts, readApiResources, reportTransforms } from './cloudFormationTemplate';
import {
  declaredAt, intrinsicName, propEntries, propItems, referencedResource, resolveStrings, resolveValue, Symbolic, type TemplateResource,
} from './intrinsics';
import { TemplateReader } from './templateReader';
import { readMethodSettings } from './templateRestApis';
import { attachUsagePlan, usagePlanById, usagePlanFrom } from './templateSharedFeatures';
import { readRouteSettings } from './templateV2Apis';

/*
 * AWS SAM templates (Transform: AWS::Serverless-2016-10-31), read the way the SAM translator
 * expands them (AWS SAM Developer Guide, "AWS SAM resources and properties"; the translator's
 * samtranslator/model/api and eventsources/push.py):
 *
 * - Globals (Function, Api, HttpApi) merge into each resource: maps merged, lists prepended,
 *   scalars replaced by the resource's own value (DG "Globals section of the AWS SAM template").
 * - AWS::Serverless::Api and AWS::Serverless::HttpApi become REST and HTTP APIs; function
 *   events of Type Api / HttpApi become their routes, with a Lambda proxy integration.
 * - Events without RestApiId/ApiId go to the implicit APIs SAM names ServerlessRestApi
 *   (stage Prod) and ServerlessHttpApi (stage $default).
 * - SAM adds event routes only to definitions it manages: with your own DefinitionBody or
 *   DefinitionUri, Api events add nothing (unless MergeDefinitions); HttpApi events are added
 *   to an inline DefinitionBody when the route is not there yet.
 * - Everything else (WebSocket APIs, WAF associations, plain API Gateway resources) is plain
 *   CloudFormation, read by TemplateReader.
 */

const FUNCTION = 'AWS::Serverless::Function';
const REST_API = 'AWS::Serverless::Api';
const HTTP_API = 'AWS::Serverless::HttpApi';
const STATE_MACHINE = 'AWS::Serverless::StateMachine';
const IMPLICIT_REST_API = 'ServerlessRestApi';
const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** Properties the Globals section accepts (SAM docs/globals.rst, "Supported Resources and Properties"). */
const GLOBAL_PROPERTIES: Record<string, string[]> = {
  Function: [
    'Handler', 'Runtime', 'CodeUri', 'DeadLetterQueue', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', 'Environment', 'Tags', 'Tracing',
    'KmsKeyArn', 'Layers', 'AutoPublishAlias', 'DeploymentPreference', 'RolePath', 'PermissionsBoundary', 'ReservedConcurrentExecutions',
    'ProvisionedConcurrencyConfig', 'AssumeRolePolicyDocument', 'EventInvokeConfig', 'Architectures', 'EphemeralStorage', 'SnapStart',
    'RuntimeManagementConfig', 'LoggingConfig', 'FileSystemConfigs', 'PropagateTags', 'AutoPublishAliasAllProperties', 'RecursiveLoop',
    'SourceKMSKeyArn', 'CapacityProviderConfig', 'FunctionScalingConfig', 'PublishToLatestPublished', 'TenancyConfig',
  ],
  Api: [
    'Auth', 'Name', 'DefinitionUri', 'MergeDefinitions', 'CacheClusterEnabled', 'CacheClusterSize', 'Variables', 'EndpointConfiguration',
    'MethodSettings', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Cors', 'GatewayResponses', 'AccessLogSetting', 'CanarySetting',
    'TracingEnabled', 'OpenApiVersion', 'Domain', 'AlwaysDeploy', 'PropagateTags', 'SecurityPolicy', 'EndpointAccessMode',
  ],
  HttpApi: ['Auth', 'AccessLogSettings', 'StageVariables', 'Tags', 'PropagateTags', 'CorsConfiguration', 'DefaultRouteSettings', 'RouteSettings', 'Domain', 'FailOnWarnings'],
  SimpleTable: ['SSESpecification', 'PointInTimeRecoverySpecification'],
  LayerVersion: ['PublishLambdaVersion'],
  StateMachine: ['PropagateTags'],
};

const GLOBAL_TYPES: Record<string, string> = {
  Function: FUNCTION, Api: REST_API, HttpApi: HTTP_API, SimpleTable: 'AWS::Serverless::SimpleTable', LayerVersion: 'AWS::Serverless::LayerVersion', StateMachine: STATE_MACHINE,
};

/** Globals merged into a resource's properties: maps merged (the resource wins), lists prepended, scalars replaced. */
function mergeGlobals(global: PNode, local: PNode | undefined): PNode {
  if (!local) return global;
  if (global.kind === 'map' && local.kind === 'map' && !intrinsicName(global) && !intrinsicName(local)) {
    const merged: PEntry[] = global.entries.map((item) => {
      const own = local.entries.find((candidate) => candidate.key === item.key);
      return own ? { ...own, value: mergeGlobals(item.value, own.value) } : item;
    });
    for (const own of local.entries) if (!global.entries.some((item) => item.key === own.key)) merged.push(own);
    return { kind: 'map', location: local.location, entries: merged };
  }
  if (global.kind === 'seq' && local.kind === 'seq') return { kind: 'seq', location: local.location, items: [...global.items, ...local.items] };
  return local;
}

/** SAM writes Auth.Authorizers into the definition: one of the same name there is replaced. */
function addAuthorizer(api: Api, authorizer: Authorizer): void {
  const index = api.authorizers.findIndex((candidate) => candidate.id === authorizer.id);
  if (index >= 0) api.authorizers.splice(index, 1, authorizer);
  else api.authorizers.push(authorizer);
}

interface SamApi {
  api: Api;
  resource: TemplateResource;
  stage: Stage;
  /** SAM writes the definition (no DefinitionBody/DefinitionUri of yours): events add routes. */
  managed: boolean;
  /** An inline DefinitionBody (HttpApi events are still added to it). */
  inlineBody: boolean;
  mergeDefinitions: boolean;
  defaultAuthorizer?: string;
  apiKeyRequired: boolean;
  authToPreflight: boolean;
  apiKeyToPreflight: boolean;
  iamAuthorizer: boolean;
  cors?: SourceLocation;
  models: Map<string, string[]>;
  /** Routes that came from your definition (SAM applies the API's default auth to them too). */
  definitionRoutes: Set<Route>;
}

class SamReader {
  private readonly apis = new Map<string, SamApi>();
  private readonly globals: PNode | undefined;
  private sharedPlanAttached = false;
  /** Each Globals section with only the properties SAM supports there. */
  private readonly supportedGlobals = new Map<string, PNode>();

  constructor(private readonly reader: TemplateReader) {
    this.globals = get(reader.tree, 'Globals');
  }

  private get findings() {
    return this.reader.context.findings;
  }

  /** Globals merged into each resource, unsupported global properties reported. */
  applyGlobals(): void {
    for (const section of entries(this.globals)) {
      const allowed = GLOBAL_PROPERTIES[section.key];
      if (!allowed) {
        this.findings.error('INVALID_GLOBALS', `Globals.${section.key} is not a section SAM knows (${Object.keys(GLOBAL_PROPERTIES).join(', ')})`, section.keyLocation);
        continue;
      }
      for (const property of entries(section.value)) {
        if (!allowed.includes(property.key)) this.findings.error('INVALID_GLOBALS', `Globals.${section.key}.${property.key} is not supported in Globals; SAM rejects the template`, property.keyLocation);
      }
      // Only what SAM would merge: an unsupported global is reported above, not applied.
      const supported: PNode = section.value.kind === 'map' ? { ...section.value, entries: section.value.entries.filter((item) => allowed.includes(item.key)) } : section.value;
      this.supportedGlobals.set(section.key, supported);
      const type = GLOBAL_TYPES[section.key];
      for (const resource of this.reader.intrinsics.resources.values()) {
        if (resource.type === type) resource.properties = mergeGlobals(supported, resource.properties);
      }
    }
  }

  /** The logical ids SAM generates, so references to them (`!Ref MyApiProdStage`) are not dangling. */
  registerGenerated(): void {
    const generated = this.reader.intrinsics.generatedResources;
    for (const id of [IMPLICIT_REST_API, `${IMPLICIT_REST_API}ProdStage`, `${IMPLICIT_REST_API}Deployment`, IMPLICIT_HTTP_API, `${IMPLICIT_HTTP_API}ApiGatewayDefaultStage`, 'ServerlessUsagePlan', 'ServerlessApiKey', 'ServerlessUsagePlanKey']) generated.add(id);
    for (const resource of this.reader.intrinsics.resources.values()) {
      if (resource.type === REST_API || resource.type === HTTP_API) {
        const stage = this.reader.literal(this.reader.prop(resource.properties, 'StageName')) ?? (resource.type === HTTP_API ? '$default' : '');
        generated.add(stage === '$default' ? `${resource.id}ApiGatewayDefaultStage` : `${resource.id}${stage.replace(/[^A-Za-z0-9]/g, '')}Stage`);
        for (const suffix of ['Deployment', 'UsagePlan', 'ApiKey', 'UsagePlanKey', 'DomainName', 'BasePathMapping', 'ApiMapping']) generated.add(`${resource.id}${suffix}`);
      } else if (resource.type === FUNCTION) {
        for (const suffix of ['Role', 'Version', 'Alias', 'Url']) generated.add(`${resource.id}${suffix}`);
      }
    }
  }

  /* ---- APIs ---- */

  readRestApi(resource: TemplateResource, implicit = false): SamApi {
    const reader = this.reader;
    const props = reader.properties(resource);
    const location = resource.location;
    const name = reader.string(reader.prop(props, 'Name'));
    let stageName = implicit ? 'Prod' : reader.string(reader.prop(props, 'StageName'));
    if (!stageName) {
      this.findings.error('MISSING_PROPERTY', `${resource.id}: StageName is required for AWS::Serverless::Api`, location);
      stageName = 'Prod';
    }
    let api = emptyApi(resource.id, name ?? resource.id, 'REST', reader.region, location);
    const { imported, managed, inline } = this.definition(resource, props, 'REST', name, implicit);
    if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, type: 'REST', location, stages: [] };
    // EndpointConfiguration is a string or {Type, VPCEndpointIds} (AWS::Serverless::Api); API Gateway's default is EDGE.
    const endpointNode = reader.prop(props, 'EndpointConfiguration');
    const endpoint = this.endpointType(endpointNode?.kind === 'map' && !intrinsicName(endpointNode) ? reader.prop(endpointNode, 'Type') : endpointNode);
    if (endpoint) api.endpointType = endpoint;
    const keySource = parseApiKeySource(reader.literal(reader.prop(props, 'ApiKeySourceType')));
    if (keySource) api.apiKeySource = keySource;
    const policy = reader.literal(reader.prop(props, 'SecurityPolicy'));
    if (policy) api.securityPolicy = policy;
    const stage = reader.stage(api, stageName, location);
    readMethodSettings(reader, api, stage, reader.prop(props, 'MethodSettings'));
    const sam: SamApi = {
      api, resource, stage, managed, inlineBody: inline, mergeDefinitions: reader.boolean(reader.prop(props, 'MergeDefinitions')) ?? false,
      apiKeyRequired: false, authToPreflight: true, apiKeyToPreflight: true, iamAuthorizer: false, models: new Map(), definitionRoutes: new Set(api.routes),
    };
    this.readRestAuth(sam, reader.prop(props, 'Auth'));
    for (const model of propEntries(reader.prop(props, 'Models'), reader.intrinsics)) {
      const schema = resolveValue(model.value, reader.intrinsics) as { required?: unknown } | undefined;
      sam.models.set(model.key, Array.isArray(schema?.required) ? schema.required.filter((item): item is string => typeof item === 'string') : []);
    }
    const cors = reader.prop(props, 'Cors');
    if (cors) {
      if (managed || inline) sam.cors = reader.declared(props, 'Cors');
      else this.findings.error('UNSUPPORTED_FEATURE', `${resource.id}: Cors works only with an inline DefinitionBody (or none); SAM rejects it with DefinitionUri`, cors.location);
    }
    this.readDomain(api, reader.prop(props, 'Domain'), reader.declared(props, 'Domain'), 'REGIONAL');
    const responses = reader.prop(props, 'GatewayResponses');
    if (responses) this.findings.info('IGNORED_PROPERTY', `${resource.id}: customized gateway responses are not simulated; API Gateway's defaults are used`, responses.location);
    reader.apis.set(resource.id, api);
    this.apis.set(resource.id, sam);
    return sam;
  }

  private endpointType(node: PNode | undefined): EndpointType | undefined {
    return this.reader.endpointType(node);
  }

  /** DefinitionBody (inline) or DefinitionUri (a local file; S3 is reported) through openapi/openApiReader.ts. */
  private definition(resource: TemplateResource, props: PNode | undefined, apiType: 'REST' | 'HTTP', name: string | undefined, implicit: boolean): { imported?: Api; managed: boolean; inline: boolean } {
    const reader = this.reader;
    if (implicit) return { managed: true, inline: false };
    const body = reader.prop(props, 'DefinitionBody');
    if (body) return { imported: reader.importOpenApi(body, resource, apiType, name), managed: false, inline: intrinsicName(body) !== 'Fn::Transform' };
    const uri = reader.prop(props, 'DefinitionUri');
    if (!uri) return { managed: true, inline: false };
    if (uri.kind === 'map' && !intrinsicName(uri)) {
      this.findings.warning('MISSING_FILE', `${resource.id}: the definition is in S3 (${reader.describeS3(uri)}) and cannot be read here; the routes it declares are missing`, uri.location);
      return { managed: false, inline: false };
    }
    const path = reader.string(uri);
    if (!path) return { managed: false, inline: false };
    const document = reader.readSiblingDocument(path, resource, uri.location);
    return { imported: document ? reader.importOpenApi(document, resource, apiType, name) : undefined, managed: false, inline: false };
  }

  /** Auth of an AWS::Serverless::Api (SAM "ApiAuth": Authorizers, DefaultAuthorizer, ApiKeyRequired, UsagePlan, ResourcePolicy). */
  private readRestAuth(sam: SamApi, auth: PNode | undefined): void {
    if (!auth) return;
    const reader = this.reader;
    const { api, resource } = sam;
    if (!sam.managed && !sam.inlineBody) {
      this.findings.error('UNSUPPORTED_FEATURE', `${resource.id}: Auth works only with an inline DefinitionBody (or none); SAM rejects it with DefinitionUri`, auth.location);
    }
    for (const item of propEntries(reader.prop(auth, 'Authorizers'), reader.intrinsics)) {
      const config = item.value;
      const identity = reader.prop(config, 'Identity');
      const header = reader.string(reader.prop(identity, 'Header')) ?? 'Authorization';
      const authorizer: Authorizer = { id: item.key, name: item.key, type: 'TOKEN', identitySources: [], location: declaredAt(item.keyLocation, config) };
      const pools = reader.prop(config, 'UserPoolArn');
      if (pools) {
        authorizer.type = 'COGNITO_USER_POOLS';
        authorizer.userPoolArns = resolveStrings(pools, reader.intrinsics);
        authorizer.identitySources = [identitySource('REST', 'header', header)];
      } else {
        const functionName = reader.functionFrom(reader.prop(config, 'FunctionArn'));
        if (functionName) authorizer.functionName = functionName;
        else this.findings.error('MISSING_PROPERTY', `${resource.id}: authorizer ${item.key} needs a FunctionArn or a UserPoolArn`, config.location);
        // FunctionPayloadType defaults to TOKEN; REQUEST identity sources come from Headers,
        // QueryStrings, StageVariables and Context (SAM "LambdaRequestAuthorizationIdentity").
        authorizer.type = reader.literal(reader.prop(config, 'FunctionPayloadType'))?.toUpperCase() === 'REQUEST' ? 'REQUEST' : 'TOKEN';
        authorizer.identitySources = authorizer.type === 'TOKEN' ? [identitySource('REST', 'header', header)] : [
          ...resolveStrings(reader.prop(identity, 'Headers'), reader.intrinsics).map((name) => identitySource('REST', 'header', name)),
          ...resolveStrings(reader.prop(identity, 'QueryStrings'), reader.intrinsics).map((name) => identitySource('REST', 'querystring', name)),
          ...resolveStrings(reader.prop(identity, 'StageVariables'), reader.intrinsics).map((name) => `stageVariables.${name}`),
          ...resolveStrings(reader.prop(identity, 'Context'), reader.intrinsics).map((name) => `context.${name}`),
        ];
        const ttl = reader.number(reader.prop(identity, 'ReauthorizeEvery'));
        if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
      }
      addAuthorizer(api, authorizer);
    }
    const defaultNode = reader.prop(auth, 'DefaultAuthorizer');
    sam.defaultAuthorizer = reader.string(defaultNode);
    if (sam.defaultAuthorizer && sam.defaultAuthorizer !== 'AWS_IAM' && !api.authorizers.some((authorizer) => authorizer.id === sam.defaultAuthorizer)) {
      this.findings.error('DANGLING_REFERENCE', `${resource.id}: DefaultAuthorizer ${sam.defaultAuthorizer} is not one of Auth.Authorizers`, defaultNode!.location);
    }
    sam.apiKeyRequired = reader.boolean(reader.prop(auth, 'ApiKeyRequired')) ?? false;
    sam.authToPreflight = reader.boolean(reader.prop(auth, 'AddDefaultAuthorizerToCorsPreflight')) ?? true;
    sam.apiKeyToPreflight = reader.boolean(reader.prop(auth, 'AddApiKeyRequiredToCorsPreflight')) ?? true;
    const policy = reader.prop(auth, 'ResourcePolicy');
    if (policy) this.findings.info('IGNORED_PROPERTY', `${resource.id}: resource policies are not simulated; every caller is let through them`, policy.location);
    this.readUsagePlan(sam, reader.prop(auth, 'UsagePlan'), reader.declared(auth, 'UsagePlan'));
  }

  /**
   * Auth.UsagePlan: PER_API makes <Api>UsagePlan with key <Api>ApiKey; SHARED one
   * ServerlessUsagePlan with ServerlessApiKey for every API that says SHARED (SAM "ApiUsagePlan").
   */
  private readUsagePlan(sam: SamApi, node: PNode | undefined, location: SourceLocation | undefined): void {
    if (!node || !location) return;
    const reader = this.reader;
    const mode = reader.literal(reader.prop(node, 'CreateUsagePlan'))?.toUpperCase();
    if (mode === 'NONE') return;
    if (mode !== 'PER_API' && mode !== 'SHARED') {
      this.findings.error('INVALID_VALUE', `${sam.resource.id}: UsagePlan.CreateUsagePlan must be PER_API, SHARED or NONE`, node.location);
      return;
    }
    const id = mode === 'SHARED' ? 'ServerlessUsagePlan' : `${sam.resource.id}UsagePlan`;
    let plan = usagePlanById(reader, id);
    if (!plan || (mode === 'SHARED' && !this.sharedPlanAttached)) {
      const name = reader.string(reader.prop(node, 'UsagePlanName')) ?? id;
      plan = usagePlanFrom(reader, id, name, reader.prop(node, 'Throttle'), reader.prop(node, 'Quota'), location);
      plan.apiKeys.push(mode === 'SHARED' ? 'ServerlessApiKey' : `${sam.resource.id}ApiKey`);
      if (mode === 'SHARED') this.sharedPlanAttached = true;
    }
    attachUsagePlan(sam.api, plan);
  }

  private readDomain(api: Api, node: PNode | undefined, location: SourceLocation | undefined, fallback: EndpointType): void {
    if (!node || !location) return;
    const reader = this.reader;
    const domainName = reader.string(reader.prop(node, 'DomainName'));
    if (!domainName) {
      this.findings.error('MISSING_PROPERTY', `${api.id}: Domain.DomainName is required`, node.location);
      return;
    }
    // SAM's custom domain EndpointConfiguration defaults to REGIONAL (samtranslator api_generator).
    const domain: CustomDomain = { domainName, endpointType: this.endpointType(reader.prop(node, 'EndpointConfiguration')) ?? fallback, location };
    const policy = reader.literal(reader.prop(node, 'SecurityPolicy'));
    if (policy) domain.securityPolicy = policy;
    api.customDomain = domain;
    if (api.type === 'REST' && policy && !api.securityPolicy) api.securityPolicy = policy;
  }

  readHttpApi(resource: TemplateResource, implicit = false): SamApi {
    const reader = this.reader;
    const props = reader.properties(resource);
    const location = resource.location;
    const name = reader.string(reader.prop(props, 'Name'));
    // StageName defaults to $default, the auto-deployed stage (SAM AWS::Serverless::HttpApi StageName).
    const stageName = (implicit ? undefined : reader.string(reader.prop(props, 'StageName'))) ?? '$default';
    let api = emptyApi(resource.id, name ?? resource.id, 'HTTP', reader.region, location);
    const { imported, managed, inline } = this.definition(resource, props, 'HTTP', name, implicit);
    if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, type: 'HTTP', endpointType: defaultEndpointType('HTTP'), location, stages: [] };
    const stage = reader.stage(api, stageName, location);
    readRouteSettings(reader, api, stage, reader.prop(props, 'DefaultRouteSettings'), reader.prop(props, 'RouteSettings'));
    const sam: SamApi = {
      api, resource, stage, managed, inlineBody: inline, mergeDefinitions: false, apiKeyRequired: false, authToPreflight: false, apiKeyToPreflight: false,
      iamAuthorizer: false, models: new Map(), definitionRoutes: new Set(api.routes),
    };
    this.readHttpAuth(sam, reader.prop(props, 'Auth'));
    this.readDomain(api, reader.prop(props, 'Domain'), reader.declared(props, 'Domain'), 'REGIONAL');
    reader.apis.set(resource.id, api);
    this.apis.set(resource.id, sam);
    return sam;
  }

  /** Auth of an AWS::Serverless::HttpApi (SAM "HttpApiAuth": OAuth2/JWT and Lambda authorizers). */
  private readHttpAuth(sam: SamApi, auth: PNode | undefined): void {
    if (!auth) return;
    const reader = this.reader;
    const { api, resource } = sam;
    for (const item of propEntries(reader.prop(auth, 'Authorizers'), reader.intrinsics)) {
      const config = item.value;
      const jwt = reader.prop(config, 'JwtConfiguration');
      const authorizer: Authorizer = { id: item.key, name: item.key, type: 'JWT', identitySources: [], location: declaredAt(item.keyLocation, config) };
      if (jwt) {
        // SAM wants the OpenAPI spelling (issuer, audience) but accepts CloudFormation's capitalized keys too.
        const issuer = reader.string(reader.prop(jwt, 'issuer') ?? reader.prop(jwt, 'Issuer'));
        if (issuer) authorizer.issuer = issuer;
        else this.findings.error('MISSING_PROPERTY', `${resource.id}: JWT authorizer ${item.key} needs JwtConfiguration.issuer`, jwt.location);
        const audience = resolveStrings(reader.prop(jwt, 'audience') ?? reader.prop(jwt, 'Audience'), reader.intrinsics);
        if (audience.length > 0) authorizer.audience = audience;
        const identity = reader.string(reader.prop(config, 'IdentitySource'));
        authorizer.identitySources = identity ? [identity] : defaultIdentitySources('HTTP', 'JWT');
      } else {
        authorizer.type = 'REQUEST';
        const functionName = reader.functionFrom(reader.prop(config, 'FunctionArn'));
        if (functionName) authorizer.functionName = functionName;
        else this.findings.error('MISSING_PROPERTY', `${resource.id}: authorizer ${item.key} needs JwtConfiguration or a FunctionArn`, config.location);
        const identity = reader.prop(config, 'Identity');
        authorizer.identitySources = [
          ...resolveStrings(reader.prop(identity, 'Headers'), reader.intrinsics).map((name) => identitySource('HTTP', 'header', name)),
          ...resolveStrings(reader.prop(identity, 'QueryStrings'), reader.intrinsics).map((name) => identitySource('HTTP', 'querystring', name)),
          ...resolveStrings(reader.prop(identity, 'StageVariables'), reader.intrinsics).map((name) => `$stageVariables.${name}`),
          ...resolveStrings(reader.prop(identity, 'Context'), reader.intrinsics).map((name) => `$context.${name}`),
        ];
        const ttl = reader.number(reader.prop(identity, 'ReauthorizeEvery'));
        if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
      }
      addAuthorizer(api, authorizer);
    }
    sam.iamAuthorizer = reader.boolean(reader.prop(auth, 'EnableIamAuthorizer')) ?? false;
    const defaultNode = reader.prop(auth, 'DefaultAuthorizer');
    sam.defaultAuthorizer = reader.string(defaultNode);
    if (sam.defaultAuthorizer && !(sam.defaultAuthorizer === 'AWS_IAM' && sam.iamAuthorizer) && !api.authorizers.some((authorizer) => authorizer.id === sam.defaultAuthorizer)) {
      this.findings.error('DANGLING_REFERENCE', `${resource.id}: DefaultAuthorizer ${sam.defaultAuthorizer} is not one of Auth.Authorizers`, defaultNode!.location);
    }
  }

  /** ServerlessRestApi / ServerlessHttpApi, made on the first event that needs one, configured by Globals.Api / Globals.HttpApi. */
  private implicitApi(type: 'REST' | 'HTTP', event: PNode, eventKey: SourceLocation): SamApi {
    const id = type === 'REST' ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
    const existing = this.apis.get(id);
    if (existing) return existing;
    const resource: TemplateResource = {
      id, type: type === 'REST' ? REST_API : HTTP_API, node: event, keyLocation: eventKey, location: declaredAt(eventKey, event),
      properties: this.supportedGlobals.get(type === 'REST' ? 'Api' : 'HttpApi'),
    };
    return type === 'REST' ? this.readRestApi(resource, true) : this.readHttpApi(resource, true);
  }

  /** The SAM API an event's RestApiId / ApiId names, or the implicit one. */
  private eventApi(type: 'REST' | 'HTTP', idNode: PNode | undefined, event: PEntry, owner: TemplateResource): SamApi | undefined {
    if (!idNode) return this.implicitApi(type, event.value, event.keyLocation);
    const reader = this.reader;
    // RestApiId/ApiId is a Ref or the logical id as a plain string (samtranslator push.py get_rest_api_id_string).
    const value = resolveValue(idNode, reader.intrinsics);
    if (value instanceof Symbolic && value.refs.length === 0) return undefined; // a dangling reference, already reported
    const target = referencedResource(idNode, reader.intrinsics)?.resource ?? reader.string(idNode);
    const sam = target ? this.apis.get(target) : undefined;
    const wanted = type === 'REST' ? REST_API : HTTP_API;
    if (sam && sam.resource.type === wanted) return sam;
    if (target && reader.skipped.has(target)) return undefined;
    // SAM: "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template."
    this.findings.error('INVALID_REFERENCE', `${owner.id} event ${event.key}: ${type === 'REST' ? 'RestApiId' : 'ApiId'} must refer to an ${wanted} of this template${target ? `, not ${target}` : ''}`, idNode.location);
    return undefined;
  }

  /* ---- events ---- */

  readEvents(): void {
    const reader = this.reader;
    for (const owner of reader.ofType(FUNCTION, STATE_MACHINE)) {
      const props = reader.properties(owner);
      for (const event of propEntries(reader.prop(props, 'Events'), reader.intrinsics)) {
        const type = reader.literal(reader.prop(event.value, 'Type'));
        const eventProps = reader.prop(event.value, 'Properties');
        if (type === 'Api') this.restEvent(owner, event, eventProps);
        else if (type === 'HttpApi' && owner.type === FUNCTION) this.httpEvent(owner, event, eventProps);
      }
    }
  }

  private integrationFor(owner: TemplateResource, event: PEntry, api: Api): Integration {
    if (owner.type === STATE_MACHINE) {
      // A state machine's Api event starts an execution through an AWS integration (SAM StateMachine "Api" event).
      const uri = serviceActionUri(api.region, 'states', 'StartExecution');
      return { id: `${owner.id}${event.key}`, type: 'AWS', serviceAction: serviceAction(uri), uri, connectionType: 'INTERNET', location: declaredAt(event.keyLocation, event.value) };
    }
    return { id: `${owner.id}${event.key}`, type: 'AWS_PROXY', functionName: this.reader.functionName(owner.id), connectionType: 'INTERNET', location: declaredAt(event.keyLocation, event.value) };
  }

  /** A function's `Type: Api` event (SAM "Api" event source). */
  private restEvent(owner: TemplateResource, event: PEntry, props: PNode | undefined): void {
    const reader = this.reader;
    const path = reader.string(reader.prop(props, 'Path'));
    const method = reader.string(reader.prop(props, 'Method'));
    if (!path || !method) {
      this.findings.error('MISSING_PROPERTY', `${owner.id} event ${event.key}: an Api event needs Path and Method`, declaredAt(event.keyLocation, event.value));
      return;
    }
    const sam = this.eventApi('REST', reader.prop(props, 'RestApiId'), event, owner);
    if (!sam) return;
    const { api } = sam;
    const key = routeKey(method, path);
    if (!sam.managed && !sam.mergeDefinitions) {
      if (!reader.routeOf(api, key)) {
        this.findings.info('EVENT_NOT_IN_DEFINITION', `${owner.id} event ${event.key}: ${key} is not in ${api.name}'s definition, and SAM does not add event routes to a definition you provide (set MergeDefinitions); the event only lets API Gateway invoke the function`, declaredAt(event.keyLocation, event.value));
      }
      return;
    }
    if (sam.mergeDefinitions) {
      reader.removeRoute(api, key); // "for a conflicting key, use SAM generated value"
    }
    const integration = this.integrationFor(owner, event, api);
    const timeout = reader.number(reader.prop(props, 'TimeoutInMillis'));
    if (timeout !== undefined) integration.timeoutMs = timeout;
    const route: Route = { key, authorizationType: 'NONE', integrationId: integration.id, location: declaredAt(event.keyLocation, event.value) };
    const auth = reader.prop(props, 'Auth');
    this.applyAuth(sam, route, reader.string(reader.prop(auth, 'Authorizer')) ?? sam.defaultAuthorizer, reader.prop(auth, 'Authorizer')?.location ?? route.location!);
    const apiKeyRequired = reader.boolean(reader.prop(auth, 'ApiKeyRequired')) ?? sam.apiKeyRequired;
    if (apiKeyRequired) route.apiKeyRequired = true;
    const model = reader.prop(props, 'RequestModel');
    const modelLocation = reader.declared(props, 'RequestModel');
    if (model && modelLocation) {
      const modelName = reader.string(reader.prop(model, 'Model'));
      const required = modelName ? sam.models.get(modelName) : undefined;
      if (!modelName || !required) {
        this.findings.error('DANGLING_REFERENCE', `${owner.id} event ${event.key}: RequestModel ${modelName ?? '?'} is not one of the Models of ${api.name}`, modelLocation);
      } else {
        route.requestModel = { contentType: 'application/json', required, location: modelLocation };
      }
      const validateBody = reader.boolean(reader.prop(model, 'ValidateBody'));
      const validateParameters = reader.boolean(reader.prop(model, 'ValidateParameters'));
      // Either set means both are set, the other false (samtranslator push.py, RequestModel validators).
      if (validateBody !== undefined || validateParameters !== undefined) {
        route.validateBody = validateBody ?? false;
        route.validateParameters = validateParameters ?? false;
      }
    }
    const required: string[] = [];
    for (const parameter of propItems(reader.prop(props, 'RequestParameters'), reader.intrinsics)) {
      if (parameter.kind === 'map') {
        const first = propEntries(parameter, reader.intrinsics)[0];
        if (first && reader.boolean(reader.prop(first.value, 'Required'))) required.push(first.key);
      }
    }
    if (required.length > 0) route.requiredParameters = required;
    api.integrations.push(integration);
    this.reader.addRoute(api, route);
  }

  /** A function's `Type: HttpApi` event (SAM "HttpApi" event source). */
  private httpEvent(owner: TemplateResource, event: PEntry, props: PNode | undefined): void {
    const reader = this.reader;
    const path = reader.string(reader.prop(props, 'Path'));
    const method = reader.string(reader.prop(props, 'Method'));
    if ((path === undefined) !== (method === undefined)) {
      this.findings.error('MISSING_PROPERTY', `${owner.id} event ${event.key}: give both Path and Method, or neither for the $default route`, declaredAt(event.keyLocation, event.value));
      return;
    }
    const sam = this.eventApi('HTTP', reader.prop(props, 'ApiId'), event, owner);
    if (!sam) return;
    const { api } = sam;
    // No Path and Method: the $default route with the ANY method; Method ANY on $default is the same route
    // (samtranslator implicit_http_api_plugin: "If no path and method specified, add the $default path and ANY method").
    const any = method === undefined || method.toLowerCase() === 'any' || method === ANY_METHOD_EXTENSION;
    const key = path === undefined || (path === DEFAULT_ROUTE_KEY && any) ? DEFAULT_ROUTE_KEY : normalizeRouteKey(`${any ? 'ANY' : method} ${path}`, 'HTTP');
    if (!sam.managed && !sam.inlineBody) {
      if (!reader.routeOf(api, key)) {
        this.findings.info('EVENT_NOT_IN_DEFINITION', `${owner.id} event ${event.key}: ${key} is not in ${api.name}'s DefinitionUri file, and SAM adds event routes only to an inline DefinitionBody; the event only lets API Gateway invoke the function`, declaredAt(event.keyLocation, event.value));
      }
      return;
    }
    const existing = reader.routeOf(api, key);
    if (existing && sam.inlineBody && !sam.managed) return; // "we will add lambda integrations to existing swagger if not present"
    const integration = this.integrationFor(owner, event, api);
    const version = reader.literal(reader.prop(props, 'PayloadFormatVersion'));
    // SAM writes payloadFormatVersion 2.0 unless the event says otherwise (samtranslator open_api add_lambda_integration).
    integration.payloadFormatVersion = parsePayloadFormatVersion(version) === '1.0' ? '1.0' : '2.0';
    const timeout = reader.number(reader.prop(props, 'TimeoutInMillis'));
    if (timeout !== undefined) integration.timeoutMs = timeout;
    const route: Route = { key, authorizationType: 'NONE', integrationId: integration.id, location: declaredAt(event.keyLocation, event.value) };
    const auth = reader.prop(props, 'Auth');
    this.applyAuth(sam, route, reader.string(reader.prop(auth, 'Authorizer')) ?? sam.defaultAuthorizer, reader.prop(auth, 'Authorizer')?.location ?? route.location!);
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

  /** An authorizer name (or NONE / AWS_IAM) on a route. */
  private applyAuth(sam: SamApi, route: Route, name: string | undefined, at: SourceLocation): void {
    if (!name || name === 'NONE') {
      if (name === 'NONE' && !sam.defaultAuthorizer) {
        this.findings.error('INVALID_VALUE', `${route.key}: Authorizer NONE is only valid when the API has a DefaultAuthorizer`, at);
      }
      return;
    }
    if (name === 'AWS_IAM' && (sam.api.type === 'REST' || sam.iamAuthorizer)) {
      route.authorizationType = 'AWS_IAM';
      return;
    }
    route.authorizerId = name;
    const authorizer = sam.api.authorizers.find((candidate) => candidate.id === name);
    route.authorizationType = authorizer ? authorizationTypeOf(authorizer.type) : 'CUSTOM';
  }

  /** What SAM applies to the whole definition: default auth and API keys on your own routes, CORS preflight routes. */
  finishApis(): void {
    for (const sam of this.apis.values()) {
      const { api } = sam;
      for (const route of sam.definitionRoutes) {
        const preflight = route.key.startsWith('OPTIONS ');
        if (sam.defaultAuthorizer && route.authorizationType === 'NONE' && !route.authorizerId && (!preflight || sam.authToPreflight)) {
          this.applyAuth(sam, route, sam.defaultAuthorizer, sam.resource.location);
        }
        if (sam.apiKeyRequired && route.apiKeyRequired === undefined && (!preflight || sam.apiKeyToPreflight)) route.apiKeyRequired = true;
      }
      if (!sam.cors || api.type !== 'REST') continue;
      // Cors adds an OPTIONS method with a MOCK integration to every path (samtranslator api_generator _add_cors).
      const paths = [...new Set(api.routes.map((route) => route.key.slice(route.key.indexOf(' ') + 1)))];
      const integration: Integration = { id: `${api.id}CorsPreflight`, type: 'MOCK', connectionType: 'INTERNET', location: sam.cors };
      let added = false;
      for (const path of paths) {
        const normalized = path !== '/' ? path.replace(/\/$/, '') : path;
        const key = `OPTIONS ${normalized}`;
        if (this.reader.routeOf(api, key)) continue;
        const route: Route = { key, authorizationType: 'NONE', integrationId: integration.id, location: sam.cors };
        if (sam.authToPreflight && sam.defaultAuthorizer) this.applyAuth(sam, route, sam.defaultAuthorizer, sam.cors);
        if (sam.apiKeyRequired && sam.apiKeyToPreflight) route.apiKeyRequired = true;
        this.reader.addRoute(api, route);
        added = true;
      }
      if (added) api.integrations.push(integration);
    }
  }

  /** AWS::Serverless::* types this reader does not turn into gateway elements. */
  reportUnmodeled(): void {
    for (const resource of this.reader.resources()) {
      if (!resource.type.startsWith('AWS::Serverless::') || [FUNCTION, REST_API, HTTP_API].includes(resource.type)) continue;
      if (resource.type === STATE_MACHINE) continue;
      const note = resource.type === 'AWS::Serverless::WebSocketApi' ? '; declare WebSocket APIs with AWS::ApiGatewayV2 resources to simulate them' : '';
      this.findings.info('IGNORED_RESOURCE', `${resource.id}: ${resource.type} is not part of the gateway model${note}`, resource.location);
    }
  }
}

/** An AWS SAM template: SAM resources and events, plus any plain CloudFormation API Gateway resources in it. */
export const readSam: ConfigReader = (input, context) => {
  const reader = new TemplateReader(input.tree, context);
  reportTransforms(input.tree, context);
  const sam = new SamReader(reader);
  sam.applyGlobals();
  sam.registerGenerated();
  for (const type of [FUNCTION, REST_API, HTTP_API, STATE_MACHINE]) reader.handledTypes.add(type);
  readApiResources(reader, {
    [REST_API]: (resource) => sam.readRestApi(resource),
    [HTTP_API]: (resource) => sam.readHttpApi(resource),
  });
  sam.readEvents();
  readApiParts(reader);
  sam.finishApis();
  sam.reportUnmodeled();
  return finishTemplate(reader);
};
