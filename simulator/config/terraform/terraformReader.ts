import type { Api, Integration, Throttle, VpcLink } from '../../model/gateway';
import { throttleOrAccountLimit } from '../aws/accountThrottle';
import { lambdaFunctionName, serviceAction } from '../aws/arns';
import { isPrivateIntegrationTarget } from '../aws/vpcLinkTargets';
import { attributeOf, type HclBlock, type HclExpression } from './hcl';
import { HclEvaluator } from './hclExpressions';

/*
 * What every reader of a Terraform module's API Gateway resources needs, on top of the
 * evaluated blocks (hclExpressions.ts): the model being built and the ids given in it, the
 * links from a block to its API, typed arguments (a value only known after apply is kept as
 * written, with an info finding), the provider's region, throttles, Lambda functions, VPC
 * links and integration targets. Argument names and defaults are the AWS provider's resource
 * documentation (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>);
 * the behaviour behind them is the API Gateway developer guide's.
 */

/** Resource types that name a Lambda function, and the API resource types of each kind. */
export const LAMBDA_TYPES = ['aws_lambda_function', 'aws_lambda_alias', 'data.aws_lambda_function'];
export const REST_API = ['aws_api_gateway_rest_api'];
export const V2_API = ['aws_apigatewayv2_api'];

/** The model read from a module's blocks, and what the resource readers (terraformRestApis.ts, ...) share. */
export class TerraformReader extends HclEvaluator {
  readonly apis = new Map<string, Api>();
  readonly vpcLinks = new Map<string, VpcLink>();
  readonly ids = new Map<string, Set<string>>();
  /** Resource address -> id it got in the model. */
  readonly idOf = new Map<string, string>();
  /** REST: `apiAddress METHOD /path` -> the integration block declaring it. */
  readonly restIntegrations = new Map<string, HclBlock>();
  readonly restIntegrationResponses = new Map<string, HclBlock[]>();

  /** A model id from the resource name, unique within its namespace (the full address when names clash). */
  assignId(namespace: string, block: HclBlock): string {
    const taken = this.ids.get(namespace) ?? new Set<string>();
    this.ids.set(namespace, taken);
    const address = this.address(block);
    const id = taken.has(block.labels[1]) ? address : block.labels[1];
    taken.add(id);
    this.idOf.set(address, id);
    return id;
  }

  /**
   * Links `attribute` of `block` to the API it names. An undeclared resource is reported; an
   * expression that names no API of this configuration (a data source, a module output) too.
   */
  apiOf(block: HclBlock, attribute: string, types: readonly string[], what = this.address(block)): Api | undefined {
    const node = attributeOf(block.body, attribute);
    if (!node) {
      this.findings.warning('MISSING_PROPERTY', `${what}: no ${attribute}; it belongs to no API and is not read`, block.location);
      return undefined;
    }
    const ref = this.link(node.value, types);
    if (ref?.block) {
      // An API that could not be read has been reported where it is declared.
      return this.apis.get(this.address(ref.block));
    }
    if (ref && !ref.block) {
      this.findings.warning('DANGLING_REFERENCE', `${what}: ${attribute} refers to ${ref.type}.${ref.name}, which is not declared in this configuration`, node.location);
      return undefined;
    }
    this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${attribute} = ${this.source(node.value)} names no API declared in this configuration; it is not read`, node.location);
    return undefined;
  }

  /* ------------------------------------------------------------ typed accessors */

  /** A string argument: its value, or (when it is only known after apply) its source text, with an info finding. */
  string(block: HclBlock | undefined, name: string, what: string): string | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    return this.stringValue(attribute.value, `${what}: ${name}`);
  }

  stringValue(expression: HclExpression, what: string): string | undefined {
    const value = this.evaluate(expression);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === null) return undefined;
    const text = this.source(expression);
    this.findings.info('UNRESOLVED_REFERENCE', `${what} = ${text} is not known from the configuration alone; kept as written`, expression.location);
    return text;
  }

  /** A string that must be known (an enum such as a type); undefined with an info finding otherwise. */
  knownString(block: HclBlock | undefined, name: string, what: string): string | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (typeof value === 'string') return value;
    if (value !== null) this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not known from the configuration alone; the default is used`, attribute.location);
    return undefined;
  }

  number(block: HclBlock | undefined, name: string, what: string): number | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isFinite(number)) return number;
    if (value !== null) this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not a number known from the configuration alone; ignored`, attribute.location);
    return undefined;
  }

  boolean(block: HclBlock | undefined, name: string, what: string): boolean | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    if (value !== null) this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not a bool known from the configuration alone; ignored`, attribute.location);
    return undefined;
  }

  /** A list of strings; unknown items are kept as written. */
  strings(block: HclBlock | undefined, name: string, what: string): string[] | undefined {
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
        this.findings.info('UNRESOLVED_REFERENCE', `${what}: an item of ${name}, ${text}, is not known from the configuration alone; kept as written`, node?.location ?? attribute.location);
        return [text];
      });
    }
    if (typeof value === 'string') return [value];
    if (value !== null) this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not known from the configuration alone; ignored`, attribute.location);
    return undefined;
  }

  /** A map of strings (request templates). */
  stringMap(block: HclBlock | undefined, name: string, what: string): Record<string, string> | undefined {
    const attribute = this.attribute(block, name);
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.value);
    if (!(value instanceof Map)) {
      if (value !== null) this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${name} = ${this.source(attribute.value)} is not known from the configuration alone; ignored`, attribute.location);
      return undefined;
    }
    const result: Record<string, string> = {};
    const items = attribute.value.kind === 'object' ? attribute.value.items : [];
    for (const [key, item] of value) {
      if (typeof item === 'string') result[key] = item;
      else {
        const node = items.find((candidate) => candidate.name === key)?.value;
        const text = node ? this.source(node) : key;
        this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${name}["${key}"] is not known from the configuration alone; kept as written`, node?.location ?? attribute.location);
        result[key] = text;
      }
    }
    return result;
  }

  /** The region of the provider a resource uses (`provider = aws.west`), or the default one. */
  region(block: HclBlock): string {
    const provider = this.attribute(block, 'provider');
    const key = provider ? this.textOf(provider.value) || 'aws' : 'aws';
    const expression = this.regions.get(key) ?? this.regions.get('aws');
    if (!expression) return 'us-east-1';
    const value = this.evaluate(expression);
    if (typeof value === 'string') return value;
    this.findings.info('UNRESOLVED_REFERENCE', `the provider's region = ${this.source(expression)} is not known from the configuration alone; us-east-1 is simulated`, expression.location);
    return 'us-east-1';
  }

  /** Throttle limits from a rate and a burst; one left unset (or -1, the provider's "throttling disabled") is the account limit of `region`. */
  throttle(block: HclBlock | undefined, rateName: string, burstName: string, region: string, what: string): Throttle | undefined {
    if (!block) return undefined;
    return throttleOrAccountLimit(this.number(block, rateName, what), this.number(block, burstName, what), region);
  }

  /* ------------------------------------------------------------ Lambda functions and URIs */

  /**
   * The Lambda function an ARN-valued expression names: `aws_lambda_function.f.invoke_arn`
   * (or `.arn`, an alias, a data source), or a literal function / invocation ARN. A
   * function whose name is only known after apply keeps its name as written.
   */
  functionName(expression: HclExpression | undefined, what: string, depth = 0): string | undefined {
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
        this.findings.info('UNRESOLVED_REFERENCE', `${what}: the function comes from module ${ref.name}, which is not followed; kept as ${text}`, ref.node.location);
        return text;
      }
      if (!ref.block) {
        this.findings.warning('DANGLING_REFERENCE', `${what}: ${ref.type}.${ref.name} is not declared in this configuration; the function is named ${ref.name}`, ref.node.location);
        return ref.name;
      }
      const nameAttribute = this.attribute(ref.block, 'function_name');
      if (!nameAttribute) return ref.name;
      if (ref.type === 'aws_lambda_alias') return this.functionName(nameAttribute.value, what, depth + 1);
      const name = this.evaluate(nameAttribute.value, { active: new Set(), instance: this.instanceOf(ref) });
      if (typeof name === 'string') return lambdaFunctionName(name) ?? name;
      const written = this.source(nameAttribute.value);
      this.findings.info('UNRESOLVED_REFERENCE', `${what}: the function name of ${ref.type}.${ref.name}, ${written}, is not known from the configuration alone; kept as written`, nameAttribute.location);
      return written;
    }
    if (typeof value === 'string' && value !== '') return value;
    const text = this.source(expression);
    this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${text} names no Lambda function of this configuration; kept as written`, expression.location);
    return text;
  }

  /* ------------------------------------------------------------ VPC links */

  vpcLinkId(block: HclBlock, what: string, types: readonly string[]): string | undefined {
    const attribute = this.attribute(block, 'connection_id');
    if (!attribute) return undefined;
    const ref = this.link(attribute.value, types);
    if (ref?.block) return this.vpcLinks.get(this.address(ref.block))?.id;
    if (ref) return ref.name; // not declared: the shared model checks report the dangling link
    const value = this.evaluate(attribute.value);
    if (typeof value === 'string') return value;
    const text = this.source(attribute.value);
    this.findings.info('UNRESOLVED_REFERENCE', `${what}: connection_id = ${text} is not known from the configuration alone; kept as written`, attribute.location);
    return text;
  }

  /* ------------------------------------------------------------ integrations */

  /** The function, service action or URL an integration's URI names. */
  integrationTarget(block: HclBlock, integration: Integration, attributeName: string, what: string): void {
    const attribute = this.attribute(block, attributeName);
    if (!attribute) {
      if (integration.type !== 'MOCK') this.findings.warning('MISSING_PROPERTY', `${what}: an ${integration.type} integration needs ${attributeName}`, block.location);
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
    if (typeof value === 'string' && isPrivateIntegrationTarget(value)) return;
    if (this.link(attribute.value, ['aws_lb_listener', 'aws_alb_listener', 'data.aws_lb_listener', 'data.aws_alb_listener', 'aws_service_discovery_service', 'aws_lb', 'data.aws_lb'])) return;
    this.findings.info('UNRESOLVED_REFERENCE', `${what}: ${attributeName} = ${this.source(attribute.value)} is not a URL known from the configuration alone; the backend URL is left unset`, attribute.location);
  }
}

/** An http(s) URL the pipeline can call (`{proxy}` path parameters allowed, `${...}` placeholders not). */
export function isUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || value.includes('${')) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
