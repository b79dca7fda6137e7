import { PARAMETER_RANGES } from '../parameterRanges';
import { inRange, integerInRange, nonNegative, oneOf, positive } from '../validate';

/**
 * The latency model's inputs, in one place. These are modelling assumptions, not AWS
 * facts: round-trip times between the parties, bandwidth, MTU, jitter and loss. Every
 * value is overridable; the named profiles are starting points with stated reasons.
 *
 *   client ──(clientToEdgeRtt)── CloudFront edge ──(edgeToRegionRtt)── API Gateway (region)
 *   client ──────────────(clientToRegionRtt)──────────────────────── API Gateway (region)
 *   API Gateway ──(regionToBackendRtt)── Lambda / ALB / NLB in the same Region
 *   client ──(clientToResolverRtt)── recursive resolver ──(resolverToAuthoritativeRtt)── Route 53
 */
export interface NetworkProfile {
  name: string;
  description: string;
  clientToEdgeRttMs: number;
  edgeToRegionRttMs: number;
  clientToRegionRttMs: number;
  regionToBackendRttMs: number;
  clientToResolverRttMs: number;
  resolverToAuthoritativeRttMs: number;
  /** Client's access link towards the client (downlink) and away from it (uplink). */
  downlinkMbps: number;
  uplinkMbps: number;
  /** Bandwidth between AWS components inside a Region. */
  regionMbps: number;
  mtu: number;
  jitterMs: number;
  lossRate: number;
}

export const NETWORK_PROFILES = {
  /**
   * A home or office broadband client in the same continent as the Region: ~20 ms to the
   * nearest CloudFront edge, ~40 ms to the Region directly, 100/20 Mbit/s access.
   */
  broadband: {
    name: 'broadband',
    description: 'Broadband client on the same continent as the Region',
    clientToEdgeRttMs: 20,
    edgeToRegionRttMs: 30,
    clientToRegionRttMs: 40,
    regionToBackendRttMs: 1,
    clientToResolverRttMs: 10,
    resolverToAuthoritativeRttMs: 20,
    downlinkMbps: 100,
    uplinkMbps: 20,
    regionMbps: 10000,
    mtu: 1500,
    jitterMs: 0,
    lossRate: 0,
  },
  /** A phone on a 4G/LTE network: the radio adds ~40 ms of round trip and bandwidth is lower. */
  mobile: {
    name: 'mobile',
    description: '4G/LTE phone on the same continent as the Region',
    clientToEdgeRttMs: 60,
    edgeToRegionRttMs: 30,
    clientToRegionRttMs: 80,
    regionToBackendRttMs: 1,
    clientToResolverRttMs: 50,
    resolverToAuthoritativeRttMs: 20,
    downlinkMbps: 20,
    uplinkMbps: 5,
    regionMbps: 10000,
    mtu: 1500,
    jitterMs: 0,
    lossRate: 0,
  },
  /** A caller inside the same AWS Region (service to service, or a private API via a VPC endpoint). */
  'in-region': {
    name: 'in-region',
    description: 'Caller in the same AWS Region',
    clientToEdgeRttMs: 2,
    edgeToRegionRttMs: 1,
    clientToRegionRttMs: 1,
    regionToBackendRttMs: 1,
    clientToResolverRttMs: 0.5,
    resolverToAuthoritativeRttMs: 1,
    downlinkMbps: 10000,
    uplinkMbps: 10000,
    regionMbps: 10000,
    mtu: 1500,
    jitterMs: 0,
    lossRate: 0,
  },
} as const satisfies Record<string, NetworkProfile>;

export type NetworkProfileName = keyof typeof NETWORK_PROFILES;

export const DEFAULT_NETWORK_PROFILE: NetworkProfileName = 'broadband';

/** A named profile with overrides applied, every value checked. */
export function networkProfile(name: string = DEFAULT_NETWORK_PROFILE, overrides: Partial<NetworkProfile> = {}): NetworkProfile {
  const known = oneOf('networkProfile', name, Object.keys(NETWORK_PROFILES) as NetworkProfileName[]);
  const profile: NetworkProfile = { ...NETWORK_PROFILES[known], ...overrides };
  for (const key of ['clientToEdgeRttMs', 'edgeToRegionRttMs', 'clientToRegionRttMs', 'regionToBackendRttMs', 'clientToResolverRttMs', 'resolverToAuthoritativeRttMs'] as const) {
    inRange(key, profile[key], PARAMETER_RANGES.roundTripMs);
  }
  nonNegative('jitterMs', profile.jitterMs);
  for (const key of ['downlinkMbps', 'uplinkMbps', 'regionMbps'] as const) positive(key, profile[key]);
  integerInRange('mtu', profile.mtu, 576, 65535);
  inRange('lossRate', profile.lossRate, PARAMETER_RANGES.lossRate);
  return profile;
}
