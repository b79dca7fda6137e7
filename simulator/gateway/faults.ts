import { oneOf } from '../validate';

/**
 * Failures a scenario can inject. Each one changes what the client sends, what a backend
 * does or what state the gateway is in; the pipeline then reacts as API Gateway does.
 */
export const FAULTS = [
  'route-not-found', // the client asks for a path no route matches
  'payload-too-large', // the body is over 10 MB
  'waf-blocked', // a WAF rule matches the request
  'missing-api-key', // no x-api-key header on a route that requires one
  'invalid-api-key', // an x-api-key no usage plan knows
  'throttled', // the stage's token bucket is empty
  'quota-exceeded', // the usage plan's quota for the period is used up
  'authorizer-deny', // the Lambda authorizer returns a Deny policy
  'authorizer-unauthorized', // the Lambda authorizer answers "Unauthorized"
  'missing-token', // no Authorization header
  'invalid-jwt', // a JWT whose audience is wrong
  'invalid-signature', // a SigV4 signature that does not match
  'validation-failed', // the body lacks a required property
  'cold-start', // the integration's Lambda starts a new execution environment
  'integration-timeout', // the backend answers after the integration timeout
  'lambda-error', // the function throws
  'malformed-proxy-response', // a Lambda proxy integration returns something other than {statusCode, body}
  'connect-rejected', // the WebSocket $connect authorizer denies the connection
  'message-too-big', // a WebSocket message over 128 KB
  'frame-too-big', // a WebSocket frame over 32 KB
  'idle-timeout', // the WebSocket connection sits idle for 10 minutes
  'max-duration', // the WebSocket connection reaches its 2-hour maximum
  'stale-connection', // the backend posts to a connection that is gone (410)
] as const;

export type Fault = (typeof FAULTS)[number];

export function parseFaults(values: readonly string[]): Set<Fault> {
  return new Set(values.map((value) => oneOf('fault', value, FAULTS)));
}
