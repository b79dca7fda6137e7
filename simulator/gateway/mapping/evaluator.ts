import { Compile, Helper, parse } from 'velocityjs';
import { contextVariable, requestOverrides, responseOverrides, type ContextFields, type RequestOverrides, type ResponseOverrides } from './contextVariable';
import { inputVariable, type MappingPayload } from './inputVariable';
import { JAVA_STRING_METHODS } from './javaString';
import { isMap, JAVA_COLLECTION_METHODS, javaText } from './javaValues';
import { MappingTemplateError } from './templateError';
import { utilVariable } from './utilVariable';

/*
 * The mapping-template evaluator: Velocity templates as API Gateway runs them. velocityjs parses
 * and walks the template; this file makes it answer like Apache Velocity on the JVM where
 * templates notice (DG models-mappings: "a script expressed in Velocity Template Language"):
 *
 *   - values print as Java prints them (javaValues.ts), `java.lang.String` and collection
 *     methods behave as in Java (javaString.ts, javaValues.ts);
 *   - a reference to nothing prints as written (`$foo`), and `$!foo` as nothing (Velocity user
 *     guide, "Quiet Reference Notation"); a reference whose value is null too;
 *   - a failure is a MappingTemplateError with the template's line and column.
 *
 * Not Java-like, named: a JSON number written `4.0` is the whole number 4 here (JavaScript has
 * one number type), so it prints as `4` and divides as an integer; an unclosed `#foreach`/`#if`
 * is accepted where Velocity reports EOF; a `#foreach` over a huge range is not bounded.
 */

type VelocityNode = Parameters<Compile['renderAstList']>[0] extends (infer Node)[] | undefined ? Node : never;

interface ReferenceNode {
  type: 'references';
  leader: string;
  id: string;
  path?: { type: string; id: unknown }[];
  pos?: { first_line: number; first_column: number };
}

interface SetNode {
  type: 'set';
  equal: [ReferenceNode, unknown];
  pos?: { first_line: number; first_column: number };
}

interface MethodPayload {
  property: string;
  context: unknown;
  params: unknown[];
}

/** Java methods, tried before velocityjs's own (which call JavaScript's methods of the same name). */
const JAVA_METHOD_HANDLERS = [
  {
    uid: 'java.lang.String',
    match: ({ property, context }: MethodPayload) => typeof context === 'string' && Object.prototype.hasOwnProperty.call(JAVA_STRING_METHODS, property),
    resolve: ({ property, context, params }: MethodPayload) => JAVA_STRING_METHODS[property](context as string, params),
  },
  {
    uid: 'java.util.List/Map',
    match: ({ property, context }: MethodPayload) => (Array.isArray(context) || isMap(context))
      && Object.prototype.hasOwnProperty.call(JAVA_COLLECTION_METHODS, property)
      // $input and $util are objects whose own functions are the methods.
      && !(isMap(context) && Object.prototype.hasOwnProperty.call(context, property) && typeof context[property] === 'function'),
    resolve: ({ property, context, params }: MethodPayload) => JAVA_COLLECTION_METHODS[property](context as unknown[] | Record<string, unknown>, params),
  },
];

const referencesGetPropMethod = (Compile.prototype as unknown as { getPropMethod(property: unknown, baseRef: unknown, ast: ReferenceNode): unknown }).getPropMethod;
const compileSetValue = (Compile.prototype as unknown as { setValue(ast: SetNode): void }).setValue;

function position(node: { pos?: { first_line: number; first_column: number } } | undefined): { line: number; column: number } {
  return { line: node?.pos?.first_line ?? 1, column: (node?.pos?.first_column ?? 0) + 1 };
}

/**
 * Bounds on one evaluation, so a template that loops without end cannot hold up the simulator or
 * the editor that previews it: a range literal (`[1..n]`) of at most MAX_RANGE items, and at
 * most MAX_BLOCKS block renders (each `#foreach` iteration, `#if` branch or string evaluation
 * is one). These are the simulator's limits, not AWS's: AWS documents none besides the template's size.
 */
const MAX_RANGE = 100_000;
const MAX_BLOCKS = 1_000_000;

const literalGetArray = (Compile.prototype as unknown as { getArray(literal: unknown): unknown[] }).getArray;

/** velocityjs's Compile, answering like Java's Velocity (see the file comment). */
class JavaVelocity extends Compile {
  private readonly overridden = new Set<string>();
  private blocks = 0;

  override renderAstList(asts?: VelocityNode[], contextId?: string): string {
    if (++this.blocks > MAX_BLOCKS) throw new MappingTemplateError('runtime', 1, 1, `the template rendered more than ${MAX_BLOCKS.toLocaleString('en-US')} blocks (a loop without end?); the simulator stops there`);
    return super.renderAstList(asts, contextId);
  }

  getArray(literal: { isRange?: boolean; value: unknown[]; pos?: { first_line: number; first_column: number } }): unknown[] {
    if (literal.isRange) {
      const [begin, end] = literal.value.map((bound) => (typeof bound === 'string' ? parseInt(bound, 10) : typeof bound === 'number' ? bound : Number(this.getReferences(bound as VelocityNode))));
      if (Math.abs(end - begin) + 1 > MAX_RANGE) {
        const { line, column } = position(literal);
        throw new MappingTemplateError('runtime', line, column, `the range [${begin}..${end}] has more than ${MAX_RANGE.toLocaleString('en-US')} items; the simulator stops there`);
      }
    }
    return literalGetArray.call(this, literal);
  }

  protected override getReferences(ast: VelocityNode, isVal?: boolean): string {
    const value: unknown = super.getReferences(ast, isVal);
    if (!isVal) return value as string;
    const reference = ast as unknown as ReferenceNode;
    if (value === null) return reference.leader === '$!' ? '' : Helper.getRefText(ast as never);
    return typeof value === 'string' ? value : javaText(value);
  }

  /**
   * Java arithmetic where it differs: `/` and `%` between whole numbers are integer operations
   * (Velocity's MathUtils on Integer/Long: `5 / 2` is 2), and dividing by zero gives null (Velocity
   * logs it and the expression has no value) instead of Infinity.
   */
  protected override getExpression(node: VelocityNode): string {
    const math = node as unknown as { type: string; operator?: string; expression?: VelocityNode[] };
    if (math.type === 'math' && (math.operator === '/' || math.operator === '%') && math.expression) {
      const left: unknown = super.getExpression(math.expression[0]);
      const right: unknown = super.getExpression(math.expression[1]);
      if (typeof left === 'number' && typeof right === 'number') {
        if (right === 0) return null as never;
        // A literal written with a decimal point (`5.0`) is a Double in Java, whatever its value.
        const decimal = math.expression.some((operand) => (operand as unknown as { type: string }).type === 'decimal');
        if (!decimal && Number.isInteger(left) && Number.isInteger(right)) return (math.operator === '/' ? Math.trunc(left / right) : left % right) as never;
        return (math.operator === '/' ? left / right : left % right) as never;
      }
    }
    return super.getExpression(node);
  }

  getPropMethod(property: unknown, baseRef: unknown, ast: ReferenceNode): unknown {
    try {
      return referencesGetPropMethod.call(this, property, baseRef, ast);
    } catch (error) {
      if (error instanceof MappingTemplateError) throw error;
      const { line, column } = position(ast);
      // velocityjs appends "on $ref at L/N line:column" to what a method throws: the position is given apart.
      const reason = (error instanceof Error ? error.message : String(error)).replace(/on \$.* at L\/N \d+:\d+$/s, '').trim();
      throw new MappingTemplateError('runtime', line, column, `${Helper.getRefText(ast as never)}: ${reason}`);
    }
  }

  /** "Overrides are final … Trying to override the same parameter multiple times will result in 5XX responses" (DG apigateway-override-request-response-parameters). */
  protected override setValue(node: unknown): void {
    const ast = node as SetNode;
    const reference = ast.equal[0];
    const keys = (reference.path ?? []).map((step) => (step.type === 'property' ? String(step.id) : isMap(step.id) && 'value' in step.id ? String(step.id.value) : '?'));
    if (reference.id === 'context' && (keys[0] === 'requestOverride' || keys[0] === 'responseOverride') && keys.length >= 2) {
      const key = keys.join('.');
      if (this.overridden.has(key)) {
        const { line, column } = position(ast);
        throw new MappingTemplateError('runtime', line, column, `$context.${key} is overridden a second time; overrides are final (API Gateway answers 5XX)`);
      }
      this.overridden.add(key);
    }
    compileSetValue.call(this, ast);
  }
}

/** Parses `template`, or throws its syntax error with line and column. */
function parseTemplate(template: string): VelocityNode[] {
  try {
    return parse(template) as VelocityNode[];
  } catch (error) {
    const hash = (error as { hash?: { loc?: { first_line: number; first_column: number }; line?: number; expected?: string[]; text?: string } }).hash;
    const message = (error as Error).message;
    const line = hash?.loc ? hash.loc.first_line : (hash?.line ?? 0) + 1;
    const column = (hash?.loc?.first_column ?? 0) + 1;
    const expected = hash?.expected?.length ? `expected ${hash.expected.slice(0, 6).join(', ')}${hash.expected.length > 6 ? ', …' : ''}` : message.split('\n').pop() ?? message;
    throw new MappingTemplateError('syntax', line, column, `${hash?.text ? `unexpected ${JSON.stringify(hash.text)}; ` : ''}${expected}`);
  }
}

/**
 * Renders `template` with the given variables (`context`, `input`, `util`, `stageVariables`...,
 * named without `$`). For templates that need only some of API Gateway's variables, such as a
 * gateway response body that reads `$context.error.message`. Throws a MappingTemplateError.
 */
export function renderTemplate(template: string, variables: Record<string, unknown>): string {
  const engine = new JavaVelocity(parseTemplate(template) as never, { customMethodHandlers: JAVA_METHOD_HANDLERS as never, escape: false });
  return engine.render({ ...variables });
}

/** Throws the template's syntax error, if it has one (for the CLI and the editor, before anything runs). */
export function checkTemplateSyntax(template: string): void {
  parseTemplate(template);
}

export interface MappingEvaluation<Overrides> {
  /** The rendered text: the integration request body, or the method response body. */
  body: string;
  overrides: Overrides;
}

export interface MappingVariables {
  /** The request's payload and parameters, for a response template the integration response's body with the request's parameters. */
  payload: MappingPayload;
  context: ContextFields;
  stageVariables: Readonly<Record<string, string>>;
}

function evaluate(template: string, variables: MappingVariables): { body: string; context: Record<string, unknown> } {
  const context = contextVariable(variables.context);
  const body = renderTemplate(template, {
    input: inputVariable(variables.payload),
    util: utilVariable(),
    context,
    stageVariables: { ...variables.stageVariables },
  });
  return { body, context };
}

/** Evaluates an integration request template: the body sent to the integration, and `$context.requestOverride`. */
export function evaluateRequestTemplate(template: string, variables: MappingVariables): MappingEvaluation<RequestOverrides> {
  const { body, context } = evaluate(template, variables);
  return { body, overrides: requestOverrides(context) };
}

/** Evaluates an integration response template: the body the client gets, and `$context.responseOverride`. */
export function evaluateResponseTemplate(template: string, variables: MappingVariables): MappingEvaluation<ResponseOverrides> {
  const { body, context } = evaluate(template, variables);
  return { body, overrides: responseOverrides(context) };
}
