import type { SourceLocation } from '../../model/gateway';
import { FindingsOnce } from '../findings';
import type { ReaderContext } from '../formatReader';
import { MAX_REFERENCE_CHAIN, type PNode } from '../tree';
import {
  attributeOf, blocksOf, type HclAttribute, type HclBlock, type HclBody, type HclExpression, type ReferenceStep, referenceSteps, sourceText,
  staticString,
} from './hcl';

/*
 * A Terraform module's blocks, indexed and evaluated as far as the configuration alone allows:
 * references between blocks (`aws_api_gateway_rest_api.shop.id`, through locals), variables to
 * their literal `default`, locals to their value, the built-in functions whose result is fixed
 * before apply, and the attributes the provider computes that can be computed here (a REST
 * resource's path). What only exists after `terraform apply` stays an Unknown, never guessed.
 * Findings about the module are reported once per place and message.
 */

/** Resource types the readers follow; `count`/`for_each` on them is reported. */
export const READ_TYPES = new Set([
  'aws_api_gateway_rest_api', 'aws_api_gateway_resource', 'aws_api_gateway_method', 'aws_api_gateway_integration', 'aws_api_gateway_integration_response',
  'aws_api_gateway_authorizer', 'aws_api_gateway_request_validator', 'aws_api_gateway_model', 'aws_api_gateway_usage_plan', 'aws_api_gateway_api_key',
  'aws_api_gateway_usage_plan_key', 'aws_api_gateway_vpc_link', 'aws_api_gateway_stage', 'aws_api_gateway_deployment', 'aws_api_gateway_method_settings',
  'aws_api_gateway_domain_name', 'aws_api_gateway_base_path_mapping', 'aws_wafv2_web_acl_association',
  'aws_apigatewayv2_api', 'aws_apigatewayv2_route', 'aws_apigatewayv2_integration', 'aws_apigatewayv2_authorizer', 'aws_apigatewayv2_stage',
  'aws_apigatewayv2_vpc_link', 'aws_apigatewayv2_domain_name', 'aws_apigatewayv2_api_mapping', 'aws_lambda_function',
]);

/** A value known before apply, or an expression that is not. */
export class Unknown {
  constructor(readonly node: HclExpression) {}
}

export type Value = string | number | boolean | null | Value[] | Map<string, Value> | Unknown;

/** each.key / each.value / count.index of one instance of a repeated resource. */
export interface Instance {
  key?: string;
  value?: Value;
  index?: number;
}

export interface Scope {
  /** The locals and attributes being evaluated, to stop cycles. */
  active: Set<string>;
  instance?: Instance | undefined;
}

/** A reference to a resource (or `data.<type>`, `var`, `module`, ...), with the block when it is declared. */
export interface Ref {
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

/**
 * The blocks of one module and their evaluation. TerraformReader (terraformReader.ts) builds
 * the model on it.
 */
export class HclEvaluator {
  /** `type.name` and `data.type.name` -> block. */
  readonly blocks = new Map<string, HclBlock>();
  readonly resources: HclBlock[] = [];
  readonly variables = new Map<string, HclBlock>();
  readonly locals = new Map<string, HclAttribute>();
  /** File -> text: the source each node was parsed from (several files may be read together). */
  readonly texts = new Map<string, string>();
  readonly byType = new Map<string, HclBlock[]>();
  readonly regions = new Map<string, HclExpression | undefined>();

  /** aws_api_gateway_resource -> its path, once computed. */
  readonly paths = new Map<HclBlock, string | undefined>();

  /** The module's findings, each reported once however often the expression behind it is evaluated. */
  readonly findings: FindingsOnce;

  constructor(readonly items: { item: HclBody['items'][number]; text: string }[], readonly context: ReaderContext) {
    this.findings = new FindingsOnce(context.findings);
  }

  index(): void {
    for (const { item, text } of this.items) {
      if (item.kind === 'attribute') {
        this.findings.warning('IGNORED_PROPERTY', `top-level attribute "${item.name}" is not valid Terraform; ignored`, item.location);
        continue;
      }
      this.texts.set(item.location.file, text);
      const [first, second] = item.labels;
      switch (item.type) {
        case 'resource':
          if (first && second) {
            const previous = this.blocks.get(`${first}.${second}`);
            if (previous) this.findings.warning('DUPLICATE_DEFINITION', `resource "${first}" "${second}" is already declared at ${previous.location.file}:${previous.location.line}`, item.location);
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
          this.findings.info('UNSUPPORTED_FEATURE', `module "${first ?? ''}"${where} is not followed: resources it creates are not read`, item.location);
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

  reportMeta(block: HclBlock): void {
    for (const meta of ['count', 'for_each']) {
      const attribute = attributeOf(block.body, meta);
      if (attribute) {
        const values = meta === 'count' ? 'count.index is' : 'each.key and each.value are';
        this.findings.info('UNSUPPORTED_FEATURE', `${this.address(block)} uses ${meta}: it is read once, not once per instance (${values} known only where a reference names the instance)`, attribute.location);
      }
    }
    for (const dynamic of blocksOf(block.body, 'dynamic')) {
      this.findings.info('UNSUPPORTED_FEATURE', `${this.address(block)}: dynamic "${dynamic.labels[0] ?? ''}" blocks are not expanded`, dynamic.location);
    }
  }

  ofType(type: string): HclBlock[] {
    return this.byType.get(type) ?? [];
  }

  address(block: HclBlock): string {
    return block.type === 'data' ? `data.${block.labels[0]}.${block.labels[1]}` : `${block.labels[0]}.${block.labels[1]}`;
  }

  /** The source text of a node, from the file it was parsed from. */
  textOf(node: { start: number; end: number; location: SourceLocation }): string {
    return sourceText(this.texts.get(node.location.file) ?? '', node);
  }

  source(expression: HclExpression): string {
    if (expression.kind === 'template' && !expression.heredoc) return expression.raw;
    return this.textOf(expression);
  }

  /** The references an expression makes, locals followed; for a template, those of its interpolations. */
  refs(expression: HclExpression | undefined, depth = 0): Ref[] {
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
  withArgument(ref: Ref, depth: number): Ref[] {
    if (!ref.block || ref.rest.length !== 1 || ref.rest[0].index) return [ref];
    const argument = attributeOf(ref.block.body, ref.rest[0].name);
    return argument ? [ref, ...this.refs(argument.value, depth + 1)] : [ref];
  }

  toRef(root: string, steps: ReferenceStep[], node: HclExpression): Ref {
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
  link(expression: HclExpression | undefined, types: readonly string[]): Ref | undefined {
    return this.refs(expression).find((ref) => types.includes(ref.type));
  }

  evaluate(expression: HclExpression | undefined, scope: Scope = { active: new Set() }): Value {
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
  unwrap(value: Value, outer: HclExpression): Value {
    return value instanceof Unknown ? new Unknown(outer) : value;
  }

  resolve(expression: HclExpression, scope: Scope): Value {
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
      if (active.size >= MAX_REFERENCE_CHAIN) return this.chainTooLong(`local.${name}`, local.location, expression);
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
        if (active.size >= MAX_REFERENCE_CHAIN) return this.chainTooLong(key, attribute.location, expression);
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
  instanceOf(ref: Ref): Instance | undefined {
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
  computedAttribute(block: HclBlock, name: string): Value | undefined {
    if (block.labels[0] === 'aws_api_gateway_resource' && name === 'path') return this.resourcePath(block);
    return undefined;
  }

  /** The few built-in functions whose result is fixed before apply (Terraform language, "Built-in Functions"). */
  call(expression: Extract<HclExpression, { kind: 'call' }>, scope: Scope): Value {
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

  attribute(block: HclBlock | undefined, name: string): HclAttribute | undefined {
    return attributeOf(block?.body, name);
  }

  block(block: HclBlock | undefined, type: string): HclBlock | undefined {
    return blocksOf(block?.body, type)[0];
  }

  private chainTooLong(name: string, at: SourceLocation, expression: HclExpression): Unknown {
    this.findings.error('REFERENCE_CHAIN_TOO_LONG', `${name} is reached through a chain of more than ${MAX_REFERENCE_CHAIN} locals and attributes; it is not followed further and its value is unknown`, at);
    return new Unknown(expression);
  }

  /** `local.x` -> the expression of x (several hops, no cycles). */
  followLocal(expression: HclExpression): HclExpression {
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

  /** The path of an aws_api_gateway_resource: its path_part under its parent's path, up to the root; undefined when a parent is not known. */
  resourcePath(block: HclBlock): string | undefined {
    if (this.paths.has(block)) return this.paths.get(block);
    const path = this.computeResourcePath(block);
    this.paths.set(block, path);
    return path;
  }

  computeResourcePath(block: HclBlock): string | undefined {
    const parts: string[] = [];
    let current: HclBlock = block;
    const visited = new Set<HclBlock>();
    for (;;) {
      if (visited.has(current)) {
        this.findings.error('CYCLIC_REFERENCE', `${this.address(block)}: its chain of parent_id loops`, block.location);
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
}

/* ------------------------------------------------------------ values */

export function containsUnknown(value: Value): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value instanceof Map) return [...value.values()].some(containsUnknown);
  return false;
}

export function toPlain(value: Value): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [key, toPlain(item)]));
  return value;
}

export function valueTree(value: Value, location: SourceLocation): PNode {
  if (Array.isArray(value)) return { kind: 'seq', location, items: value.map((item) => valueTree(item, location)) };
  if (value instanceof Map) return { kind: 'map', location, entries: [...value].map(([key, item]) => ({ key, keyLocation: location, value: valueTree(item, location) })) };
  if (value instanceof Unknown) return { kind: 'scalar', location, value: null };
  return { kind: 'scalar', location, value };
}
