import type { Api, CustomDomain, EndpointType } from '../../model/gateway';

/*
 * Custom domain names and the API mappings that put an API behind one (AWS::ApiGateway::DomainName
 * and BasePathMapping; AWS::ApiGatewayV2::DomainName and ApiMapping), and the default
 * execute-api host name.
 */

/**
 * A REST custom domain without an endpoint configuration is edge-optimized
 * (AWS::ApiGateway::DomainName, CertificateArn); an ApiGatewayV2 domain is Regional (it has
 * no edge-optimized kind).
 */
export function defaultDomainEndpointType(kind: 'REST' | 'V2'): EndpointType {
  return kind === 'REST' ? 'EDGE' : 'REGIONAL';
}

/**
 * Maps an API to a custom domain: clients reach it by the domain's name, and the domain's TLS
 * security policy is what they negotiate; a REST API that sets no policy of its own takes the
 * domain's.
 */
export function mapCustomDomain(api: Api, domain: CustomDomain): void {
  api.customDomain = domain;
  if (api.type === 'REST' && domain.securityPolicy && !api.securityPolicy) api.securityPolicy = domain.securityPolicy;
}

/** The Region of an execute-api host (`{id}.execute-api.{region}.amazonaws.com`). */
export function executeApiRegion(host: string | undefined): string | undefined {
  return host ? /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1] : undefined;
}
