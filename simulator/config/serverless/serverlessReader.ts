import { ConfigError } from '../../errors';
import type { Api, Authorizer, EndpointType, GatewayModel, Integration, IntegrationType, Route, SourceLocation, Stage, Throttle, UsagePlan } from '../../model/gateway';
import { throttleOrAccountLimit } from '../aws/accountThrottle';
import { DEFAULT_ROUTE_SELECTION_EXPRESSION, defaultEndpointType, emptyApi, parseEndpointType } from '../aws/apiDefaults';
import { lambdaFunctionName } from '../aws/arns';
import { AUTHORIZER_CACHE_TTL_SECONDS, authorizationTypeOf, defaultIdentitySources, identitySource, splitIdentitySource } from '../aws/authorizerKinds';
import { DEFAULT_CONNECTION_TYPE, parseConnectionType, parseIntegrationType, parsePayloadFormatVersion } from '../aws/integrationTypes';
import { DEFAULT_ROUTE_KEY, HTTP_METHODS, routeKey } from '../aws/routeKeys';
import { DEFAULT_API_KEY_SOURCE, parseApiKeySource, parseQuotaPeriod } from '../aws/usagePlans';
import { REST_VPC_LINK_TARGET } from '../aws/vpcLinkTargets';
import type { ConfigReader, ReaderContext } from '../formatReader';
import { parseConfigTree, type PEntry, type PNode, type PScalar } from '../tree';

/*
 * The Serverless Framework reader (serverless.yml, v3 and v4). The Framework does not
 * declare APIs: it builds them from function events, one API per kind, and names them
 * itself (lib/plugins/aws/lib/naming.js: getApiGatewayName, getHttpApiName,
 * getWebsocketsApiName; the serverless.yml reference documents the same defaults):
 *
 *   functions.*.events[].http       -> one REST API       `${stage}-${service}`             (provider.apiName overrides)
 *   functions.*.events[].httpApi    -> one HTTP API       `${stage}-${service}`             (provider.httpApi.name overrides)
 *   functions.*.events[].websocket  -> one WebSocket API  `${stage}-${service}-websockets`  (provider.websocketsApiName overrides)
 *
 * `shouldStartNameWithService: true` turns the first two into `${service}-${stage}`.
 * Every route's location is its event in the function's `events` list.
 *
 * Variables are resolved the way `serverless deploy` without CLI options would: `${self:}`
 * within the file, `${opt:}` to its fallback, `${sls:stage}` to `${opt:stage,
 * self:provider.stage, 'dev'}`, `${param:}` from `stages`/`params`, `${file()}` from a
 * YAML/JSON file next to the config. Everything that needs the outside world (`env:`,
 * `ssm:`, `cf:`, `s3:`, ...) stays as written, with an info finding: never guessed.
 *
 * Documentation followed (serverless.com/framework/docs/providers/aws/...):
 *   events/apigateway (REST), events/http-api (HTTP API), events/websocket, guide/serverless.yml,
 *   and /framework/docs/guides/variables.
 */

const ARN_COGNITO = /^arn:[a-zA-Z-]*:cognito-idp/;
const REST_METHODS = HTTP_METHODS;
/** HTTP API methods (http-api.js allowedMethods); `*` means ANY. */
const HTTP_API_METHOD_PATH = /^(?:\*|(ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE) (\/\S*))$/i;
/** Nested `${}` and self-references deeper than this are a loop in all but name. */
const MAX_VARIABLE_DEPTH = 32;
/** A value that grows past this through variables (`a: ${self:b}${self:b}`, b likewise...) is a bomb, not a config. */
const MAX_RESOLVED_LENGTH = 65536;

/* ------------------------------------------------------------------------------------------
 * Variables
 * ---------------------------------------------------------------------------------------- */

type Outcome =
  | { kind: 'value'; node: PNode }
  /** The source has no value here (an option not given, a path not in the file): the next fallback applies. */
  | { kind: 'missing'; reason: string; severity: 'info' | 'warning' }
  /** Only known at deploy time (environment, SSM, ...): the text stays as written. */
  | { kind: 'symbolic'; reason: string; severity: 'info' | 'warning' };

interface VariableSpan {
  start: number;
  end: number;
  inner: string;
}

/** The top-level `${...}` spans of `text`; nested ones and quoted fallbacks are kept inside. */
function variableSpans(text: string): VariableSpan[] {
  const spans: VariableSpan[] = [];
  let from = 0;
  while (from < text.length) {
    const start = text.indexOf('${', from);
    if (start < 0) break;
    let depth = 0;
    let quote = '';
    let end = -1;
    for (let i = start; i < text.length; i++) {
      const char = text[i];
      if (quote) {
        if (char === quote) quote = '';
      } else if (char === '$' && text[i + 1] === '{') {
        depth++;
        i++;
      } else if (char === '\'' || char === '"') {
        quote = char;
      } else if (char === '}') {
        depth--;
        if (depth === 0) {
          end = i;
          break;
        }
      }
    }
    if (end < 0) break; // unterminated: plain text
    spans.push({ start, end: end + 1, inner: text.slice(start + 2, end) });
    from = end + 1;
  }
  return spans;
}

/** Splits `a, 'b, c', d` at top-level commas. */
function splitSources(expression: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let last = 0;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '\'' || char === '"') {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    } else if (char === ',' && depth === 0) {
      parts.push(expression.slice(last, i).trim());
      last = i + 1;
    }
  }
  parts.push(expression.slice(last).trim());
  return parts;
}

function scalarAt(value: PScalar['value'], location: SourceLocation): PScalar {
  return { kind: 'scalar', value, location };
}

/**
 * Resolves `${...}` variables in the config lazily, one node at a time, so that only the
 * values the model reads are resolved (and reported). A map or list is returned as it is;
 * its children are resolved when they are read.
 */
class Variables {
  private readonly cache = new Map<PNode, PNode>();
  private readonly active = new Set<PNode>();
  private readonly files = new Map<string, PNode | { error: string } | null>();
  private depth = 0;

  constructor(private readonly root: PNode, private readonly context: ReaderContext) {}

  resolve(node: PNode | undefined): PNode | undefined {
    if (!node || node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.includes('${')) return node;
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (this.active.has(node) || this.depth > MAX_VARIABLE_DEPTH) {
      this.context.findings.warning('UNRESOLVED_VARIABLE', `${node.value}: refers back to itself (or nests more than ${MAX_VARIABLE_DEPTH} references deep)`, node.location);
      const circular = scalarAt(node.value, node.location);
      this.cache.set(node, circular);
      this.cache.set(circular, circular);
      return circular;
    }
    this.active.add(node);
    this.depth++;
    try {
      const resolved = this.resolveString(node.value, node.location);
      this.cache.set(node, resolved);
      // What stayed symbolic is final: reading it again must not resolve (and report) it again.
      this.cache.set(resolved, resolved);
      return resolved;
    } finally {
      this.active.delete(node);
      this.depth--;
    }
  }

  /** The value at a `self:` path (`provider.stage`, `custom.list.0`), resolved. */
  self(path: string[]): Outcome {
    let node: PNode | undefined = this.resolve(this.root);
    for (const [index, segment] of path.entries()) {
      if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${')) {
        return { kind: 'symbolic', reason: `self:${path.slice(0, index).join('.')} is not resolved`, severity: 'info' };
      }
      node = this.resolve(this.child(node, segment));
    }
    if (!node || (node.kind === 'scalar' && node.value === null)) return { kind: 'missing', reason: `self:${path.join('.')} is not in this file`, severity: 'warning' };
    return { kind: 'value', node };
  }

  /** The deploy stage: `${opt:stage, self:provider.stage, 'dev'}` (variables/core). */
  stage(): string {
    const outcome = this.self(['provider', 'stage']);
    return outcome.kind === 'value' && outcome.node.kind === 'scalar' ? String(outcome.node.value) : 'dev';
  }

  region(): string {
    const outcome = this.self(['provider', 'region']);
    return outcome.kind === 'value' && outcome.node.kind === 'scalar' ? String(outcome.node.value) : 'us-east-1';
  }

  private child(node: PNode | undefined, key: string): PNode | undefined {
    if (node?.kind === 'map') return node.entries.find((entry) => entry.key === key)?.value;
    if (node?.kind === 'seq' && /^\d+$/.test(key)) return node.items[Number(key)];
    return undefined;
  }

  private resolveString(text: string, location: SourceLocation): PNode {
    const spans = variableSpans(text);
    if (spans.length === 0) return scalarAt(text, location);
    if (spans.length === 1 && spans[0].start === 0 && spans[0].end === text.length) {
      // The whole value is one variable: it takes the type of what it refers to (a map, a number...).
      const { outcome, text: written } = this.expression(spans[0].inner, location);
      if (outcome.kind === 'value') return outcome.node.kind === 'scalar' ? scalarAt(outcome.node.value, location) : outcome.node;
      if (outcome.reason) this.report(outcome, written, location);
      return scalarAt(written, location);
    }
    let out = '';
    let last = 0;
    for (const span of spans) {
      out += text.slice(last, span.start);
      const { outcome, text: written } = this.expression(span.inner, location);
      if (outcome.kind === 'value' && outcome.node.kind === 'scalar' && outcome.node.value !== null) {
        out += String(outcome.node.value);
      } else if (outcome.kind === 'value') {
        this.context.findings.warning('UNRESOLVED_VARIABLE', `${written}: a ${outcome.node.kind === 'map' ? 'map' : 'list'} cannot be part of a string`, location);
        out += written;
      } else {
        if (outcome.reason) this.report(outcome, written, location);
        out += written;
      }
      last = span.end;
      if (out.length > MAX_RESOLVED_LENGTH) {
        this.context.findings.warning('UNRESOLVED_VARIABLE', `variables make this value longer than ${MAX_RESOLVED_LENGTH} characters; kept as written`, location);
        return scalarAt(text, location);
      }
    }
    return scalarAt(out + text.slice(last), location);
  }

  private report(outcome: Exclude<Outcome, { kind: 'value' }>, written: string, location: SourceLocation): void {
    const kept = outcome.kind === 'missing' ? 'no value and no fallback; kept as written' : 'kept as written';
    this.context.findings.add(outcome.severity, 'UNRESOLVED_VARIABLE', `${written}: ${outcome.reason}; ${kept}`, location);
  }

  /** One `${...}`: nested variables first, then each source in turn until one has a value. */
  private expression(inner: string, location: SourceLocation): { outcome: Outcome; text: string } {
    let expression = inner;
    if (inner.includes('${')) {
      if (this.depth > MAX_VARIABLE_DEPTH) return { outcome: { kind: 'symbolic', reason: `variables nest more than ${MAX_VARIABLE_DEPTH} deep`, severity: 'warning' }, text: `\${${inner}}` };
      this.depth++;
      try {
        const nested = this.resolveString(inner, location);
        expression = nested.kind === 'scalar' ? String(nested.value) : inner;
      } finally {
        this.depth--;
      }
      // A nested variable that stayed symbolic makes the whole expression symbolic (it was reported).
      if (expression.includes('${')) return { outcome: { kind: 'symbolic', reason: '', severity: 'info' }, text: `\${${expression}}` };
    }
    const text = `\${${expression}}`;
    const sources = splitSources(expression);
    // `${AWS::Region}` and `${LogicalId}` are CloudFormation Fn::Sub placeholders, not Framework variables.
    if (!/^[A-Za-z][\w-]*(\([^)]*\))?:|^file\(|^strToBool\(/.test(sources[0]) || /^[A-Za-z0-9]+::/.test(sources[0])) {
      return { outcome: { kind: 'symbolic', reason: '', severity: 'info' }, text };
    }
    let missing: Outcome = { kind: 'missing', reason: 'no source', severity: 'info' };
    for (const source of sources) {
      const outcome = this.source(source);
      if (outcome.kind !== 'missing') return { outcome, text };
      missing = outcome;
    }
    return { outcome: missing, text };
  }

  private source(source: string): Outcome {
    const at = { file: this.context.file, line: 1, column: 1 };
    const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(source);
    if (quoted) return { kind: 'value', node: scalarAt(quoted[1] ?? quoted[2], at) };
    if (/^-?\d+(\.\d+)?$/.test(source)) return { kind: 'value', node: scalarAt(Number(source), at) };
    if (source === 'true' || source === 'false') return { kind: 'value', node: scalarAt(source === 'true', at) };
    if (source.startsWith('file(')) return this.file(source);
    const toBool = /^strToBool\((.*)\)$/.exec(source);
    if (toBool) {
      const word = toBool[1].trim().toLowerCase();
      if (word === 'true' || word === '1') return { kind: 'value', node: scalarAt(true, at) };
      if (word === 'false' || word === '0') return { kind: 'value', node: scalarAt(false, at) };
      return { kind: 'symbolic', reason: `strToBool cannot read "${toBool[1]}"`, severity: 'warning' };
    }
    const typed = /^([A-Za-z][\w-]*)(\([^)]*\))?:(.*)$/s.exec(source);
    if (!typed) return { kind: 'value', node: scalarAt(source, at) }; // a bare word: a literal fallback
    const [, type, , address] = typed;
    switch (type) {
      case 'self':
        return this.self(address.trim() === '' ? [] : address.trim().split('.'));
      case 'opt':
        // No CLI options: read as `serverless deploy` with none given.
        return { kind: 'missing', reason: `no --${address.trim()} option is given`, severity: 'info' };
      case 'sls':
        if (address.trim() === 'stage') return { kind: 'value', node: scalarAt(this.stage(), at) };
        return { kind: 'symbolic', reason: `sls:${address.trim()} is only known when the Framework runs`, severity: 'info' };
      case 'aws':
        if (address.trim() === 'region') return { kind: 'value', node: scalarAt(this.region(), at) };
        return { kind: 'symbolic', reason: 'AWS values are fetched at deploy time', severity: 'info' };
      case 'param':
        return this.param(address.trim());
      case 'env':
        return { kind: 'symbolic', reason: 'environment variables are not read', severity: 'info' };
      default:
        return { kind: 'symbolic', reason: `${type} values are fetched at deploy time`, severity: 'info' };
    }
  }

  /** `${param:x}`: stages.<stage>.params, stages.default.params (v4), params.<stage>, params.default (v3). */
  private param(name: string): Outcome {
    const stage = this.stage();
    for (const path of [['stages', stage, 'params', name], ['stages', 'default', 'params', name], ['params', stage, name], ['params', 'default', name]]) {
      const outcome = this.self(path);
      if (outcome.kind !== 'missing') return outcome;
    }
    return { kind: 'symbolic', reason: `param:${name} is not in stages/params (a Dashboard parameter?)`, severity: 'info' };
  }

  /** `${file(./x.yml)}` or `${file(./x.yml):a.b}`, read next to the config. */
  private file(source: string): Outcome {
    const match = /^file\(\s*(['"]?)([^'")]+)\1\s*\)(?::(.*))?$/s.exec(source);
    if (!match) return { kind: 'symbolic', reason: 'not a file reference the reader understands', severity: 'warning' };
    const [, , path, address] = match;
    if (/\.(c|m)?[jt]s$/.test(path)) return { kind: 'symbolic', reason: 'JavaScript files are not run', severity: 'info' };
    let tree = this.files.get(path);
    if (tree === undefined) {
      const sibling = this.context.readSibling(path);
      if (!sibling) {
        tree = null;
      } else if (/\.(ya?ml|json)$/i.test(path)) {
        try {
          tree = parseConfigTree(sibling.text, sibling.file);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          tree = { error: error.message };
        }
      } else {
        tree = scalarAt(sibling.text, { file: sibling.file, line: 1, column: 1 });
      }
      this.files.set(path, tree);
    }
    if (tree === null) return { kind: 'missing', reason: `${path} is not found next to the config`, severity: 'info' };
    if ('error' in tree) return { kind: 'symbolic', reason: `${path} cannot be read: ${tree.error}`, severity: 'warning' };
    let node: PNode | undefined = this.resolve(tree);
    for (const segment of address?.trim() ? address.trim().split('.') : []) node = this.resolve(this.child(node, segment));
    if (!node || (node.kind === 'scalar' && node.value === null)) return { kind: 'missing', reason: `${path} has no ${address}`, severity: 'warning' };
    return { kind: 'value', node };
  }
}

/* ------------------------------------------------------------------------------------------
 * Reading resolved values
 * ---------------------------------------------------------------------------------------- */

/** A CloudFormation intrinsic (or any structure) where a string was expected, as readable text. */
function describe(node: PNode): string {
  if (node.kind === 'scalar') return String(node.value);
  if (node.kind === 'seq') return `[${node.items.map(describe).join(', ')}]`;
  const [first] = node.entries;
  if (node.entries.length === 1) {
    if (first.key === 'Ref') return `!Ref ${describe(first.value)}`;
    if (first.key === 'Fn::GetAtt' && first.value.kind === 'seq') return `!GetAtt ${first.value.items.map(describe).join('.')}`;
    if (first.key === 'Fn::Join' && first.value.kind === 'seq' && first.value.items[1]?.kind === 'seq') {
      return first.value.items[1].items.map(describe).join(describe(first.value.items[0]));
    }
    if (first.key.startsWith('Fn::')) return `!${first.key.slice(4)} ${describe(first.value)}`;
  }
  return `{${node.entries.map((entry) => `${entry.key}: ${describe(entry.value)}`).join(', ')}}`;
}

/** From the key to the end of its value: what an editor should underline for a named entry. */
function keyed(entry: PEntry): SourceLocation {
  const { endLine, endColumn } = entry.value.location;
  return endLine === undefined ? { ...entry.keyLocation } : { ...entry.keyLocation, endLine, endColumn };
}

class Config {
  constructor(readonly variables: Variables) {}

  value(node: PNode | undefined): PNode | undefined {
    return this.variables.resolve(node);
  }

  at(node: PNode | undefined, key: string): PNode | undefined {
    const found = this.entry(node, key);
    return found ? this.value(found.value) : undefined;
  }

  entry(node: PNode | undefined, key: string): PEntry | undefined {
    const resolved = this.value(node);
    if (resolved?.kind !== 'map') return undefined;
    for (const candidate of resolved.entries) if (candidate.key === key) return candidate;
    return undefined;
  }

  entries(node: PNode | undefined): PEntry[] {
    const resolved = this.value(node);
    return resolved?.kind === 'map' ? resolved.entries : [];
  }

  /** Items of a list, unresolved (their locations are where they are written). */
  items(node: PNode | undefined): PNode[] {
    const resolved = this.value(node);
    return resolved?.kind === 'seq' ? resolved.items : [];
  }

  text(node: PNode | undefined): string | undefined {
    const resolved = this.value(node);
    if (!resolved) return undefined;
    if (resolved.kind === 'scalar') return resolved.value === null ? undefined : String(resolved.value);
    return describe(resolved);
  }

  number(node: PNode | undefined): number | undefined {
    const resolved = this.value(node);
    if (resolved?.kind !== 'scalar' || resolved.value === null || resolved.value === '') return undefined;
    const value = Number(resolved.value);
    return Number.isFinite(value) ? value : undefined;
  }

  bool(node: PNode | undefined): boolean | undefined {
    const resolved = this.value(node);
    if (resolved?.kind !== 'scalar') return undefined;
    if (typeof resolved.value === 'boolean') return resolved.value;
    if (resolved.value === 'true') return true;
    if (resolved.value === 'false') return false;
    return undefined;
  }

  /** A string or a list of strings (`identitySource`, `audience`). */
  texts(node: PNode | undefined): string[] | undefined {
    const resolved = this.value(node);
    if (!resolved) return undefined;
    if (resolved.kind === 'seq') return resolved.items.map((item) => this.text(item)).filter((item): item is string => item !== undefined);
    const single = this.text(resolved);
    return single === undefined ? undefined : [single];
  }
}

/** The function an authorizer's ARN names (its name, as every format gives it), or the ARN as written when it is not a function ARN. */
function functionOfArn(arn: string): string {
  return lambdaFunctionName(arn) ?? arn;
}

/** Written with no variable left unresolved and no intrinsic function. */
function literal(text: string | undefined): text is string {
  return text !== undefined && !text.includes('${') && !text.startsWith('!') && !text.startsWith('{');
}

/* ------------------------------------------------------------------------------------------
 * The reader
 * ---------------------------------------------------------------------------------------- */

interface FunctionInfo {
  key: string;
  node: PNode;
  /** What API Gateway invokes: the function's literal `name`, else its key. */
  lambdaName: string;
}

/** An API being built, with what the Framework keys it by. */
interface Building {
  api: Api;
  routeKeys: Set<string>;
  /** Integration specs already made, by their content, so identical ones are shared. */
  integrationKeys: Map<string, string>;
  integrationIds: Set<string>;
}

class ServerlessReader {
  private readonly config: Config;
  private readonly findings: ReaderContext['findings'];
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly plugins = new Set<string>();
  private service = 'service';
  private stage = 'dev';
  private region = 'us-east-1';
  private provider: PNode | undefined;
  /** Stage throttling from serverless-api-gateway-throttling, when configured. */
  private stageLimits: Throttle | undefined;
  private rest: Building | undefined;
  private http: Building | undefined;
  private websocket: Building | undefined;
  private readonly model: GatewayModel = { apis: [], vpcLinks: [] };
  /** REST paths that asked for CORS: the Framework answers their preflight with an OPTIONS MOCK method. */
  private readonly preflights = new Map<string, SourceLocation>();

  constructor(private readonly root: PNode, private readonly context: ReaderContext) {
    this.config = new Config(new Variables(root, context));
    this.findings = context.findings;
  }

  read(): GatewayModel {
    const c = this.config;
    const serviceNode = c.at(this.root, 'service');
    // `service: {name: x}` is the v1 form.
    const service = serviceNode?.kind === 'map' ? c.text(c.at(serviceNode, 'name')) : c.text(serviceNode);
    if (service) this.service = service;
    else this.findings.error('MISSING_PROPERTY', 'serverless.yml has no "service" name; the API names use "service"', this.root.location);
    const provider = c.at(this.root, 'provider');
    const providerName = provider?.kind === 'scalar' ? c.text(provider) : c.text(c.at(provider, 'name'));
    if (providerName !== undefined && providerName.toLowerCase() !== 'aws') {
      const providerEntry = c.entry(this.root, 'provider');
      this.findings.error('UNSUPPORTED_FEATURE', `provider "${providerName}" is not AWS: there is no API Gateway to read`, providerEntry ? keyed(providerEntry) : this.root.location);
      return this.model;
    }
    this.provider = provider?.kind === 'map' ? provider : undefined;
    this.stage = this.config.variables.stage();
    this.region = this.config.variables.region();
    this.readPlugins();
    this.stageLimits = this.stageThrottle();
    this.readFunctions();
    for (const fn of this.functions.values()) {
      for (const item of c.items(c.at(fn.node, 'events'))) {
        for (const event of c.entries(item)) {
          if (event.key === 'http') this.restEvent(fn, event, item.location);
          else if (event.key === 'httpApi') this.httpApiEvent(fn, event, item.location);
          else if (event.key === 'websocket') this.websocketEvent(fn, event, item.location);
        }
      }
    }
    this.finishRest();
    this.finishHttp();
    this.noteResources();
    for (const building of [this.rest, this.http, this.websocket]) if (building) this.model.apis.push(building.api);
    return this.model;
  }

  /* ---- service-wide ---- */

  private readPlugins(): void {
    const c = this.config;
    const plugins = c.at(this.root, 'plugins');
    // `plugins: [...]`, or `plugins: {localPath, modules: [...]}`.
    for (const item of c.items(plugins?.kind === 'map' ? c.at(plugins, 'modules') : plugins)) {
      const name = c.text(item);
      if (name) this.plugins.add(name);
    }
  }

  private readFunctions(): void {
    const c = this.config;
    const functions = c.at(this.root, 'functions');
    // A list of maps is merged (functions spread over several files: `- ${file(a.yml)}`).
    const maps = functions?.kind === 'seq' ? functions.items.map((item) => c.value(item)) : [functions];
    for (const map of maps) {
      if (map?.kind !== 'map') continue;
      for (const entry of map.entries) {
        const node = c.value(entry.value);
        if (node?.kind !== 'map') continue;
        const name = c.text(c.at(node, 'name'));
        this.functions.set(entry.key, { key: entry.key, node, lambdaName: literal(name) ? name : entry.key });
      }
    }
  }

  /** The function an authorizer names, or a DANGLING_REFERENCE at the name (the name is kept). */
  private functionNamed(name: string, where: SourceLocation, what: string): string {
    const fn = this.functions.get(name);
    if (fn) return fn.lambdaName;
    this.findings.error('DANGLING_REFERENCE', `${what}: function "${name}" is not defined in functions`, where);
    return name;
  }

  private apiName(kind: 'rest' | 'http'): string {
    const c = this.config;
    const settings = c.at(this.provider, kind === 'rest' ? 'apiGateway' : 'httpApi');
    const custom = kind === 'rest' ? c.text(c.at(this.provider, 'apiName')) : c.text(c.at(settings, 'name'));
    if (custom) return custom;
    return c.bool(c.at(settings, 'shouldStartNameWithService')) ? `${this.service}-${this.stage}` : `${this.stage}-${this.service}`;
  }

  /** Where an implicit API is declared: its naming setting when written, else its first event. */
  private providerLocation(key: string): SourceLocation | undefined {
    const entry = this.config.entry(this.provider, key);
    return entry ? keyed(entry) : undefined;
  }

  private integration(building: Building, base: string, spec: Omit<Integration, 'id' | 'location'>, location: SourceLocation): string {
    const signature = `${base}\u0000${spec.type}\u0000${spec.functionName ?? ''}\u0000${spec.uri ?? ''}\u0000${spec.vpcLinkId ?? ''}\u0000${spec.timeoutMs ?? ''}\u0000${spec.payloadFormatVersion ?? ''}`;
    const existing = building.integrationKeys.get(signature);
    if (existing) return existing;
    let id = base;
    for (let n = 2; building.integrationIds.has(id); n++) id = `${base}-${n}`;
    building.integrationIds.add(id);
    building.api.integrations.push({ id, ...spec, connectionType: spec.connectionType ?? DEFAULT_CONNECTION_TYPE, location });
    building.integrationKeys.set(signature, id);
    return id;
  }

  /**
   * serverless-api-gateway-throttling: `custom.apiGatewayThrottling` sets the stage's default
   * route settings (REST and HTTP APIs alike, 10,000 rps and burst 5,000 where unset, as the
   * plugin does); an event's `throttling` overrides them for its route. Without the stage
   * settings the plugin does nothing at all.
   */
  private stageThrottle(): Throttle | undefined {
    const c = this.config;
    const entry = c.entry(c.at(this.root, 'custom'), 'apiGatewayThrottling');
    if (!entry) return undefined;
    if (!this.plugins.has('serverless-api-gateway-throttling')) {
      this.findings.info('IGNORED_PROPERTY', 'custom.apiGatewayThrottling is read by the serverless-api-gateway-throttling plugin, which is not in plugins', keyed(entry));
      return undefined;
    }
    return {
      rateLimit: c.number(c.at(entry.value, 'maxRequestsPerSecond')) ?? 10000,
      burstLimit: c.number(c.at(entry.value, 'maxConcurrentRequests')) ?? 5000,
    };
  }

  private eventThrottle(building: Building, event: PNode, routeKey: string): void {
    const c = this.config;
    const entry = c.entry(event, 'throttling');
    if (!entry) return;
    const stage = building.api.stages[0];
    if (!stage.throttle) {
      this.findings.info('IGNORED_PROPERTY', `${routeKey}: "throttling" is read by the serverless-api-gateway-throttling plugin, which needs custom.apiGatewayThrottling and its name in plugins`, keyed(entry));
      return;
    }
    const throttle: Throttle = {
      rateLimit: c.number(c.at(entry.value, 'maxRequestsPerSecond')) ?? stage.throttle.rateLimit,
      burstLimit: c.number(c.at(entry.value, 'maxConcurrentRequests')) ?? stage.throttle.burstLimit,
    };
    stage.routeThrottles = { ...stage.routeThrottles, [routeKey]: throttle };
  }

  /* ---- REST API: `http` events ---- */

  private restApi(location: SourceLocation): Building {
    if (this.rest) return this.rest;
    const c = this.config;
    const apiGateway = c.at(this.provider, 'apiGateway');
    const endpointText = c.text(c.at(this.provider, 'endpointType'));
    let endpointType: EndpointType = defaultEndpointType('REST'); // "By default, the Serverless Framework deploys your REST API using the EDGE endpoint configuration"
    if (endpointText) {
      const parsed = parseEndpointType(endpointText);
      if (parsed) endpointType = parsed;
      else this.findings.error('INVALID_VALUE', `provider.endpointType must be edge, regional or private, got "${endpointText}"`, c.at(this.provider, 'endpointType')!.location);
    }
    const stageEntry = c.entry(apiGateway, 'stage') ?? c.entry(this.provider, 'stage');
    // "By default, the API Gateway stage will be same as the serverless stage" (events/apigateway, custom stage name).
    const stage: Stage = { name: c.text(c.at(apiGateway, 'stage')) ?? this.stage, ...(stageEntry ? { location: keyed(stageEntry) } : {}) };
    if (this.stageLimits) stage.throttle = { ...this.stageLimits };
    const external = c.entry(apiGateway, 'restApiId');
    const externalId = external ? c.text(external.value) : undefined;
    const api = emptyApi(literal(externalId) ? externalId : 'ApiGatewayRestApi', externalId ?? this.apiName('rest'), 'REST', this.region, this.providerLocation('apiName') ?? location);
    api.endpointType = endpointType;
    api.stages.push(stage);
    api.apiKeySource = DEFAULT_API_KEY_SOURCE;
    if (external) {
      this.findings.info('EXTERNAL_API', `http events are added to the existing REST API ${externalId}; its endpoint type, stage settings and other routes are defined elsewhere`, keyed(external));
    }
    const keySource = c.text(c.at(apiGateway, 'apiKeySourceType'));
    if (keySource) {
      const parsed = parseApiKeySource(keySource);
      if (parsed) api.apiKeySource = parsed;
      else this.findings.error('INVALID_VALUE', `provider.apiGateway.apiKeySourceType must be HEADER or AUTHORIZER, got "${keySource}"`, c.at(apiGateway, 'apiKeySourceType')!.location);
    }
    const securityPolicy = c.text(c.at(c.at(apiGateway, 'endpoint'), 'securityPolicy')) ?? c.text(c.at(apiGateway, 'securityPolicy'));
    if (securityPolicy) api.securityPolicy = securityPolicy;
    // "For a private API, you can't deploy your API without a resource policy" (DG, apigateway-resource-policies-create-attach).
    if (endpointType === 'PRIVATE' && !c.at(apiGateway, 'resourcePolicy')) {
      this.findings.warning('PRIVATE_API_WITHOUT_POLICY', 'a PRIVATE REST API cannot be deployed without a resource policy: set provider.apiGateway.resourcePolicy to allow the VPC endpoints that may call it', c.at(this.provider, 'endpointType')!.location);
    }
    this.readWaf(api);
    this.rest = { api, routeKeys: new Set(), integrationKeys: new Map(), integrationIds: new Set() };
    return this.rest;
  }

  /** serverless-associate-waf(-v3): `custom.associateWaf.name`, associated with the REST API stage. */
  private readWaf(api: Api): void {
    const c = this.config;
    const entry = c.entry(c.at(this.root, 'custom'), 'associateWaf');
    if (!entry) return;
    if (!this.plugins.has('serverless-associate-waf') && !this.plugins.has('serverless-associate-waf-v3')) {
      this.findings.info('IGNORED_PROPERTY', 'custom.associateWaf is read by the serverless-associate-waf plugin, which is not in plugins', keyed(entry));
      return;
    }
    const name = c.text(c.at(entry.value, 'name'));
    if (name) api.wafWebAcl = name;
  }

  private restEvent(fn: FunctionInfo, event: PEntry, location: SourceLocation): void {
    const c = this.config;
    const value = c.value(event.value);
    let method: string | undefined;
    let path: string | undefined;
    if (value?.kind === 'scalar') {
      // The shorthand `http: GET users/create` (getHttp splits at the space).
      const parts = (c.text(value) ?? '').trim().split(/\s+/);
      if (parts.length === 2) [method, path] = parts;
    } else if (value?.kind === 'map') {
      method = c.text(c.at(value, 'method'));
      path = c.text(c.at(value, 'path'));
    }
    if (method === undefined || path === undefined) {
      const written = c.text(value) ?? '';
      if (written.includes('${')) this.findings.warning('UNRESOLVED_ROUTE', `${fn.key}: the http event ${written} is only known at deploy time; no route is made for it`, location);
      else this.findings.error('INVALID_ROUTE', `${fn.key}: an http event needs a method and a path ("GET users" or {method, path})`, location);
      return;
    }
    const upper = method.toUpperCase();
    if (!REST_METHODS.has(upper)) {
      this.findings.error('INVALID_ROUTE', `${fn.key}: http method "${method}" is not one of ${[...REST_METHODS].join(', ').toLowerCase()}`, location);
      return;
    }
    const building = this.restApi(location);
    // getHttpPath: one leading and one trailing slash are dropped.
    const resourcePath = `/${path.replace(/^\//, '').replace(/\/$/, '')}`;
    const key = routeKey(upper, resourcePath);
    if (building.routeKeys.has(key)) {
      this.findings.error('DUPLICATE_ROUTE', `${building.api.name}: ${key} is declared twice; API Gateway keeps one method per resource and verb`, location);
      return;
    }
    building.routeKeys.add(key);
    const route: Route = { key, authorizationType: 'NONE', location };
    if (value?.kind === 'map') {
      if (c.bool(c.at(value, 'private')) === true) route.apiKeyRequired = true;
      const authorizer = c.entry(value, 'authorizer');
      if (authorizer) this.restAuthorizer(building, route, authorizer);
      this.restValidation(route, c.at(value, 'request'));
      const cors = c.value(c.at(value, 'cors'));
      if (cors && !(cors.kind === 'scalar' && c.bool(cors) !== true) && !this.preflights.has(resourcePath)) {
        this.preflights.set(resourcePath, keyed(c.entry(value, 'cors')!));
      }
      this.eventThrottle(building, value, key);
    }
    route.integrationId = this.restIntegration(building, fn, value, route, location);
    building.api.routes.push(route);
  }

  private restIntegration(building: Building, fn: FunctionInfo, event: PNode | undefined, route: Route, location: SourceLocation): string | undefined {
    const c = this.config;
    const map = event?.kind === 'map' ? event : undefined;
    const written = c.text(c.at(map, 'integration'));
    let type: IntegrationType = c.bool(c.at(map, 'async')) ? 'AWS' : 'AWS_PROXY';
    if (written) {
      // getIntegration: upper-cased, the first '-' becomes '_', LAMBDA is AWS and LAMBDA_PROXY is AWS_PROXY.
      const normalized = written.toUpperCase().replace('-', '_');
      const mapped = ({ LAMBDA: 'AWS', LAMBDA_PROXY: 'AWS_PROXY' } as Record<string, IntegrationType>)[normalized] ?? parseIntegrationType(normalized);
      if (mapped) type = mapped;
      else this.findings.error('INVALID_VALUE', `${route.key}: integration "${written}" is not one of lambda-proxy, lambda, http, http-proxy, mock`, c.at(map, 'integration')!.location);
    }
    const request = c.at(map, 'request');
    const spec: Omit<Integration, 'id' | 'location'> = { type };
    const timeout = c.number(c.at(map, 'timeoutInMillis')) ?? c.number(c.at(c.at(this.provider, 'apiGateway'), 'timeoutInMillis'));
    if (timeout !== undefined) spec.timeoutMs = timeout;
    if (type === 'AWS' || type === 'AWS_PROXY') spec.functionName = fn.lambdaName;
    if (type === 'HTTP' || type === 'HTTP_PROXY') {
      const uri = c.text(c.at(request, 'uri'));
      if (!uri) {
        this.findings.error('MISSING_PROPERTY', `${route.key}: an ${written} integration needs request.uri`, location);
        return undefined;
      }
      spec.uri = uri;
      const connectionType = parseConnectionType(c.text(c.at(map, 'connectionType'))?.replace('-', '_'));
      if (connectionType === 'VPC_LINK') {
        const connection = c.entry(map, 'connectionId');
        const linkId = connection ? c.text(connection.value) : undefined;
        if (!linkId) {
          this.findings.error('MISSING_PROPERTY', `${route.key}: a vpc-link connection needs connectionId`, location);
          return undefined;
        }
        spec.connectionType = 'VPC_LINK';
        spec.vpcLinkId = linkId;
        // The link itself is made elsewhere.
        if (!this.model.vpcLinks.some((link) => link.id === linkId)) this.model.vpcLinks.push({ id: linkId, name: linkId, target: REST_VPC_LINK_TARGET, location: keyed(connection!) });
      } else {
        spec.connectionType = 'INTERNET';
      }
    }
    if (type === 'AWS' || type === 'HTTP' || type === 'MOCK') {
      // Non-proxy integrations: request.template (content type -> VTL) and response.template.
      const templates = c.entries(c.at(request, 'template'));
      if (templates.length > 0) route.requestTemplates = Object.fromEntries(templates.map((entry) => [entry.key, c.text(entry.value) ?? '']));
      const responseTemplate = c.at(c.at(map, 'response'), 'template');
      if (responseTemplate?.kind === 'scalar') route.responseTemplates = { 'application/json': c.text(responseTemplate) ?? '' };
    }
    const base = type === 'MOCK' ? `${fn.key}-mock` : type === 'HTTP' || type === 'HTTP_PROXY' ? `${fn.key}-http` : fn.key;
    return this.integration(building, base, spec, location);
  }

  /** `request.parameters` and `request.schemas`: the Framework's request validator checks body and parameters. */
  private restValidation(route: Route, request: PNode | undefined): void {
    const c = this.config;
    if (!request) return;
    const parameters = c.at(request, 'parameters');
    const required: string[] = [];
    for (const [plural, singular] of [['querystrings', 'querystring'], ['paths', 'path'], ['headers', 'header']] as const) {
      for (const entry of c.entries(c.at(parameters, plural))) {
        const value = c.value(entry.value);
        // `name: true`, or `{required: true, mappedValue: ...}` (required defaults to true there).
        const isRequired = value?.kind === 'map' ? c.bool(c.at(value, 'required')) ?? true : c.bool(value) === true;
        if (isRequired) required.push(`method.request.${singular}.${entry.key}`);
      }
    }
    if (required.length > 0) {
      route.requiredParameters = required;
      route.validateBody = true;
      route.validateParameters = true;
    }
    // `schemas` (v3+) or the older `schema`.
    const schemas = c.entries(c.at(request, 'schemas') ?? c.at(request, 'schema'));
    if (schemas.length === 0) return;
    route.validateBody = true;
    route.validateParameters = true;
    const chosen = schemas.find((entry) => entry.key === 'application/json') ?? schemas[0];
    const schema = this.schema(chosen, route.key);
    route.requestModel = {
      contentType: chosen.key,
      required: schema ? (c.texts(c.at(schema, 'required')) ?? []) : [],
      location: keyed(chosen),
    };
  }

  /** A request schema: inline, `{schema, name}`, or the key of a provider.apiGateway.request.schemas model. */
  private schema(entry: PEntry, routeKey: string): PNode | undefined {
    const c = this.config;
    const value = c.value(entry.value);
    if (value?.kind === 'map') return c.at(value, 'schema') ?? value;
    const text = c.text(value);
    if (text === undefined || text.includes('${')) return undefined;
    if (text.trim().startsWith('{')) {
      // A schema written inline as JSON text.
      try {
        return parseConfigTree(text, this.context.file);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        this.findings.warning('INVALID_VALUE', `${routeKey}: the ${entry.key} schema is not valid JSON: ${error.message}`, value!.location);
        return undefined;
      }
    }
    const model = c.at(c.at(c.at(c.at(this.provider, 'apiGateway'), 'request'), 'schemas'), text);
    if (!model) {
      this.findings.warning('DANGLING_REFERENCE', `${routeKey}: schema "${text}" is not in provider.apiGateway.request.schemas`, value!.location);
      return undefined;
    }
    return c.at(model, 'schema') ?? model;
  }

  private restAuthorizer(building: Building, route: Route, entry: PEntry): void {
    const c = this.config;
    const value = c.value(entry.value);
    const where = keyed(entry);
    let name: string | undefined;
    let arn: string | undefined;
    let arnIsIntrinsic = false;
    let functionReference: { name: string; location: SourceLocation } | undefined;
    let type: string | undefined;
    let ttl: number | undefined;
    let identitySources: string[] | undefined;
    if (value?.kind === 'scalar') {
      const text = c.text(value) ?? '';
      if (text.toUpperCase() === 'AWS_IAM') {
        route.authorizationType = 'AWS_IAM';
        return;
      }
      if (text.includes(':')) {
        arn = text;
      } else {
        name = text;
        functionReference = { name: text, location: value.location };
      }
    } else if (value?.kind === 'map') {
      type = c.text(c.at(value, 'type'))?.toUpperCase();
      const sharedId = c.at(value, 'authorizerId');
      if (type === 'AWS_IAM') {
        route.authorizationType = 'AWS_IAM';
        return;
      }
      if (sharedId && type) {
        this.sharedRestAuthorizer(building, route, c.text(sharedId) ?? '', type, where);
        return;
      }
      const arnNode = c.at(value, 'arn');
      const nameEntry = c.entry(value, 'name');
      if (arnNode) {
        arn = c.text(arnNode);
        arnIsIntrinsic = arnNode.kind !== 'scalar';
        name = c.text(c.at(value, 'name'));
        if (!name && arnIsIntrinsic) {
          this.findings.error('MISSING_PROPERTY', `${route.key}: an authorizer whose arn is not a string needs a name`, where);
          return;
        }
      } else if (nameEntry) {
        name = c.text(nameEntry.value);
        if (name) functionReference = { name, location: nameEntry.value.location };
      }
      if (!arn && !functionReference) {
        this.findings.error('MISSING_PROPERTY', `${route.key}: an authorizer needs a function name or an arn`, where);
        return;
      }
      // resultTtlInSeconds defaults to 300 (validate.js getAuthorizer).
      ttl = c.number(c.at(value, 'resultTtlInSeconds'));
      const sources = c.texts(c.at(value, 'identitySource'));
      if (sources) identitySources = sources.flatMap(splitIdentitySource);
    } else {
      return;
    }
    // extractAuthorizerNameFromArn: the last `:` part, then its last `-` part.
    if (!name && arn) name = arn.split(':').pop()!.split('-').pop()!;
    const id = name ?? 'authorizer';
    const cognito = type === 'COGNITO_USER_POOLS' || (arn !== undefined && !arnIsIntrinsic && ARN_COGNITO.test(arn));
    route.authorizerId = id;
    route.authorizationType = authorizationTypeOf(cognito ? 'COGNITO_USER_POOLS' : 'TOKEN');
    // Every reference to a missing function is reported where it is written.
    const functionName = functionReference ? this.functionNamed(functionReference.name, functionReference.location, `${building.api.name} authorizer ${id}`) : functionOfArn(arn!);
    if (building.api.authorizers.some((authorizer) => authorizer.id === id)) return;
    if (cognito) {
      building.api.authorizers.push({
        id, name: id, type: 'COGNITO_USER_POOLS', identitySources: identitySources ?? defaultIdentitySources('REST', 'COGNITO_USER_POOLS'), userPoolArns: [arn ?? id], location: where,
      });
      return;
    }
    let lambdaType: 'TOKEN' | 'REQUEST' = 'TOKEN'; // "The default `type` is 'token'"
    if (type === 'REQUEST') lambdaType = 'REQUEST';
    else if (type !== undefined && type !== 'TOKEN') this.findings.error('INVALID_VALUE', `${route.key}: authorizer type "${type.toLowerCase()}" is not token, request, cognito_user_pools or aws_iam`, where);
    const resultTtlSeconds = ttl ?? AUTHORIZER_CACHE_TTL_SECONDS.default;
    // Without a source, API Gateway reads the Authorization header, except for an uncached REQUEST authorizer.
    const sources = identitySources ?? (lambdaType === 'REQUEST' && resultTtlSeconds === 0 ? [] : [identitySource('REST', 'header', 'Authorization')]);
    building.api.authorizers.push({ id, name: id, type: lambdaType, identitySources: sources, resultTtlSeconds, functionName, location: where });
  }

  /** `authorizer: {type, authorizerId}`: an authorizer made elsewhere (events/apigateway, share authorizer). */
  private sharedRestAuthorizer(building: Building, route: Route, id: string, type: string, where: SourceLocation): void {
    const authorizerType = type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : type === 'REQUEST' ? 'REQUEST' : 'TOKEN';
    route.authorizerId = id;
    route.authorizationType = authorizationTypeOf(authorizerType);
    if (building.api.authorizers.some((authorizer) => authorizer.id === id)) return;
    this.findings.info('EXTERNAL_AUTHORIZER', `${route.key}: authorizer ${id} is defined outside this file; its function and identity sources are not known here`, where);
    const authorizer: Authorizer = { id, name: id, type: authorizerType, identitySources: [identitySource('REST', 'header', 'Authorization')], location: where };
    if (authorizer.type !== 'COGNITO_USER_POOLS') authorizer.functionName = id;
    building.api.authorizers.push(authorizer);
  }

  private finishRest(): void {
    const c = this.config;
    const apiGateway = c.at(this.provider, 'apiGateway');
    if (!this.rest) {
      const unused = c.entry(apiGateway, 'usagePlan') ?? c.entry(apiGateway, 'apiKeys');
      if (unused) this.findings.info('IGNORED_PROPERTY', `provider.apiGateway.${unused.key} has no effect: no function has an http event, so there is no REST API`, keyed(unused));
      return;
    }
    const building = this.rest;
    for (const [path, location] of this.preflights) {
      const key = `OPTIONS ${path}`;
      if (building.routeKeys.has(key)) continue; // an explicit OPTIONS method takes the preflight's place
      building.routeKeys.add(key);
      // cors.js: an OPTIONS method with a MOCK integration answering 200 with the CORS headers.
      const integrationId = this.integration(building, `cors-preflight ${path}`, { type: 'MOCK' }, location);
      building.api.routes.push({ key, authorizationType: 'NONE', integrationId, requestTemplates: { 'application/json': '{statusCode:200}' }, location });
    }
    const plans = this.usagePlans(apiGateway);
    if (plans.length > 0) building.api.usagePlans = plans;
    const needsKey = building.api.routes.find((route) => route.apiKeyRequired);
    if (needsKey && plans.length === 0) {
      this.findings.info('NO_USAGE_PLAN', `${needsKey.key} is private (needs an API key), but provider.apiGateway declares no apiKeys or usagePlan: keys must come from outside this file`, needsKey.location!);
    }
  }

  /**
   * provider.apiGateway.usagePlan and apiKeys (events/apigateway, "Setting API keys"): one plan
   * `${service}-${stage}` from a usagePlan map, or one plan per `- name: {...}` item named
   * `${service}-${name}-${stage}` (usage-plan.js), keys grouped under the plan's name.
   */
  private usagePlans(apiGateway: PNode | undefined): UsagePlan[] {
    const c = this.config;
    const planEntry = c.entry(apiGateway, 'usagePlan');
    const keysEntry = c.entry(apiGateway, 'apiKeys');
    if (!planEntry && !keysEntry) return [];
    const planNode = planEntry ? c.value(planEntry.value) : undefined;
    const plans: UsagePlan[] = [];
    const readPlan = (id: string, name: string, node: PNode | undefined, location: SourceLocation): UsagePlan => {
      const plan: UsagePlan = { id, name, apiKeys: [], location };
      const throttle = c.at(node, 'throttle');
      const planThrottle = throttleOrAccountLimit(c.number(c.at(throttle, 'rateLimit')), c.number(c.at(throttle, 'burstLimit')), this.region);
      if (planThrottle) plan.throttle = planThrottle;
      const quota = c.at(node, 'quota');
      const limit = c.number(c.at(quota, 'limit'));
      if (limit !== undefined) {
        const written = c.text(c.at(quota, 'period')) ?? 'MONTH';
        const period = parseQuotaPeriod(written);
        if (period) plan.quota = { limit, period };
        else this.findings.error('INVALID_VALUE', `usage plan ${name}: quota period must be DAY, WEEK or MONTH, got "${written.toUpperCase()}"`, c.at(quota, 'period')!.location);
      }
      return plan;
    };
    if (planNode?.kind === 'seq') {
      for (const item of planNode.items) {
        const [named] = c.entries(item);
        if (named) plans.push(readPlan(named.key, `${this.service}-${named.key}-${this.stage}`, c.value(named.value), keyed(named)));
      }
    } else {
      plans.push(readPlan('default', `${this.service}-${this.stage}`, planNode, planEntry ? keyed(planEntry) : keyed(keysEntry!)));
    }
    // A key's value when written; otherwise AWS generates one, and the key's name stands for it here.
    const keyValue = (node: PNode | undefined): string | undefined => {
      const value = c.value(node);
      if (value?.kind !== 'map') return c.text(value);
      if (c.bool(c.at(value, 'enabled')) === false) return undefined; // "disable the API key without removing it"
      return c.text(c.at(value, 'value')) ?? c.text(c.at(value, 'name'));
    };
    for (const item of c.items(keysEntry?.value)) {
      const value = c.value(item);
      const [group] = value?.kind === 'map' ? value.entries : [];
      const groupPlan = group && c.value(group.value)?.kind === 'seq' ? plans.find((plan) => plan.id === group.key) : undefined;
      if (groupPlan) {
        for (const key of c.items(group.value)) {
          const text = keyValue(key);
          if (text) groupPlan.apiKeys.push(text);
        }
      } else if (group && c.value(group.value)?.kind === 'seq') {
        this.findings.error('DANGLING_REFERENCE', `API keys "${group.key}": there is no usage plan "${group.key}"`, keyed(group));
      } else if (planNode?.kind === 'seq') {
        this.findings.warning('IGNORED_PROPERTY', `API key ${c.text(c.at(item, 'name')) ?? c.text(item)} is in no usage plan: with several plans, keys are listed under a plan's name`, item.location);
      } else {
        const text = keyValue(item);
        if (text) plans[0].apiKeys.push(text);
      }
    }
    return plans;
  }

  /* ---- HTTP API: `httpApi` events ---- */

  private httpApi(location: SourceLocation): Building {
    if (this.http) return this.http;
    const c = this.config;
    const settings = c.at(this.provider, 'httpApi');
    const externalEntry = c.entry(settings, 'id');
    const externalId = externalEntry ? c.text(externalEntry.value) : undefined;
    // http-api.js compileStage: a `$default` stage with auto-deploy.
    const stage: Stage = { name: '$default' };
    if (this.stageLimits) stage.throttle = { ...this.stageLimits };
    const api = emptyApi(literal(externalId) ? externalId : 'HttpApi', externalId ?? this.apiName('http'), 'HTTP', this.region, this.providerLocation('httpApi') ?? location);
    api.stages.push(stage);
    if (externalEntry) {
      this.findings.info('EXTERNAL_API', `httpApi events are added to the existing HTTP API ${externalId}; its authorizers and stage are defined elsewhere`, keyed(externalEntry));
    }
    this.http = { api, routeKeys: new Set(), integrationKeys: new Map(), integrationIds: new Set() };
    for (const entry of c.entries(c.at(settings, 'authorizers'))) api.authorizers.push(...this.httpAuthorizer(entry));
    return this.http;
  }

  /** provider.httpApi.authorizers.<key>: JWT (the default type) or a Lambda `request` authorizer. */
  private httpAuthorizer(entry: PEntry): Authorizer[] {
    const c = this.config;
    const value = c.value(entry.value);
    const where = keyed(entry);
    const type = (c.text(c.at(value, 'type')) ?? 'jwt').toLowerCase();
    const name = c.text(c.at(value, 'name')) ?? entry.key;
    const identitySources = c.texts(c.at(value, 'identitySource'));
    if (type === 'request') {
      const functionEntry = c.entry(value, 'functionName');
      const functionArn = c.text(c.at(value, 'functionArn'));
      let functionName: string;
      if (functionEntry) {
        const referenced = c.text(functionEntry.value) ?? '';
        functionName = this.functionNamed(referenced, c.value(functionEntry.value)!.location, `HTTP API authorizer ${entry.key}`);
      } else if (functionArn) {
        functionName = functionOfArn(functionArn);
      } else {
        this.findings.error('MISSING_PROPERTY', `HTTP API authorizer ${entry.key}: a request authorizer needs functionName or functionArn`, where);
        return [];
      }
      // Caching is off unless resultTtlInSeconds is set (it then needs identitySource, http-api.js).
      return [{ id: entry.key, name, type: 'REQUEST', identitySources: identitySources ?? [], resultTtlSeconds: c.number(c.at(value, 'resultTtlInSeconds')) ?? 0, functionName, location: where }];
    }
    if (type !== 'jwt') {
      this.findings.error('INVALID_VALUE', `HTTP API authorizer ${entry.key}: type must be jwt or request, got "${type}"`, where);
      return [];
    }
    const issuer = c.text(c.at(value, 'issuerUrl'));
    if (!issuer) {
      this.findings.error('MISSING_PROPERTY', `HTTP API authorizer ${entry.key}: a JWT authorizer needs issuerUrl`, where);
      return [];
    }
    const audience = c.texts(c.at(value, 'audience'));
    // The JWT is read from the Authorization header unless identitySource says otherwise.
    return [{ id: entry.key, name, type: 'JWT', identitySources: identitySources ?? defaultIdentitySources('HTTP', 'JWT'), issuer, ...(audience ? { audience } : {}), location: where }];
  }

  private httpApiEvent(fn: FunctionInfo, event: PEntry, location: SourceLocation): void {
    const c = this.config;
    const value = c.value(event.value);
    let method: string | undefined;
    let path: string | undefined;
    if (value?.kind === 'scalar') {
      const text = c.text(value) ?? '';
      const match = HTTP_API_METHOD_PATH.exec(text.trim());
      if (!match) {
        if (text.includes('${')) this.findings.warning('UNRESOLVED_ROUTE', `${fn.key}: the httpApi event ${text} is only known at deploy time; no route is made for it`, location);
        else this.findings.error('INVALID_ROUTE', `${fn.key}: httpApi "${text}" is neither "*" nor "METHOD /path"`, location);
        return;
      }
      if (text.trim() === '*') path = '*';
      else [, method, path] = match;
    } else if (value?.kind === 'map') {
      method = c.text(c.at(value, 'method'));
      path = c.text(c.at(value, 'path'));
    }
    let key: string;
    if (path === '*') {
      if (method && method !== '*') {
        this.findings.error('INVALID_ROUTE', `${fn.key}: path "*" takes no method other than "*"`, location);
        return;
      }
      key = DEFAULT_ROUTE_KEY; // "httpApi: '*'" is the catch-all route
    } else {
      if (!method || !path) {
        this.findings.error('INVALID_ROUTE', `${fn.key}: an httpApi event needs a method and a path`, location);
        return;
      }
      const upper = method === '*' ? 'ANY' : method.toUpperCase();
      if (!REST_METHODS.has(upper)) {
        this.findings.error('INVALID_ROUTE', `${fn.key}: httpApi method "${method}" is not one of ${[...REST_METHODS].join(', ')}`, location);
        return;
      }
      if (!path.startsWith('/')) {
        this.findings.error('INVALID_ROUTE', `${fn.key}: an HTTP API route path starts with "/", got "${path}"`, location);
        path = `/${path}`;
      }
      key = routeKey(upper, path);
    }
    const building = this.httpApi(location);
    if (building.routeKeys.has(key)) {
      this.findings.error('DUPLICATE_ROUTE', `${building.api.name}: route ${key} is declared twice`, location);
      return;
    }
    building.routeKeys.add(key);
    const route: Route = { key, authorizationType: 'NONE', location };
    const authorizer = value?.kind === 'map' ? c.entry(value, 'authorizer') : undefined;
    if (authorizer) this.httpRouteAuthorizer(building, route, authorizer);
    // One integration per function (HttpApiIntegration<Function>), 30 s timeout, payload from the function or provider.
    const payload = c.text(c.at(c.at(fn.node, 'httpApi'), 'payload')) ?? c.text(c.at(c.at(this.provider, 'httpApi'), 'payload')) ?? '2.0';
    const payloadFormatVersion = parsePayloadFormatVersion(payload) ?? '2.0';
    if (!parsePayloadFormatVersion(payload)) {
      this.findings.error('INVALID_VALUE', `${fn.key}: httpApi payload must be '1.0' or '2.0', got "${payload}"`, location);
    }
    route.integrationId = this.integration(building, fn.key, { type: 'AWS_PROXY', functionName: fn.lambdaName, payloadFormatVersion, timeoutMs: 30000 }, location);
    if (value?.kind === 'map') this.eventThrottle(building, value, key);
    building.api.routes.push(route);
  }

  private httpRouteAuthorizer(building: Building, route: Route, entry: PEntry): void {
    const c = this.config;
    const value = c.value(entry.value);
    const name = value?.kind === 'scalar' ? c.text(value) : c.text(c.at(value, 'name'));
    const type = c.text(c.at(value, 'type'))?.toLowerCase();
    const externalId = value?.kind === 'map' ? c.at(value, 'id') : undefined;
    if (type === 'aws_iam') {
      route.authorizationType = 'AWS_IAM';
      return;
    }
    if (externalId) {
      const id = c.text(externalId) ?? '';
      route.authorizerId = id;
      route.authorizationType = authorizationTypeOf(type === 'request' ? 'REQUEST' : 'JWT');
      if (!building.api.authorizers.some((authorizer) => authorizer.id === id)) {
        this.findings.info('EXTERNAL_AUTHORIZER', `${route.key}: authorizer ${id} is defined outside this file`, keyed(entry));
        building.api.authorizers.push(type === 'request'
          ? { id, name: id, type: 'REQUEST', identitySources: defaultIdentitySources('HTTP', 'REQUEST'), functionName: id, location: keyed(entry) }
          : { id, name: id, type: 'JWT', identitySources: defaultIdentitySources('HTTP', 'JWT'), issuer: id, location: keyed(entry) });
      }
      return;
    }
    if (!name) {
      this.findings.error('MISSING_PROPERTY', `${route.key}: an httpApi authorizer needs a name (a key of provider.httpApi.authorizers) or type: aws_iam`, keyed(entry));
      return;
    }
    // A name that is not in provider.httpApi.authorizers is reported by the shared model checks.
    const known = building.api.authorizers.find((authorizer) => authorizer.id === name);
    route.authorizerId = name;
    route.authorizationType = authorizationTypeOf(known?.type ?? (type === 'request' ? 'REQUEST' : 'JWT'));
  }

  private finishHttp(): void {
    const c = this.config;
    const settings = c.entry(this.provider, 'httpApi');
    if (!this.http && settings && c.entries(c.at(settings.value, 'authorizers')).length > 0) {
      this.findings.info('IGNORED_PROPERTY', 'provider.httpApi has no effect: no function has an httpApi event, so there is no HTTP API', keyed(settings));
    }
  }

  /* ---- WebSocket API: `websocket` events ---- */

  private websocketApi(location: SourceLocation): Building {
    if (this.websocket) return this.websocket;
    const c = this.config;
    const externalEntry = c.entry(c.at(this.provider, 'apiGateway'), 'websocketApiId');
    const externalId = externalEntry ? c.text(externalEntry.value) : undefined;
    const custom = c.text(c.at(this.provider, 'websocketsApiName'));
    const api = emptyApi(literal(externalId) ? externalId : 'WebsocketsApi', externalId ?? custom ?? `${this.stage}-${this.service}-websockets`, 'WEBSOCKET', this.region, this.providerLocation('websocketsApiName') ?? location);
    // websockets/lib/stage.js: the stage is the service's stage.
    api.stages.push({ name: this.stage, ...(c.entry(this.provider, 'stage') ? { location: keyed(c.entry(this.provider, 'stage')!) } : {}) });
    api.routeSelectionExpression = c.text(c.at(this.provider, 'websocketsApiRouteSelectionExpression')) ?? DEFAULT_ROUTE_SELECTION_EXPRESSION;
    if (externalEntry) {
      this.findings.info('EXTERNAL_API', `websocket events are added to the existing WebSocket API ${externalId}; its stage and route selection are defined elsewhere`, keyed(externalEntry));
    }
    this.websocket = { api, routeKeys: new Set(), integrationKeys: new Map(), integrationIds: new Set() };
    return this.websocket;
  }

  private websocketEvent(fn: FunctionInfo, event: PEntry, location: SourceLocation): void {
    const c = this.config;
    const value = c.value(event.value);
    const key = value?.kind === 'scalar' ? c.text(value) : c.text(c.at(value, 'route'));
    if (!key) {
      this.findings.error('INVALID_ROUTE', `${fn.key}: a websocket event needs a route ("$connect" or {route: ...})`, location);
      return;
    }
    const building = this.websocketApi(location);
    if (building.routeKeys.has(key)) {
      this.findings.error('DUPLICATE_ROUTE', `${building.api.name}: route ${key} is declared twice`, location);
      return;
    }
    building.routeKeys.add(key);
    const route: Route = { key, authorizationType: 'NONE', location };
    const authorizer = value?.kind === 'map' ? c.entry(value, 'authorizer') : undefined;
    if (authorizer) {
      if (key === '$connect') this.websocketAuthorizer(building, route, authorizer);
      // "AWS only supports authorizers for the $connect route" (events/websocket).
      else this.findings.error('UNSUPPORTED_FEATURE', `${building.api.name} ${key}: WebSocket authorizers run only on $connect`, keyed(authorizer));
    }
    route.integrationId = this.integration(building, fn.key, { type: 'AWS_PROXY', functionName: fn.lambdaName }, location);
    building.api.routes.push(route);
  }

  /** A REQUEST Lambda authorizer: a function name or an arn; identity source `route.request.header.Auth` by default. */
  private websocketAuthorizer(building: Building, route: Route, entry: PEntry): void {
    const c = this.config;
    const value = c.value(entry.value);
    const where = keyed(entry);
    let name: string | undefined;
    let functionName: string | undefined;
    // The Framework's default identity source (events/websocket, "Using Authorizers").
    let identitySources = [identitySource('WEBSOCKET', 'header', 'Auth')];
    const fromArn = (arn: string): string => arn.split(':').pop()!;
    if (value?.kind === 'scalar') {
      const text = c.text(value) ?? '';
      if (text.includes(':')) {
        name = fromArn(text);
        functionName = functionOfArn(text);
      } else {
        name = text;
        functionName = this.functionNamed(text, value.location, `${building.api.name} authorizer`);
      }
    } else if (value?.kind === 'map') {
      const arn = c.at(value, 'arn');
      const nameEntry = c.entry(value, 'name');
      if (arn) {
        const arnText = c.text(arn);
        functionName = arnText === undefined ? undefined : functionOfArn(arnText);
        name = arn.kind === 'scalar' ? fromArn(arnText ?? '') : c.text(nameEntry?.value);
        if (!name) {
          this.findings.error('MISSING_PROPERTY', `${building.api.name} $connect: an authorizer whose arn is not a string needs a name`, where);
          return;
        }
      } else if (nameEntry) {
        name = c.text(nameEntry.value) ?? '';
        functionName = this.functionNamed(name, nameEntry.value.location, `${building.api.name} authorizer`);
      } else {
        this.findings.error('MISSING_PROPERTY', `${building.api.name} $connect: an authorizer needs a function name or an arn`, where);
        return;
      }
      identitySources = c.texts(c.at(value, 'identitySource')) ?? identitySources;
    } else {
      return;
    }
    route.authorizerId = name;
    route.authorizationType = 'CUSTOM';
    if (!building.api.authorizers.some((authorizer) => authorizer.id === name)) {
      building.api.authorizers.push({ id: name, name, type: 'REQUEST', identitySources, functionName, location: where });
    }
  }

  /* ---- resources ---- */

  /** Raw CloudFormation in `resources` is another reader's job; say when it holds API Gateway parts. */
  private noteResources(): void {
    const c = this.config;
    const entry = c.entry(this.root, 'resources');
    if (!entry) return;
    const value = c.value(entry.value);
    // `resources: {Resources: ...}` or a list of such blocks (some from files).
    const blocks = value?.kind === 'seq' ? value.items.map((item) => c.value(item)) : [value];
    const names: string[] = [];
    let unread = 0;
    for (const block of blocks) {
      const resources = c.value(c.at(block, 'Resources'));
      if (block?.kind !== 'map' || (c.entry(block, 'Resources') && resources?.kind !== 'map')) {
        unread++;
        continue;
      }
      for (const resource of c.entries(resources)) {
        const type = c.text(c.at(resource.value, 'Type'));
        // A typed API Gateway resource, or an override of one the Framework generates (ApiGatewayRestApi, HttpApi...).
        const generated = !type && /^(ApiGateway|HttpApi|Websockets)/.test(resource.key);
        if (type?.startsWith('AWS::ApiGateway') || generated) names.push(resource.key);
      }
    }
    if (names.length > 0) {
      const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
      this.findings.info('RESOURCES_NOT_READ', `resources declares API Gateway resources (${shown}); they are raw CloudFormation and are not read from serverless.yml (read the packaged template with the CloudFormation reader)`, keyed(entry));
    } else if (unread > 0) {
      this.findings.info('RESOURCES_NOT_READ', 'resources comes from files or variables that could not be read; any API Gateway resources in them are not part of this model', keyed(entry));
    }
  }
}

/** Reads a serverless.yml (Serverless Framework v3/v4) into the gateway model. */
export const readServerless: ConfigReader = ({ tree }, context) => {
  if (tree?.kind !== 'map') {
    context.findings.error('INVALID_CONFIG', 'a serverless.yml is a map with service, provider and functions', tree?.location ?? { file: context.file, line: 1, column: 1 });
    return { apis: [], vpcLinks: [] };
  }
  return new ServerlessReader(tree, context).read();
};
