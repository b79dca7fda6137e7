import type { Api } from '../model/gateway';
import type { TlsVersion } from '../net/tlsProfiles';

/**
 * TLS versions an API's endpoint accepts, from its security policy (DG
 * apigateway-security-policies-list): HTTP and WebSocket APIs are fixed at TLS_1_2 (TLS 1.2
 * and 1.3: DG http-api-ciphers, websocket-api-ciphers); REST APIs and custom domains may use
 * an enhanced policy, and the TLS13_1_3 and TLS13 EDGE policies accept TLS 1.3 only. TLS 1.0
 * and 1.1 (allowed by TLS_1_0) are not modelled.
 */
const TLS13_ONLY = new Set(['SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_3_FIPS_2025_09', 'SecurityPolicy_TLS13_2025_EDGE']);

export function securityPolicy(api: Api): string {
  if (api.type !== 'REST') return 'TLS_1_2';
  return api.customDomain?.securityPolicy ?? api.securityPolicy ?? (api.endpointType === 'PRIVATE' ? 'TLS_1_2' : 'TLS_1_0');
}

export function acceptedTlsVersions(api: Api): TlsVersion[] {
  return TLS13_ONLY.has(securityPolicy(api)) ? ['1.3'] : ['1.2', '1.3'];
}
