/**
 * API Gateway limits the simulator enforces, each with the documented value and where it
 * is documented; at the end, limits documented but not enforced yet, each saying why.
 * DG = API Gateway Developer Guide, https://docs.aws.amazon.com/apigateway/latest/developerguide/<page>.html.
 */
// The account throttle and the authorizer cache TTL are also what config readers default to: AWS semantics live in config/aws/.
export { ACCOUNT_THROTTLE, LOWER_THROTTLE_REGIONS, LOWER_ACCOUNT_THROTTLE, accountThrottle } from '../config/aws/accountThrottle';
export { AUTHORIZER_CACHE_TTL_SECONDS } from '../config/aws/authorizerKinds';
// Integration timeouts per API and endpoint type: the config checks report configs that exceed them.
export { HTTP_INTEGRATION_TIMEOUT_MS, REST_INTEGRATION_TIMEOUT_MS, WEBSOCKET_INTEGRATION_TIMEOUT_MS, maxIntegrationTimeoutMs } from '../config/aws/integrationTimeouts';

/** REST and HTTP APIs: "Payload size: 10 MB", not increasable (DG limits tables). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** WebSocket: "Message payload size: 128 KB" (DG apigateway-execution-service-websocket-limits-table). */
export const WEBSOCKET_MAX_MESSAGE_BYTES = 128 * 1024;
/** WebSocket: "WebSocket frame size: 32 KB"; a larger message or frame closes the connection with code 1009 (same page). */
export const WEBSOCKET_MAX_FRAME_BYTES = 32 * 1024;
export const WEBSOCKET_CLOSE_MESSAGE_TOO_BIG = 1009;
/** WebSocket: "New connections per second per account (across all WebSocket APIs) per Region: 500" (same page). The load and Compare figures pace connections by it; one session opens one connection. */
export const WEBSOCKET_NEW_CONNECTIONS_PER_SECOND = 500;
/** WebSocket: "Idle connection timeout: 10 minutes" (same page). */
export const WEBSOCKET_IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** WebSocket: "Connection duration for WebSocket API: 2 hours" (same page). */
export const WEBSOCKET_MAX_CONNECTION_MS = 2 * 60 * 60 * 1000;
/**
 * The close code API Gateway sends on an idle or 2-hour close is not documented; 1001
 * ("going away", RFC 6455 §7.4.1) is what an endpoint that goes away sends, and is assumed.
 */
export const WEBSOCKET_CLOSE_GOING_AWAY = 1001;

/** HTTP API JWT authorizer: "Timeout for JSON Web Key Set endpoint: 1500 ms" (DG http-api-quotas). */
export const JWKS_TIMEOUT_MS = 1500;
/** HTTP API JWT authorizer: "Timeout for OpenID Connect discovery endpoint: 1500 ms" (DG http-api-quotas). */
export const OIDC_DISCOVERY_TIMEOUT_MS = 1500;
/**
 * How long the gateway keeps an issuer's keys: "API Gateway can cache the public key for two
 * hours" (DG http-api-jwt-authorizer, "Authorizing API requests with a JWT authorizer"). The
 * discovery document that names the keys' jwks_uri is assumed kept as long: AWS does not say.
 */
export const JWKS_CACHE_MS = 2 * 60 * 60 * 1000;

/*
 * Documented but not enforced yet. Nothing in the pipeline reads these; each says what is
 * missing before it can be enforced. They stay here so the values and their sources are kept.
 */

/**
 * REST: "Total combined size of all header values ...: 10240 bytes" (DG api-gateway-execution-service-limits-table).
 * Not enforced: the status and body AWS answers with (431 or 400, which error type) are not documented,
 * and the scenarios send a handful of headers, far below the limit.
 */
export const MAX_REST_HEADER_BYTES = 10_240;
/**
 * HTTP API: "Total combined size of request line and header values: 10240 bytes" (DG http-api-quotas).
 * Not enforced, for the same reason as MAX_REST_HEADER_BYTES.
 */
export const MAX_HTTP_API_HEAD_BYTES = 10_240;
/**
 * HTTP API JWT authorizer: "Response size ... 150000 bytes" for the JSON Web Key Set (DG http-api-quotas).
 * Not enforced: the JWKS response is a fixed small key set; the model has no way to configure a larger one.
 */
export const JWKS_MAX_RESPONSE_BYTES = 150_000;
/**
 * HTTP API Lambda authorizer: "Timeout for Lambda authorizer response: 10000 ms" (DG http-api-quotas).
 * Not enforced: an authorizer's duration is the latency profile's fixed figure, never near 10 s, and
 * there is no fault that makes it slow; enforcing it needs a configurable authorizer duration first.
 */
export const HTTP_API_AUTHORIZER_TIMEOUT_MS = 10_000;
/**
 * Lambda synchronous invocation payload: "the maximum payload size is 6 MB" (Lambda API_Invoke).
 * Not enforced: a request between 6 and 10 MB to a Lambda integration should fail at the Invoke, but
 * the status and body API Gateway answers with differ by API type and are not documented.
 */
export const LAMBDA_MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
