import type { ServerlessRestCors } from '../aws/cors';
import type { Api, GatewayModel, Integration, Route, SourceLocation, Throttle } from '../../model/gateway';
import { lambdaFunctionName } from '../aws/arns';
import { addGatewayResponse, gatewayResponseOverride } from '../aws/gatewayResponseTypes';
import { DEFAULT_CONNECTION_TYPE } from '../aws/integrationTypes';
import type { ReaderContext } from '../formatReader';
import { MAX_CONFIG_NESTING, type PEntry, type PNode } from '../tree';
import { Variables } from './serverlessVariables';

/*
 * What every reader of a service's events needs: the config's values through its variables
 * (serverlessVariables.ts), the functions, plugins, stage and region, the APIs being built
 * (one per kind of event) and their shared integrations and throttles.
 */

/** A CloudFormation intrinsic (or any structure) where a string was expected, as readable text. */
export function describe(node: PNode): string {
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
export function keyed(entry: PEntry): SourceLocation {
  const { endLine, endColumn } = entry.value.location;
  return endLine === undefined ? { ...entry.keyLocation } : { ...entry.keyLocation, endLine, endColumn };
}

export class Config {
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

  /** A list of strings, or one string written alone (`headers: Content-Type`); undefined when absent. */
  strings(node: PNode | undefined): string[] | undefined {
    const resolved = this.value(node);
    if (!resolved) return undefined;
    return resolved.kind === 'seq' ? this.items(resolved).flatMap((item) => this.text(item) ?? []) : [this.text(resolved) ?? ''];
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

  /**
   * A subtree as plain JSON, its variables resolved all the way down (a schema the model keeps as
   * data). A variable may lead back to an ancestor (`${self:custom}` inside custom): such a value,
   * or one nested deeper than a config may be, is cut off (null) rather than followed for ever.
   */
  plain(node: PNode | undefined, ancestors: ReadonlySet<PNode> = new Set()): unknown {
    const resolved = this.value(node);
    if (!resolved || ancestors.has(resolved) || ancestors.size > MAX_CONFIG_NESTING) return null;
    if (resolved.kind === 'scalar') return resolved.value;
    const inner = new Set(ancestors).add(resolved);
    if (resolved.kind === 'seq') return resolved.items.map((item) => this.plain(item, inner));
    return Object.fromEntries(resolved.entries.map((item) => [item.key, this.plain(item.value, inner)]));
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
export function functionOfArn(arn: string): string {
  return lambdaFunctionName(arn) ?? arn;
}

/** Written with no variable left unresolved and no intrinsic function. */
export function literal(text: string | undefined): text is string {
  return text !== undefined && !text.includes('${') && !text.startsWith('!') && !text.startsWith('{');
}

export interface FunctionInfo {
  key: string;
  node: PNode;
  /** What API Gateway invokes: the function's literal `name`, else its key. */
  lambdaName: string;
}

/** An API being built, with what the Framework keys it by. */
export interface Building {
  api: Api;
  routeKeys: Set<string>;
  /** Integration specs already made, by their content, so identical ones are shared. */
  integrationKeys: Map<string, string>;
  integrationIds: Set<string>;
}

/** The service being read and the APIs its events build: what the event readers (serverlessRestApi.ts, ...) share. */
export class ServerlessReader {
  readonly config: Config;
  readonly findings: ReaderContext['findings'];
  readonly functions = new Map<string, FunctionInfo>();
  readonly plugins = new Set<string>();
  service = 'service';
  stage = 'dev';
  region = 'us-east-1';
  provider: PNode | undefined;
  /** Stage throttling from serverless-api-gateway-throttling, when configured. */
  stageLimits: Throttle | undefined;
  rest: Building | undefined;
  http: Building | undefined;
  websocket: Building | undefined;
  readonly model: GatewayModel = { apis: [], vpcLinks: [] };
  /** REST paths that asked for CORS: the Framework answers their preflight with an OPTIONS MOCK method. */
  readonly preflights = new Map<string, { location: SourceLocation; cors: ServerlessRestCors }>();

  constructor(readonly root: PNode, readonly context: ReaderContext) {
    this.config = new Config(new Variables(root, context));
    this.findings = context.findings;
  }

  /* ---- service-wide ---- */

  readPlugins(): void {
    const c = this.config;
    const plugins = c.at(this.root, 'plugins');
    // `plugins: [...]`, or `plugins: {localPath, modules: [...]}`.
    for (const item of c.items(plugins?.kind === 'map' ? c.at(plugins, 'modules') : plugins)) {
      const name = c.text(item);
      if (name) this.plugins.add(name);
    }
  }

  readFunctions(): void {
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
  functionNamed(name: string, where: SourceLocation, what: string): string {
    const fn = this.functions.get(name);
    if (fn) return fn.lambdaName;
    this.findings.error('DANGLING_REFERENCE', `${what}: function "${name}" is not defined in functions`, where);
    return name;
  }

  apiName(kind: 'rest' | 'http'): string {
    const c = this.config;
    const settings = c.at(this.provider, kind === 'rest' ? 'apiGateway' : 'httpApi');
    const custom = kind === 'rest' ? c.text(c.at(this.provider, 'apiName')) : c.text(c.at(settings, 'name'));
    if (custom) return custom;
    return c.bool(c.at(settings, 'shouldStartNameWithService')) ? `${this.service}-${this.stage}` : `${this.stage}-${this.service}`;
  }

  /** A new route of `building` (HTTP and WebSocket APIs), or undefined, reported, when its key is taken. */
  newRoute(building: Building, key: string, location: SourceLocation): Route | undefined {
    if (building.routeKeys.has(key)) {
      this.findings.error('DUPLICATE_ROUTE', `${building.api.name}: route ${key} is declared twice`, location);
      return undefined;
    }
    building.routeKeys.add(key);
    return { key, authorizationType: 'NONE', location };
  }

  /** Where an implicit API is declared: its naming setting when written, else its first event. */
  providerLocation(key: string): SourceLocation | undefined {
    const entry = this.config.entry(this.provider, key);
    return entry ? keyed(entry) : undefined;
  }

  integration(building: Building, base: string, spec: Omit<Integration, 'id' | 'location'>, location: SourceLocation): string {
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
  stageThrottle(): Throttle | undefined {
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

  eventThrottle(building: Building, event: PNode, routeKey: string): void {
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
    (stage.routeThrottles ??= {})[routeKey] = throttle;
  }

  /* ---- resources ---- */

  /**
   * An AWS::ApiGateway::GatewayResponse in `resources` that customizes the Framework's REST API
   * (`RestApiId: {Ref: ApiGatewayRestApi}`, events/apigateway "Customizing gateway responses"):
   * read into it. Whether it was read.
   */
  private readGatewayResponse(resource: PEntry): boolean {
    const c = this.config;
    const properties = c.at(resource.value, 'Properties');
    if (!this.rest || c.text(c.at(c.at(properties, 'RestApiId'), 'Ref')) !== 'ApiGatewayRestApi') return false;
    const type = c.text(c.at(properties, 'ResponseType'));
    if (type === undefined) return false;
    const pairs = (key: string): [string, string][] => c.entries(c.at(properties, key)).flatMap((item): [string, string][] => {
      const text = c.text(item.value);
      return text === undefined ? [] : [[item.key, text]];
    });
    const response = gatewayResponseOverride(type, c.text(c.at(properties, 'StatusCode')), pairs('ResponseParameters'), pairs('ResponseTemplates'), keyed(resource));
    addGatewayResponse(this.rest.api, response);
    return true;
  }

  /** Raw CloudFormation in `resources` is another reader's job; say when it holds API Gateway parts. */
  noteResources(): void {
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
        if (type === 'AWS::ApiGateway::GatewayResponse' && this.readGatewayResponse(resource)) continue;
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
