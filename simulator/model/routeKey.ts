/**
 * A REST method's or an HTTP API route's key, `GET /orders/{orderId}`, as the model writes it:
 * the method, one space, the path. Undefined for anything else (`$default`, WebSocket keys).
 */
export function parseRouteKey(key: string): { method: string; path: string } | undefined {
  const match = /^(\S+) (\/\S*)$/.exec(key);
  return match ? { method: match[1], path: match[2] } : undefined;
}
