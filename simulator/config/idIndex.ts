/*
 * The first element of a list with an id (an API's integrations or authorizers), as a scan
 * finds it, through an index: readers and the routes report look one up for every route, and a
 * scan for each made reading quadratic, minutes for a 10 MB file of tens of thousands of routes
 * (issue 17). The index follows the list as elements are appended (readers only append); a
 * list that shrank is indexed again.
 */

interface Index<T> {
  indexed: number;
  byId: Map<string, T>;
}

const indexes = new WeakMap<readonly unknown[], Index<unknown>>();

/** The first element of `list` whose id is `id`, or undefined (also for an undefined id). */
export function findById<T extends { id: string }>(list: readonly T[], id: string | undefined): T | undefined {
  if (id === undefined) return undefined;
  let index = indexes.get(list) as Index<T> | undefined;
  if (!index || index.indexed > list.length) {
    index = { indexed: 0, byId: new Map() };
    indexes.set(list, index);
  }
  for (; index.indexed < list.length; index.indexed++) {
    const element = list[index.indexed];
    if (!index.byId.has(element.id)) index.byId.set(element.id, element);
  }
  return index.byId.get(id);
}
