import type { Api } from '../model/gateway';

/*
 * Whether an API already has a route with a key, or one that targets an integration: readers
 * ask it for every route they add (to report a duplicate) and for every integration, stage
 * setting and method setting they read. A scan of the routes for each question made reading
 * quadratic, minutes for a 10 MB file of tens of thousands of routes (issue 17); this index
 * follows the routes as they are appended, so all the questions together cost one pass.
 */

interface Index {
  routes: Api['routes'];
  /** How many of `routes` are in the sets. */
  indexed: number;
  keys: Set<string>;
  integrationIds: Set<string>;
}

const indexes = new WeakMap<Api, Index>();

/** The index of `api.routes`, brought up to date: appended routes are added, and a list that shrank or was replaced is indexed again. */
function indexOf(api: Api): Index {
  let index = indexes.get(api);
  if (!index || index.routes !== api.routes || index.indexed > api.routes.length) {
    index = { routes: api.routes, indexed: 0, keys: new Set(), integrationIds: new Set() };
    indexes.set(api, index);
  }
  for (; index.indexed < api.routes.length; index.indexed++) {
    const route = api.routes[index.indexed];
    index.keys.add(route.key);
    if (route.integrationId !== undefined) index.integrationIds.add(route.integrationId);
  }
  return index;
}

/** Whether `api` has a route with this key. */
export function hasRouteKey(api: Api, key: string): boolean {
  return indexOf(api).keys.has(key);
}

/** Whether a route of `api` targets this integration. */
export function hasRouteTo(api: Api, integrationId: string | undefined): boolean {
  return integrationId !== undefined && indexOf(api).integrationIds.has(integrationId);
}
