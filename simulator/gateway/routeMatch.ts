import type { Api, Route } from '../model/gateway';
import { parseRouteKey } from '../model/routeKey';

/**
 * Which route a request lands on. The rules API Gateway documents: a literal path segment
 * beats a `{parameter}`, which beats a greedy `{proxy+}`; a route for the request's method
 * beats `ANY`; HTTP APIs fall back to `$default` (DG http-api-develop-routes, "Routing API
 * requests"). REST resources follow the same precedence.
 */
export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

export { parseRouteKey } from '../model/routeKey';

/** API Gateway decodes path parameters; a malformed escape is passed on as sent rather than failing the request. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

type Segment = { kind: 'literal'; text: string } | { kind: 'parameter'; name: string } | { kind: 'greedy'; name: string };

interface RouteEntry {
  route: Route;
  method: string;
  segments: Segment[];
}

/** A node of the route tree: one path segment deeper per level. */
interface RouteNode {
  literals: Map<string, RouteNode>;
  parameter?: RouteNode;
  /** Routes ending in `{name+}` here: they take every remaining segment (at least one). */
  greedy: RouteEntry[];
  /** Routes whose path ends exactly here, in the config's order. */
  routes: RouteEntry[];
}

function newNode(): RouteNode {
  return { literals: new Map(), greedy: [], routes: [] };
}

function parseSegment(text: string): Segment {
  const greedy = /^\{(\w+)\+\}$/.exec(text);
  if (greedy) return { kind: 'greedy', name: greedy[1] };
  const parameter = /^\{(\w+)\}$/.exec(text);
  return parameter ? { kind: 'parameter', name: parameter[1] } : { kind: 'literal', text };
}

/**
 * The API's routes as a tree of path segments, built once per routes list: a request then
 * costs its path's depth, not the number of routes (a 10 MB OpenAPI file has 40,000, and the
 * editor simulates one route per CodeLens). A model is not changed after it is read.
 */
const TREES = new WeakMap<readonly Route[], { size: number; root: RouteNode }>();

/**
 * Builds an API's route tree a slice of routes at a time, so that a caller which must stay
 * responsive (the extension host, with a 40,000-route model) can pause between slices; once
 * done, matchRoute uses the tree it built.
 */
export class RouteTreeBuilder {
  private readonly root = newNode();
  private next = 0;

  constructor(private readonly routes: readonly Route[]) {}

  /** Adds up to `count` more routes; true once every route is in (the tree is then in use). */
  add(count: number): boolean {
    const end = Math.min(this.routes.length, this.next + count);
    for (; this.next < end; this.next++) insertRoute(this.root, this.routes[this.next]);
    if (this.next < this.routes.length) return false;
    TREES.set(this.routes, { size: this.routes.length, root: this.root });
    return true;
  }
}

function insertRoute(root: RouteNode, route: Route): void {
  const key = parseRouteKey(route.key);
  if (!key) return;
  const parsed = segments(key.path).map(parseSegment);
  // A greedy segment anywhere but last matches nothing.
  if (parsed.slice(0, -1).some((segment) => segment.kind === 'greedy')) return;
  let node = root;
  for (const segment of parsed) {
    if (segment.kind === 'greedy') break;
    if (segment.kind === 'parameter') node = node.parameter ??= newNode();
    else {
      let next = node.literals.get(segment.text);
      if (!next) node.literals.set(segment.text, next = newNode());
      node = next;
    }
  }
  const entry = { route, method: key.method, segments: parsed };
  (parsed.at(-1)?.kind === 'greedy' ? node.greedy : node.routes).push(entry);
}

function routeTree(routes: readonly Route[]): RouteNode {
  const cached = TREES.get(routes);
  if (cached && cached.size === routes.length) return cached.root;
  new RouteTreeBuilder(routes).add(routes.length);
  return TREES.get(routes)!.root;
}

/** The route for the method among those ending at one place: the method's own beats `ANY`; the config's order breaks ties. */
function forMethod(entries: readonly RouteEntry[], method: string): RouteEntry | undefined {
  return entries.find((entry) => entry.method === method) ?? entries.find((entry) => entry.method === 'ANY');
}

/**
 * Depth first, literal before parameter before greedy: the first route found is the one the
 * precedence rules pick, since they compare segment by segment and the method last.
 */
function search(node: RouteNode, path: readonly string[], depth: number, method: string): RouteEntry | undefined {
  if (depth === path.length) return forMethod(node.routes, method);
  const literal = node.literals.get(path[depth]);
  const found = (literal && search(literal, path, depth + 1, method)) || (node.parameter && search(node.parameter, path, depth + 1, method));
  return found || forMethod(node.greedy, method);
}

function parametersOf(entry: RouteEntry, path: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  entry.segments.forEach((segment, index) => {
    if (segment.kind === 'parameter') parameters[segment.name] = decode(path[index]);
    if (segment.kind === 'greedy') parameters[segment.name] = path.slice(index).map(decode).join('/');
  });
  return parameters;
}

/** The route for `method` and `path` (the path below the stage), or undefined when none matches. */
export function matchRoute(api: Api, method: string, path: string): RouteMatch | undefined {
  const requested = segments(path.split('?')[0]);
  const found = search(routeTree(api.routes), requested, 0, method);
  if (found) return { route: found.route, pathParameters: parametersOf(found, requested) };
  const fallback = api.type === 'HTTP' ? api.routes.find((route) => route.key === '$default') : undefined;
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}
