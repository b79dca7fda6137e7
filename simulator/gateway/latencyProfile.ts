/**
 * Time each gateway stage takes, in one place, beside the network profile. AWS publishes
 * no per-stage latency figures for API Gateway, CloudFront, WAF or Lambda's invoke path:
 * every value here is a modelling assumption (chosen to be in the range that production
 * traces and AWS re:Invent talks describe, single-digit milliseconds per stage), labelled as
 * such, and overridable. Function durations are the user's to set.
 */
export interface GatewayLatencyProfile {
  /** CloudFront edge: TLS termination done, request forwarding decision (edge-optimized REST). */
  edgeProcessingMs: number;
  /** AWS WAF web ACL evaluation. */
  wafMs: number;
  /** Route/resource matching, throttling checks and request bookkeeping. */
  routingMs: number;
  /** Verifying a JWT or Cognito token against cached keys, or a SigV4 signature. */
  tokenVerifyMs: number;
  /** Request validation against a model (REST). */
  validationMs: number;
  /** Running a VTL mapping template (REST non-proxy), per direction. */
  mappingMs: number;
  /** Lambda's invoke path before and after the function runs (warm). */
  lambdaInvokeOverheadMs: number;
  /** Extra time when a Lambda execution environment has to start (cold start). */
  lambdaColdStartMs: number;
  /** Default duration of a user's Lambda function or backend handler. */
  functionDurationMs: number;
  /** Default duration of a Lambda authorizer function. */
  authorizerDurationMs: number;
  /** A DynamoDB PutItem/GetItem/DeleteItem from Lambda (single-digit milliseconds, as DynamoDB advertises). */
  dynamoDbMs: number;
  /** The gateway's own work for an @connections call. */
  connectionsApiMs: number;
  /** Load balancer (ALB/NLB) forwarding. */
  loadBalancerMs: number;
  /** Issuer's JWKS endpoint answering (the issuer's own server time). */
  jwksServerMs: number;
}

export const DEFAULT_GATEWAY_LATENCY: GatewayLatencyProfile = {
  edgeProcessingMs: 1,
  wafMs: 1,
  routingMs: 2,
  tokenVerifyMs: 1,
  validationMs: 1,
  mappingMs: 1,
  lambdaInvokeOverheadMs: 3,
  lambdaColdStartMs: 250,
  functionDurationMs: 20,
  authorizerDurationMs: 15,
  dynamoDbMs: 5,
  connectionsApiMs: 5,
  loadBalancerMs: 1,
  jwksServerMs: 20,
};
