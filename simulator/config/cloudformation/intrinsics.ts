import type { SourceLocation } from '../../model/gateway';
import { type Findings, type FindingSeverity, FindingsOnce } from '../findings';
import { entries, get, items, MAX_REFERENCE_CHAIN, type PMap, type PNode, type PScalar, str } from '../tree';

/*
 * CloudFormation intrinsic functions over the positioned tree, as far as a template can be
 * evaluated without deploying it (CloudFormation User Guide, "Intrinsic function reference"
 * and "Pseudo parameters reference"):
 *
 *   Ref            parameter -> its Default; pseudo parameter -> a fixed stand-in; resource -> symbolic
 *   Fn::GetAtt     symbolic {resource, attribute}
 *   Fn::Sub        literal parts kept, ${Param} / ${AWS::Region} filled in, ${Resource} and
 *                  ${Resource.Attr} kept as written (symbolic)
 *   Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Length, Fn::ToJsonString
 *   Fn::If         the Conditions section evaluated with parameter defaults; a condition that
 *                  cannot be evaluated is reported and assumed true (the first branch)
 *   Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform   symbolic
 *   Fn::Base64     passes its argument through: nothing here needs the encoded form
 *
 * What stays unknown until deployment is never guessed: it becomes a `Symbolic` value whose
 * text is the `${...}` form Fn::Sub would show and which remembers the resources it names.
 */

/**
 * Where a map entry is declared: from its key to the end of its value, so that a resource or
 * a SAM event points at the line naming it (`GetOrderRoute:`) and spans its whole body.
 */
export function declaredAt(keyLocation: SourceLocation, value: PNode): SourceLocation {
  const end = value.location.endLine !== undefined ? value.location : undefined;
  return { file: keyLocation.file, line: keyLocation.line, column: keyLocation.column, ...(end ? { endLine: end.endLine, endColumn: end.endColumn } : {}) };
}

/** A resource a value refers to: `!Ref Fn`, `!GetAtt Fn.Arn`, `${Fn.Arn}` inside Fn::Sub. */
export interface ResourceRef {
  resource: string;
  attribute?: string;
  location: SourceLocation;
}

/** A value only known after deployment. `text` is how Fn::Sub would write it (`${Fn.Arn}`). */
export class Symbolic {
  constructor(readonly text: string, readonly refs: ResourceRef[] = []) {}
}

export type CfnValue = string | number | boolean | null | Symbolic | CfnValue[] | { [key: string]: CfnValue };

/** One entry of the Resources section. */
export interface TemplateResource {
  id: string;
  type: string;
  /** The resource's map (Type, Properties, Condition, ...). */
  node: PNode;
  keyLocation: SourceLocation;
  /** From the logical id to the end of the resource: where it is declared. */
  location: SourceLocation;
  /** Properties, possibly rewritten (SAM Globals merged in). */
  properties: PNode | undefined;
}

interface Parameter {
  node: PNode;
  type?: string;
  defaultNode?: PNode;
}

/** The pseudo parameters, with the stand-ins the simulator uses (the model's region default is us-east-1). */
export const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::StackName': 'stack',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The state of one template's evaluation: its sections, findings, and caches. */
export class IntrinsicContext {
  readonly parameters = new Map<string, Parameter>();
  readonly conditions = new Map<string, PNode>();
  readonly resources = new Map<string, TemplateResource>();
  readonly mappings: PNode | undefined;
  /**
   * Logical ids that exist once a transform ran but are not in the template (SAM's generated
   * `MyApiProdStage`, `ServerlessRestApi`, ...): references to them are not dangling.
   */
  readonly generatedResources = new Set<string>();
  /**
   * How a resource reference is written when its concrete form is known even before deployment
   * (a Lambda function's ARN from its literal FunctionName, for example). The value stays symbolic
   * (it keeps its refs); only its text changes.
   */
  renderResource?: (ref: ResourceRef) => string | undefined;

  /** How deep resolveValue is nested right now (a guard against self-referencing values). */
  depth = 0;
  /** Parameter defaults and mapping entries being resolved: one met again refers to itself. */
  readonly resolving = new Set<string>();
  private readonly reported: FindingsOnce;
  private readonly conditionValues = new Map<string, boolean | undefined>();
  private readonly evaluating = new Set<string>();

  constructor(readonly root: PNode | undefined, readonly findings: Findings) {
    this.reported = new FindingsOnce(findings);
    for (const item of entries(get(root, 'Parameters'))) {
      this.parameters.set(item.key, { node: item.value, type: str(get(item.value, 'Type')), defaultNode: get(item.value, 'Default') });
    }
    for (const item of entries(get(root, 'Conditions'))) this.conditions.set(item.key, item.value);
    this.mappings = get(root, 'Mappings');
    for (const item of entries(get(root, 'Resources'))) {
      this.resources.set(item.key, {
        id: item.key, type: str(get(item.value, 'Type')) ?? '', node: item.value, keyLocation: item.keyLocation,
        location: declaredAt(item.keyLocation, item.value), properties: get(item.value, 'Properties'),
      });
    }
  }

  /** Reports a finding once per place and message, however often a value is resolved. */
  report(severity: FindingSeverity, code: string, message: string, location: SourceLocation): void {
    this.reported.add(severity, code, message, location);
  }

  /** The type of a resource, following SAM's `Api.Stage` style references to their owner. */
  resourceType(id: string): string | undefined {
    return this.resources.get(id)?.type;
  }

  /** Whether a logical id names something a reference may point at. */
  isResource(id: string): boolean {
    if (this.resources.has(id) || this.generatedResources.has(id)) return true;
    // SAM's referenceable properties: `!Ref MyApi.Stage`, `${MyFunction.Alias}` (SAM DG, "Referencing resources generated by AWS SAM").
    const dot = id.indexOf('.');
    return dot > 0 && (this.resourceType(id.slice(0, dot))?.startsWith('AWS::Serverless::') ?? false);
  }

  /**
   * Evaluates a named condition with parameter defaults: true, false, or undefined when it
   * depends on something unknown before deployment.
   */
  condition(name: string, at: SourceLocation): boolean | undefined {
    if (this.conditionValues.has(name)) return this.conditionValues.get(name);
    const node = this.conditions.get(name);
    if (!node) {
      this.report('error', 'DANGLING_REFERENCE', `condition ${name} is not declared in Conditions`, at);
      this.conditionValues.set(name, undefined);
      return undefined;
    }
    if (this.evaluating.has(name)) {
      this.report('error', 'CIRCULAR_REFERENCE', `condition ${name} refers to itself`, node.location);
      return undefined;
    }
    if (this.evaluating.size >= MAX_REFERENCE_CHAIN) {
      this.report('error', 'REFERENCE_CHAIN_TOO_LONG', `condition ${name} is reached through a chain of more than ${MAX_REFERENCE_CHAIN} conditions; it is not evaluated and counts as unknown`, node.location);
      return undefined;
    }
    this.evaluating.add(name);
    const value = evaluateConditionNode(node, this);
    this.evaluating.delete(name);
    this.conditionValues.set(name, value);
    return value;
  }

  /**
   * A condition used by Fn::If or a resource's Condition attribute. One that cannot be
   * evaluated is reported where it is used and assumed true, so the first branch (or the
   * resource) is kept and visibly marked as an assumption.
   */
  assumeCondition(name: string, at: SourceLocation, what: string): boolean {
    const value = this.condition(name, at);
    if (value !== undefined) return value;
    if (this.conditions.has(name)) {
      this.report('warning', 'UNRESOLVED_CONDITION', `condition ${name} depends on values only known at deployment; assumed true for ${what}`, at);
    }
    return true;
  }
}

const MAX_RESOLVE_DEPTH = 400;

const INTRINSIC_KEYS = new Set([
  'Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::FindInMap', 'Fn::ImportValue',
  'Fn::Base64', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Transform', 'Fn::Equals', 'Fn::And',
  'Fn::Or', 'Fn::Not',
]);

/** The intrinsic function a node calls (`Ref`, `Fn::Sub`, ...), when it is a one-key intrinsic map. */
export function intrinsicName(node: PNode | undefined): string | undefined {
  if (node?.kind !== 'map' || node.entries.length !== 1) return undefined;
  const key = node.entries[0].key;
  return INTRINSIC_KEYS.has(key) ? key : undefined;
}

function symbolicText(value: CfnValue): string {
  if (value instanceof Symbolic) return value.text;
  if (Array.isArray(value)) return value.map(symbolicText).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(plainValue(value));
  return String(value);
}

function refsOf(value: CfnValue | undefined): ResourceRef[] {
  if (value instanceof Symbolic) return value.refs;
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(refsOf);
  return [];
}

function isKnown(value: CfnValue | undefined): boolean {
  if (value === undefined || value instanceof Symbolic) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isKnown);
  return true;
}

/** A CfnValue as plain data, symbolic parts as their text. */
export function plainValue(value: CfnValue | undefined): unknown {
  if (value instanceof Symbolic) return value.text;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item)]));
  return value;
}

/** Joins parts into a string, or a Symbolic carrying every part's refs when any part is unknown. */
function concat(parts: CfnValue[]): CfnValue {
  if (parts.every((part) => !(part instanceof Symbolic))) return parts.map((part) => symbolicText(part)).join('');
  return new Symbolic(parts.map(symbolicText).join(''), parts.flatMap(refsOf));
}

function refValue(name: string, at: SourceLocation, context: IntrinsicContext): CfnValue | undefined {
  if (name === 'AWS::NoValue') return undefined;
  if (name in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[name];
  if (name === 'AWS::NotificationARNs') return [];
  if (name === 'AWS::StackId') return new Symbolic('${AWS::StackId}');
  const parameter = context.parameters.get(name);
  if (parameter) {
    if (!parameter.defaultNode) {
      context.report('info', 'UNRESOLVED_REFERENCE', `parameter ${name} has no Default; its value is only known at deployment and stays symbolic`, at);
      return new Symbolic(`\${${name}}`);
    }
    if (context.resolving.has(`parameter ${name}`)) {
      context.report('error', 'CIRCULAR_REFERENCE', `the Default of parameter ${name} refers back to ${name}`, at);
      return new Symbolic(`\${${name}}`);
    }
    context.resolving.add(`parameter ${name}`);
    const value = resolveValue(parameter.defaultNode, context);
    context.resolving.delete(`parameter ${name}`);
    // List parameters take a comma-separated default (User Guide, "Parameters": CommaDelimitedList, List<...>).
    if (typeof value === 'string' && (parameter.type === 'CommaDelimitedList' || parameter.type?.startsWith('List<'))) {
      return value.split(',').map((part) => part.trim());
    }
    return value === null || value === undefined ? value : typeof value === 'object' ? value : String(value);
  }
  if (context.isResource(name)) {
    const ref: ResourceRef = { resource: name, location: at };
    return new Symbolic(context.renderResource?.(ref) ?? `\${${name}}`, [ref]);
  }
  context.report('error', 'DANGLING_REFERENCE', `${name} is neither a parameter, a pseudo parameter nor a resource of this template`, at);
  return new Symbolic(`\${${name}}`);
}

function getAttValue(resource: string, attribute: string, at: SourceLocation, context: IntrinsicContext): CfnValue {
  if (!context.isResource(resource)) {
    context.report('error', 'DANGLING_REFERENCE', `Fn::GetAtt ${resource}.${attribute}: ${resource} is not a resource of this template`, at);
    return new Symbolic(`\${${resource}.${attribute}}`);
  }
  const ref: ResourceRef = { resource, attribute, location: at };
  return new Symbolic(context.renderResource?.(ref) ?? `\${${resource}.${attribute}}`, [ref]);
}

/** Fn::Sub's template: `${Name}`, `${Resource.Attr}`, `${!Literal}` (User Guide, "Fn::Sub"). */
function substitute(template: string, variables: Map<string, PNode>, at: SourceLocation, context: IntrinsicContext): CfnValue {
  const parts: CfnValue[] = [];
  let last = 0;
  const pattern = /\$\{([^}]*)\}/g;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    parts.push(template.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1].trim();
    if (name.startsWith('!')) {
      parts.push(`\${${name.slice(1)}}`);
      continue;
    }
    const variable = variables.get(name);
    if (variable) {
      const value = resolveValue(variable, context);
      parts.push(value === undefined ? '' : value);
    } else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      // `${Resource.Attribute}` is Fn::GetAtt; SAM's `${MyApi.Stage}` reads the same way, its owner being MyApi.
      parts.push(getAttValue(name.slice(0, dot), name.slice(dot + 1), at, context));
    } else {
      parts.push(refValue(name, at, context) ?? '');
    }
  }
  parts.push(template.slice(last));
  return concat(parts);
}

function toIndex(value: CfnValue | undefined): number | undefined {
  const index = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

function findInMap(node: PNode, argument: PNode, context: IntrinsicContext): CfnValue | undefined {
  const [mapNode, topNode, secondNode, options] = items(argument);
  const keys = [mapNode, topNode, secondNode].map((key) => (key ? resolveValue(key, context) : undefined));
  const fallback = get(options, 'DefaultValue');
  if (!keys.every((key) => typeof key === 'string' || typeof key === 'number')) {
    if (fallback) return resolveValue(fallback, context);
    context.report('warning', 'UNRESOLVED_REFERENCE', `Fn::FindInMap keys depend on values only known at deployment (${keys.map((key) => symbolicText(key ?? '')).join(', ')})`, node.location);
    return new Symbolic(`\${FindInMap ${keys.map((key) => symbolicText(key ?? '')).join('.')}}`, keys.flatMap(refsOf));
  }
  const [mapName, top, second] = keys.map(String);
  const found = get(get(get(context.mappings, mapName), top), second);
  if (!found) {
    if (fallback) return resolveValue(fallback, context);
    context.report('error', 'DANGLING_REFERENCE', `Fn::FindInMap: Mappings has no ${mapName}.${top}.${second}`, node.location);
    return new Symbolic(`\${FindInMap ${mapName}.${top}.${second}}`);
  }
  const key = `mapping ${mapName}.${top}.${second}`;
  if (context.resolving.has(key)) {
    context.report('error', 'CIRCULAR_REFERENCE', `Mappings ${mapName}.${top}.${second} refers back to itself`, node.location);
    return new Symbolic(`\${FindInMap ${mapName}.${top}.${second}}`);
  }
  context.resolving.add(key);
  const value = resolveValue(found, context);
  context.resolving.delete(key);
  return value;
}

/**
 * The value of a node with every intrinsic evaluated: scalars, lists and maps as plain data,
 * unknown parts as `Symbolic`. `undefined` means absent (`!Ref AWS::NoValue`, or no node).
 */
export function resolveValue(node: PNode | undefined, context: IntrinsicContext): CfnValue | undefined {
  if (!node) return undefined;
  // A parameter default or mapping value that refers back to itself would recurse forever;
  // templates nest intrinsics a few levels deep, so a generous cap only stops such loops.
  if (context.depth >= MAX_RESOLVE_DEPTH) {
    context.report('error', 'CIRCULAR_REFERENCE', 'this value refers back to itself (through a parameter default or a mapping) and cannot be resolved', node.location);
    return new Symbolic('${?}');
  }
  context.depth++;
  try {
    return resolveInner(node, context);
  } finally {
    context.depth--;
  }
}

function resolveInner(node: PNode, context: IntrinsicContext): CfnValue | undefined {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') {
    const values: CfnValue[] = [];
    for (const item of node.items) {
      const value = resolveValue(item, context);
      if (value !== undefined) values.push(value);
    }
    return values;
  }
  const name = intrinsicName(node);
  if (!name) {
    const result: { [key: string]: CfnValue } = {};
    for (const item of node.entries) {
      const value = resolveValue(item.value, context);
      if (value !== undefined) result[item.key] = value;
    }
    return result;
  }
  const argument = node.entries[0].value;
  const at = node.location;
  switch (name) {
    case 'Ref': {
      const target = str(argument);
      if (target === undefined) {
        context.report('error', 'INVALID_INTRINSIC', 'Ref takes the name of a parameter or resource', at);
        return new Symbolic('${?}');
      }
      return refValue(target, at, context);
    }
    case 'Fn::GetAtt': {
      const [resourceNode, ...attributeNodes] = argument.kind === 'seq' ? argument.items : [];
      let resource = str(resourceNode);
      let attribute = attributeNodes.map((part) => symbolicText(resolveValue(part, context) ?? '')).join('.');
      if (argument.kind === 'scalar' && typeof argument.value === 'string') {
        const dot = argument.value.indexOf('.');
        resource = argument.value.slice(0, dot < 0 ? undefined : dot);
        attribute = dot < 0 ? '' : argument.value.slice(dot + 1);
      }
      if (!resource || !attribute) {
        context.report('error', 'INVALID_INTRINSIC', 'Fn::GetAtt takes [LogicalId, Attribute]', at);
        return new Symbolic('${?}');
      }
      return getAttValue(resource, attribute, at, context);
    }
    case 'Fn::Sub': {
      const templateNode = argument.kind === 'seq' ? argument.items[0] : argument;
      const variables = new Map<string, PNode>(argument.kind === 'seq' ? entries(argument.items[1]).map((item) => [item.key, item.value]) : []);
      const template = str(templateNode);
      if (template === undefined) {
        context.report('error', 'INVALID_INTRINSIC', 'Fn::Sub takes a string or [string, {variables}]', at);
        return new Symbolic('${?}');
      }
      return substitute(template, variables, at, context);
    }
    case 'Fn::Join': {
      const [delimiterNode, listNode] = items(argument);
      const delimiter = symbolicText(resolveValue(delimiterNode, context) ?? '');
      const list = resolveValue(listNode, context);
      if (!Array.isArray(list)) return list instanceof Symbolic ? new Symbolic(`\${Join ${list.text}}`, list.refs) : symbolicText(list ?? '');
      const parts: CfnValue[] = [];
      list.forEach((part, index) => {
        if (index > 0) parts.push(delimiter);
        parts.push(part);
      });
      return concat(parts);
    }
    case 'Fn::Select': {
      const [indexNode, listNode] = items(argument);
      const index = toIndex(resolveValue(indexNode, context));
      const list = resolveValue(listNode, context);
      if (index === undefined || !Array.isArray(list)) {
        return new Symbolic(`\${Select ${symbolicText(resolveValue(indexNode, context) ?? '?')} ${symbolicText(list ?? '')}}`, refsOf(list));
      }
      if (index >= list.length) {
        context.report('error', 'INVALID_INTRINSIC', `Fn::Select: index ${index} is past the end of a list of ${list.length}`, at);
        return undefined;
      }
      return list[index];
    }
    case 'Fn::Split': {
      const [delimiterNode, sourceNode] = items(argument);
      const delimiter = symbolicText(resolveValue(delimiterNode, context) ?? '');
      const source = resolveValue(sourceNode, context);
      if (source instanceof Symbolic) {
        // Literal pieces between the unknown parts still split; the unknown pieces stay symbolic.
        return source.text.split(delimiter).map((piece) => (piece.includes('${') ? new Symbolic(piece, source.refs) : piece));
      }
      return typeof source === 'string' && delimiter !== '' ? source.split(delimiter) : [symbolicText(source ?? '')];
    }
    case 'Fn::If': {
      const [conditionNode, whenTrue, whenFalse] = items(argument);
      const condition = str(conditionNode);
      if (!condition) {
        context.report('error', 'INVALID_INTRINSIC', 'Fn::If takes [ConditionName, valueIfTrue, valueIfFalse]', at);
        return resolveValue(whenTrue, context);
      }
      return resolveValue(context.assumeCondition(condition, at, 'Fn::If (its first branch is used)') ? whenTrue : whenFalse, context);
    }
    case 'Fn::FindInMap':
      return findInMap(node, argument, context);
    case 'Fn::ImportValue': {
      const exported = resolveValue(argument, context);
      context.report('info', 'UNRESOLVED_REFERENCE', `Fn::ImportValue ${symbolicText(exported ?? '')}: a value exported by another stack, kept symbolic`, at);
      return new Symbolic(`\${ImportValue ${symbolicText(exported ?? '')}}`, refsOf(exported));
    }
    case 'Fn::Base64':
      return resolveValue(argument, context);
    case 'Fn::Length': {
      const list = resolveValue(argument, context);
      return Array.isArray(list) ? list.length : new Symbolic(`\${Length ${symbolicText(list ?? '')}}`, refsOf(list));
    }
    case 'Fn::ToJsonString': {
      const value = resolveValue(argument, context);
      return isKnown(value) ? JSON.stringify(plainValue(value)) : new Symbolic(JSON.stringify(plainValue(value)), refsOf(value));
    }
    case 'Fn::GetAZs':
      return new Symbolic(`\${GetAZs ${symbolicText(resolveValue(argument, context) ?? '')}}`);
    case 'Fn::Cidr':
      return new Symbolic('${Cidr}', refsOf(resolveValue(argument, context)));
    case 'Fn::Transform': {
      const macro = str(get(argument, 'Name')) ?? '?';
      context.report('info', 'UNSUPPORTED_FEATURE', `Fn::Transform ${macro}: macros run at deployment and are not expanded here`, at);
      return new Symbolic(`\${Transform ${macro}}`);
    }
    default: {
      // Condition functions outside Conditions evaluate to their truth value.
      const value = evaluateConditionNode(node, context);
      return value === undefined ? new Symbolic(`\${${name}}`) : value;
    }
  }
}

/** Fn::Equals/And/Or/Not/Condition, three-valued: undefined when a part is unknown. */
function evaluateConditionNode(node: PNode, context: IntrinsicContext): boolean | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  if (node.kind !== 'map' || node.entries.length !== 1) {
    context.report('error', 'INVALID_INTRINSIC', 'a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition', node.location);
    return undefined;
  }
  const { key, value: argument } = node.entries[0];
  const operands = items(argument);
  switch (key) {
    case 'Condition': {
      const name = str(argument);
      return name ? context.condition(name, node.location) : undefined;
    }
    case 'Fn::Equals': {
      const [left, right] = operands.map((operand) => resolveValue(operand, context));
      if (!isKnown(left) || !isKnown(right)) return undefined;
      // CloudFormation compares the values as strings: "true" equals true, "1" equals 1.
      return JSON.stringify(plainValue(left)).replace(/^"|"$/g, '') === JSON.stringify(plainValue(right)).replace(/^"|"$/g, '');
    }
    case 'Fn::Not': {
      const inner = operands[0] ? evaluateConditionNode(operands[0], context) : undefined;
      return inner === undefined ? undefined : !inner;
    }
    case 'Fn::And': {
      const values = operands.map((operand) => evaluateConditionNode(operand, context));
      if (values.includes(false)) return false;
      return values.includes(undefined) ? undefined : true;
    }
    case 'Fn::Or': {
      const values = operands.map((operand) => evaluateConditionNode(operand, context));
      if (values.includes(true)) return true;
      return values.includes(undefined) ? undefined : false;
    }
    case 'Fn::If': {
      const [nameNode, whenTrue, whenFalse] = operands;
      const name = str(nameNode);
      const chosen = name && context.assumeCondition(name, node.location, 'Fn::If (its first branch is used)') ? whenTrue : whenFalse;
      return chosen ? evaluateConditionNode(chosen, context) : undefined;
    }
    default:
      context.report('error', 'INVALID_INTRINSIC', `${key} cannot be used in a condition`, node.location);
      return undefined;
  }
}

/** The value as a string: literal values as text, symbolic ones as their `${...}` text, lists comma-joined. */
export function resolveString(node: PNode | undefined, context: IntrinsicContext): string | undefined {
  const value = resolveValue(node, context);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !(value instanceof Symbolic) && !Array.isArray(value)) return undefined;
  return symbolicText(value);
}

/** The value as a literal string, or undefined when it is absent or only known after deployment. */
export function literalString(node: PNode | undefined, context: IntrinsicContext): string | undefined {
  const value = resolveValue(node, context);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

export function resolveNumber(node: PNode | undefined, context: IntrinsicContext): number | undefined {
  const value = resolveValue(node, context);
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

export function resolveBoolean(node: PNode | undefined, context: IntrinsicContext): boolean | undefined {
  const value = resolveValue(node, context);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

/** A list value as strings (a single value becomes a one-item list). */
export function resolveStrings(node: PNode | undefined, context: IntrinsicContext): string[] {
  const value = resolveValue(node, context);
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(symbolicText);
}

/** Every resource a value refers to, in order: through Ref, Fn::GetAtt, Fn::Sub, Fn::Join, ... */
export function referencedResources(node: PNode | undefined, context: IntrinsicContext): ResourceRef[] {
  return refsOf(resolveValue(node, context));
}

/** The first resource a value refers to, optionally of one of the given types. */
export function referencedResource(node: PNode | undefined, context: IntrinsicContext, types?: readonly string[]): ResourceRef | undefined {
  return referencedResources(node, context).find((ref) => !types || types.includes(context.resourceType(ref.resource) ?? ''));
}

/**
 * The node a property really holds: Fn::If picks its branch (positions kept), `!Ref
 * AWS::NoValue` makes it absent. Everything else is returned as is.
 */
export function resolveNode(node: PNode | undefined, context: IntrinsicContext): PNode | undefined {
  let current = node;
  for (let depth = 0; depth < 32 && current; depth++) {
    const name = intrinsicName(current);
    if (name === 'Fn::If') {
      const [conditionNode, whenTrue, whenFalse] = items((current as PMap).entries[0].value);
      const condition = str(conditionNode);
      current = condition && context.assumeCondition(condition, current.location, 'Fn::If (its first branch is used)') ? whenTrue : whenFalse;
    } else if (name === 'Ref' && str((current as PMap).entries[0].value) === 'AWS::NoValue') {
      return undefined;
    } else {
      return current;
    }
  }
  return current;
}

/** A property of a map, through Fn::If on the map and on the property. */
export function prop(node: PNode | undefined, key: string, context: IntrinsicContext): PNode | undefined {
  return resolveNode(get(resolveNode(node, context), key), context);
}

/** A map's entries, through Fn::If on the map and on each value (values that are AWS::NoValue left out). */
export function propEntries(node: PNode | undefined, context: IntrinsicContext): { key: string; keyLocation: SourceLocation; value: PNode }[] {
  const result: { key: string; keyLocation: SourceLocation; value: PNode }[] = [];
  for (const item of entries(resolveNode(node, context))) {
    const value = resolveNode(item.value, context);
    if (value) result.push({ key: item.key, keyLocation: item.keyLocation, value });
  }
  return result;
}

/** A list's items through Fn::If, on the list and on each item. */
export function propItems(node: PNode | undefined, context: IntrinsicContext): PNode[] {
  const list = resolveNode(node, context);
  if (list?.kind !== 'seq') {
    // A list built by an intrinsic (Fn::Split, a List parameter) becomes scalar items at its position.
    if (list && intrinsicName(list)) {
      const value = resolveValue(list, context);
      if (Array.isArray(value)) return value.map((item): PScalar => ({ kind: 'scalar', location: list.location, value: symbolicText(item) }));
    }
    return [];
  }
  return list.items.map((item) => resolveNode(item, context)).filter((item): item is PNode => item !== undefined);
}

/**
 * The same tree with every intrinsic replaced by its value, positions kept: how an inline
 * OpenAPI body (RestApi Body, SAM DefinitionBody) is handed to a reader that knows nothing of
 * CloudFormation. Unknown parts become their `${...}` text.
 */
export function substituteIntrinsics(node: PNode, context: IntrinsicContext): PNode | undefined {
  if (node.kind === 'scalar') return node;
  if (node.kind === 'seq') {
    const converted = node.items.map((item) => substituteIntrinsics(item, context)).filter((item): item is PNode => item !== undefined);
    return { kind: 'seq', location: node.location, items: converted };
  }
  const name = intrinsicName(node);
  if (name === 'Fn::If') {
    const chosen = resolveNode(node, context);
    return chosen ? substituteIntrinsics(chosen, context) : undefined;
  }
  if (name) return fromValue(resolveValue(node, context), node.location);
  return {
    kind: 'map', location: node.location,
    entries: node.entries.flatMap((item) => {
      const value = substituteIntrinsics(item.value, context);
      return value ? [{ key: item.key, keyLocation: item.keyLocation, value }] : [];
    }),
  };
}

function fromValue(value: CfnValue | undefined, location: SourceLocation): PNode | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Symbolic) return { kind: 'scalar', location, value: value.text };
  if (Array.isArray(value)) return { kind: 'seq', location, items: value.map((item) => fromValue(item, location)).filter((item): item is PNode => item !== undefined) };
  if (value !== null && typeof value === 'object') {
    return { kind: 'map', location, entries: Object.entries(value).flatMap(([key, item]) => {
      const converted = fromValue(item, location);
      return converted ? [{ key, keyLocation: location, value: converted }] : [];
    }) };
  }
  return { kind: 'scalar', location, value };
}
