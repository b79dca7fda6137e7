import type { Api, Authorizer, Integration, IntegrationResponse, PassthroughBehavior, SourceLocation, VpcLink } from '../../model/gateway';
import { lambdaFunctionName } from '../aws/arns';
import { ANY_METHOD_EXTENSION } from '../aws/routeKeys';
import type { ReaderContext } from '../formatReader';
import { entry, get, items, type PMap, type PNode, str } from '../tree';

/*
 * Reading one OpenAPI or Swagger definition: what every part of the reader needs (the
 * definition's extensions and types, the API being built and what it has named) and how its
 * values read: local `$ref`s followed, strings as a template left them (`${...}` placeholders
 * kept and reported), CloudFormation intrinsics as the text they stand for ("AWS variables for
 * OpenAPI import"). openApiDocument.ts reads a definition with it, for standalone files
 * (`readOpenApi`) and the definitions a SAM or CloudFormation template carries (`openApiToApi`).
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

export const EXTENSION = 'x-amazon-apigateway-';
export const ANY_METHOD = ANY_METHOD_EXTENSION;
/** OpenAPI operations API Gateway creates methods for (TRACE is not an API Gateway method). */
export const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);

/** Root-level extensions, from the developer guide's list; others are reported as unknown (typos). */
export const ROOT_EXTENSIONS = new Set([
  'api-key-source', 'binary-media-types', 'cors', 'documentation', 'endpoint-access-mode', 'endpoint-configuration', 'gateway-responses',
  'importexport-version', 'minimum-compression-size', 'policy', 'request-validator', 'request-validators', 'security-policy',
].map((name) => EXTENSION + name));
export const OPERATION_EXTENSIONS = new Set(['auth', 'integration', 'request-validator'].map((name) => EXTENSION + name));

/** A string read from the document: a plain scalar, or the text a CloudFormation intrinsic stands for. */
export interface Text {
  value: string;
  location: SourceLocation;
}

/** How a security scheme protects the routes that name it. */
export type SchemeUse =
  | { kind: 'authorizer'; authorizer: Authorizer }
  | { kind: 'iam' }
  | { kind: 'apiKey' }
  | { kind: 'unenforced'; reason: string }
  | { kind: 'broken' };

export interface Scheme {
  name: string;
  use: SchemeUse;
  location: SourceLocation;
  reported?: boolean;
}

export interface Signal {
  type: 'REST' | 'HTTP';
  what: string;
  location: SourceLocation;
}

export interface Validator {
  body: boolean;
  parameters: boolean;
}

export interface ReadIntegration {
  /** x-amazon-apigateway-integration.responses: each status code and its selection pattern (the key; `default` has none). */
  integrationResponses?: IntegrationResponse[];
  integration: Integration;
  requestTemplates?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  passthroughBehavior?: PassthroughBehavior;
}

/**
 * A model id from a title: lower-case letters, digits and dashes, at most 63 of them. The id
 * is the first label of the API's execute-api host name, and a DNS label holds 63 characters
 * (RFC 1035 §2.3.4): a title of 64 made every route fail to resolve.
 */
export function slugId(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
  return slug === '' ? 'openapi' : slug;
}

export const WHOLE_PLACEHOLDER = /^\$\{([^}]*)\}$/;

/** `${X.Arn}` (Fn::GetAtt as Fn::Sub writes it) names the resource X; other placeholders stand as written. */
export function referenceName(expression: string): string {
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

/** The definition being read, the API it builds, and what its parts have named so far. */
export class OpenApiReader {
  readonly findings: ReaderContext['findings'];
  readonly swagger: boolean;
  readonly refCache = new Map<string, PNode | null>();
  readonly schemes = new Map<string, Scheme>();
  readonly validators = new Map<string, Validator>();
  readonly integrationRefs = new Map<string, ReadIntegration | undefined>();
  readonly vpcLinks = new Map<string, VpcLink>();
  readonly integrationIds = new Set<string>();
  readonly warnedOnce = new Set<string>();
  type: 'REST' | 'HTTP' = 'REST';
  api!: Api;

  /**
   * @param inTemplate the definition sits in (or is included by) a CloudFormation template, whose
   * `${LogicalId}` and `${LogicalId.Attribute}` references the template reader resolves; they are
   * not reported here.
   */
  constructor(readonly root: PMap, context: ReaderContext, readonly options: OpenApiOptions, readonly inTemplate: boolean) {
    this.findings = context.findings;
    this.swagger = get(root, 'swagger') !== undefined || (get(root, 'openapi') === undefined && (get(root, 'securityDefinitions') !== undefined || get(root, 'definitions') !== undefined));
  }

  /** Follows local `$ref`s (`#/components/...`, `#/definitions/...`); others are reported and left unresolved. */
  resolve(node: PNode | undefined): PNode | undefined {
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
  pointer(ref: string): PNode | undefined {
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
  declaredAt(ref: string): SourceLocation | undefined {
    const parts = ref.split('/');
    const key = parts.pop()?.replace(/~1/g, '/').replace(/~0/g, '~');
    const parent = this.pointer(parts.join('/'));
    return key === undefined ? undefined : entry(parent, key)?.keyLocation;
  }

  once(key: string, report: () => void): void {
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
  text(node: PNode | undefined, what: string): Text | undefined {
    if (!node) return undefined;
    if (node.kind === 'scalar') {
      if (node.value === null) return undefined;
      return { value: this.placeholders(String(node.value), node.location, what), location: node.location };
    }
    const value = this.intrinsic(node, what);
    // An intrinsic's `${...}` are CloudFormation references, not placeholders of an unrendered template.
    return value === undefined ? undefined : { value, location: node.location };
  }

  placeholders(raw: string, location: SourceLocation, what: string): string {
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
  intrinsic(node: PNode, what: string): string | undefined {
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

  strings(node: PNode | undefined, what: string): string[] {
    const list = node?.kind === 'seq' ? node.items : node ? [node] : [];
    return list.map((item) => this.text(item, what)?.value).filter((value): value is string => value !== undefined);
  }

}
