import type { Api, Route } from '../model/gateway';

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

interface Candidate extends RouteMatch {
  score: number[];
}

export function parseRouteKey(key: string): { method: string; path: string } | undefined {
  const match = /^(\S+) (\/\S*)$/.exec(key);
  return match ? { method: match[1], path: match[2] } : undefined;
}

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

function matchPath(pattern: string, path: string): { parameters: Record<string, string>; score: number[] } | undefined {
  const patternSegments = segments(pattern);
  const pathSegments = segments(path);
  const parameters: Record<string, string> = {};
  const score: number[] = [];
  for (let i = 0; i < patternSegments.length; i++) {
    const segment = patternSegments[i];
    const greedy = /^\{(\w+)\+\}$/.exec(segment);
    if (greedy) {
      if (i !== patternSegments.length - 1 || i >= pathSegments.length) return undefined;
      parameters[greedy[1]] = pathSegments.slice(i).map(decode).join('/');
      score.push(0);
      return { parameters, score };
    }
    if (i >= pathSegments.length) return undefined;
    const parameter = /^\{(\w+)\}$/.exec(segment);
    if (parameter) {
      parameters[parameter[1]] = decode(pathSegments[i]);
      score.push(1);
    } else if (segment === pathSegments[i]) {
      score.push(2);
    } else {
      return undefined;
    }
  }
  return patternSegments.length === pathSegments.length ? { parameters, score } : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The route for `method` and `path` (the path below the stage), or undefined when none matches. */
export function matchRoute(api: Api, method: string, path: string): RouteMatch | undefined {
  let best: Candidate | undefined;
  for (const route of api.routes) {
    const key = parseRouteKey(route.key);
    if (!key || (key.method !== method && key.method !== 'ANY')) continue;
    const matched = matchPath(key.path, path.split('?')[0]);
    if (!matched) continue;
    // Method specificity ranks after every path segment.
    const score = [...matched.score, key.method === 'ANY' ? 0 : 1];
    if (!best || compareScores(score, best.score) > 0) best = { route, pathParameters: matched.parameters, score };
  }
  if (best) return { route: best.route, pathParameters: best.pathParameters };
  const fallback = api.type === 'HTTP' ? api.routes.find((route) => route.key === '$default') : undefined;
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}
