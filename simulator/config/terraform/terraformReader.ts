import { ConfigError } from '../../errors';
import type { Api, ApiType, Authorizer, AuthorizerType, CustomDomain, GatewayModel, Integration, Route, SourceLocation, Stage, Throttle, UsagePlan, VpcLink } from '../../model/gateway';
import { throttleOrAccountLimit } from '../aws/accountThrottle';
import { DEFAULT_ROUTE_SELECTION_EXPRESSION, defaultEndpointType, defaultStageName, emptyApi, parseEndpointType } from '../aws/apiDefaults';
import { lambdaFunctionName, serviceAction, serviceActionOfSubtype, webAclName } from '../aws/arns';
import { defaultIdentitySources, parseAuthorizationType, parseAuthorizerType, REST_AUTHORIZATION_TYPES, splitIdentitySource, V2_AUTHORIZATION_TYPES } from '../aws/authorizerKinds';
import { defaultDomainEndpointType, mapCustomDomain } from '../aws/customDomains';
import { parseConnectionType, parseIntegrationType, parsePayloadFormatVersion, quickCreate } from '../aws/integrationTypes';
import { decodeResourcePath, HTTP_METHODS, normalizeRouteKey, routeKey } from '../aws/routeKeys';
import { DEFAULT_API_KEY_SOURCE, parseApiKeySource, parseQuotaPeriod } from '../aws/usagePlans';
import { ASSUMED_HTTP_VPC_LINK_TARGET, loadBalancerTarget, REST_VPC_LINK_TARGET, vpcLinkTargetOfArn } from '../aws/vpcLinkTargets';
import {
  attributeOf, blocksOf, parseHcl, parseHclExpression, referenceSteps, sourceText, staticString,
  type HclAttribute, type HclBlock, type HclBody, type HclExpression, type ReferenceStep,
} from './hcl';
import { openApiToApi } from '../openapi/openApiReader';
import { Findings } from '../findings';
import type { ConfigReader, ReaderContext } from '../formatReader';
import { parseConfigTree, type PNode } from '../tree';

/*
 * Reads a Terraform configuration (AWS provider) into the gateway model. The HCL is parsed
 * with positions (hcl.ts); resources are linked through their references
 * (`aws_api_gateway_rest_api.shop.id`, `aws_lambda_function.f.invoke_arn`), variables
 * resolve to their literal `default`, locals to their value. Nothing is applied: what only
 * exists after `terraform apply` (generated ids, ARNs of data sources, module outputs) stays
 * symbolic, as written, with an info finding; nothing is guessed.
 *
 * Argument names and defaults are the AWS provider's resource documentation
 * (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>); the
 * behaviour behind them is the API Gateway developer guide's.
 */

/** Resource types this reader follows; `count`/`for_each` on them is reported. */
const READ_TYPES = new Set([
  'aws_api_gateway_rest_api', 'aws_api_gateway_resource', 'aws_api_gateway_method', 'aws_api_gateway_integration', 'aws_api_gateway_integration_response',
  'aws_api_gateway_authorizer', 'aws_api_gateway_request_validator', 'aws_api_gateway_model', 'aws_api_gateway_usage_plan', 'aws_api_gateway_api_key',
  'aws_api_gateway_usage_plan_key', 'aws_api_gateway_vpc_link', 'aws_api_gateway_stage', 'aws_api_gateway_deployment', 'aws_api_gateway_method_settings',
  'aws_api_gateway_domain_name', 'aws_api_gateway_base_path_mapping', 'aws_wafv2_web_acl_association',
  'aws_apigatewayv2_api', 'aws_apigatewayv2_route', 'aws_apigatewayv2_integration', 'aws_apigatewayv2_authorizer', 'aws_apigatewayv2_stage',
  'aws_apigatewayv2_vpc_link', 'aws_apigatewayv2_domain_name', 'aws_apigatewayv2_api_mapping', 'aws_lambda_function',
]);

const LAMBDA_TYPES = ['aws_lambda_function', 'aws_lambda_alias', 'data.aws_lambda_function'];
const REST_API = ['aws_api_gateway_rest_api'];
const V2_API = ['aws_apigatewayv2_api'];

/** A value known before apply, or an expression that is not. */
class Unknown {
  constructor(readonly node: HclExpression) {}
}

type Value = string | number | boolean | null | Value[] | Map<string, Value> | Unknown;

/** each.key / each.value / count.index of one instance of a repeated resource. */
interface Instance {
  key?: string;
  value?: Value;
  index?: number;
}

interface Scope {
  /** The locals and attributes being evaluated, to stop cycles. */
  active: Set<string>;
  instance?: Instance | undefined;
}

/** A reference to a resource (or `data.<type>`, `var`, `module`, ...), with the block when it is declared. */
interface Ref {
  /** `aws_lambda_function`, `data.aws_lb`, `var`, `module`, ... */
  type: string;
  name: string;
  /** The steps after the name (instance keys of `count`/`for_each` resources skipped). */
  rest: ReferenceStep[];
  /** The instance key written in the reference: `"list"` of `aws_lambda_function.f["list"]`, `0` of `f[0]`. */
  instanceKey?: string;
  node: HclExpression;
  block: HclBlock | undefined;
}

/** One file of a Terraform module: its text and the name locations use. */
export interface TerraformSource {
  text: string;
  file: string;
}

/** Reads one `.tf` file (Terraform reads every `.tf` file of a directory as one module; see `readTerraformModule`). */
export const readTerraform: ConfigReader = (input, context) => readTerraformModule([{ text: input.text, file: context.file }], context);

/** Reads the `.tf` files of one module together, so references between them resolve. */
export function readTerraformModule(sources: TerraformSource[], context: ReaderContext): GatewayModel {
  const items: { item: HclBody['items'][number]; text: string }[] = [];
  for (const source of sources) {
    const parsed = parseHcl(source.text, source.file);
    for (const item of parsed.body.items) items.push({ item, text: source.text });
  }
  return new TerraformReader(items, context).read();
}

class TerraformReader {
  /** `type.name` and `data.type.name` -> block. */
  private readonly blocks = new Map<string, HclBlock>();
  private readonly resources: HclBlock[] = [];
  private readonly variables = new Map<string, HclBlock>();
  private readonly locals = new Map<string, HclAttribute>();
  /** File -> text: the source each node was parsed from (several files may be read together). */
  private readonly texts = new Map<string, string>();
  private readonly byType = new Map<string, HclBlock[]>();
  private readonly regions = new Map<string, HclExpression | undefined>();
  private readonly seenFindings = new Set<string>();

  private readonly apis = new Map<string, Api>();
  private readonly vpcLinks = new Map<string, VpcLink>();
  private readonly ids = new Map<string, Set<string>>();
  /** Resource address -> id it got in the model. */
  private readonly idOf = new Map<string, string>();
  /** REST: `apiAddress METHOD /path` -> the integration block declaring it. */
  private readonly restIntegrations = new Map<string, HclBlock>();
  private readonly restIntegrationResponses = new Map<string, HclBlock>();
  /** aws_api_gateway_resource -> its path, once computed. */
  private readonly paths = new Map<HclBlock, string | undefined>();

  constructor(private readonly items: { item: HclBody['items'][number]; text: string }[], private readonly context: ReaderContext) {}

  read(): GatewayModel {
    this.index();
    this.readVpcLinks();
    for (const block of this.ofType('aws_api_gateway_rest_api')) this.readRestApi(block);
    for (const block of this.ofType('aws_apigatewayv2_api')) this.readV2Api(block);
    this.readRestParts();
    this.readV2Parts();
    this.readDomains();
    this.readWafAssociations();
    this.settleVpcLinkTargets();
    for (const api of this.apis.values()) {
      if (api.stages.length === 0) {
        api.stages.push({ name: defaultStageName(api.type) });
        this.info('NO_STAGE', `${api.name}: no stage is declared for this API; it is simulated on stage ${api.stages[0].name}`, api.location!);
      }
    }
    // APIs in the order they are declared.
    const apis = this.resources.map((block) => this.apis.get(this.address(block))).filter((api): api is Api => api !== undefined);
    return { apis, vpcLinks: [...this.vpcLinks.values()] };
  }

  /* ------------------------------------------------------------ indexing */

  private index(): void {
    for (const { item, text } of this.items) {
      if (item.kind === 'attribute') {
        this.warning('IGNORED_PROPERTY', `top-level attribute "${item.name}" is not valid Terraform; ignored`, item.location);
        continue;
      }
      this.texts.set(item.location.file, text);
      const [first, second] = item.labels;
      switch (item.type) {
        case 'resource':
          if (first && second) {
            const previous = this.blocks.get(`${first}.${second}`);
            if (previous) this.warning('DUPLICATE_DEFINITION', `resource "${first}" "${second}" is already declared at ${previous.location.file}:${previous.location.line}`, item.location);
            this.blocks.set(`${first}.${second}`, item);
            this.resources.push(item);
            const sameType = this.byType.get(first) ?? [];
            sameType.push(item);
            this.byType.set(first, sameType);
            if (READ_TYPES.has(first)) this.reportMeta(item);
          }
          break;
        case 'data':
          if (first && second) this.blocks.set(`data.${first}.${second}`, item);
          break;
        case 'variable':
          if (first) this.variables.set(first, item);
          break;
        case 'locals':
          for (const local of item.body.items) {
            if (local.kind !== 'attribute') continue;
            this.locals.set(local.name, local);
          }
          break;
        case 'module': {
          const source = attributeOf(item.body, 'source');
          const where = source ? ` (${staticString(source.value) ?? this.source(source.value)})` : '';
          this.info('UNSUPPORTED_FEATURE', `module "${first ?? ''}"${where} is not followed: resources it creates are not read`, item.location);
          break;
        }
        case 'provider':
          if (first === 'aws') {
            const alias = staticString(attributeOf(item.body, 'alias')?.value);
            this.regions.set(alias ? `aws.${alias}` : 'aws', attributeOf(item.body, 'region')?.value);
          }
          break;
        default:
          break;
      }
    }
  }

  private reportMeta(block: HclBlock): void {
    for (const meta of ['count', 'for_each']) {
      const attribute = attributeOf(block.body, meta);
      if (attribute) {
        const values = meta === 'count' ? 'count.index is' : 'each.key and each.value are';
        this.info('UNSUPPORTED_FEATURE', `${this.address(block)} uses ${meta}: it is read once, not once per instance (${values} known only where a reference names the instance)`, attribute.location);
      }
    }
    for (const dynamic of blocksOf(block.body, 'dynamic')) {
      this.info('UNSUPPORTED_FEATURE', `${this.address(block)}: dynamic "${dynamic.labels[0] ?? ''}" blocks are not expanded`, dynamic.location);
    }
  }

  private ofType(type: string): HclBlock[] {
    return this.byType.get(type) ?? [];
  }

  private address(block: HclBlock): string {
    return block.type === 'data' ? `data.${block.labels[0]}.${block.labels[1]}` : `${block.labels[0]}.${block.labels[1]}`;
  }

  /** A model id from the resource name, unique within its namespace (the full address when names clash). */
  private assignId(namespace: string, block: HclBlock): string {
    const taken = this.ids.get(namespace) ?? new Set<string>();
    this.ids.set(namespace, taken);
    const address = this.address(block);
    const id = taken.has(block.labels[1]) ? address : block.labels[1];
    taken.add(id);
    this.idOf.set(address, id);
    return id;
  }

  /** The source text of a node, from the file it was parsed from. */
  private textOf(node: { start: number; end: number; location: SourceLocation }): string {
    return sourceText(this.texts.get(node.location.file) ?? '', node);
  }

  private source(expression: HclExpression): string {
    if (expression.kind === 'template' && !expression.heredoc) return expression.raw;
    return this.textOf(expression);
  }

  /* ------------------------------------------------------------ findings */

  private add(severity: 'error' | 'warning' | 'info', code: string, message: string, location: SourceLocation): void {
    const key = `${severity}|${code}|${location.file}:${location.line}:${location.column}|${message}`;
    if (this.seenFindings.has(key)) return;
    this.seenFindings.add(key);
    this.context.findings.add(severity, code, message, location);
  }

  private error(code: string, message: string, location: SourceLocation): void {
    this.add('error', code, message, location);
  }

  private warning(code: string, message: string, location: SourceLocation): void {
    this.add('warning', code, message, location);
  }

  private info(code: string, message: string, location: SourceLocation): void {
    this.add('info', code, message, location);
  }

  /* ------------------------------------------------------------ references */

  /** The references an expression makes, locals followed; for a template, those of its interpolations. */
  private refs(expression: HclExpression | undefined, depth = 0): Ref[] {
    if (!expression || depth > 32) return [];
    if (expression.kind === 'parens') return this.refs(expression.expression, depth + 1);
    if (expression.kind === 'template') return expression.references.flatMap((reference) => this.refs(reference, depth + 1));
    if (expression.kind === 'tuple') return expression.items.flatMap((item) => this.refs(item, depth + 1));
    const reference = referenceSteps(expression);
    if (!reference) return [];
    if (reference.root === 'local') {
      const name = reference.steps[0]?.name;
      const local = name === undefined ? undefined : this.locals.get(name);
      if (!local) return [];
      if (reference.steps.length === 1) return this.refs(local.value, depth + 1);
      // local.api.id where local.api = aws_api_gateway_rest_api.shop
      const inner = referenceSteps(local.value);
      if (!inner) return [];
      return this.withArgument(this.toRef(inner.root, [...inner.steps, ...reference.steps.slice(1)], expression), depth);
    }
    return this.withArgument(this.toRef(reference.root, reference.steps, expression), depth);
  }

  /**
   * A reference to an argument of another resource (`aws_api_gateway_method.m.resource_id`)
   * also makes the references that argument makes: the integration is on the method's resource.
   */
  private withArgument(ref: Ref, depth: number): Ref[] {
    if (!ref.block || ref.rest.length !== 1 || ref.rest[0].index) return [ref];
    const argument = attributeOf(ref.block.body, ref.rest[0].name);
    return argument ? [ref, ...this.refs(argument.value, depth + 1)] : [ref];
  }

  private toRef(root: string, steps: ReferenceStep[], node: HclExpression): Ref {
    let type = root;
    let rest = steps;
    if (root === 'data' && steps.length >= 1) {
      type = `data.${steps[0].name}`;
      rest = steps.slice(1);
    }
    const name = rest[0]?.name ?? '';
    rest = rest.slice(1);
    const instanceKey = rest[0]?.index ? rest[0].name : undefined;
    while (rest[0]?.index) rest = rest.slice(1);
    return { type, name, rest, node, block: this.blocks.get(`${type}.${name}`), ...(instanceKey !== undefined ? { instanceKey } : {}) };
  }

  /** The first reference to a resource of one of `types`. */
  private link(expression: HclExpression | undefined, types: readonly string[]): Ref | undefined {
    return this.refs(expression).find((ref) => types.includes(ref.type));
  }

  /**
   * Links `attribute` of `block` to the API it names. An undeclared resource is reported; an
   * expression that names no API of this configuration (a data source, a module output) too.
   */
  private apiOf(block: HclBlock, attribute: string, types: readonly string[], what = this.address(block)): Api | undefined {
    const node = attributeOf(block.body, attribute);
    if (!node) {
      this.warning('MISSING_PROPERTY', `${what}: no ${attribute}; it belongs to no API and is not read`, block.location);
      return undefined;
    }
    const ref = this.link(node.value, types);
    if (ref?.block) {
      // An API that could not be read has been reported where it is declared.
      return this.apis.get(this.address(ref.block));
    }
    if (ref && !ref.block) {
      this.warning('DANGLING_REFERENCE', `${what}: ${attribute} refers to ${ref.type}.${ref.name}, which is not declared in this configuration`, node.location);
      return undefined;
    }
    this.info('UNRESOLVED_REFERENCE', `${what}: ${attribute} = ${this.source(node.value)} names no API declared in this configuration; it is not read`, node.location);
    return undefined;
  }

  /* ------------------------------------------------------------ evaluation */

  private evaluate(expression: HclExpression | undefined, scope: Scope = { active: new Set() }): Value {
    if (!expression) return null;
    switch (expression.kind) {
      case 'literal':
        return expression.value;
      case 'parens':
        return this.evaluate(expression.expression, scope);
      case 'template': {
        const parts = expression.parts;
        // A template that is one interpolation yields the value unconverted (HCL spec, "Template Interpolation Unwrapping").
        if (parts.length === 1 && parts[0].kind === 'interpolation') return this.unwrap(this.evaluate(parts[0].expression, scope), expression);
        let result = '';
        for (const part of parts) {
          if (part.kind === 'text') result += part.value;
          else if (part.kind === 'interpolation') {
            const value = this.evaluate(part.expression, scope);
            if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') result += String(value);
            else return new Unknown(expression);
          } else {
            return new Unknown(expression);
          }
        }
        return result;
      }
      case 'variable':
      case 'traversal':
        return this.resolve(expression, scope);
      case 'tuple':
        return expression.items.map((item) => this.evaluate(item, scope));
      case 'object': {
        const map = new Map<string, Value>();
        for (const item of expression.items) {
          const key = item.name ?? this.evaluate(item.key, scope);
          if (typeof key !== 'string') return new Unknown(expression);
          map.set(key, this.evaluate(item.value, scope));
        }
        return map;
      }
      case 'call':
        return this.call(expression, scope);
      case 'unary': {
        // -1 (the provider's "unset") and !flag; other operators stay unevaluated.
        const operand = this.evaluate(expression.operand, scope);
        if (expression.operator === '-' && typeof operand === 'number') return -operand;
        if (expression.operator === '!' && typeof operand === 'boolean') return !operand;
        return new Unknown(expression);
      }
      default:
        return new Unknown(expression);
    }
  }

  /** An unknown inner value is reported as the outer expression, the one the user wrote here. */
  private unwrap(value: Value, outer: HclExpression): Value {
    return value instanceof Unknown ? new Unknown(outer) : value;
  }

  private resolve(expression: HclExpression, scope: Scope): Value {
    const active = scope.active;
    const reference = referenceSteps(expression);
    if (!reference || !reference.complete) return new Unknown(expression);
    const { root, steps } = reference;
    let base: Value;
    let rest: ReferenceStep[];
    if (root === 'var') {
      const variable = steps[0] ? this.variables.get(steps[0].name) : undefined;
      const fallback = attributeOf(variable?.body, 'default');
      if (!fallback) return new Unknown(expression);
      base = this.evaluate(fallback.value, { active });
      rest = steps.slice(1);
    } else if (root === 'local') {
      const name = steps[0]?.name;
      const local = name === undefined ? undefined : this.locals.get(name);
      if (!local || active.has(`local.${name}`)) return new Unknown(expression);
      active.add(`local.${name}`);
      base = this.evaluate(local.value, { active });
      active.delete(`local.${name}`);
      rest = steps.slice(1);
    } else if (root === 'each' || root === 'count') {
      // Inside a resource read for one known instance (`aws_lambda_function.f["list"]`).
      const instance = scope.instance;
      const name = steps[0]?.name;
      if (!instance || name === undefined) return new Unknown(expression);
      const known = root === 'count' ? (name === 'index' ? instance.index : undefined) : name === 'key' ? instance.key : name === 'value' ? instance.value : undefined;
      if (known === undefined) return new Unknown(expression);
      base = known;
      rest = steps.slice(1);
    } else if (root === 'path') {
      // path.module, path.root, path.cwd: the directory of the configuration, where readSibling starts.
      return steps.length === 1 && ['module', 'root', 'cwd'].includes(steps[0].name) ? '.' : new Unknown(expression);
    } else {
      const ref = this.toRef(root, steps, expression);
      if (!ref.block || ref.rest.length === 0 || ref.rest[0].index) return new Unknown(expression);
      const attributeName = ref.rest[0].name;
      const computed = this.computedAttribute(ref.block, attributeName);
      if (computed !== undefined) {
        base = computed;
      } else {
        const attribute = attributeOf(ref.block.body, attributeName);
        const key = `${ref.type}.${ref.name}.${attributeName}`;
        if (!attribute || active.has(key)) return new Unknown(expression);
        active.add(key);
        base = this.evaluate(attribute.value, { active, instance: this.instanceOf(ref) });
        active.delete(key);
      }
      rest = ref.rest.slice(1);
    }
    for (const step of rest) {
      if (base instanceof Map) base = base.get(step.name) ?? new Unknown(expression);
      else if (Array.isArray(base) && /^\d+$/.test(step.name)) base = base[Number(step.name)] ?? new Unknown(expression);
      else return new Unknown(expression);
    }
    return this.unwrap(base, expression);
  }

  /**
   * The instance a reference names (`f["list"]`, `f[0]`) of a resource with for_each or count:
   * each.key / each.value / count.index are then known for it.
   */
  private instanceOf(ref: Ref): Instance | undefined {
    if (ref.instanceKey === undefined || !ref.block) return undefined;
    if (this.attribute(ref.block, 'count')) return /^\d+$/.test(ref.instanceKey) ? { index: Number(ref.instanceKey) } : undefined;
    const forEach = this.attribute(ref.block, 'for_each');
    if (!forEach) return undefined;
    const collection = this.evaluate(forEach.value);
    // A set of strings: each.value is each.key. A map: each.value is the key's value.
    if (collection instanceof Map) return collection.has(ref.instanceKey) ? { key: ref.instanceKey, value: collection.get(ref.instanceKey)! } : undefined;
    if (Array.isArray(collection)) return collection.includes(ref.instanceKey) ? { key: ref.instanceKey, value: ref.instanceKey } : undefined;
    return { key: ref.instanceKey };
  }

  /** Attributes the provider computes that this reader can compute too. */
  private computedAttribute(block: HclBlock, name: string): Value | undefined {
    if (block.labels[0] === 'aws_api_gateway_resource' && name === 'path') return this.resourcePath(block);
    return undefined;
  }

  /** The few built-in functions whose result is fixed before apply (Terraform language, "Built-in Functions"). */
  private call(expression: Extract<HclExpression, { kind: 'call' }>, scope: Scope): Value {
    const args = expression.args.map((arg) => this.evaluate(arg, scope));
    if (expression.expandFinal || args.some((arg) => containsUnknown(arg))) return new Unknown(expression);
    const [first, second, third] = args;
    const unknown = new Unknown(expression);
    switch (expression.name) {
      case 'jsonencode':
        return JSON.stringify(toPlain(first));
      case 'lower':
        return typeof first === 'string' ? first.toLowerCase() : unknown;
      case 'upper':
        return typeof first === 'string' ? first.toUpperCase() : unknown;
      case 'trimspace':
        return typeof first === 'string' ? first.trim() : unknown;
      case 'trimprefix':
        return typeof first === 'string' && typeof second === 'string' ? (first.startsWith(second) ? first.slice(second.length) : first) : unknown;
      case 'trimsuffix':
        return typeof first === 'string' && typeof second === 'string' ? (first.endsWith(second) ? first.slice(0, first.length - second.length) : first) : unknown;
      case 'replace':
        // A /regex/ pattern is not evaluated.
        return typeof first === 'string' && typeof second === 'string' && typeof third === 'string' && !/^\/.*\/$/.test(second) ? first.split(second).join(third) : unknown;
      case 'join':
        return typeof first === 'string' && Array.isArray(second) && second.every((item) => typeof item === 'string') ? second.join(first) : unknown;
      case 'tostring':
        return typeof first === 'string' || typeof first === 'number' || typeof first === 'boolean' ? String(first) : unknown;
      case 'tonumber':
        return typeof first === 'number' ? first : typeof first === 'string' && first.trim() !== '' && Number.isFinite(Number(first)) ? Number(first) : unknown;
      case 'tolist':
      case 'toset':
        return Array.isArray(first) ? first : unknown;
      case 'concat':
        return args.every(Array.isArray) ? (args as Value[][]).flat() : unknown;
      case 'merge': {
        if (!args.every((arg) => arg instanceof Map || arg === null)) return unknown;
        const merged = new Map<string, Value>();
        for (const arg of args) if (arg instanceof Map) for (const [key, value] of arg) merged.set(key, value);
        return merged;
      }
      case 'lookup':
        return first instanceof Map && typeof second === 'string' ? (first.get(second) ?? (args.length > 2 ? third : unknown)) : unknown;
      case 'coalesce':
        return args.find((arg) => arg !== null && arg !== '') ?? unknown;
      case 'format': {
        if (typeof first !== 'string') return unknown;
        let index = 1;
        let failed = false;
        const formatted = first.replace(/%(%|[sdv])/g, (_match, verb: string) => {
          if (verb === '%') return '%';
          const value = args[index++];
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
          failed = true;
          return '';
        });
        return failed ? unknown : formatted;
      }
      default:
        return unknown;
    }
  }

  /* ------------------------------------------------------------ typed accessors */

  private attribute(block: HclBlock | undefined, name: string): HclAttribute | undefined {
    return attributeOf(block?.body, name);
  }

  /** A string argument: its value, or (when it is only known after apply) its source text, with an info finding. */
  private string(block: HclBlock | undefined, name: string, what: string): string | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    return this.stringValue(attribute.value, `${what}: ${name}`);
  }

  private stringValue(expression: HclExpression, what: string): string | undefined {
    const value = this.evaluate(expression);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === null) return undefined;
    const text = this.source(expression);
    this.info('UNRESOLVED_REFERENCE', `${what} = ${text} is not known from the configuration alone; kept as written`, expression.location);
    return text;
  }

  /** A string that must be known (an enum such as a type); undefined with an info finding otherwise. */
  private knownString(block: HclBlock | undefined, name: string, what: string): string | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (typeof value === 'string') return value;
    if (value !== null) this.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not known from the configuration alone; the default is used`, attribute.location);
    return undefined;
  }

  private number(block: HclBlock | undefined, name: string, what: string): number | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isFinite(number)) return number;
    if (value !== null) this.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not a number known from the configuration alone; ignored`, attribute.location);
    return undefined;
  }

  private boolean(block: HclBlock | undefined, name: string, what: string): boolean | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    if (value !== null) this.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not a bool known from the configuration alone; ignored`, attribute.location);
    return undefined;
  }

  /** A list of strings; unknown items are kept as written. */
  private strings(block: HclBlock | undefined, name: string, what: string): string[] | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (Array.isArray(value)) {
      const items = attribute.value.kind === 'tuple' ? attribute.value.items : [];
      return value.flatMap((item, index) => {
        if (typeof item === 'string' || typeof item === 'number') return [String(item)];
        if (item === null) return [];
        const node = items[index];
        const text = node ? this.source(node) : this.source(attribute.value);
        this.info('UNRESOLVED_REFERENCE', `${what}: an item of ${name}, ${text}, is not known from the configuration alone; kept as written`, node?.location ?? attribute.location);
        return [text];
      });
    }
    if (typeof value === 'string') return [value];
    if (value !== null) this.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not known from the configuration alone; ignored`, attribute.location);
    return undefined;
  }

  /** A map of strings (request templates). */
  private stringMap(block: HclBlock | undefined, name: string, what: string): Record<string, string> | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (!(value instanceof Map)) {
      if (value !== null) this.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not known from the configuration alone; ignored`, attribute.location);
      return undefined;
    }
    const result: Record<string, string> = {};
    const items = attribute.value.kind === 'object' ? attribute.value.items : [];
    for (const [key, item] of value) {
      if (typeof item === 'string') result[key] = item;
      else {
        const node = items.find((candidate) => candidate.name === key)?.value;
        const text = node ? this.source(node) : key;
        this.info('UNRESOLVED_REFERENCE', `${what}: ${name}["${key}"] is not known from the configuration alone; kept as written`, node?.location ?? attribute.location);
        result[key] = text;
      }
    }
    return result;
  }

  private block(block: HclBlock | undefined, type: string): HclBlock | undefined {
    return blocksOf(block?.body, type)[0];
  }

  /** The region of the provider a resource uses (`provider = aws.west`), or the default one. */
  private region(block: HclBlock): string {
    const provider = this.attribute(block, 'provider');
    const key = provider ? this.textOf(provider.value) || 'aws' : 'aws';
    const expression = this.regions.get(key) ?? this.regions.get('aws');
    if (!expression) return 'us-east-1';
    const value = this.evaluate(expression);
    if (typeof value === 'string') return value;
    this.info('UNRESOLVED_REFERENCE', `the provider's region = ${this.source(expression)} is not known from the configuration alone; us-east-1 is simulated`, expression.location);
    return 'us-east-1';
  }

  /** Throttle limits from a rate and a burst; one left unset (or -1, the provider's "throttling disabled") is the account limit of `region`. */
  private throttle(block: HclBlock | undefined, rateName: string, burstName: string, region: string, what: string): Throttle | undefined {
    if (!block) return undefined;
    return throttleOrAccountLimit(this.number(block, rateName, what), this.number(block, burstName, what), region);
  }

  /* ------------------------------------------------------------ Lambda functions and URIs */

  /**
   * The Lambda function an ARN-valued expression names: `aws_lambda_function.f.invoke_arn`
   * (or `.arn`, an alias, a data source), or a literal function / invocation ARN. A
   * function whose name is only known after apply keeps its name as written.
   */
  private functionName(expression: HclExpression | undefined, what: string, depth = 0): string | undefined {
    if (!expression || depth > 8) return undefined;
    const value = this.evaluate(expression);
    if (typeof value === 'string') {
      const fromArn = lambdaFunctionName(value);
      if (fromArn) return fromArn;
    }
    const ref = this.refs(expression).find((candidate) => LAMBDA_TYPES.includes(candidate.type) || candidate.type === 'module');
    if (ref) {
      const text = this.textOf(ref.node);
      if (ref.type === 'module') {
        this.info('UNRESOLVED_REFERENCE', `${what}: the function comes from module ${ref.name}, which is not followed; kept as ${text}`, ref.node.location);
        return text;
      }
      if (!ref.block) {
        this.warning('DANGLING_REFERENCE', `${what}: ${ref.type}.${ref.name} is not declared in this configuration; the function is named ${ref.name}`, ref.node.location);
        return ref.name;
      }
      const nameAttribute = this.attribute(ref.block, 'function_name');
      if (!nameAttribute) return ref.name;
      if (ref.type === 'aws_lambda_alias') return this.functionName(nameAttribute.value, what, depth + 1);
      const name = this.evaluate(nameAttribute.value, { active: new Set(), instance: this.instanceOf(ref) });
      if (typeof name === 'string') return lambdaFunctionName(name) ?? name;
      const written = this.source(nameAttribute.value);
      this.info('UNRESOLVED_REFERENCE', `${what}: the function name of ${ref.type}.${ref.name}, ${written}, is not known from the configuration alone; kept as written`, nameAttribute.location);
      return written;
    }
    if (typeof value === 'string' && value !== '') return value;
    const text = this.source(expression);
    this.info('UNRESOLVED_REFERENCE', `${what}: ${text} names no Lambda function of this configuration; kept as written`, expression.location);
    return text;
  }

  /* ------------------------------------------------------------ VPC links */

  private readVpcLinks(): void {
    for (const block of this.ofType('aws_api_gateway_vpc_link')) {
      const what = this.address(block);
      const id = this.assignId('vpcLink', block);
      const link: VpcLink = { id, name: this.string(block, 'name', what) ?? id, target: REST_VPC_LINK_TARGET, location: block.location };
      const targets = this.attribute(block, 'target_arns');
      if (targets) {
        const kind = this.balancer(targets.value).targetKind;
        if (kind) link.targetKind = kind;
      }
      this.vpcLinks.set(this.address(block), link);
    }
    for (const block of this.ofType('aws_apigatewayv2_vpc_link')) {
      const id = this.assignId('vpcLink', block);
      // The target (ALB, NLB or Cloud Map) shows in the integrations that use the link; settled later.
      this.vpcLinks.set(this.address(block), { id, name: this.string(block, 'name', this.address(block)) ?? id, target: ASSUMED_HTTP_VPC_LINK_TARGET, location: block.location });
    }
  }

  /** What a load balancer / listener / Cloud Map ARN expression points at. */
  private balancer(expression: HclExpression | undefined, depth = 0): { target?: VpcLink['target']; targetKind?: VpcLink['targetKind'] } {
    if (!expression || depth > 8) return {};
    const value = this.evaluate(expression);
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      const target = typeof item === 'string' ? vpcLinkTargetOfArn(item) : undefined;
      if (target) return { target };
    }
    const ref = this.link(expression, ['aws_lb_listener', 'aws_alb_listener', 'data.aws_lb_listener', 'data.aws_alb_listener', 'aws_lb', 'aws_alb', 'data.aws_lb', 'data.aws_alb', 'aws_service_discovery_service']);
    if (!ref?.block) return {};
    const block = ref.block;
    if (ref.type === 'aws_service_discovery_service') return { target: 'CLOUD_MAP' };
    if (ref.type.includes('listener')) {
      const found = this.balancer(this.attribute(block, 'load_balancer_arn')?.value, depth + 1);
      const kind = found.targetKind ?? this.targetGroupKind(block);
      return { ...found, ...(kind ? { targetKind: kind } : {}) };
    }
    const listeners = [...this.ofType('aws_lb_listener'), ...this.ofType('aws_alb_listener')]
      .filter((listener) => this.link(this.attribute(listener, 'load_balancer_arn')?.value, [ref.type])?.block === block);
    const behind = listeners.map((listener) => this.targetGroupKind(listener)).find((kind) => kind !== undefined);
    const tags = this.evaluate(this.attribute(block, 'tags')?.value);
    const tagKeys = tags instanceof Map ? [...tags.keys()] : [];
    // Load balancers made by the AWS Load Balancer Controller for EKS carry these tags (its docs, "Ingress" and "Service" annotations).
    const eks = tagKeys.some((key) => key.startsWith('elbv2.k8s.aws/') || key.startsWith('ingress.k8s.aws/') || key.startsWith('service.k8s.aws/'));
    let target: VpcLink['target'] | undefined;
    if (ref.type === 'aws_alb' || ref.type === 'data.aws_alb') target = 'ALB';
    else if (ref.type === 'aws_lb') {
      // aws_lb: load_balancer_type defaults to "application".
      target = loadBalancerTarget(this.knownString(block, 'load_balancer_type', this.address(block)));
    } else if (tagKeys.some((key) => key.startsWith('ingress.k8s.aws/'))) target = 'ALB';
    else if (tagKeys.some((key) => key.startsWith('service.k8s.aws/'))) target = 'NLB';
    const targetKind = eks ? 'EKS' : behind;
    return { ...(target ? { target } : {}), ...(targetKind ? { targetKind } : {}) };
  }

  /** EC2 or ECS behind a listener, from what is registered in its target group. */
  private targetGroupKind(listener: HclBlock): VpcLink['targetKind'] | undefined {
    const groups: string[] = [];
    for (const action of blocksOf(listener.body, 'default_action')) {
      const ref = this.link(this.attribute(action, 'target_group_arn')?.value, ['aws_lb_target_group', 'aws_alb_target_group']);
      if (ref?.block) groups.push(this.address(ref.block));
    }
    if (groups.length === 0) return undefined;
    const names = (expression: HclExpression | undefined) => this.refs(expression).filter((ref) => ref.block).map((ref) => `${ref.type}.${ref.name}`);
    for (const block of this.ofType('aws_ecs_service')) {
      if (blocksOf(block.body, 'load_balancer').some((lb) => names(this.attribute(lb, 'target_group_arn')?.value).some((name) => groups.includes(name)))) return 'ECS';
    }
    for (const block of [...this.ofType('aws_lb_target_group_attachment'), ...this.ofType('aws_autoscaling_group'), ...this.ofType('aws_autoscaling_attachment')]) {
      const attribute = this.attribute(block, 'target_group_arn') ?? this.attribute(block, 'target_group_arns') ?? this.attribute(block, 'lb_target_group_arn');
      if (names(attribute?.value).some((name) => groups.includes(name))) return 'EC2';
    }
    return undefined;
  }

  /** HTTP API VPC links: the target type the integrations using the link point at. */
  private settleVpcLinkTargets(): void {
    for (const block of this.ofType('aws_apigatewayv2_vpc_link')) {
      const link = this.vpcLinks.get(this.address(block))!;
      let found: ReturnType<TerraformReader['balancer']> = {};
      for (const integration of this.ofType('aws_apigatewayv2_integration')) {
        const ref = this.link(this.attribute(integration, 'connection_id')?.value, ['aws_apigatewayv2_vpc_link']);
        if (ref?.block !== block) continue;
        found = this.balancer(this.attribute(integration, 'integration_uri')?.value);
        if (found.target) break;
      }
      if (found.target) link.target = found.target;
      else this.info('ASSUMED_VALUE', `${this.address(block)}: the load balancer behind this VPC link is not known from the configuration alone; an ALB is simulated`, block.location);
      if (found.targetKind) link.targetKind = found.targetKind;
    }
  }

  private vpcLinkId(block: HclBlock, what: string, types: readonly string[]): string | undefined {
    const attribute = this.attribute(block, 'connection_id');
    if (!attribute) return undefined;
    const ref = this.link(attribute.value, types);
    if (ref?.block) return this.vpcLinks.get(this.address(ref.block))?.id;
    if (ref) return ref.name; // not declared: the shared model checks report the dangling link
    const value = this.evaluate(attribute.value);
    if (typeof value === 'string') return value;
    const text = this.source(attribute.value);
    this.info('UNRESOLVED_REFERENCE', `${what}: connection_id = ${text} is not known from the configuration alone; kept as written`, attribute.location);
    return text;
  }

  /* ------------------------------------------------------------ REST APIs */

  private readRestApi(block: HclBlock): void {
    const what = this.address(block);
    const id = this.assignId('api', block);
    const name = this.string(block, 'name', what) ?? id;
    const region = this.region(block);
    let api: Api = { ...emptyApi(id, name, 'REST', region, block.location), usagePlans: [], apiKeySource: DEFAULT_API_KEY_SOURCE };
    const body = this.attribute(block, 'body');
    if (body) {
      const imported = this.importBody(block, body, 'REST', { id, name, region });
      if (imported) api = { ...imported, id, name, region, location: block.location, usagePlans: imported.usagePlans ?? [] };
    }
    // endpoint_configuration.types: "If unspecified, defaults to EDGE"; it overrides the OpenAPI extension.
    const endpoint = this.strings(this.block(block, 'endpoint_configuration'), 'types', what)?.[0];
    if (endpoint) {
      const parsed = parseEndpointType(endpoint);
      if (parsed) api.endpointType = parsed;
      else this.warning('INVALID_VALUE', `${what}: endpoint type ${endpoint} is not EDGE, REGIONAL or PRIVATE; ${api.endpointType} is simulated`, this.block(block, 'endpoint_configuration')!.location);
    }
    const keySource = parseApiKeySource(this.knownString(block, 'api_key_source', what));
    if (keySource) api.apiKeySource = keySource;
    const policy = this.knownString(block, 'security_policy', what);
    if (policy) api.securityPolicy = policy;
    this.apis.set(what, api);
  }

  /* ------------------------------------------------------------ OpenAPI bodies */

  /**
   * The API an OpenAPI `body` describes: `jsonencode({...})` / `yamlencode` (read from the HCL,
   * with its positions), `templatefile("openapi.yaml.tpl", {...})` and `file(...)` (read from
   * the file next to the configuration; template placeholders stay symbolic), or a literal.
   */
  private importBody(block: HclBlock, body: HclAttribute, apiType: 'REST' | 'HTTP', identity: { id: string; name: string; region: string }): Api | undefined {
    const what = this.address(block);
    const expression = this.followLocal(body.value);
    let document: PNode | undefined;
    let context = this.context;
    let placeholders = new Map<string, HclExpression>();
    if (expression.kind === 'call' && (expression.name === 'jsonencode' || expression.name === 'yamlencode') && expression.args.length === 1) {
      document = this.toTree(expression.args[0], new Set());
    } else if (expression.kind === 'call' && (expression.name === 'templatefile' || expression.name === 'file') && expression.args.length >= 1) {
      const pathArgument = expression.args[0];
      const path = this.evaluate(pathArgument);
      if (typeof path !== 'string') {
        this.info('UNRESOLVED_REFERENCE', `${what}: the body's file ${this.source(pathArgument)} is not known from the configuration alone; routes from it are not read`, pathArgument.location);
        return undefined;
      }
      const sibling = this.context.readSibling(path.replace(/^(\.\/)+/, ''));
      if (!sibling) {
        this.error('MISSING_FILE', `${what}: the body's file ${path} does not exist next to the configuration`, pathArgument.location);
        return undefined;
      }
      try {
        document = parseConfigTree(sibling.text, sibling.file);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        this.error('CONFIG_SYNTAX', `${what}: the OpenAPI body ${path} cannot be read: ${error.message}`, { file: error.location.file, line: error.location.line, column: error.location.column });
        return undefined;
      }
      context = { ...this.context, file: sibling.file };
      const variables = expression.args[1] ? this.followLocal(expression.args[1]) : undefined;
      if (variables?.kind === 'object') placeholders = new Map(variables.items.filter((item) => item.name !== undefined).map((item) => [item.name!, item.value]));
    } else if (expression.kind === 'template' && staticString(expression) !== undefined) {
      document = this.literalDocument(expression, body, what);
    } else {
      this.info('UNSUPPORTED_FEATURE', `${what}: body = ${this.source(body.value).slice(0, 80)} is not jsonencode(...), templatefile(...), file(...) or a literal; routes from it are not read`, body.location);
      return undefined;
    }
    if (!document) return undefined;
    // The definition's findings wait until its placeholders are resolved: those resolved here are not reported.
    const pending = new Findings();
    const { api, vpcLinks } = openApiToApi(document, { ...context, findings: pending }, { id: identity.id, name: identity.name, region: identity.region, apiType, location: block.location });
    const resolved = this.resolvePlaceholders(api, placeholders);
    for (const finding of pending.list) {
      if (finding.code === 'UNRESOLVED_PLACEHOLDER' && [...resolved].some((name) => finding.message.includes(`\${${name}}`))) continue;
      this.add(finding.severity, finding.code, finding.message, finding.location);
    }
    // An imported definition declares no stages: the configuration's stage resources do.
    api.stages = [];
    // VPC links the definition names that are not resources of this configuration stay as the definition gave them.
    for (const link of vpcLinks) {
      const used = api.integrations.some((integration) => integration.vpcLinkId === link.id);
      if (used && ![...this.vpcLinks.values()].some((existing) => existing.id === link.id)) this.vpcLinks.set(`openapi:${link.id}`, link);
    }
    return api;
  }

  /** `local.x` -> the expression of x (several hops, no cycles). */
  private followLocal(expression: HclExpression): HclExpression {
    let current = expression;
    for (let hop = 0; hop < 32; hop++) {
      const reference = referenceSteps(current);
      if (reference?.root !== 'local' || reference.steps.length !== 1) return current;
      const local = this.locals.get(reference.steps[0].name);
      if (!local) return current;
      current = local.value;
    }
    return current;
  }

  /** A JSON or YAML body written as a string in the configuration (heredocs keep their lines). */
  private literalDocument(expression: Extract<HclExpression, { kind: 'template' }>, body: HclAttribute, what: string): PNode | undefined {
    const text = staticString(expression)!;
    try {
      const tree = parseConfigTree(text, body.location.file);
      // A plain heredoc starts on the line after its marker, columns unchanged; other strings point at the attribute.
      const lineOffset = expression.heredoc && !expression.heredoc.indented ? expression.location.line : undefined;
      return relocate(tree, (location) => lineOffset !== undefined
        ? { ...location, line: location.line + lineOffset, ...(location.endLine !== undefined ? { endLine: location.endLine + lineOffset } : {}) }
        : { ...expression.location });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.error('CONFIG_SYNTAX', `${what}: the OpenAPI body cannot be read: ${error.message}`, body.location);
      return undefined;
    }
  }

  /** An HCL value as a positioned tree, for OpenAPI bodies written as HCL objects. Unknown values become `${...}` placeholders. */
  private toTree(expression: HclExpression, following: Set<string>): PNode {
    const location = expression.location;
    switch (expression.kind) {
      case 'object':
        return {
          kind: 'map', location,
          entries: expression.items.map((item) => {
            const key = item.name ?? this.evaluate(item.key);
            return { key: typeof key === 'string' ? key : this.source(item.key), keyLocation: { file: item.key.location.file, line: item.key.location.line, column: item.key.location.column }, value: this.toTree(item.value, following) };
          }),
        };
      case 'tuple':
        return { kind: 'seq', location, items: expression.items.map((item) => this.toTree(item, following)) };
      case 'parens':
        return this.toTree(expression.expression, following);
      case 'variable':
      case 'traversal': {
        // Follow var/local to the expression they stand for, so its structure and positions are kept.
        const reference = referenceSteps(expression);
        if (reference && reference.steps.length === 1 && (reference.root === 'local' || reference.root === 'var')) {
          const key = `${reference.root}.${reference.steps[0].name}`;
          const target = reference.root === 'local' ? this.locals.get(reference.steps[0].name)?.value : attributeOf(this.variables.get(reference.steps[0].name)?.body, 'default')?.value;
          if (target && !following.has(key)) {
            following.add(key);
            const tree = this.toTree(target, following);
            following.delete(key);
            return tree;
          }
        }
        break;
      }
      default:
        break;
    }
    const value = this.evaluate(expression);
    if (containsUnknown(value)) {
      // What cannot be known stays a ${...} placeholder, as a rendered template would show it.
      const text = expression.kind === 'template'
        ? expression.parts.map((part) => (part.kind === 'text' ? part.value : sourceText(this.texts.get(expression.location.file) ?? '', part))).join('')
        : `\${${this.source(expression)}}`;
      return { kind: 'scalar', location, value: text };
    }
    return valueTree(value, location);
  }

  /**
   * Placeholders of an imported body (`${get_product_arn}` of a templatefile, or the
   * `${aws_lambda_function.f.invoke_arn}` a jsonencode body holds for a reference) that name
   * a Lambda function, a VPC link or a URL of this configuration are resolved here; the
   * OpenAPI reader has left them as written.
   */
  private resolvePlaceholders(api: Api, placeholders: Map<string, HclExpression>): Set<string> {
    const resolved = new Set<string>();
    const nameOf = (text: string): string => /^\$\{\s*([^}]*?)\s*\}$/.exec(text)?.[1] ?? text;
    const expressionFor = (text: string | undefined): HclExpression | undefined => {
      if (text === undefined) return undefined;
      const name = nameOf(text);
      if (placeholders.has(name)) return placeholders.get(name);
      if (!/^[A-Za-z_][\w-]*(\.[\w-]+|\[[^\]]*\])+$/.test(name)) return undefined;
      try {
        return parseHclExpression(name, this.context.file);
      } catch (error) {
        if (error instanceof ConfigError) return undefined;
        throw error;
      }
    };
    const lambda = (text: string | undefined, what: string): string | undefined => {
      const expression = expressionFor(text);
      if (!expression) return undefined;
      if (this.refs(expression).some((ref) => LAMBDA_TYPES.includes(ref.type) || ref.type === 'module')) return this.functionName(expression, what);
      const value = this.evaluate(expression);
      return typeof value === 'string' ? lambdaFunctionName(value) ?? (value.includes(':') ? undefined : value) : undefined;
    };
    for (const integration of api.integrations) {
      const what = `${api.name} integration ${integration.id}`;
      if (integration.functionName) {
        const name = lambda(integration.functionName, what);
        if (name) {
          resolved.add(nameOf(integration.functionName));
          integration.functionName = name;
        }
      }
      if (integration.uri?.includes('${')) {
        const names: string[] = [];
        const uri = integration.uri.replace(/\$\{\s*([^}]*?)\s*\}/g, (placeholder: string, inner: string) => {
          const value = this.evaluate(expressionFor(inner));
          if (typeof value !== 'string') return placeholder;
          names.push(inner);
          return value;
        });
        if (isUrl(uri)) {
          integration.uri = uri;
          for (const name of names) resolved.add(name);
        }
      }
      if (integration.vpcLinkId) {
        const ref = this.link(expressionFor(integration.vpcLinkId), ['aws_api_gateway_vpc_link', 'aws_apigatewayv2_vpc_link']);
        const link = ref?.block ? this.vpcLinks.get(this.address(ref.block)) : undefined;
        if (link) {
          resolved.add(nameOf(integration.vpcLinkId));
          integration.vpcLinkId = link.id;
        }
      }
    }
    for (const authorizer of api.authorizers) {
      if (!authorizer.functionName) continue;
      const name = lambda(authorizer.functionName, `${api.name} authorizer ${authorizer.name}`);
      if (name) {
        resolved.add(nameOf(authorizer.functionName));
        authorizer.functionName = name;
      }
    }
    return resolved;
  }

  /* ------------------------------------------------------------ REST resources, methods, integrations */

  /** The path of an aws_api_gateway_resource: its path_part under its parent's path, up to the root; undefined when a parent is not known. */
  private resourcePath(block: HclBlock): string | undefined {
    if (this.paths.has(block)) return this.paths.get(block);
    const path = this.computeResourcePath(block);
    this.paths.set(block, path);
    return path;
  }

  private computeResourcePath(block: HclBlock): string | undefined {
    const parts: string[] = [];
    let current: HclBlock = block;
    const visited = new Set<HclBlock>();
    for (;;) {
      if (visited.has(current)) {
        this.error('CYCLIC_REFERENCE', `${this.address(block)}: its chain of parent_id loops`, block.location);
        return undefined;
      }
      visited.add(current);
      if (current.type === 'data') {
        // data "aws_api_gateway_resource": its path argument.
        const path = this.evaluate(this.attribute(current, 'path')?.value);
        if (typeof path !== 'string') return undefined;
        parts.unshift(path.replace(/^\/+|\/+$/g, ''));
        break;
      }
      const partAttribute = this.attribute(current, 'path_part');
      if (partAttribute) {
        const part = this.evaluate(partAttribute.value);
        // A path part only known after apply stays as written: /${each.key}.
        parts.unshift(typeof part === 'string' ? part : `\${${this.source(partAttribute.value)}}`);
      }
      const ref = this.link(this.attribute(current, 'parent_id')?.value, ['aws_api_gateway_resource', 'aws_api_gateway_rest_api', 'data.aws_api_gateway_resource', 'data.aws_api_gateway_rest_api']);
      if (!ref?.block) return undefined;
      if (ref.type === 'aws_api_gateway_rest_api' || ref.type === 'data.aws_api_gateway_rest_api') break; // its root_resource_id
      // A parent whose path is known already ends the walk.
      const known = this.paths.get(ref.block);
      if (known !== undefined) {
        parts.unshift(known.replace(/^\/+/, ''));
        break;
      }
      current = ref.block;
    }
    return `/${parts.filter((part) => part !== '').join('/')}`;
  }

  /** The path a `resource_id` names: a resource's id, or the API's root_resource_id (`/`). */
  private pathOf(owner: HclBlock, what: string): string | undefined {
    const attribute = this.attribute(owner, 'resource_id');
    if (!attribute) {
      this.warning('MISSING_PROPERTY', `${what}: no resource_id; not read`, owner.location);
      return undefined;
    }
    const ref = this.link(attribute.value, ['aws_api_gateway_resource', 'aws_api_gateway_rest_api', 'data.aws_api_gateway_resource']);
    if (ref && !ref.block) {
      this.warning('DANGLING_REFERENCE', `${what}: resource_id refers to ${ref.type}.${ref.name}, which is not declared in this configuration`, attribute.location);
      return undefined;
    }
    if (ref?.type === 'aws_api_gateway_rest_api') return '/';
    const path = ref?.block ? this.resourcePath(ref.block) : undefined;
    if (path !== undefined) return path;
    this.info('UNRESOLVED_REFERENCE', `${what}: the resource path of resource_id = ${this.source(attribute.value)} is not known from the configuration alone; not read`, attribute.location);
    return undefined;
  }

  private httpMethod(block: HclBlock, what: string): string | undefined {
    const attribute = this.attribute(block, 'http_method');
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (typeof value === 'string') {
      const method = value.toUpperCase();
      if (!HTTP_METHODS.has(method)) this.warning('INVALID_VALUE', `${what}: http_method ${value} is not an HTTP method API Gateway accepts`, attribute.location);
      return method;
    }
    this.info('UNRESOLVED_REFERENCE', `${what}: http_method = ${this.source(attribute.value)} is not known from the configuration alone; not read`, attribute.location);
    return undefined;
  }

  private readRestParts(): void {
    // Authorizers.
    for (const block of this.ofType('aws_api_gateway_authorizer')) {
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      if (api) api.authorizers.push(this.restAuthorizer(block, api));
    }
    // Integrations, keyed by API, method and path, for the methods to find.
    for (const block of this.ofType('aws_api_gateway_integration')) {
      const what = this.address(block);
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      if (!api) continue;
      const integration = this.restIntegration(block, api, what);
      api.integrations.push(integration);
      const path = this.pathOf(block, what);
      const method = this.httpMethod(block, what);
      if (path === undefined || method === undefined) continue;
      const key = `${api.id} ${method} ${path}`;
      if (this.restIntegrations.has(key)) this.warning('DUPLICATE_DEFINITION', `${what}: ${method} ${path} already has an integration (${this.address(this.restIntegrations.get(key)!)})`, block.location);
      else this.restIntegrations.set(key, block);
    }
    // Integration responses, for their response templates (the first one of a method is used).
    for (const block of this.ofType('aws_api_gateway_integration_response')) {
      const what = this.address(block);
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      const path = api ? this.pathOf(block, what) : undefined;
      const method = path !== undefined ? this.httpMethod(block, what) : undefined;
      if (!api || path === undefined || method === undefined) continue;
      const key = `${api.id} ${method} ${path}`;
      if (!this.restIntegrationResponses.has(key)) this.restIntegrationResponses.set(key, block);
    }
    // Methods: the routes.
    for (const block of this.ofType('aws_api_gateway_method')) {
      const what = this.address(block);
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      if (!api) continue;
      const path = this.pathOf(block, what);
      const method = this.httpMethod(block, what);
      if (path === undefined || method === undefined) continue;
      const route = this.restRoute(block, api, routeKey(method, path), what);
      if (api.routes.some((existing) => existing.key === route.key)) {
        this.warning('DUPLICATE_DEFINITION', `${what}: ${api.name} already has a method ${route.key}; this one is ignored`, block.location);
        continue;
      }
      api.routes.push(route);
    }
    for (const block of this.ofType('aws_api_gateway_integration')) {
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      if (!api) continue;
      const integrationId = this.idOf.get(this.address(block));
      if (!api.routes.some((route) => route.integrationId === integrationId)) {
        this.info('UNUSED_DEFINITION', `${this.address(block)}: no aws_api_gateway_method of ${api.name} matches its resource and method`, block.location);
      }
    }
    this.readRestStages();
    this.readUsagePlans();
  }

  private restAuthorizer(block: HclBlock, api: Api): Authorizer {
    const what = this.address(block);
    const id = this.assignId(`authorizer:${api.id}`, block);
    const typeValue = this.knownString(block, 'type', what) ?? 'TOKEN';
    const parsed = parseAuthorizerType(typeValue);
    const type: AuthorizerType = parsed === 'REQUEST' || parsed === 'COGNITO_USER_POOLS' ? parsed : 'TOKEN';
    if (!['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'].includes(typeValue)) this.warning('INVALID_VALUE', `${what}: type ${typeValue} is not TOKEN, REQUEST or COGNITO_USER_POOLS; TOKEN is simulated`, block.location);
    // identity_source: "Defaults to method.request.header.Authorization"; REQUEST authorizers list several, comma-separated.
    const identity = this.string(block, 'identity_source', what) ?? 'method.request.header.Authorization';
    const authorizer: Authorizer = {
      id, name: this.string(block, 'name', what) ?? id, type, identitySources: splitIdentitySource(identity), location: block.location,
    };
    const ttl = this.number(block, 'authorizer_result_ttl_in_seconds', what);
    if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
    if (type === 'COGNITO_USER_POOLS') {
      const pools = this.strings(block, 'provider_arns', what);
      if (pools) authorizer.userPoolArns = pools;
    } else {
      const functionName = this.functionName(this.attribute(block, 'authorizer_uri')?.value, what);
      if (functionName) authorizer.functionName = functionName;
      else this.warning('MISSING_PROPERTY', `${what}: a Lambda authorizer needs authorizer_uri`, block.location);
    }
    return authorizer;
  }

  private restIntegration(block: HclBlock, api: Api, what: string): Integration {
    const id = this.assignId(`integration:${api.id}`, block);
    const typeValue = this.knownString(block, 'type', what);
    const type = parseIntegrationType(typeValue);
    if (!type) this.warning('INVALID_VALUE', `${what}: type ${typeValue ?? '(missing)'} is not AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK; MOCK is simulated`, block.location);
    const integration: Integration = { id, type: type ?? 'MOCK', location: block.location };
    this.integrationTarget(block, integration, 'uri', what);
    const timeout = this.number(block, 'timeout_milliseconds', what);
    if (timeout !== undefined) integration.timeoutMs = timeout;
    const connection = parseConnectionType(this.knownString(block, 'connection_type', what));
    if (connection === 'VPC_LINK') {
      integration.connectionType = 'VPC_LINK';
      const link = this.vpcLinkId(block, what, ['aws_api_gateway_vpc_link']);
      if (link) integration.vpcLinkId = link;
    } else {
      integration.connectionType = 'INTERNET';
    }
    return integration;
  }

  /** The function, service action or URL an integration's URI names. */
  private integrationTarget(block: HclBlock, integration: Integration, attributeName: string, what: string): void {
    const attribute = this.attribute(block, attributeName);
    if (!attribute) {
      if (integration.type !== 'MOCK') this.warning('MISSING_PROPERTY', `${what}: an ${integration.type} integration needs ${attributeName}`, block.location);
      return;
    }
    if (integration.type === 'AWS_PROXY' || integration.type === 'AWS') {
      const value = this.evaluate(attribute.value);
      const action = typeof value === 'string' ? serviceAction(value) : undefined;
      if (action) {
        integration.serviceAction = action;
        integration.uri = value as string;
        return;
      }
      const name = this.functionName(attribute.value, what);
      if (name) integration.functionName = name;
      return;
    }
    if (integration.type === 'MOCK') return;
    const value = this.evaluate(attribute.value);
    if (typeof value === 'string' && isUrl(value)) {
      integration.uri = value;
      return;
    }
    // A VPC link integration of an HTTP API points at a listener or Cloud Map ARN: the link describes the target.
    if (typeof value === 'string' && value.startsWith('arn:')) return;
    if (this.link(attribute.value, ['aws_lb_listener', 'aws_alb_listener', 'data.aws_lb_listener', 'data.aws_alb_listener', 'aws_service_discovery_service', 'aws_lb', 'data.aws_lb'])) return;
    this.info('UNRESOLVED_REFERENCE', `${what}: ${attributeName} = ${this.source(attribute.value)} is not a URL known from the configuration alone; the backend URL is left unset`, attribute.location);
  }

  private restRoute(block: HclBlock, api: Api, key: string, what: string): Route {
    const authorization = this.knownString(block, 'authorization', what) ?? 'NONE';
    const authorizationType = parseAuthorizationType(authorization, REST_AUTHORIZATION_TYPES) ?? 'NONE';
    if (!(REST_AUTHORIZATION_TYPES as readonly string[]).includes(authorization)) this.warning('INVALID_VALUE', `${what}: authorization ${authorization} is not NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS; NONE is simulated`, block.location);
    const route: Route = { key, authorizationType, location: block.location };
    const authorizer = this.attribute(block, 'authorizer_id');
    if (authorizer) {
      const ref = this.link(authorizer.value, ['aws_api_gateway_authorizer']);
      if (ref) route.authorizerId = ref.block ? this.idOf.get(this.address(ref.block)) ?? ref.name : ref.name;
      else route.authorizerId = this.stringValue(authorizer.value, `${what}: authorizer_id`);
    }
    const apiKeyRequired = this.boolean(block, 'api_key_required', what);
    if (apiKeyRequired !== undefined) route.apiKeyRequired = apiKeyRequired;
    const parameters = this.evaluate(this.attribute(block, 'request_parameters')?.value);
    if (parameters instanceof Map) {
      const required = [...parameters].filter(([, value]) => value === true || value === 'true').map(([name]) => name);
      if (required.length > 0) route.requiredParameters = required;
    }
    const validator = this.link(this.attribute(block, 'request_validator_id')?.value, ['aws_api_gateway_request_validator']);
    if (validator?.block) {
      route.validateBody = this.boolean(validator.block, 'validate_request_body', this.address(validator.block)) ?? false;
      route.validateParameters = this.boolean(validator.block, 'validate_request_parameters', this.address(validator.block)) ?? false;
    }
    const models = this.attribute(block, 'request_models');
    if (models?.value.kind === 'object' && models.value.items.length > 0) {
      const item = models.value.items[0];
      const contentType = item.name ?? 'application/json';
      const model = this.link(item.value, ['aws_api_gateway_model']);
      const schema = model?.block ? this.evaluate(this.attribute(model.block, 'schema')?.value) : undefined;
      const required = requiredProperties(schema);
      route.requestModel = { contentType, required: required ?? [], location: item.location };
    }
    const integrationBlock = this.restIntegrations.get(`${api.id} ${key}`);
    if (integrationBlock) {
      route.integrationId = this.idOf.get(this.address(integrationBlock));
      const templates = this.stringMap(integrationBlock, 'request_templates', this.address(integrationBlock));
      if (templates && Object.keys(templates).length > 0) route.requestTemplates = templates;
      const response = this.restIntegrationResponses.get(`${api.id} ${key}`);
      const responseTemplates = response ? this.stringMap(response, 'response_templates', this.address(response)) : undefined;
      if (responseTemplates && Object.keys(responseTemplates).length > 0) route.responseTemplates = responseTemplates;
    }
    return route;
  }

  private readRestStages(): void {
    for (const block of this.ofType('aws_api_gateway_stage')) {
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      if (!api) continue;
      const name = this.string(block, 'stage_name', this.address(block));
      if (name) api.stages.push({ name, location: block.location });
    }
    // The deprecated stage_name of aws_api_gateway_deployment also creates a stage.
    for (const block of this.ofType('aws_api_gateway_deployment')) {
      if (!this.attribute(block, 'stage_name')) continue;
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      const name = this.string(block, 'stage_name', this.address(block));
      if (api && name && !api.stages.some((stage) => stage.name === name)) api.stages.push({ name, location: block.location });
    }
    for (const block of this.ofType('aws_api_gateway_method_settings')) {
      const what = this.address(block);
      const api = this.apiOf(block, 'rest_api_id', REST_API);
      if (!api) continue;
      const stageName = this.string(block, 'stage_name', what);
      const stage = api.stages.find((candidate) => candidate.name === stageName);
      if (!stage) {
        this.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no stage ${stageName ?? '(missing)'}`, this.attribute(block, 'stage_name')?.location ?? block.location);
        continue;
      }
      const throttle = this.throttle(this.block(block, 'settings'), 'throttling_rate_limit', 'throttling_burst_limit', api.region, what);
      if (!throttle) continue;
      const methodPath = this.string(block, 'method_path', what);
      if (methodPath === undefined) continue;
      if (methodPath === '*/*') {
        stage.throttle = throttle;
        continue;
      }
      // method_path is {resource_path}/{http_method}, the leading slash trimmed.
      const slash = methodPath.lastIndexOf('/');
      const method = methodPath.slice(slash + 1).toUpperCase();
      const path = decodeResourcePath(methodPath.slice(0, Math.max(slash, 0)));
      const key = method === '*' ? undefined : routeKey(method, path);
      if (!key || path.includes('*')) {
        this.info('UNSUPPORTED_FEATURE', `${what}: method_path ${methodPath} (a wildcard for part of the API) is not simulated`, block.location);
        continue;
      }
      if (!api.routes.some((route) => route.key === key)) this.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no method ${key}`, this.attribute(block, 'method_path')!.location);
      stage.routeThrottles = { ...stage.routeThrottles, [key]: throttle };
    }
  }

  private readUsagePlans(): void {
    const plans = new Map<string, UsagePlan>();
    for (const block of this.ofType('aws_api_gateway_usage_plan')) {
      const what = this.address(block);
      const id = this.assignId('usagePlan', block);
      const plan: UsagePlan = { id, name: this.string(block, 'name', what) ?? id, apiKeys: [], location: block.location };
      const throttle = this.throttle(this.block(block, 'throttle_settings'), 'rate_limit', 'burst_limit', this.region(block), what);
      if (throttle) plan.throttle = throttle;
      const quota = this.block(block, 'quota_settings');
      if (quota) {
        const limit = this.number(quota, 'limit', what);
        const period = parseQuotaPeriod(this.knownString(quota, 'period', what));
        if (limit !== undefined && period) plan.quota = { limit, period };
        else this.warning('INVALID_VALUE', `${what}: quota_settings needs a limit and a period of DAY, WEEK or MONTH`, quota.location);
      }
      plans.set(what, plan);
      const stages = blocksOf(block.body, 'api_stages');
      if (stages.length === 0) this.info('UNUSED_DEFINITION', `${what}: no api_stages; the plan applies to no API`, block.location);
      const attached = new Set<Api>();
      for (const stage of stages) {
        const api = this.apiOf(stage, 'api_id', REST_API, `${what}: api_stages`);
        if (!api || attached.has(api)) continue;
        attached.add(api);
        (api.usagePlans ??= []).push(plan);
        const stageName = this.string(stage, 'stage', what);
        if (stageName && api.stages.length > 0 && !api.stages.some((candidate) => candidate.name === stageName)) {
          this.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no stage ${stageName}`, this.attribute(stage, 'stage')?.location ?? stage.location);
        }
        for (const methodThrottle of blocksOf(stage.body, 'throttle')) {
          this.info('IGNORED_PROPERTY', `${what}: per-method throttle in a usage plan is not simulated; the plan's throttle_settings apply`, methodThrottle.location);
        }
      }
    }
    for (const block of this.ofType('aws_api_gateway_usage_plan_key')) {
      const what = this.address(block);
      const planRef = this.link(this.attribute(block, 'usage_plan_id')?.value, ['aws_api_gateway_usage_plan']);
      const plan = planRef?.block ? plans.get(this.address(planRef.block)) : undefined;
      if (!plan) {
        this.warning('DANGLING_REFERENCE', `${what}: usage_plan_id names no aws_api_gateway_usage_plan of this configuration`, this.attribute(block, 'usage_plan_id')?.location ?? block.location);
        continue;
      }
      const keyRef = this.link(this.attribute(block, 'key_id')?.value, ['aws_api_gateway_api_key']);
      if (!keyRef?.block) {
        const text = this.attribute(block, 'key_id') ? this.source(this.attribute(block, 'key_id')!.value) : '(missing)';
        this.info('UNRESOLVED_REFERENCE', `${what}: key_id = ${text} names no aws_api_gateway_api_key of this configuration; kept as written`, this.attribute(block, 'key_id')?.location ?? block.location);
        plan.apiKeys.push(text);
        continue;
      }
      const key = keyRef.block;
      if (this.boolean(key, 'enabled', this.address(key)) === false) {
        this.info('DISABLED', `${this.address(key)} is disabled; requests with it are refused`, key.location);
        continue;
      }
      const value = this.attribute(key, 'value');
      if (value) {
        const text = this.stringValue(value.value, `${this.address(key)}: value`);
        if (text !== undefined) plan.apiKeys.push(text);
      } else {
        // Without value, API Gateway generates the key at apply time.
        this.info('UNRESOLVED_REFERENCE', `${this.address(key)}: no value; API Gateway generates the key, simulated as ${this.address(key)}.value`, key.location);
        plan.apiKeys.push(`${this.address(key)}.value`);
      }
    }
  }

  /* ------------------------------------------------------------ HTTP and WebSocket APIs */

  private readV2Api(block: HclBlock): void {
    const what = this.address(block);
    const protocol = this.knownString(block, 'protocol_type', what);
    if (protocol !== 'HTTP' && protocol !== 'WEBSOCKET') {
      this.warning('INVALID_VALUE', `${what}: protocol_type must be HTTP or WEBSOCKET${protocol ? `, got ${protocol}` : ''}; the API is not read`, this.attribute(block, 'protocol_type')?.location ?? block.location);
      return;
    }
    const type: ApiType = protocol;
    const id = this.assignId('api', block);
    const name = this.string(block, 'name', what) ?? id;
    const region = this.region(block);
    let api = emptyApi(id, name, type, region, block.location);
    const body = this.attribute(block, 'body');
    if (body) {
      if (type === 'WEBSOCKET') this.info('UNSUPPORTED_FEATURE', `${what}: an OpenAPI body is supported for HTTP APIs only; ignored`, body.location);
      else {
        const imported = this.importBody(block, body, 'HTTP', { id, name, region });
        if (imported) api = { ...imported, id, name, region, type, endpointType: defaultEndpointType(type), location: block.location };
      }
    }
    if (type === 'WEBSOCKET') api.routeSelectionExpression = this.string(block, 'route_selection_expression', what) ?? DEFAULT_ROUTE_SELECTION_EXPRESSION;
    const target = this.attribute(block, 'target');
    if (target && type === 'HTTP') this.quickCreate(block, api, target);
    this.apis.set(what, api);
  }

  /**
   * Quick create (`target`): an integration, a catch-all `$default` route (or `route_key`)
   * and a `$default` stage that deploys automatically. A URL gives HTTP_PROXY, a function
   * ARN AWS_PROXY (aws_apigatewayv2_api, "target").
   */
  private quickCreate(block: HclBlock, api: Api, target: HclAttribute): void {
    const what = this.address(block);
    const value = this.evaluate(target.value);
    const url = typeof value === 'string' && isUrl(value) ? value : undefined;
    const made = quickCreate(`${api.id}-quick-create`, url !== undefined ? { url } : { functionName: this.functionName(target.value, what) ?? '' }, this.string(block, 'route_key', what), 'HTTP', target.location);
    api.integrations.push(made.integration);
    api.routes.push(made.route);
    api.stages.push({ name: made.stageName, location: target.location });
  }

  private readV2Parts(): void {
    for (const block of this.ofType('aws_apigatewayv2_authorizer')) {
      const api = this.apiOf(block, 'api_id', V2_API);
      if (api) api.authorizers.push(this.v2Authorizer(block, api));
    }
    const templates = new Map<string, Record<string, string>>();
    for (const block of this.ofType('aws_apigatewayv2_integration')) {
      const api = this.apiOf(block, 'api_id', V2_API);
      if (!api) continue;
      const integration = this.v2Integration(block, api);
      api.integrations.push(integration);
      const requestTemplates = this.stringMap(block, 'request_templates', this.address(block));
      if (requestTemplates && Object.keys(requestTemplates).length > 0) templates.set(`${api.id} ${integration.id}`, requestTemplates);
    }
    for (const block of this.ofType('aws_apigatewayv2_route')) {
      const api = this.apiOf(block, 'api_id', V2_API);
      if (!api) continue;
      const route = this.v2Route(block, api);
      if (!route) continue;
      if (api.routes.some((existing) => existing.key === route.key)) {
        this.warning('DUPLICATE_DEFINITION', `${this.address(block)}: ${api.name} already has a route ${route.key}; this one is ignored`, block.location);
        continue;
      }
      const routeTemplates = route.integrationId ? templates.get(`${api.id} ${route.integrationId}`) : undefined;
      if (routeTemplates) route.requestTemplates = routeTemplates;
      api.routes.push(route);
    }
    for (const block of this.ofType('aws_apigatewayv2_stage')) {
      const api = this.apiOf(block, 'api_id', V2_API);
      if (api) this.v2Stage(block, api);
    }
  }

  private v2Authorizer(block: HclBlock, api: Api): Authorizer {
    const what = this.address(block);
    const id = this.assignId(`authorizer:${api.id}`, block);
    const typeValue = this.knownString(block, 'authorizer_type', what);
    const type: AuthorizerType = parseAuthorizerType(typeValue) === 'JWT' ? 'JWT' : 'REQUEST';
    if (typeValue !== 'JWT' && typeValue !== 'REQUEST') this.warning('INVALID_VALUE', `${what}: authorizer_type must be JWT or REQUEST${typeValue ? `, got ${typeValue}` : ''}; REQUEST is simulated`, block.location);
    // JWT authorizers read the token from one identity source, usually $request.header.Authorization; a
    // Lambda REQUEST authorizer without identity sources is invoked on every request, uncached.
    const identitySources = this.strings(block, 'identity_sources', what) ?? defaultIdentitySources(api.type, type);
    const authorizer: Authorizer = { id, name: this.string(block, 'name', what) ?? id, type, identitySources, location: block.location };
    if (type === 'JWT') {
      const jwt = this.block(block, 'jwt_configuration');
      const issuer = this.string(jwt, 'issuer', what);
      if (issuer) authorizer.issuer = issuer;
      else this.warning('MISSING_PROPERTY', `${what}: a JWT authorizer needs jwt_configuration.issuer`, jwt?.location ?? block.location);
      const audience = this.strings(jwt, 'audience', what);
      if (audience) authorizer.audience = audience;
    } else {
      const functionName = this.functionName(this.attribute(block, 'authorizer_uri')?.value, what);
      if (functionName) authorizer.functionName = functionName;
      else this.warning('MISSING_PROPERTY', `${what}: a Lambda authorizer needs authorizer_uri`, block.location);
      const ttl = this.number(block, 'authorizer_result_ttl_in_seconds', what);
      if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
    }
    return authorizer;
  }

  private v2Integration(block: HclBlock, api: Api): Integration {
    const what = this.address(block);
    const id = this.assignId(`integration:${api.id}`, block);
    const typeValue = this.knownString(block, 'integration_type', what);
    const type = parseIntegrationType(typeValue);
    if (!type) this.warning('INVALID_VALUE', `${what}: integration_type ${typeValue ?? '(missing)'} is not AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK; MOCK is simulated`, block.location);
    const integration: Integration = { id, type: type ?? 'MOCK', location: block.location };
    const subtype = this.knownString(block, 'integration_subtype', what);
    if (subtype) integration.serviceAction = serviceActionOfSubtype(subtype); // an AWS service integration of an HTTP API, e.g. SQS-SendMessage
    else this.integrationTarget(block, integration, 'integration_uri', what);
    const timeout = this.number(block, 'timeout_milliseconds', what);
    if (timeout !== undefined) integration.timeoutMs = timeout;
    const connection = parseConnectionType(this.knownString(block, 'connection_type', what));
    integration.connectionType = connection === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET';
    if (connection === 'VPC_LINK') {
      const link = this.vpcLinkId(block, what, ['aws_apigatewayv2_vpc_link']);
      if (link) integration.vpcLinkId = link;
    }
    if (api.type === 'HTTP' && integration.type === 'AWS_PROXY' && !subtype) {
      // payload_format_version: "Valid values: 1.0, 2.0. Default is 1.0."
      const version = this.knownString(block, 'payload_format_version', what) ?? '1.0';
      const parsed = parsePayloadFormatVersion(version);
      if (parsed) integration.payloadFormatVersion = parsed;
      else this.warning('INVALID_VALUE', `${what}: payload_format_version must be 1.0 or 2.0, got ${version}`, this.attribute(block, 'payload_format_version')!.location);
    }
    return integration;
  }

  private v2Route(block: HclBlock, api: Api): Route | undefined {
    const what = this.address(block);
    const keyAttribute = this.attribute(block, 'route_key');
    if (!keyAttribute) {
      this.warning('MISSING_PROPERTY', `${what}: no route_key; not read`, block.location);
      return undefined;
    }
    const written = this.stringValue(keyAttribute.value, `${what}: route_key`);
    if (written === undefined) return undefined;
    const key = normalizeRouteKey(written, api.type);
    const typeValue = this.knownString(block, 'authorization_type', what) ?? 'NONE';
    const authorizationType = parseAuthorizationType(typeValue, V2_AUTHORIZATION_TYPES) ?? 'NONE';
    if (!(V2_AUTHORIZATION_TYPES as readonly string[]).includes(typeValue)) this.warning('INVALID_VALUE', `${what}: authorization_type ${typeValue} is not NONE, AWS_IAM, CUSTOM or JWT; NONE is simulated`, block.location);
    const route: Route = { key, authorizationType, location: block.location };
    const authorizer = this.attribute(block, 'authorizer_id');
    if (authorizer) {
      const ref = this.link(authorizer.value, ['aws_apigatewayv2_authorizer']);
      if (ref) route.authorizerId = ref.block ? this.idOf.get(this.address(ref.block)) ?? ref.name : ref.name;
      else route.authorizerId = this.stringValue(authorizer.value, `${what}: authorizer_id`);
    }
    const apiKeyRequired = this.boolean(block, 'api_key_required', what);
    if (apiKeyRequired !== undefined) route.apiKeyRequired = apiKeyRequired;
    const parameters = blocksOf(block.body, 'request_parameter')
      .filter((parameter) => this.boolean(parameter, 'required', what) === true)
      .map((parameter) => this.string(parameter, 'request_parameter_key', what))
      .filter((name): name is string => name !== undefined);
    if (parameters.length > 0) route.requiredParameters = parameters;
    // target: "integrations/<integration id>"; without it the route has no integration.
    const target = this.attribute(block, 'target');
    if (target) {
      const ref = this.link(target.value, ['aws_apigatewayv2_integration']);
      if (ref) {
        // An undeclared integration keeps its name: the shared model checks report the dangling reference.
        route.integrationId = ref.block ? this.idOf.get(this.address(ref.block)) ?? ref.name : ref.name;
      } else {
        const value = this.evaluate(target.value);
        if (typeof value === 'string' && value.startsWith('integrations/')) route.integrationId = value.slice('integrations/'.length);
        else this.info('UNRESOLVED_REFERENCE', `${what}: target = ${this.source(target.value)} names no aws_apigatewayv2_integration of this configuration`, target.location);
      }
    }
    return route;
  }

  private v2Stage(block: HclBlock, api: Api): void {
    const what = this.address(block);
    const name = this.string(block, 'name', what);
    if (!name) return;
    const stage: Stage = { name, location: block.location };
    const throttle = this.throttle(this.block(block, 'default_route_settings'), 'throttling_rate_limit', 'throttling_burst_limit', api.region, what);
    if (throttle) stage.throttle = throttle;
    for (const settings of blocksOf(block.body, 'route_settings')) {
      const routeKey = this.string(settings, 'route_key', what);
      const routeThrottle = this.throttle(settings, 'throttling_rate_limit', 'throttling_burst_limit', api.region, what);
      if (!routeKey || !routeThrottle) continue;
      const key = normalizeRouteKey(routeKey, api.type);
      if (!api.routes.some((route) => route.key === key)) this.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no route ${key}`, this.attribute(settings, 'route_key')!.location);
      stage.routeThrottles = { ...stage.routeThrottles, [key]: routeThrottle };
    }
    api.stages.push(stage);
  }

  /* ------------------------------------------------------------ custom domains and WAF */

  private readDomains(): void {
    const domains = new Map<string, CustomDomain>();
    for (const block of [...this.ofType('aws_api_gateway_domain_name'), ...this.ofType('aws_apigatewayv2_domain_name')]) {
      const what = this.address(block);
      const domainName = this.string(block, 'domain_name', what);
      if (!domainName) continue;
      const domain: CustomDomain = { domainName, location: block.location };
      const v2 = block.labels[0] === 'aws_apigatewayv2_domain_name';
      const configuration = v2 ? this.block(block, 'domain_name_configuration') : block;
      const policy = this.knownString(configuration, 'security_policy', what);
      if (policy) domain.securityPolicy = policy;
      const endpoint = v2 ? this.knownString(configuration, 'endpoint_type', what) : this.strings(this.block(block, 'endpoint_configuration'), 'types', what)?.[0];
      const parsed = parseEndpointType(endpoint);
      if (parsed) domain.endpointType = parsed;
      else if (endpoint === undefined) domain.endpointType = defaultDomainEndpointType(v2 ? 'V2' : 'REST');
      domains.set(what, domain);
    }
    const mapped = new Set<string>();
    const mappings = [
      ...this.ofType('aws_api_gateway_base_path_mapping').map((block) => ({ block, apiAttribute: 'api_id' })),
      ...this.ofType('aws_apigatewayv2_api_mapping').map((block) => ({ block, apiAttribute: 'api_id' })),
    ];
    for (const { block, apiAttribute } of mappings) {
      const what = this.address(block);
      const api = this.apiOf(block, apiAttribute, [...REST_API, ...V2_API]);
      if (!api) continue;
      const domainAttribute = this.attribute(block, 'domain_name');
      const ref = this.link(domainAttribute?.value, ['aws_api_gateway_domain_name', 'aws_apigatewayv2_domain_name']);
      let domain = ref?.block ? domains.get(this.address(ref.block)) : undefined;
      let address = ref?.block ? this.address(ref.block) : undefined;
      if (!domain && domainAttribute) {
        const name = this.evaluate(domainAttribute.value);
        for (const [candidate, value] of domains) {
          if (value.domainName === name) {
            domain = value;
            address = candidate;
          }
        }
        if (!domain && typeof name === 'string') domain = { domainName: name, location: domainAttribute.location };
      }
      if (!domain) {
        this.info('UNRESOLVED_REFERENCE', `${what}: domain_name names no custom domain of this configuration`, domainAttribute?.location ?? block.location);
        continue;
      }
      if (address) mapped.add(address);
      if (api.customDomain && api.customDomain.domainName !== domain.domainName) {
        this.info('UNSUPPORTED_FEATURE', `${api.name} is mapped to several custom domains; ${api.customDomain.domainName} is simulated`, block.location);
        continue;
      }
      mapCustomDomain(api, domain);
    }
    for (const [address, domain] of domains) {
      if (!mapped.has(address)) this.info('UNUSED_DEFINITION', `${address}: ${domain.domainName} is mapped to no API of this configuration`, domain.location!);
    }
  }

  private readWafAssociations(): void {
    for (const block of this.ofType('aws_wafv2_web_acl_association')) {
      const what = this.address(block);
      const resource = this.attribute(block, 'resource_arn');
      const ref = this.link(resource?.value, ['aws_api_gateway_stage', 'aws_apigatewayv2_stage', 'aws_api_gateway_rest_api', 'aws_apigatewayv2_api']);
      if (!ref?.block) continue; // an ALB, CloudFront or another resource: not an API of this configuration
      const stageApi = ref.type === 'aws_api_gateway_stage' ? this.apiOf(ref.block, 'rest_api_id', REST_API)
        : ref.type === 'aws_apigatewayv2_stage' ? this.apiOf(ref.block, 'api_id', V2_API)
        : this.apis.get(this.address(ref.block));
      if (!stageApi) continue;
      const acl = this.attribute(block, 'web_acl_arn');
      const aclRef = this.link(acl?.value, ['aws_wafv2_web_acl', 'data.aws_wafv2_web_acl']);
      let name: string | undefined;
      if (aclRef?.block) name = this.string(aclRef.block, 'name', this.address(aclRef.block)) ?? aclRef.name;
      else if (acl) {
        const value = this.evaluate(acl.value);
        name = typeof value === 'string' ? (webAclName(value) ?? value) : this.stringValue(acl.value, `${what}: web_acl_arn`);
      }
      if (name) stageApi.wafWebAcl = name;
    }
  }
}

/* ------------------------------------------------------------ pure helpers */

function containsUnknown(value: Value): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value instanceof Map) return [...value.values()].some(containsUnknown);
  return false;
}

function toPlain(value: Value): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [key, toPlain(item)]));
  return value;
}

function valueTree(value: Value, location: SourceLocation): PNode {
  if (Array.isArray(value)) return { kind: 'seq', location, items: value.map((item) => valueTree(item, location)) };
  if (value instanceof Map) return { kind: 'map', location, entries: [...value].map(([key, item]) => ({ key, keyLocation: location, value: valueTree(item, location) })) };
  if (value instanceof Unknown) return { kind: 'scalar', location, value: null };
  return { kind: 'scalar', location, value };
}

/** A tree with every location moved (embedded documents). Iterative: the tree can be as deep as the parser allows. */
function relocate(tree: PNode, move: (location: SourceLocation) => SourceLocation): PNode {
  const stack: PNode[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.location = move(node.location);
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        entry.keyLocation = move(entry.keyLocation);
        stack.push(entry.value);
      }
    } else if (node.kind === 'seq') {
      stack.push(...node.items);
    }
  }
  return tree;
}

/** The `required` array of a JSON schema value (an aws_api_gateway_model schema). */
function requiredProperties(schema: Value | undefined): string[] | undefined {
  let parsed: unknown = schema instanceof Map ? toPlain(schema) : schema;
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      return undefined;
    }
  }
  const required = (parsed as { required?: unknown } | null)?.required;
  return Array.isArray(required) && required.every((item) => typeof item === 'string') ? required : undefined;
}

/** An http(s) URL the pipeline can call (`{proxy}` path parameters allowed, `${...}` placeholders not). */
function isUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || value.includes('${')) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
