/**
 * A copy of `list` that counts how many of its elements are read, by index or by iteration:
 * a structural measure of how much work a function does on a list, with no clock. A function
 * that scans the list once per element reads n² elements; one that indexes it reads about n.
 */
export function countedReads<T>(list: readonly T[]): { list: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy([...list], {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
      return Reflect.get(target, property, receiver);
    },
  });
  return { list: proxy, reads: () => reads };
}
