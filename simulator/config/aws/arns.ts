/*
 * The ARNs and ARN-shaped URIs a config names for API Gateway: AWS service integrations,
 * Lambda functions and their invocation URIs, WAF web ACLs. Parsed here once, for every
 * format, as the API Gateway API reference defines them.
 */

/**
 * An AWS service integration URI, `arn:aws:apigateway:{region}:{subdomain.service|service}:path|action/{service_api}`
 * (API Gateway API reference, Integration `uri`; the x-amazon-apigateway-integration object
 * of the OpenAPI extensions says the same):
 *
 * - `action/{service_api}`: an action-based service API, "using an
 *   Action={name}&{p1}={v1}&p2={v2}... query string": `{service_api}` is the action's name
 *   followed by its input parameters, `sqs:action/SendMessage&QueueUrl=q`.
 * - `path/{service_api}`: a path-based service API: `{service_api}` is the path of the
 *   service resource, and the integration's HTTP method chooses the action. The reference's
 *   example: S3 GetObject is either `s3:action/GetObject&Bucket={bucket}&Key={key}` or
 *   `s3:path/{bucket}/{key}`.
 */
export interface ServiceIntegrationUri {
  region: string;
  /** The service, without the subdomain some services take (`{subdomain}.s3` is `s3`). */
  service: string;
  style: 'action' | 'path';
  /** The action's name (`SendMessage`), or the resource path (`bucket/key`). */
  target: string;
  /** An action's input parameters as written after its name (`QueueUrl=q`), without the leading `&`. */
  parameters?: string;
}

const SERVICE_INTEGRATION_URI = /^arn:[^:]*:apigateway:([^:]*):([^:]+):(action|path)\/(.+)$/;

export function parseServiceIntegrationUri(uri: string): ServiceIntegrationUri | undefined {
  const match = SERVICE_INTEGRATION_URI.exec(uri);
  if (!match) return undefined;
  const [, region, subdomainService, written, serviceApi] = match;
  const style = written as ServiceIntegrationUri['style'];
  const service = subdomainService.slice(subdomainService.lastIndexOf('.') + 1);
  if (style === 'path') return { region, service, style, target: serviceApi };
  // The action name ends where its parameters begin; `?` is accepted too, as some templates write it.
  const end = serviceApi.search(/[&?]/);
  if (end < 0) return { region, service, style, target: serviceApi };
  return { region, service, style, target: serviceApi.slice(0, end), parameters: serviceApi.slice(end + 1) };
}

/**
 * The model's `serviceAction` of a non-Lambda AWS service integration URI: `{service}:{Action}`
 * for an action (`sqs:SendMessage`, the action as IAM names it; its parameters are input, not
 * part of the action, and stay in the integration's `uri`), `{service}:path/{path}` for a
 * path-based API (`s3:path/bucket/key`: the path names a resource, not an action, and the
 * `path/` says so). Undefined for a Lambda invocation URI (that is a function) and for
 * anything that is not a service integration URI.
 */
export function serviceAction(uri: string): string | undefined {
  const parsed = parseServiceIntegrationUri(uri);
  if (!parsed || parsed.service === 'lambda') return undefined;
  return parsed.style === 'action' ? `${parsed.service}:${parsed.target}` : `${parsed.service}:path/${parsed.target}`;
}

/** A service integration URI for an action: `arn:aws:apigateway:{region}:{service}:action/{action}`. */
export function serviceActionUri(region: string, service: string, action: string): string {
  return `arn:aws:apigateway:${region}:${service}:action/${action}`;
}

/**
 * The service prefix of each HTTP API integration subtype's service (DG "Integration subtype
 * reference" for HTTP APIs): the name its endpoint and its IAM actions use, so a subtype reads
 * as the same `serviceAction` a REST service integration URI gives.
 */
const SUBTYPE_SERVICES: Record<string, string> = { eventbridge: 'events', sqs: 'sqs', appconfig: 'appconfig', kinesis: 'kinesis', stepfunctions: 'states' };

/** `SQS-SendMessage` -> `sqs:SendMessage`, `StepFunctions-StartExecution` -> `states:StartExecution`. */
export function serviceActionOfSubtype(subtype: string): string {
  const dash = subtype.indexOf('-');
  const service = (dash < 0 ? subtype : subtype.slice(0, dash)).toLowerCase();
  return `${SUBTYPE_SERVICES[service] ?? service}:${dash < 0 ? '' : subtype.slice(dash + 1)}`;
}

/** A Lambda invocation URI: `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function}/invocations`. */
const LAMBDA_INVOCATION = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations\/?$/;
/** The function name in a function ARN, with or without a qualifier (`:alias`, `:$LATEST`, `:3`); `${...}` placeholders in it stay as written. */
const FUNCTION_NAME = /:function:((?:\$\{[^}]*\}|[^:/$])+)/;

/** `arn:{partition}:lambda:`, the partition possibly a `${AWS::Partition}` placeholder. */
const FUNCTION_ARN = /^arn:(?:\$\{[^}]*\}|[^:$])*:lambda:/;

/** Whether a URI invokes a Lambda function: an invocation URI, or a function ARN (HTTP APIs take one as integration URI). */
export function isLambdaUri(uri: string): boolean {
  return LAMBDA_INVOCATION.test(uri) || isFunctionArn(uri);
}

/** Whether `text` is a Lambda function ARN (qualified or not), not an invocation URI around one. */
export function isFunctionArn(text: string): boolean {
  return FUNCTION_ARN.test(text) && FUNCTION_NAME.test(text);
}

/**
 * The Lambda function a URI or ARN names, in every form API Gateway takes (API reference,
 * Integration `uri` and Authorizer `authorizerUri`; DG http-api-develop-integrations-lambda):
 * a function ARN, qualified or not (`arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]`),
 * or an invocation URI around one. The name, without its qualifier: an alias or version
 * invokes the same function. An invocation URI whose function is not an ARN gives it as
 * written (`${stageVariables.fn}`); anything else is undefined.
 */
export function lambdaFunctionName(uri: string): string | undefined {
  const invocation = LAMBDA_INVOCATION.exec(uri);
  const target = invocation ? invocation[1] : uri;
  if (!invocation && !isFunctionArn(target)) return undefined;
  return FUNCTION_NAME.exec(target)?.[1] ?? target;
}

/** The ARN of a function: `arn:aws:lambda:{region}:{account}:function:{name}`. */
export function lambdaFunctionArn(region: string, account: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

/** The name of a WAF web ACL in its ARN (`arn:aws:wafv2:{region}:{account}:regional/webacl/{name}/{id}`), or undefined. */
export function webAclName(arn: string): string | undefined {
  return /\/webacl\/([^/]+)\//.exec(arn)?.[1];
}
