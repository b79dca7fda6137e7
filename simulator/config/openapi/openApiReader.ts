import type { Api, AuthorizationType, Authorizer, EndpointType, Integration, RequestModel, Route, SourceLocation, VpcLink } from '../../model/gateway';
import { DEFAULT_REGION, defaultEndpointType, defaultStageName, emptyApi, parseEndpointType } from '../aws/apiDefaults';
import { lambdaFunctionName, serviceAction, serviceActionOfSubtype } from '../aws/arns';
import { AUTHORIZER_CACHE_TTL_SECONDS, authorizationTypeOf, defaultIdentitySources, identitySource, parseAuthorizerType, splitIdentitySource } from '../aws/authorizerKinds';
import { executeApiRegion } from '../aws/customDomains';
import { DEFAULT_CONNECTION_TYPE, HTTP_API_INTEGRATION_TYPES, INTEGRATION_TIMEOUT_LIMITS_MS, parseConnectionType, parseIntegrationType, parsePayloadFormatVersion } from '../aws/integrationTypes';
import { ANY_METHOD_EXTENSION, DEFAULT_ROUTE_KEY, pathShape, routeKey } from '../aws/routeKeys';
import { DEFAULT_API_KEY_SOURCE, parseApiKeySource } from '../aws/usagePlans';
import { ASSUMED_HTTP_VPC_LINK_TARGET, isPrivateIntegrationTarget, REST_VPC_LINK_TARGET, vpcLinkTargetOfArn } from '../aws/vpcLinkTargets';
import type { ConfigReader, ReaderContext } from '../formatReader';
import { bool, entries, entry, get, items, num, str, type PEntry, type PMap, type PNode } from '../tree';

/*
 * OpenAPI 3.0/3.1 and Swagger 2.0 definitions as API Gateway imports them: paths and
 * methods become routes, the x-amazon-apigateway-* extensions give integrations,
 * authorizers, API keys, request validation and the endpoint type. Sources: API Gateway
 * developer guide, "Working with API Gateway extensions to OpenAPI" and the page of each
 * extension; "Working with OpenAPI definitions for HTTP APIs"; "AWS variables for OpenAPI
 * import"; "Set the OpenAPI basePath property".
 *
 * The same reader serves standalone files (`readOpenApi`) and the definitions a SAM or
 * CloudFormation template carries inline or by DefinitionUri (`openApiToApi`), where
 * CloudFormation intrinsics such as Fn::Sub may stand in for strings.
 */

export interface OpenApiOptions {
  /** The model's API id. */
  id: string;
  /** Wins over info.title (CloudFormation's Name property). */
  name?: string;
  /** Wins over the region of an execute-api server URL; us-east-1 otherwise. */
  region?: string;
  /** REST or HTTP when the caller knows (AWS::Serverless::HttpApi, AWS::ApiGatewayV2::Api); otherwise told from the extensions. */
  apiType?: 'REST' | 'HTTP';
  /** Where the API is declared (the template resource, or the document). */
  location: SourceLocation;
}

const EXTENSION = 'x-amazon-apigateway-';
const ANY_METHOD = ANY_METHOD_EXTENSION;
/** OpenAPI operations API Gateway creates methods for (TRACE is not an API Gateway method). */
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);

/** Root-level extensions, from the developer guide's list; others are reported as unknown (typos). */
const ROOT_EXTENSIONS = new Set([
  'api-key-source', 'binary-media-types', 'cors', 'documentation', 'endpoint-access-mode', 'endpoint-configuration', 'gateway-responses',
  'importexport-version', 'minimum-compression-size', 'policy', 'request-validator', 'request-validators', 'security-policy',
].map((name) => EXTENSION + name));
const OPERATION_EXTENSIONS = new Set(['auth', 'integration', 'request-validator'].map((name) => EXTENSION + name));


/** A string read from the document: a plain scalar, or the text a CloudFormation intrinsic stands for. */
interface Text {
  value: string;
  location: SourceLocation;
}

/** How a security scheme protects the routes that name it. */
type SchemeUse =
  | { kind: 'authorizer'; authorizer: Authorizer }
  | { kind: 'iam' }
  | { kind: 'apiKey' }
  | { kind: 'unenforced'; reason: string }
  | { kind: 'broken' };

interface Scheme {
  name: string;
  use: SchemeUse;
  location: SourceLocation;
  reported?: boolean;
}

interface Signal {
  type: 'REST' | 'HTTP';
  what: string;
  location: SourceLocation;
}

interface Validator {
  body: boolean;
  parameters: boolean;
}

interface ReadIntegration {
  integration: Integration;
  requestTemplates?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

/** A model id from a title: lower-case letters, digits and dashes. */
export function slugId(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return slug === '' ? 'openapi' : slug;
}

const WHOLE_PLACEHOLDER = /^\$\{([^}]*)\}$/;

/** `${X.Arn}` (Fn::GetAtt as Fn::Sub writes it) names the resource X; other placeholders stand as written. */
function referenceName(expression: string): string {
  return expression.replace(/\.Arn$/, '');
}

/**
 * The function an integration or authorizer URI invokes (config/aws/arns.ts reads the AWS
 * forms); what cannot be resolved stays as written: `${GetProductFunction.Arn}` gives
 * `GetProductFunction`, a Terraform placeholder `${get_product_invoke_arn}` its name, a stage
 * variable `${stageVariables.fn}` itself.
 */
export function functionInUri(uri: string): string | undefined {
  const name = lambdaFunctionName(uri) ?? (WHOLE_PLACEHOLDER.test(uri) ? uri : undefined);
  const whole = name === undefined ? undefined : WHOLE_PLACEHOLDER.exec(name);
  if (!whole) return name;
  return whole[1].startsWith('stageVariables.') ? name : referenceName(whole[1]);
}

class OpenApiReader {
  private readonly findings: ReaderContext['findings'];
  private readonly swagger: boolean;
  private readonly refCache = new Map<string, PNode | null>();
  private readonly schemes = new Map<string, Scheme>();
  private readonly validators = new Map<string, Validator>();
  private readonly integrationRefs = new Map<string, ReadIntegration | undefined>();
  private readonly vpcLinks = new Map<string, VpcLink>();
  private readonly integrationIds = new Set<string>();
  private readonly warnedOnce = new Set<string>();
  private type: 'REST' | 'HTTP' = 'REST';
  private api!: Api;

  /**
   * @param inTemplate the definition sits in (or is included by) a CloudFormation template, whose
   * `${LogicalId}` and `${LogicalId.Attribute}` references the template reader resolves; they are
   * not reported here.
   */
  constructor(private readonly root: PMap, context: ReaderContext, private readonly options: OpenApiOptions, private readonly inTemplate: boolean) {
    this.findings = context.findings;
    this.swagger = get(root, 'swagger') !== undefined || (get(root, 'openapi') === undefined && (get(root, 'securityDefinitions') !== undefined || get(root, 'definitions') !== undefined));
  }

  read(): { api: Api; vpcLinks: VpcLink[] } {
    this.checkVersion();
    this.type = this.options.apiType ?? this.detectType();
    const title = this.options.name ?? this.text(get(get(this.root, 'info'), 'title'), 'info.title')?.value;
    if (this.swagger && this.type === 'HTTP') {
      this.findings.error('UNSUPPORTED_FEATURE', 'HTTP APIs import OpenAPI 3 definitions only, not Swagger 2.0 ("Working with OpenAPI definitions for HTTP APIs")', entry(this.root, 'swagger')?.keyLocation ?? this.options.location);
    }
    this.api = emptyApi(this.options.id, title ?? this.options.id, this.type, this.options.region ?? this.serverRegion() ?? DEFAULT_REGION, this.options.location);
    this.api.endpointType = this.endpointType();
    this.api.stages.push({ name: defaultStageName(this.type), location: this.options.location });
    this.readRootExtensions();
    this.readSecuritySchemes();
    this.readValidators();
    this.readPaths();
    return { api: this.api, vpcLinks: [...this.vpcLinks.values()] };
  }

  /* ---------------------------------------------------------------- document */

  private checkVersion(): void {
    const swagger = entry(this.root, 'swagger');
    const openapi = entry(this.root, 'openapi');
    if (swagger && !/^2(\.0)?(\.\d+)?$/.test(String(str(swagger.value)))) {
      this.findings.warning('UNSUPPORTED_VERSION', `swagger ${str(swagger.value) ?? ''}: API Gateway imports Swagger 2.0 and OpenAPI 3.0/3.1; read as Swagger 2.0`, swagger.value.location);
    }
    if (openapi && !/^3(\.[01](\.\d+)?)?$/.test(String(str(openapi.value)))) {
      this.findings.warning('UNSUPPORTED_VERSION', `openapi ${str(openapi.value) ?? ''}: API Gateway imports OpenAPI 3.0 and 3.1 (and Swagger 2.0); read as OpenAPI 3`, openapi.value.location);
    }
    for (const item of this.root.entries) {
      if (item.key.startsWith('Fn::')) {
        this.findings.warning('UNRESOLVED_REFERENCE', `the definition is computed by CloudFormation (${item.key}); its routes cannot be read`, item.keyLocation);
      }
    }
  }

  /** The region of an execute-api server URL (OpenAPI 3 `servers`, Swagger 2 `host`), as `get-export` writes it. */
  private serverRegion(): string | undefined {
    for (const server of items(get(this.root, 'servers'))) {
      const region = executeApiRegion(str(get(server, 'url')));
      if (region) return region;
    }
    return executeApiRegion(str(get(this.root, 'host')));
  }

  /**
   * x-amazon-apigateway-endpoint-configuration: at the root for Swagger 2.0, on a Server object
   * for OpenAPI 3 (both are accepted). vpcEndpointIds exist only for PRIVATE REST APIs; `types`
   * is not in the extension's documentation but is what EndpointConfiguration.Types holds, and
   * hand-written definitions use it. An export carries no endpoint type ("Import a Regional
   * API"), and import-rest-api creates an EDGE API unless told otherwise; HTTP APIs are Regional.
   */
  private endpointType(): EndpointType {
    const fallback = defaultEndpointType(this.type);
    const candidates = [get(this.root, `${EXTENSION}endpoint-configuration`), ...items(get(this.root, 'servers')).map((server) => get(server, `${EXTENSION}endpoint-configuration`))];
    const config = candidates.find((candidate) => candidate !== undefined);
    if (!config) return fallback;
    if (config.kind !== 'map') {
      this.findings.warning('INVALID_VALUE', 'x-amazon-apigateway-endpoint-configuration must be an object', config.location);
      return fallback;
    }
    const typesNode = get(config, 'types');
    const types = (typesNode?.kind === 'seq' ? typesNode.items.map(str) : [str(typesNode)]).filter((type): type is string => type !== undefined);
    if (types.length > 0) {
      const type: EndpointType | undefined = parseEndpointType(types[0]);
      if (!type) {
        this.findings.warning('INVALID_VALUE', `endpoint type ${types[0].toUpperCase()}: expected EDGE, REGIONAL or PRIVATE`, typesNode!.location);
        return fallback;
      }
      if (types.length > 1) this.findings.warning('INVALID_VALUE', `an API has one endpoint type; ${type} is used`, typesNode!.location);
      return type;
    }
    if (items(get(config, 'vpcEndpointIds')).length > 0) return 'PRIVATE';
    return fallback;
  }

  private readRootExtensions(): void {
    for (const item of this.root.entries) {
      if (!item.key.startsWith(EXTENSION)) continue;
      if (!ROOT_EXTENSIONS.has(item.key)) {
        this.findings.warning('UNKNOWN_EXTENSION', `${item.key} is not an API Gateway extension at the root of a definition; it is ignored`, item.keyLocation);
        continue;
      }
      const value = item.value;
      switch (item.key) {
        case `${EXTENSION}api-key-source`: {
          const source = parseApiKeySource(str(value));
          if (this.type === 'HTTP') this.findings.info('IGNORED_PROPERTY', 'HTTP APIs have no API keys; x-amazon-apigateway-api-key-source is ignored', item.keyLocation);
          else if (source) this.api.apiKeySource = source;
          else this.findings.warning('INVALID_VALUE', `x-amazon-apigateway-api-key-source must be HEADER or AUTHORIZER, got ${JSON.stringify(str(value) ?? null)}`, value.location);
          break;
        }
        case `${EXTENSION}security-policy`: {
          const policy = str(value);
          if (policy) this.api.securityPolicy = policy;
          break;
        }
        case `${EXTENSION}gateway-responses`:
          this.findings.info('IGNORED_PROPERTY', 'custom gateway responses are not simulated; API Gateway\'s default error responses are used', item.keyLocation);
          break;
        case `${EXTENSION}cors`:
          this.findings.info('IGNORED_PROPERTY', 'x-amazon-apigateway-cors: CORS preflight handling is not simulated', item.keyLocation);
          break;
        case `${EXTENSION}policy`:
          this.findings.info('IGNORED_PROPERTY', 'x-amazon-apigateway-policy: resource policies are not simulated; every caller is let through', item.keyLocation);
          break;
        default:
          break;
      }
    }
    if (this.type === 'REST' && !this.api.apiKeySource) this.api.apiKeySource = DEFAULT_API_KEY_SOURCE;
  }

  /* ---------------------------------------------------------------- REST or HTTP */

  /**
   * REST or HTTP, from what only one of them has (developer guide, "Choose between REST APIs
   * and HTTP APIs"; "Working with OpenAPI definitions for HTTP APIs"). Nothing either way
   * means REST: import-rest-api is what takes a plain definition.
   */
  private detectType(): 'REST' | 'HTTP' {
    const signals: Signal[] = [];
    const add = (type: Signal['type'], what: string, location: SourceLocation): void => {
      if (!signals.some((signal) => signal.type === type && signal.what === what)) signals.push({ type, what, location });
    };
    const swagger = entry(this.root, 'swagger');
    if (swagger) add('REST', 'Swagger 2.0 (HTTP APIs import OpenAPI 3 only)', swagger.keyLocation);
    for (const item of this.root.entries) {
      switch (item.key) {
        case `${EXTENSION}cors`: add('HTTP', 'x-amazon-apigateway-cors', item.keyLocation); break;
        case `${EXTENSION}importexport-version`: add('HTTP', 'x-amazon-apigateway-importexport-version', item.keyLocation); break;
        case `${EXTENSION}request-validators`:
        case `${EXTENSION}request-validator`: add('REST', 'request validators', item.keyLocation); break;
        case `${EXTENSION}api-key-source`: add('REST', 'x-amazon-apigateway-api-key-source', item.keyLocation); break;
        case `${EXTENSION}gateway-responses`: add('REST', 'gateway responses', item.keyLocation); break;
        case `${EXTENSION}binary-media-types`: add('REST', 'binary media types', item.keyLocation); break;
        case `${EXTENSION}minimum-compression-size`: add('REST', 'minimum compression size', item.keyLocation); break;
        case `${EXTENSION}policy`: add('REST', 'a resource policy', item.keyLocation); break;
        case `${EXTENSION}documentation`: add('REST', 'documentation parts', item.keyLocation); break;
        case `${EXTENSION}security-policy`: add('REST', 'x-amazon-apigateway-security-policy', item.keyLocation); break;
        default: break;
      }
    }
    const components = get(this.root, 'components');
    const shared = entry(components, `${EXTENSION}integrations`);
    if (shared) add('HTTP', 'x-amazon-apigateway-integrations', shared.keyLocation);
    const endpoint = [get(this.root, `${EXTENSION}endpoint-configuration`), ...items(get(this.root, 'servers')).map((server) => get(server, `${EXTENSION}endpoint-configuration`))].find(Boolean);
    const vpcEndpoints = entry(endpoint, 'vpcEndpointIds');
    if (vpcEndpoints) add('REST', 'VPC endpoints (private APIs)', vpcEndpoints.keyLocation);
    for (const scheme of entries(this.swagger ? get(this.root, 'securityDefinitions') : get(components, 'securitySchemes'))) {
      const authorizer = get(scheme.value, `${EXTENSION}authorizer`);
      const type = str(get(authorizer, 'type'))?.toLowerCase();
      if (type === 'jwt') add('HTTP', 'a JWT authorizer', scheme.keyLocation);
      if (type === 'token') add('REST', 'a TOKEN Lambda authorizer', scheme.keyLocation);
      if (type === 'cognito_user_pools' || str(get(scheme.value, `${EXTENSION}authtype`))?.toLowerCase() === 'cognito_user_pools') add('REST', 'a Cognito user pool authorizer', scheme.keyLocation);
      for (const key of ['authorizerPayloadFormatVersion', 'enableSimpleResponses']) {
        const found = entry(authorizer, key);
        if (found) add('HTTP', key, found.keyLocation);
      }
      if (!authorizer && !get(scheme.value, `${EXTENSION}authtype`) && str(get(scheme.value, 'type')) === 'apiKey' && str(get(scheme.value, 'name'))?.toLowerCase() === 'x-api-key') {
        add('REST', 'API keys', scheme.keyLocation);
      }
    }
    for (const path of entries(get(this.root, 'paths'))) {
      if (path.key === '/$default') add('HTTP', 'the $default route', path.keyLocation);
      for (const operation of entries(path.value)) {
        if (!METHODS.has(operation.key.toLowerCase()) && operation.key !== ANY_METHOD) continue;
        const isDefault = entry(operation.value, 'isDefaultRoute');
        if (isDefault) add('HTTP', 'isDefaultRoute', isDefault.keyLocation);
        const validator = entry(operation.value, `${EXTENSION}request-validator`);
        if (validator) add('REST', 'request validators', validator.keyLocation);
        const integration = entry(operation.value, `${EXTENSION}integration`);
        if (!integration || get(integration.value, '$ref')) continue;
        for (const key of ['payloadFormatVersion', 'integrationSubtype']) {
          const found = entry(integration.value, key);
          if (found) add('HTTP', key, found.keyLocation);
        }
        const type = str(get(integration.value, 'type'))?.toLowerCase();
        if (type === 'aws' || type === 'http' || type === 'mock') add('REST', `${type.toUpperCase()} (non-proxy) integrations`, integration.keyLocation);
        const templates = entry(integration.value, 'requestTemplates');
        if (templates) add('REST', 'mapping templates', templates.keyLocation);
        const uri = str(get(integration.value, 'uri'));
        if (uri && /^arn:[^:]*:lambda:/.test(uri)) add('HTTP', 'a Lambda function ARN as integration URI', integration.keyLocation);
      }
    }
    const rest = signals.filter((signal) => signal.type === 'REST');
    const http = signals.filter((signal) => signal.type === 'HTTP');
    const at = (signal: Signal): string => `${signal.what} (line ${signal.location.line})`;
    if (rest.length === 0 && http.length === 0) {
      this.findings.info('API_TYPE_INFERRED', 'nothing in the definition is specific to REST or HTTP APIs; read as a REST API (as import-rest-api would create it)', this.options.location);
      return 'REST';
    }
    if (rest.length === 0) return 'HTTP';
    if (http.length === 0) return 'REST';
    const type = http.length > rest.length ? 'HTTP' : 'REST';
    const [chosen, other] = type === 'HTTP' ? [http, rest] : [rest, http];
    this.findings.warning('API_TYPE_INFERRED', `read as a${type === 'HTTP' ? 'n HTTP' : ' REST'} API for ${chosen.map(at).join(', ')}; but ${other.map(at).join(', ')} belong to ${type === 'HTTP' ? 'REST' : 'HTTP'} APIs`, other[0].location);
    return type;
  }

  /* ---------------------------------------------------------------- references and text */

  /** Follows local `$ref`s (`#/components/...`, `#/definitions/...`); others are reported and left unresolved. */
  private resolve(node: PNode | undefined): PNode | undefined {
    let current = node;
    for (let hops = 0; hops < 32; hops++) {
      const refNode = get(current, '$ref');
      if (!refNode) return current;
      const ref = str(refNode);
      if (ref === undefined) return undefined;
      if (!ref.startsWith('#')) {
        this.once(`ref:${ref}:${refNode.location.line}:${refNode.location.column}`, () => this.findings.warning('UNRESOLVED_REFERENCE', `$ref ${ref}: only references inside the definition (#/...) are followed`, refNode.location));
        return undefined;
      }
      let target = this.refCache.get(ref);
      if (target === undefined) {
        target = this.pointer(ref) ?? null;
        this.refCache.set(ref, target);
      }
      if (target === null) {
        this.once(`ref:${ref}:${refNode.location.line}:${refNode.location.column}`, () => this.findings.error('DANGLING_REFERENCE', `$ref ${ref}: nothing in the definition has that path`, refNode.location));
        return undefined;
      }
      current = target;
    }
    if (node) this.findings.error('DANGLING_REFERENCE', '$ref: the references go round in a circle', node.location);
    return undefined;
  }

  /** A JSON pointer (RFC 6901) into the document. */
  private pointer(ref: string): PNode | undefined {
    let node: PNode | undefined = this.root;
    for (const raw of ref.replace(/^#\/?/, '').split('/').filter((part) => part !== '')) {
      let part: string;
      try {
        part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      } catch {
        part = raw;
      }
      node = node?.kind === 'seq' ? node.items[Number(part)] : get(node, part);
      if (!node) return undefined;
    }
    return node;
  }

  /** Where the target of a local `$ref` is declared: its key, so editors point at the name. */
  private declaredAt(ref: string): SourceLocation | undefined {
    const parts = ref.split('/');
    const key = parts.pop()?.replace(/~1/g, '/').replace(/~0/g, '~');
    const parent = this.pointer(parts.join('/'));
    return key === undefined ? undefined : entry(parent, key)?.keyLocation;
  }

  private once(key: string, report: () => void): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    report();
  }

  /**
   * A string value. CloudFormation intrinsics (a SAM DefinitionBody) give the text they stand
   * for, their references kept as `${Name}`/`${Name.Attribute}`. In a plain string, `${...}`
   * is left by a template that was not rendered (Terraform templatefile, a `DefinitionUri`
   * file that is not transformed): kept as written and reported, except the AWS variables
   * API Gateway resolves on import (`${AWS::Region}`, ...), stage variables, which API Gateway
   * resolves per stage, and, inside a template, the `${LogicalId.Attribute}` references its
   * reader already substituted. Terraform's escape `$${...}` is the literal `${...}`.
   */
  private text(node: PNode | undefined, what: string): Text | undefined {
    if (!node) return undefined;
    if (node.kind === 'scalar') {
      if (node.value === null) return undefined;
      return { value: this.placeholders(String(node.value), node.location, what), location: node.location };
    }
    const value = this.intrinsic(node, what);
    // An intrinsic's `${...}` are CloudFormation references, not placeholders of an unrendered template.
    return value === undefined ? undefined : { value, location: node.location };
  }

  private placeholders(raw: string, location: SourceLocation, what: string): string {
    if (!raw.includes('${')) return raw;
    return raw.replace(/(\$?)\$\{([^}]*)\}/g, (match: string, escape: string, expression: string) => {
      if (expression.startsWith('stageVariables.')) {
        this.once(`stage:${expression}:${location.line}:${location.column}`, () => this.findings.info('STAGE_VARIABLE', `${what}: \${${expression}} is a stage variable, resolved per stage when a request arrives; it is kept as written`, location));
      } else if (!escape && !expression.startsWith('AWS::') && !(this.inTemplate && /^[A-Za-z0-9]+(\.[A-Za-z0-9.]+)?$/.test(expression))) {
        this.once(`placeholder:${expression}:${location.line}:${location.column}`, () => this.findings.info('UNRESOLVED_PLACEHOLDER', `${what}: \${${expression}} is a template placeholder that was not filled in (a Terraform templatefile, or a file no template engine rendered); it is kept symbolic`, location));
      }
      return escape ? match.slice(1) : match;
    });
  }

  /** The text a CloudFormation intrinsic stands for, or undefined (reported) when it cannot be known. */
  private intrinsic(node: PNode, what: string): string | undefined {
    if (node.kind === 'scalar') return node.value === null ? undefined : String(node.value);
    const only = node.kind === 'map' && node.entries.length === 1 ? node.entries[0] : undefined;
    if (!only || !(only.key === 'Ref' || only.key.startsWith('Fn::'))) {
      this.findings.warning('INVALID_VALUE', `${what} must be a string`, node.location);
      return undefined;
    }
    const unresolved = (): undefined => {
      this.findings.warning('UNRESOLVED_REFERENCE', `${what}: ${only.key} cannot be resolved without deploying the template; it is left out`, node.location);
      return undefined;
    };
    const value = only.value;
    switch (only.key) {
      case 'Ref':
        return str(value) === undefined ? unresolved() : `\${${str(value)}}`;
      case 'Fn::GetAtt': {
        const parts = value.kind === 'seq' ? value.items.map(str) : (str(value) ?? '').split('.');
        return parts.length >= 2 && parts.every((part) => part !== undefined) ? `\${${parts.join('.')}}` : unresolved();
      }
      case 'Fn::Sub': {
        const template = value.kind === 'seq' ? str(value.items[0]) : str(value);
        if (template === undefined) return unresolved();
        const variables = value.kind === 'seq' ? value.items[1] : undefined;
        return template.replace(/\$\{([^}!]*)\}/g, (match: string, name: string) => {
          const variable = get(variables, name);
          return variable ? (this.intrinsic(variable, what) ?? match) : match;
        }).replace(/\$\{!/g, '${');
      }
      case 'Fn::Join': {
        const delimiter = value.kind === 'seq' ? str(value.items[0]) : undefined;
        const parts = value.kind === 'seq' ? items(value.items[1]).map((part) => this.intrinsic(part, what)) : [];
        return delimiter === undefined || parts.some((part) => part === undefined) ? unresolved() : parts.join(delimiter);
      }
      default:
        return unresolved();
    }
  }

  private strings(node: PNode | undefined, what: string): string[] {
    const list = node?.kind === 'seq' ? node.items : node ? [node] : [];
    return list.map((item) => this.text(item, what)?.value).filter((value): value is string => value !== undefined);
  }

  /* ---------------------------------------------------------------- security */

  private readSecuritySchemes(): void {
    const definitions = this.swagger ? get(this.root, 'securityDefinitions') : get(get(this.root, 'components'), 'securitySchemes');
    for (const item of entries(definitions)) {
      const scheme = this.resolve(item.value);
      const use = scheme?.kind === 'map' ? this.schemeUse(item, scheme) : { kind: 'broken' as const };
      if (use.kind === 'authorizer') this.api.authorizers.push(use.authorizer);
      this.schemes.set(item.key, { name: item.key, use, location: item.keyLocation });
    }
  }

  /** What a security scheme does in API Gateway (x-amazon-apigateway-authorizer, -authtype; API keys). */
  private schemeUse(item: PEntry, scheme: PMap): SchemeUse {
    const extension = entry(scheme, `${EXTENSION}authorizer`);
    const authtype = str(get(scheme, `${EXTENSION}authtype`));
    if (extension) {
      const authorizer = this.readAuthorizer(item, scheme, this.resolve(extension.value), extension);
      return authorizer ? { kind: 'authorizer', authorizer } : { kind: 'broken' };
    }
    // "the term awsSigv4 is a reserved term, along with any term prefixed by aws" (x-amazon-apigateway-authtype).
    if (authtype && authtype.toLowerCase().startsWith('aws')) return { kind: 'iam' };
    if (authtype?.toLowerCase() === 'cognito_user_pools') {
      this.findings.warning('MISSING_PROPERTY', `security scheme ${item.key}: x-amazon-apigateway-authtype cognito_user_pools without an x-amazon-apigateway-authorizer naming the user pools (providerARNs)`, item.keyLocation);
      return { kind: 'authorizer', authorizer: { id: item.key, name: item.key, type: 'COGNITO_USER_POOLS', identitySources: [`method.request.header.${str(get(scheme, 'name')) ?? 'Authorization'}`], location: item.keyLocation } };
    }
    const type = str(get(scheme, 'type'));
    if (type === 'apiKey' && !authtype) {
      const name = str(get(scheme, 'name')) ?? '';
      if (name.toLowerCase() !== 'x-api-key' || str(get(scheme, 'in')) !== 'header') {
        this.findings.warning('INVALID_VALUE', `security scheme ${item.key}: API Gateway reads API keys from the X-API-Key header only (or from a Lambda authorizer), not from ${str(get(scheme, 'in')) ?? 'header'} ${name}`, item.keyLocation);
      }
      return { kind: 'apiKey' };
    }
    return { kind: 'unenforced', reason: authtype ? `x-amazon-apigateway-authtype ${authtype} without an x-amazon-apigateway-authorizer` : `a ${type ?? 'typeless'} scheme without an x-amazon-apigateway-authorizer` };
  }

  private readAuthorizer(item: PEntry, scheme: PMap, extension: PNode | undefined, declared: PEntry): Authorizer | undefined {
    const what = `authorizer ${item.key}`;
    if (extension?.kind !== 'map') {
      this.findings.error('INVALID_VALUE', `${what}: x-amazon-apigateway-authorizer must be an object`, declared.keyLocation);
      return undefined;
    }
    const typeNode = get(extension, 'type');
    const typeName = str(typeNode);
    const type = parseAuthorizerType(typeName);
    if (!type) {
      this.findings.error(typeName ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${what}: type must be token, request, cognito_user_pools or jwt${typeName ? `, got ${JSON.stringify(typeName)}` : ''}`, typeNode?.location ?? declared.keyLocation);
      return undefined;
    }
    const http = this.type === 'HTTP';
    const parameterName = str(get(scheme, 'name'));
    const inQuery = str(get(scheme, 'in')) === 'query';
    // A single header or query parameter named by the scheme, unless "Unused" (authorizer examples).
    const fromScheme = parameterName && parameterName !== 'Unused' ? [identitySource(this.type, inQuery ? 'querystring' : 'header', parameterName)] : [];
    const declaredText = this.text(get(extension, 'identitySource'), `${what} identitySource`)?.value;
    const declaredSources = declaredText === undefined ? undefined : splitIdentitySource(declaredText);
    // A REST REQUEST authorizer named by a scheme reads the Authorization header when nothing else is said (authorizer examples).
    const fallback = type === 'REQUEST' && !http ? [identitySource(this.type, 'header', 'Authorization')] : defaultIdentitySources(this.type, type);
    const identitySources = declaredSources && declaredSources.length > 0 ? declaredSources : fromScheme.length > 0 ? fromScheme : fallback;
    const authorizer: Authorizer = { id: item.key, name: item.key, type, identitySources, location: item.keyLocation };
    if (type === 'TOKEN' || type === 'REQUEST') {
      const uriNode = get(extension, 'authorizerUri');
      const uri = this.text(uriNode, `${what} authorizerUri`);
      const functionName = uri ? functionInUri(uri.value) : undefined;
      if (functionName) authorizer.functionName = functionName;
      else if (uri) this.findings.warning('INVALID_VALUE', `${what}: authorizerUri is not a Lambda function URI`, uri.location);
      else if (!uriNode) this.findings.error('MISSING_PROPERTY', `${what}: a Lambda authorizer needs authorizerUri`, declared.keyLocation);
      const ttlNode = get(extension, 'authorizerResultTtlInSeconds');
      const ttl = num(ttlNode);
      if (ttl !== undefined && ttl >= 0 && ttl <= AUTHORIZER_CACHE_TTL_SECONDS.max) authorizer.resultTtlSeconds = ttl;
      else if (ttlNode) this.findings.warning('INVALID_VALUE', `${what}: authorizerResultTtlInSeconds must be 0 to ${AUTHORIZER_CACHE_TTL_SECONDS.max}`, ttlNode.location);
    }
    if (type === 'COGNITO_USER_POOLS') {
      const pools = this.strings(get(extension, 'providerARNs'), `${what} providerARNs`);
      if (pools.length > 0) authorizer.userPoolArns = pools;
      else this.findings.warning('MISSING_PROPERTY', `${what}: a Cognito user pool authorizer needs providerARNs`, declared.keyLocation);
    }
    if (type === 'JWT') {
      const configuration = get(extension, 'jwtConfiguration');
      const issuer = this.text(get(configuration, 'issuer'), `${what} issuer`)?.value
        // openIdConnectUrl stands for the issuer when jwtConfiguration has none (authorizer examples for HTTP APIs).
        ?? this.text(get(scheme, 'openIdConnectUrl'), `${what} openIdConnectUrl`)?.value.replace(/\/\.well-known\/openid-configuration\/?$/, '');
      if (issuer) authorizer.issuer = issuer;
      else this.findings.error('MISSING_PROPERTY', `${what}: a JWT authorizer needs jwtConfiguration.issuer (or an openIdConnectUrl)`, declared.keyLocation);
      const audience = this.strings(get(configuration, 'audience'), `${what} audience`);
      if (audience.length > 0) authorizer.audience = audience;
    }
    return authorizer;
  }

  /** The authorization of an operation: its `security` (or the definition's), x-amazon-apigateway-auth, API keys. */
  private routeAuthorization(operation: PMap, route: Route): void {
    const security = get(operation, 'security') ?? get(this.root, 'security');
    const guards: { scheme: Scheme; location: SourceLocation }[] = [];
    for (const requirement of items(security)) {
      for (const item of entries(requirement)) {
        // SAM writes `security: [{NONE: []}]` for `Authorizer: NONE`: no authorizer on this route.
        if (item.key === 'NONE' && !this.schemes.has('NONE')) continue;
        const scheme = this.schemes.get(item.key);
        if (!scheme) {
          this.findings.error('DANGLING_REFERENCE', `${route.key}: security scheme ${item.key} is not defined in ${this.swagger ? 'securityDefinitions' : 'components.securitySchemes'}`, item.keyLocation);
          continue;
        }
        const use = scheme.use;
        if (use.kind === 'apiKey') route.apiKeyRequired = true;
        else if (use.kind === 'authorizer' || use.kind === 'iam') {
          if (!guards.some((guard) => guard.scheme === scheme)) guards.push({ scheme, location: item.keyLocation });
        } else if (use.kind === 'unenforced' && !scheme.reported) {
          scheme.reported = true;
          this.findings.warning('UNSUPPORTED_SECURITY_SCHEME', `security scheme ${scheme.name}: ${use.reason}; API Gateway does not enforce it, so its routes are open`, scheme.location);
        }
      }
    }
    if (guards.length > 1) {
      // "Each operation can have only one of IAM authorization, a Lambda authorizer, or a JWT authorizer" (HTTP API import); REST methods likewise have one authorization type.
      const message = `${route.key}: API Gateway applies one authorizer to a route, not ${guards.map((guard) => guard.scheme.name).join(' and ')}; ${guards[0].scheme.name} is used`;
      if (this.type === 'HTTP') this.findings.error('UNSUPPORTED_FEATURE', message, guards[1].location);
      else this.findings.warning('UNSUPPORTED_FEATURE', message, guards[1].location);
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
        this.findings.warning('INVALID_VALUE', `${route.key}: x-amazon-apigateway-auth type must be AWS_IAM or NONE`, typeNode?.location ?? auth.keyLocation);
      }
    }
  }

  /* ---------------------------------------------------------------- request validation */

  private readValidators(): void {
    const node = entry(this.root, `${EXTENSION}request-validators`);
    if (!node) return;
    if (this.type === 'HTTP') {
      this.findings.info('IGNORED_PROPERTY', 'HTTP APIs do not validate requests; x-amazon-apigateway-request-validators is ignored', node.keyLocation);
      return;
    }
    for (const item of entries(node.value)) {
      this.validators.set(item.key, { body: bool(get(item.value, 'validateRequestBody')) ?? false, parameters: bool(get(item.value, 'validateRequestParameters')) ?? false });
    }
  }

  /** x-amazon-apigateway-request-validator of the operation, or the definition's default. */
  private applyValidator(operation: PMap, route: Route): void {
    if (this.type === 'HTTP') return;
    const node = get(operation, `${EXTENSION}request-validator`) ?? get(this.root, `${EXTENSION}request-validator`);
    const name = str(node);
    if (!node || name === undefined) return;
    const validator = this.validators.get(name);
    if (!validator) {
      this.once(`validator:${name}:${node.location.line}`, () => this.findings.error('DANGLING_REFERENCE', `${route.key}: request validator ${JSON.stringify(name)} is not in x-amazon-apigateway-request-validators`, node.location));
      return;
    }
    route.validateBody = validator.body;
    route.validateParameters = validator.parameters;
  }

  /**
   * Required query strings and headers as method request parameters (`method.request.querystring.q`),
   * and the required top-level properties of the JSON body model. Path parameters are always
   * present once the route matches, so they are not listed.
   */
  private requestShape(pathItem: PNode | undefined, operation: PMap, route: Route): void {
    const parameters = new Map<string, PNode>();
    for (const source of [get(pathItem, 'parameters'), get(operation, 'parameters')]) {
      for (const raw of items(source)) {
        const parameter = this.resolve(raw);
        if (!parameter) continue;
        parameters.set(`${str(get(parameter, 'in'))}:${str(get(parameter, 'name'))}`, parameter);
      }
    }
    const required: string[] = [];
    let bodySchema: PNode | undefined;
    for (const parameter of parameters.values()) {
      const where = str(get(parameter, 'in'));
      const name = str(get(parameter, 'name'));
      if (where === 'body') bodySchema = get(parameter, 'schema');
      if (!name || bool(get(parameter, 'required')) !== true) continue;
      if (where === 'query') required.push(`method.request.querystring.${name}`);
      if (where === 'header') required.push(`method.request.header.${name}`);
    }
    if (required.length > 0) route.requiredParameters = required;
    let contentType = 'application/json';
    if (this.swagger) {
      const consumes = items(get(operation, 'consumes') ?? get(this.root, 'consumes')).map(str).filter((type): type is string => type !== undefined);
      contentType = consumes.includes('application/json') || consumes.length === 0 ? 'application/json' : consumes[0];
    } else {
      const body = this.resolve(get(operation, 'requestBody'));
      const content = entries(get(body, 'content'));
      const chosen = content.find((item) => item.key === 'application/json') ?? content[0];
      if (chosen) {
        contentType = chosen.key;
        bodySchema = get(chosen.value, 'schema');
      }
    }
    if (!bodySchema || !this.resolve(bodySchema)) return;
    const model: RequestModel = { contentType, required: this.requiredProperties(bodySchema, 0), location: bodySchema.location };
    route.requestModel = model;
  }

  /** `required` of a schema, through `$ref` and `allOf`. */
  private requiredProperties(node: PNode, depth: number): string[] {
    const schema = this.resolve(node);
    if (!schema || depth > 16) return [];
    const required = items(get(schema, 'required')).map(str).filter((name): name is string => name !== undefined);
    for (const part of items(get(schema, 'allOf'))) required.push(...this.requiredProperties(part, depth + 1));
    return [...new Set(required)];
  }

  /* ---------------------------------------------------------------- paths and integrations */

  private readPaths(): void {
    const pathsEntry = entry(this.root, 'paths');
    if (!pathsEntry || pathsEntry.value.kind !== 'map' || pathsEntry.value.entries.length === 0) {
      this.findings.warning('NO_ROUTES', 'the definition has no paths, so the API has no routes', pathsEntry?.keyLocation ?? this.options.location);
      return;
    }
    const shapes = new Map<string, Route>();
    for (const pathEntry of pathsEntry.value.entries) {
      const path = pathEntry.key;
      if (path.startsWith('x-')) continue;
      if (!path.startsWith('/')) {
        this.findings.warning('INVALID_VALUE', `path ${JSON.stringify(path)} must start with /; it is left out`, pathEntry.keyLocation);
        continue;
      }
      const pathItem = this.resolve(pathEntry.value);
      for (const operationEntry of entries(pathItem)) {
        const key = operationEntry.key;
        let method: string;
        if (METHODS.has(key.toLowerCase())) method = key.toUpperCase();
        else if (key === ANY_METHOD) method = 'ANY';
        else {
          if (key.toLowerCase() === 'trace') this.findings.warning('UNSUPPORTED_FEATURE', `${path}: API Gateway has no TRACE method; the operation is left out`, operationEntry.keyLocation);
          else if (key.startsWith(EXTENSION)) this.findings.warning('UNKNOWN_EXTENSION', `${key} is not an API Gateway extension of a path; it is ignored`, operationEntry.keyLocation);
          continue;
        }
        const operation = operationEntry.value;
        if (operation.kind !== 'map') {
          this.findings.warning('INVALID_VALUE', `${method} ${path}: an operation must be an object`, operationEntry.keyLocation);
          continue;
        }
        const route = this.readRoute(path, method, pathItem, operation, operationEntry.keyLocation);
        // API Gateway matches /a/{id} and /a/{key} alike: two such resources cannot coexist.
        const shape = `${method} ${route.key === DEFAULT_ROUTE_KEY ? DEFAULT_ROUTE_KEY : pathShape(path)}`;
        const earlier = shapes.get(shape);
        if (earlier) {
          this.findings.error('CONFLICTING_ROUTES', `${route.key} is declared twice or conflicts with ${earlier.key} (line ${earlier.location?.line ?? '?'}); the later one is left out`, operationEntry.keyLocation);
          continue;
        }
        shapes.set(shape, route);
        this.api.routes.push(route);
      }
    }
  }

  private readRoute(path: string, method: string, pathItem: PNode | undefined, operation: PMap, location: SourceLocation): Route {
    let key = routeKey(method, path);
    const isDefault = bool(get(operation, 'isDefaultRoute')) === true || path === `/${DEFAULT_ROUTE_KEY}`;
    if (isDefault && this.type === 'HTTP') key = DEFAULT_ROUTE_KEY;
    else if (isDefault) this.findings.warning('UNSUPPORTED_FEATURE', `${key}: REST APIs have no $default route (a greedy ANY /{proxy+} plays that part)`, location);
    const route: Route = { key, authorizationType: 'NONE', location };
    for (const item of operation.entries) {
      if (item.key.startsWith(EXTENSION) && !OPERATION_EXTENSIONS.has(item.key)) {
        this.findings.warning('UNKNOWN_EXTENSION', `${item.key} is not an API Gateway extension of an operation; it is ignored`, item.keyLocation);
      }
    }
    this.routeAuthorization(operation, route);
    this.applyValidator(operation, route);
    this.requestShape(pathItem, operation, route);
    const read = this.readIntegration(operation, route);
    if (read) {
      route.integrationId = read.integration.id;
      if (read.requestTemplates) route.requestTemplates = read.requestTemplates;
      if (read.responseTemplates) route.responseTemplates = read.responseTemplates;
    }
    return route;
  }

  private readIntegration(operation: PMap, route: Route): ReadIntegration | undefined {
    const declared = entry(operation, `${EXTENSION}integration`);
    if (!declared) return undefined;
    const ref = str(get(declared.value, '$ref'));
    if (ref !== undefined) {
      // x-amazon-apigateway-integrations: one integration shared by several routes (HTTP APIs).
      if (this.integrationRefs.has(ref)) return this.integrationRefs.get(ref);
      const node = this.resolve(declared.value);
      const read = node ? this.buildIntegration(node, ref.split('/').pop() || route.key, this.declaredAt(ref) ?? node.location, route) : undefined;
      this.integrationRefs.set(ref, read);
      return read;
    }
    const operationId = str(get(operation, 'operationId'));
    return this.buildIntegration(declared.value, operationId && !this.integrationIds.has(operationId) ? operationId : route.key, declared.keyLocation, route);
  }

  private buildIntegration(node: PNode, preferredId: string, location: SourceLocation, route: Route): ReadIntegration | undefined {
    const what = `${route.key} integration`;
    if (node.kind !== 'map') {
      this.findings.error('INVALID_VALUE', `${what}: x-amazon-apigateway-integration must be an object`, location);
      return undefined;
    }
    const typeNode = get(node, 'type');
    const typeName = this.text(typeNode, `${what} type`)?.value;
    const type = parseIntegrationType(typeName);
    if (!type) {
      if (typeName && WHOLE_PLACEHOLDER.test(typeName)) return undefined;
      this.findings.error(typeName ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${what}: type must be aws_proxy, aws, http_proxy, http or mock${typeName ? `, got ${JSON.stringify(typeName)}` : ''}`, typeNode?.location ?? location);
      return undefined;
    }
    if (this.type === 'HTTP' && !HTTP_API_INTEGRATION_TYPES.includes(type)) {
      // "HTTP APIs support only Lambda proxy and HTTP proxy integrations" (import warning).
      this.findings.warning('UNSUPPORTED_FEATURE', `${what}: HTTP APIs have no ${type} integrations (only AWS_PROXY and HTTP_PROXY); the integration is left out`, typeNode?.location ?? location);
      return undefined;
    }
    let id = preferredId;
    for (let suffix = 2; this.integrationIds.has(id); suffix++) id = `${preferredId}#${suffix}`;
    this.integrationIds.add(id);
    const integration: Integration = { id, type, location };
    const uriNode = get(node, 'uri');
    const uri = this.text(uriNode, `${what} uri`);
    const subtype = str(get(node, 'integrationSubtype'));
    if (type === 'AWS_PROXY' || type === 'AWS') {
      const functionName = uri ? functionInUri(uri.value) : undefined;
      const action = uri ? serviceAction(uri.value) : undefined;
      if (functionName) integration.functionName = functionName;
      else if (action) {
        integration.serviceAction = action;
        integration.uri = uri!.value;
      } else if (subtype) integration.serviceAction = serviceActionOfSubtype(subtype); // HTTP API AWS service integration, e.g. SQS-SendMessage
      else if (uri) {
        integration.uri = uri.value;
        this.findings.warning('INVALID_VALUE', `${what}: uri is neither a Lambda function nor an AWS service action ARN`, uri.location);
      } else if (!uriNode) {
        this.findings.error('MISSING_PROPERTY', `${what}: an ${type} integration needs a uri`, location);
      }
    } else if (type === 'HTTP_PROXY' || type === 'HTTP') {
      if (uri) integration.uri = uri.value;
      else if (!uriNode) this.findings.error('MISSING_PROPERTY', `${what}: an ${type} integration needs a uri`, location);
    }
    this.readTimeout(node, integration, what);
    this.readConnection(node, integration, uri, what);
    if (integration.uri && isPrivateIntegrationTarget(integration.uri) && (type === 'HTTP_PROXY' || type === 'HTTP')) {
      // An HTTP API private integration names the load balancer listener or Cloud Map service by ARN
      // ("Working with private integrations for HTTP APIs"); that is the VPC link's target, not a URL
      // to call, so the model's uri stays empty and requests keep their path.
      if (integration.connectionType !== 'VPC_LINK') this.findings.warning('INVALID_VALUE', `${what}: an ARN as uri names the target of a private integration; without connectionType VPC_LINK it is not a URL API Gateway can call`, uri!.location);
      delete integration.uri;
    }
    if (this.type === 'HTTP' && type === 'AWS_PROXY' && !subtype) integration.payloadFormatVersion = this.payloadFormatVersion(node, what);
    this.api.integrations.push(integration);
    const read: ReadIntegration = { integration };
    const requestTemplates = this.templates(get(node, 'requestTemplates'), `${what} requestTemplates`);
    if (requestTemplates) read.requestTemplates = requestTemplates;
    const responses = entries(get(node, 'responses'));
    // The default response's templates; else those of the first 2xx response (x-amazon-apigateway-integration.responses).
    const response = responses.find((item) => item.key === 'default' && get(item.value, 'responseTemplates'))
      ?? responses.find((item) => /^2/.test(str(get(item.value, 'statusCode')) ?? '') && get(item.value, 'responseTemplates'));
    const responseTemplates = response ? this.templates(get(response.value, 'responseTemplates'), `${what} responseTemplates`) : undefined;
    if (responseTemplates) read.responseTemplates = responseTemplates;
    return read;
  }

  private readTimeout(node: PMap, integration: Integration, what: string): void {
    const timeoutNode = get(node, 'timeoutInMillis');
    if (!timeoutNode) return;
    const timeout = num(timeoutNode);
    if (timeout === undefined) {
      this.text(timeoutNode, `${what} timeoutInMillis`);
      if (!/\$\{/.test(String(str(timeoutNode)))) this.findings.warning('INVALID_VALUE', `${what}: timeoutInMillis must be a number`, timeoutNode.location);
      return;
    }
    const limits = INTEGRATION_TIMEOUT_LIMITS_MS;
    if (timeout < limits.min || timeout > limits.max) this.findings.warning('INVALID_VALUE', `${what}: timeoutInMillis ${timeout} is outside ${limits.min} to ${limits.max}`, timeoutNode.location);
    else integration.timeoutMs = timeout;
  }

  private readConnection(node: PMap, integration: Integration, uri: Text | undefined, what: string): void {
    const connectionTypeNode = get(node, 'connectionType');
    const written = str(connectionTypeNode);
    const connectionType = parseConnectionType(written);
    const connectionIdEntry = entry(node, 'connectionId');
    if (written === undefined || connectionType === 'INTERNET') {
      integration.connectionType = DEFAULT_CONNECTION_TYPE;
      if (connectionIdEntry) this.findings.warning('IGNORED_PROPERTY', `${what}: connectionId is used only with connectionType VPC_LINK`, connectionIdEntry.keyLocation);
      return;
    }
    if (connectionType !== 'VPC_LINK') {
      this.findings.warning('INVALID_VALUE', `${what}: connectionType must be INTERNET or VPC_LINK`, connectionTypeNode!.location);
      return;
    }
    integration.connectionType = 'VPC_LINK';
    const connectionId = this.text(connectionIdEntry?.value, `${what} connectionId`);
    if (!connectionId || !connectionIdEntry) {
      this.findings.error('MISSING_PROPERTY', `${what}: a VPC_LINK connection needs connectionId (the VPC link's id)`, connectionTypeNode!.location);
      return;
    }
    const id = connectionId.value.replace(WHOLE_PLACEHOLDER, (_match: string, expression: string) => (expression.startsWith('stageVariables.') ? _match : referenceName(expression)));
    integration.vpcLinkId = id;
    if (this.vpcLinks.has(id)) return;
    // An HTTP API's VPC link names its target by the integration uri.
    let target = REST_VPC_LINK_TARGET;
    if (this.type === 'HTTP') {
      const named = vpcLinkTargetOfArn(uri?.value ?? '');
      if (named) target = named;
      else {
        target = ASSUMED_HTTP_VPC_LINK_TARGET;
        this.findings.info('VPC_LINK_TARGET_ASSUMED', `${what}: the uri names no load balancer listener or Cloud Map service; VPC link ${id} is taken to front an ALB`, uri?.location ?? connectionIdEntry.keyLocation);
      }
    }
    this.vpcLinks.set(id, { id, name: id, target, location: connectionIdEntry.keyLocation });
  }

  /** HTTP API Lambda payload format: "1.0" or "2.0" (YAML may read either as a number). */
  private payloadFormatVersion(node: PMap, what: string): '1.0' | '2.0' {
    const versionNode = get(node, 'payloadFormatVersion');
    if (!versionNode) return '2.0';
    const version = parsePayloadFormatVersion(num(versionNode));
    if (version) return version;
    this.findings.warning('INVALID_VALUE', `${what}: payloadFormatVersion must be 1.0 or 2.0; 2.0 is used`, versionNode.location);
    return '2.0';
  }

  private templates(node: PNode | undefined, what: string): Record<string, string> | undefined {
    if (!node) return undefined;
    const templates: Record<string, string> = {};
    for (const item of entries(node)) {
      if (item.value.kind === 'scalar') templates[item.key] = item.value.value === null ? '' : String(item.value.value);
      else this.findings.warning('INVALID_VALUE', `${what}: the template for ${item.key} must be a string`, item.value.location);
    }
    return Object.keys(templates).length > 0 ? templates : undefined;
  }
}

/**
 * Reads an OpenAPI 3 or Swagger 2 definition as API Gateway imports it: the API (REST or HTTP,
 * told from the extensions unless `options.apiType` says), its routes, integrations and
 * authorizers, and the VPC links its integrations name. Problems become findings; nothing throws.
 */
export function openApiToApi(
  document: PNode,
  context: ReaderContext,
  options: { id: string; name?: string; region?: string; apiType?: 'REST' | 'HTTP'; location: SourceLocation },
): { api: Api; vpcLinks: VpcLink[] } {
  if (document.kind !== 'map') {
    context.findings.error('INVALID_VALUE', 'an OpenAPI definition must be an object', document.location);
    const type = options.apiType ?? 'REST';
    const api = emptyApi(options.id, options.name ?? options.id, type, options.region ?? DEFAULT_REGION, options.location);
    api.stages.push({ name: defaultStageName(type), location: options.location });
    return { api, vpcLinks: [] };
  }
  return new OpenApiReader(document, context, options, true).read();
}

/** A standalone OpenAPI/Swagger file: the API is named by info.title, its id a slug of it. */
export const readOpenApi: ConfigReader = (input, context) => {
  const tree = input.tree;
  if (!tree) return { apis: [], vpcLinks: [] };
  const title = get(get(tree, 'info'), 'title');
  const name = title?.kind === 'scalar' && title.value !== null ? String(title.value) : undefined;
  if (!name) context.findings.warning('MISSING_PROPERTY', 'info.title is missing; the API is named "openapi"', get(tree, 'info')?.location ?? tree.location);
  const location = title?.location ?? entry(tree, 'openapi')?.keyLocation ?? entry(tree, 'swagger')?.keyLocation ?? tree.location;
  if (tree.kind !== 'map') {
    context.findings.error('INVALID_VALUE', 'an OpenAPI definition must be an object', tree.location);
    return { apis: [], vpcLinks: [] };
  }
  const { api, vpcLinks } = new OpenApiReader(tree, context, { id: slugId(name ?? ''), location }, false).read();
  return { apis: [api], vpcLinks };
};
