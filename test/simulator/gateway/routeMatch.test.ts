import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchRoute, parseRouteKey } from '../../../simulator/gateway/routeMatch';
import type { Api, ApiType } from '../../../simulator/model/gateway';

/** An API with one route per key, in the order given. */
function apiWith(type: ApiType, keys: string[]): Api {
  return {
    id: 'abc123',
    name: 'routes',
    type,
    endpointType: 'REGIONAL',
    region: 'us-east-1',
    stages: [{ name: type === 'REST' ? 'prod' : '$default' }],
    routes: keys.map((key) => ({ key, authorizationType: 'NONE' })),
    authorizers: [],
    integrations: [],
  };
}

/** The key of the route `method path` lands on, or undefined. */
function routeFor(api: Api, method: string, path: string): string | undefined {
  return matchRoute(api, method, path)?.route.key;
}

describe('parseRouteKey', () => {
  it('splits a route key into method and path', () => {
    assert.deepEqual(parseRouteKey('GET /orders/{orderId}'), { method: 'GET', path: '/orders/{orderId}' });
    assert.deepEqual(parseRouteKey('ANY /{proxy+}'), { method: 'ANY', path: '/{proxy+}' });
  });

  it('does not parse $default or WebSocket route keys', () => {
    assert.equal(parseRouteKey('$default'), undefined);
    assert.equal(parseRouteKey('subscribe'), undefined);
  });
});

describe('matchRoute', () => {
  // The example from the HTTP API developer guide, "Routing API requests".
  const pets = ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'];

  it('prefers a literal segment to a {parameter} and a {parameter} to a greedy {proxy+}', () => {
    const api = apiWith('HTTP', pets);
    assert.equal(routeFor(api, 'GET', '/pets/dog/1'), 'GET /pets/dog/1');
    assert.equal(routeFor(api, 'GET', '/pets/dog/2'), 'GET /pets/dog/{id}');
    assert.equal(routeFor(api, 'GET', '/pets/cat/1'), 'GET /pets/{proxy+}');
  });

  it('ranks routes by specificity whatever order they are declared in', () => {
    const api = apiWith('HTTP', [...pets].reverse());
    assert.equal(routeFor(api, 'GET', '/pets/dog/1'), 'GET /pets/dog/1');
    assert.equal(routeFor(api, 'GET', '/pets/dog/2'), 'GET /pets/dog/{id}');
    assert.equal(routeFor(api, 'GET', '/pets/cat/1'), 'GET /pets/{proxy+}');
    const rest = apiWith('REST', ['GET /items/{proxy+}', 'GET /items/{itemId}', 'GET /items/special']);
    assert.equal(routeFor(rest, 'GET', '/items/special'), 'GET /items/special');
    assert.equal(routeFor(rest, 'GET', '/items/42'), 'GET /items/{itemId}');
    assert.equal(routeFor(rest, 'GET', '/items/42/parts'), 'GET /items/{proxy+}');
  });

  it('prefers a route for the request method to ANY on the same path', () => {
    for (const keys of [['ANY /orders/{orderId}', 'GET /orders/{orderId}'], ['GET /orders/{orderId}', 'ANY /orders/{orderId}']]) {
      const api = apiWith('REST', keys);
      assert.equal(routeFor(api, 'GET', '/orders/7'), 'GET /orders/{orderId}');
      assert.equal(routeFor(api, 'DELETE', '/orders/7'), 'ANY /orders/{orderId}');
    }
  });

  it('only considers routes whose method matches (or is ANY)', () => {
    const api = apiWith('HTTP', pets);
    // No POST route: the GET routes do not apply, so ANY /{proxy+} catches it.
    assert.equal(routeFor(api, 'POST', '/pets/dog/1'), 'ANY /{proxy+}');
    assert.equal(routeFor(apiWith('REST', ['GET /pets']), 'POST', '/pets'), undefined);
  });

  it('extracts path parameters by name', () => {
    const api = apiWith('HTTP', ['GET /orders/{orderId}/items/{itemId}']);
    const match = matchRoute(api, 'GET', '/orders/o-17/items/3');
    assert.equal(match?.route.key, 'GET /orders/{orderId}/items/{itemId}');
    assert.deepEqual(match?.pathParameters, { orderId: 'o-17', itemId: '3' });
  });

  it('URL-decodes path parameters (API Gateway decodes URL-encoded request parameters)', () => {
    const api = apiWith('HTTP', ['GET /orders/{orderId}/items/{itemId}']);
    assert.deepEqual(matchRoute(api, 'GET', '/orders/a%20b/items/%E2%82%AC%2F1')?.pathParameters, { orderId: 'a b', itemId: '€/1' });
  });

  it('lets a greedy {proxy+} capture the whole tail of the path', () => {
    const api = apiWith('REST', ['ANY /files/{proxy+}']);
    const match = matchRoute(api, 'PUT', '/files/reports/2025/q3.pdf');
    assert.equal(match?.route.key, 'ANY /files/{proxy+}');
    assert.deepEqual(match?.pathParameters, { proxy: 'reports/2025/q3.pdf' });
    assert.deepEqual(matchRoute(api, 'GET', '/files/a')?.pathParameters, { proxy: 'a' });
  });

  it('does not let a greedy {proxy+} match its parent path (it catches child resources)', () => {
    const api = apiWith('REST', ['ANY /files/{proxy+}']);
    assert.equal(routeFor(api, 'GET', '/files'), undefined);
    assert.equal(routeFor(api, 'GET', '/other/a'), undefined);
  });

  it('requires a non-greedy route to have exactly as many segments as the path', () => {
    const api = apiWith('REST', ['GET /products/{productId}']);
    assert.equal(routeFor(api, 'GET', '/products/1'), 'GET /products/{productId}');
    assert.equal(routeFor(api, 'GET', '/products/1/reviews'), undefined);
    assert.equal(routeFor(api, 'GET', '/products'), undefined);
    assert.equal(routeFor(apiWith('REST', ['GET /a/b']), 'GET', '/a'), undefined);
    assert.equal(routeFor(apiWith('REST', ['GET /a']), 'GET', '/a/b'), undefined);
  });

  it('ignores the query string', () => {
    const api = apiWith('REST', ['GET /products', 'GET /products/{productId}']);
    assert.equal(routeFor(api, 'GET', '/products?page=2&size=10'), 'GET /products');
    const match = matchRoute(api, 'GET', '/products/7?view=full');
    assert.equal(match?.route.key, 'GET /products/{productId}');
    assert.deepEqual(match?.pathParameters, { productId: '7' });
  });

  it('falls back to $default on an HTTP API when nothing else matches', () => {
    const api = apiWith('HTTP', ['$default', 'GET /orders']);
    assert.equal(routeFor(api, 'GET', '/orders'), 'GET /orders');
    const fallback = matchRoute(api, 'POST', '/anything/else?x=1');
    assert.equal(fallback?.route.key, '$default');
    assert.deepEqual(fallback?.pathParameters, {});
  });

  it('has no $default fallback on a REST API', () => {
    const api = apiWith('REST', ['GET /orders', '$default']);
    assert.equal(routeFor(api, 'GET', '/orders'), 'GET /orders');
    assert.equal(matchRoute(api, 'GET', '/unknown'), undefined);
  });

  it('returns undefined when no route matches', () => {
    assert.equal(matchRoute(apiWith('HTTP', ['GET /orders']), 'GET', '/products'), undefined);
    assert.equal(matchRoute(apiWith('HTTP', []), 'GET', '/'), undefined);
    assert.equal(matchRoute(apiWith('REST', ['GET /orders/{orderId}']), 'GET', '/orders'), undefined);
  });

  it('does not throw on a malformed percent-escape in a path parameter', () => {
    const api = apiWith('HTTP', ['GET /p/{id}']);
    assert.doesNotThrow(() => matchRoute(api, 'GET', '/p/%E0%A4%A'));
  });
});

/**
 * The precedence rules written out directly, route by route (the shape matchRoute had before
 * it built a tree): every segment compared in turn, literal 2 > parameter 1 > greedy 0, the
 * method last, the config's order breaking ties.
 */
function referenceMatch(api: Api, method: string, path: string): string | undefined {
  const parts = path.split('?')[0].split('/').filter(Boolean);
  let best: { key: string; score: number[] } | undefined;
  for (const route of api.routes) {
    const key = parseRouteKey(route.key);
    if (!key || (key.method !== method && key.method !== 'ANY')) continue;
    const pattern = key.path.split('/').filter(Boolean);
    const score: number[] = [];
    let matched = true;
    for (let index = 0; index < pattern.length && matched; index++) {
      if (/^\{\w+\+\}$/.test(pattern[index])) {
        matched = index === pattern.length - 1 && index < parts.length;
        score.push(0);
        break;
      }
      if (index >= parts.length) matched = false;
      else if (/^\{\w+\}$/.test(pattern[index])) score.push(1);
      else if (pattern[index] === parts[index]) score.push(2);
      else matched = false;
    }
    if (!matched || (!/\+\}$/.test(pattern.at(-1) ?? '') && pattern.length !== parts.length)) continue;
    score.push(key.method === 'ANY' ? 0 : 1);
    const better = !best || score.some((value, index) => {
      const earlier = score.slice(0, index).every((previous, at) => previous === (best!.score[at] ?? -1));
      return earlier && value !== (best!.score[index] ?? -1) && value > (best!.score[index] ?? -1);
    });
    if (better) best = { key: route.key, score };
  }
  return best?.key ?? (api.type === 'HTTP' && api.routes.some((route) => route.key === '$default') ? '$default' : undefined);
}

describe('matchRoute against the rules written out route by route', () => {
  it('picks the same route for 3,000 random route sets and requests', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const segment = (): string => ['a', 'b', 'c', '{id}', '{name}', '{proxy+}'][next(6)];
    for (let round = 0; round < 3000; round++) {
      const keys = Array.from({ length: 1 + next(8) }, () => `${['GET', 'POST', 'ANY'][next(3)]} /${Array.from({ length: next(4) }, segment).join('/')}`);
      if (next(4) === 0) keys.push('$default');
      const api = apiWith(next(2) ? 'HTTP' : 'REST', keys);
      const method = ['GET', 'POST', 'PUT'][next(3)];
      const path = `/${Array.from({ length: next(5) }, () => ['a', 'b', 'c', 'x'][next(4)]).join('/')}`;
      assert.equal(routeFor(api, method, path), referenceMatch(api, method, path), `${method} ${path} among ${keys.join(', ')}`);
    }
  });
});
