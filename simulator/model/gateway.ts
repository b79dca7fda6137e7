/**
 * The gateway model: one format-independent description of a user's API Gateway setup.
 * Config readers (SAM, CloudFormation, OpenAPI, Serverless, Terraform) fill it; the
 * pipelines read it. Every element may carry the source location it came from, so the
 * CLI and the editor can point at the exact line.
 */

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where the element ends (1-based, exclusive column), when known: for editor ranges. */
  endLine?: number;
  endColumn?: number;
}

export type ApiType = 'REST' | 'HTTP' | 'WEBSOCKET';
export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE';

export interface Throttle {
  /** Steady-state requests per second (token refill rate). */
  rateLimit: number;
  /** Bucket size: requests allowed in a burst. */
  burstLimit: number;
}

export interface Stage {
  name: string;
  /** Default per-method (REST) or per-route (HTTP/WebSocket) throttle for the stage. */
  throttle?: Throttle;
  /** Per-route overrides, keyed by route key (`GET /orders`, `sendmessage`). */
  routeThrottles?: Record<string, Throttle>;
  location?: SourceLocation;
}

export interface CustomDomain {
  domainName: string;
  /** e.g. `TLS_1_2`, `SecurityPolicy_TLS13_1_3_2025_09`. */
  securityPolicy?: string;
  endpointType?: EndpointType;
  location?: SourceLocation;
}

export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS' | 'JWT';

export type AuthorizerType = 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS' | 'JWT';

export interface Authorizer {
  id: string;
  name: string;
  type: AuthorizerType;
  /** e.g. `method.request.header.Authorization`, `$request.header.Authorization`. */
  identitySources: string[];
  /** Lambda authorizer result cache TTL in seconds (REST default 300; 0 disables). */
  resultTtlSeconds?: number;
  /** Lambda authorizer function name or ARN. */
  functionName?: string;
  /** JWT: issuer URL (its JWKS is fetched from `${issuer}/.well-known/jwks.json` or the OIDC discovery document). */
  issuer?: string;
  audience?: string[];
  /** Cognito user pool ARNs. */
  userPoolArns?: string[];
  /** HTTP API Lambda authorizer: the event's payload format (DG http-api-lambda-authorizer); 2.0 when unset. */
  payloadFormatVersion?: '1.0' | '2.0';
  /** HTTP API Lambda authorizer, format 2.0: the function answers `{"isAuthorized": ...}` instead of an IAM policy. */
  enableSimpleResponses?: boolean;
  location?: SourceLocation;
}

export type IntegrationType = 'AWS_PROXY' | 'AWS' | 'HTTP_PROXY' | 'HTTP' | 'MOCK';

/**
 * REST non-proxy integrations: what happens to a request body no mapping template matches
 * (DG integration-passthrough-behaviors). Default WHEN_NO_MATCH.
 */
export type PassthroughBehavior = 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';

export function isPassthroughBehavior(value: unknown): value is PassthroughBehavior {
  return value === 'WHEN_NO_MATCH' || value === 'WHEN_NO_TEMPLATES' || value === 'NEVER';
}

export interface Integration {
  id: string;
  type: IntegrationType;
  /** Lambda function name (AWS_PROXY/AWS to Lambda) or backend URL (HTTP*). */
  functionName?: string;
  uri?: string;
  /** An AWS service action (AWS integrations that are not Lambda), e.g. `dynamodb:PutItem`. */
  serviceAction?: string;
  timeoutMs?: number;
  connectionType?: 'INTERNET' | 'VPC_LINK';
  vpcLinkId?: string;
  /** HTTP API Lambda payload format. */
  payloadFormatVersion?: '1.0' | '2.0';
  /** REST HTTP and AWS integrations: the integration request's method (IntegrationHttpMethod), which may differ from the client's. */
  httpMethod?: string;
  /**
   * REST non-proxy integrations: the integration request's parameters and where each comes from
   * (`integration.request.header.SOAPAction` -> `'urn:…'` or `method.request.header.Id`), DG
   * request-response-data-mappings. Only these reach a non-proxy backend; client headers do not.
   */
  requestParameters?: Record<string, string>;
  location?: SourceLocation;
}

export interface VpcLink {
  id: string;
  name: string;
  /** REST VPC links front an NLB; HTTP API VPC links an ALB, NLB or Cloud Map service. */
  target: 'NLB' | 'ALB' | 'CLOUD_MAP';
  /** What runs behind the load balancer. */
  targetKind?: 'EC2' | 'EKS' | 'ECS';
  location?: SourceLocation;
}

/**
 * A method's request model for one content type (DG models-mappings-models): the JSON schema
 * (draft 4) the body is validated against when the method's validator validates bodies. The
 * content type is the request's (`application/json`) or `$default` for any content type
 * (DG api-gateway-method-request-validation).
 */
export interface RequestModel {
  contentType: string;
  /** The model's name (AWS::ApiGateway::Model Name, an OpenAPI definition, a SAM Models key), when it has one. */
  name?: string;
  /**
   * The whole JSON schema, self-contained: models it references by name are inlined under
   * `definitions` (config/aws/modelSchemas.ts). Absent when the config gives only required properties.
   */
  schema?: unknown;
  /** Top-level properties the JSON body must have (the schema's `required`). */
  required: string[];
  location?: SourceLocation;
}

/**
 * A REST API's customization of one of its own error responses (DG api-gateway-gatewayResponse-definition):
 * AWS::ApiGateway::GatewayResponse, x-amazon-apigateway-gateway-responses, SAM GatewayResponses,
 * aws_api_gateway_gateway_response.
 */
export interface GatewayResponseOverride {
  /** A response type (DG supported-gateway-response-types), e.g. `DEFAULT_4XX`, `BAD_REQUEST_BODY`. */
  type: string;
  statusCode?: number;
  /** Header name -> mapping expression (`'static'`, `method.request.header.X`, `context.requestId`...), from `gatewayresponse.header.{name}`. */
  headers?: Record<string, string>;
  /** Content type -> body template (simple `$context` substitution, not VTL). */
  templates?: Record<string, string>;
  location?: SourceLocation;
}

/** A REST integration response (DG api-gateway-integration-settings-integration-response). */
export interface IntegrationResponse {
  /** A regular expression on the backend's status code (HTTP) or error message (Lambda); absent on the default response. */
  selectionPattern?: string;
  statusCode: number;
  /**
   * The method response's headers and where each comes from (DG request-response-data-mappings):
   * `method.response.header.Access-Control-Allow-Origin` -> `'*'` (a static value in single quotes)
   * or `integration.response.header.X`. How a MOCK preflight method (SAM Cors, serverless
   * `cors: true`, the console's "Enable CORS") says what it answers.
   */
  responseParameters?: Record<string, string>;
}

/**
 * An HTTP API's CORS configuration (AWS::ApiGatewayV2::Api Cors, DG http-api-cors): the gateway
 * answers preflight OPTIONS requests itself and adds the CORS headers to integration responses.
 * Origins, methods and headers as configured (`*` allowed); AWS compares methods and headers
 * case-insensitively (an assumption for methods; header names are case-insensitive per RFC 9110 §5.1).
 */
export interface CorsConfiguration {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  /** Access-Control-Max-Age in seconds; absent: the header is not sent. */
  maxAgeSeconds?: number;
  allowCredentials: boolean;
  location?: SourceLocation;
}

export interface Route {
  /** `GET /orders/{orderId}`, `ANY /{proxy+}`, `$default`, or a WebSocket route key such as `$connect` or `subscribe`. */
  key: string;
  authorizationType: AuthorizationType;
  authorizerId?: string;
  /** REST: API key required (usage plans). */
  apiKeyRequired?: boolean;
  integrationId?: string;
  /** REST: validate body and/or parameters. */
  validateBody?: boolean;
  validateParameters?: boolean;
  requiredParameters?: string[];
  /** REST: the request models by content type (one per content type). */
  requestModels?: RequestModel[];
  /** REST non-proxy integrations: VTL mapping templates (content type -> template). */
  requestTemplates?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  /**
   * REST non-proxy integrations: the integration responses, each the method response status it
   * gives and the selection pattern that picks it (none: the default response).
   */
  integrationResponses?: IntegrationResponse[];
  /** REST non-proxy integrations: a request body no template matches passes through or gets 415. */
  passthroughBehavior?: PassthroughBehavior;
  throttle?: Throttle;
  location?: SourceLocation;
}

export interface UsagePlan {
  id: string;
  name: string;
  throttle?: Throttle;
  quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH' };
  apiKeys: string[];
  location?: SourceLocation;
}

export interface Api {
  id: string;
  name: string;
  type: ApiType;
  endpointType: EndpointType;
  region: string;
  stages: Stage[];
  routes: Route[];
  authorizers: Authorizer[];
  integrations: Integration[];
  customDomain?: CustomDomain;
  /** Web ACL associated with the stage (REST) or API. */
  wafWebAcl?: string;
  usagePlans?: UsagePlan[];
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  /** WebSocket: e.g. `$request.body.action`. */
  routeSelectionExpression?: string;
  /** REST: e.g. `TLS_1_2`. */
  securityPolicy?: string;
  /** REST: gateway responses customized in the config. */
  gatewayResponses?: GatewayResponseOverride[];
  /** HTTP: the CORS configuration, when the API has one. */
  cors?: CorsConfiguration;
  location?: SourceLocation;
}

export interface GatewayModel {
  apis: Api[];
  vpcLinks: VpcLink[];
}

/**
 * The API's id as AWS writes it in its execute-api host, ARNs and events: ten lowercase letters
 * and digits (`{restapi_id}.execute-api.{region}.amazonaws.com`, e.g. `a1b2c3d4e5`; DG
 * how-to-call-api). A config that gives such an id keeps it; one that names the API only by a
 * logical id (a SAM or CloudFormation resource, a Terraform name) gets ten characters derived
 * from that id (FNV-1a), the same every run: AWS's real id is assigned at creation and unknowable here.
 */
export function executeApiId(api: Api): string {
  if (/^[a-z0-9]{10}$/.test(api.id)) return api.id;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let hash = 0x811c9dc5;
  let id = '';
  for (let round = 0; id.length < 10; round++) {
    for (const char of `${api.id}\u0000${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    id += alphabet[hash % alphabet.length];
  }
  return id;
}

/** The host name clients connect to: the custom domain, or the default execute-api name. */
export function apiHost(api: Api): string {
  if (api.customDomain) return api.customDomain.domainName;
  return `${executeApiId(api)}.execute-api.${api.region}.amazonaws.com`;
}
