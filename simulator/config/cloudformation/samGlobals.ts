import { entries, get, type PEntry, type PNode } from '../tree';
import { intrinsicName } from './intrinsics';
import { FUNCTION, HTTP_API, REST_API, STATE_MACHINE, type SamReader } from './samReader';

/*
 * The Globals section: each section merges into every resource of its type, maps merged,
 * lists prepended, scalars replaced by the resource's own value (DG "Globals section of the
 * AWS SAM template").
 */

/** Properties the Globals section accepts (SAM docs/globals.rst, "Supported Resources and Properties"). */
const GLOBAL_PROPERTIES: Record<string, string[]> = {
  Function: [
    'Handler', 'Runtime', 'CodeUri', 'DeadLetterQueue', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', 'Environment', 'Tags', 'Tracing',
    'KmsKeyArn', 'Layers', 'AutoPublishAlias', 'DeploymentPreference', 'RolePath', 'PermissionsBoundary', 'ReservedConcurrentExecutions',
    'ProvisionedConcurrencyConfig', 'AssumeRolePolicyDocument', 'EventInvokeConfig', 'Architectures', 'EphemeralStorage', 'SnapStart',
    'RuntimeManagementConfig', 'LoggingConfig', 'FileSystemConfigs', 'PropagateTags', 'AutoPublishAliasAllProperties', 'RecursiveLoop',
    'SourceKMSKeyArn', 'CapacityProviderConfig', 'FunctionScalingConfig', 'PublishToLatestPublished', 'TenancyConfig',
  ],
  Api: [
    'Auth', 'Name', 'DefinitionUri', 'MergeDefinitions', 'CacheClusterEnabled', 'CacheClusterSize', 'Variables', 'EndpointConfiguration',
    'MethodSettings', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Cors', 'GatewayResponses', 'AccessLogSetting', 'CanarySetting',
    'TracingEnabled', 'OpenApiVersion', 'Domain', 'AlwaysDeploy', 'PropagateTags', 'SecurityPolicy', 'EndpointAccessMode',
  ],
  HttpApi: ['Auth', 'AccessLogSettings', 'StageVariables', 'Tags', 'PropagateTags', 'CorsConfiguration', 'DefaultRouteSettings', 'RouteSettings', 'Domain', 'FailOnWarnings'],
  SimpleTable: ['SSESpecification', 'PointInTimeRecoverySpecification'],
  LayerVersion: ['PublishLambdaVersion'],
  StateMachine: ['PropagateTags'],
};

const GLOBAL_TYPES: Record<string, string> = {
  Function: FUNCTION, Api: REST_API, HttpApi: HTTP_API, SimpleTable: 'AWS::Serverless::SimpleTable', LayerVersion: 'AWS::Serverless::LayerVersion', StateMachine: STATE_MACHINE,
};

/** Globals merged into a resource's properties: maps merged (the resource wins), lists prepended, scalars replaced. */
function mergeGlobals(global: PNode, local: PNode | undefined): PNode {
  if (!local) return global;
  if (global.kind === 'map' && local.kind === 'map' && !intrinsicName(global) && !intrinsicName(local)) {
    const merged: PEntry[] = global.entries.map((item) => {
      const own = local.entries.find((candidate) => candidate.key === item.key);
      return own ? { ...own, value: mergeGlobals(item.value, own.value) } : item;
    });
    for (const own of local.entries) if (!global.entries.some((item) => item.key === own.key)) merged.push(own);
    return { kind: 'map', location: local.location, entries: merged };
  }
  if (global.kind === 'seq' && local.kind === 'seq') return { kind: 'seq', location: local.location, items: [...global.items, ...local.items] };
  return local;
}

/** Globals merged into each resource, unsupported global properties reported and left out. */
export function applyGlobals(samReader: SamReader): void {
  const { findings } = samReader;
  for (const section of entries(get(samReader.template.tree, 'Globals'))) {
    const allowed = GLOBAL_PROPERTIES[section.key];
    if (!allowed) {
      findings.error('INVALID_GLOBALS', `Globals.${section.key} is not a section SAM knows (${Object.keys(GLOBAL_PROPERTIES).join(', ')})`, section.keyLocation);
      continue;
    }
    for (const property of entries(section.value)) {
      if (!allowed.includes(property.key)) findings.error('INVALID_GLOBALS', `Globals.${section.key}.${property.key} is not supported in Globals; SAM rejects the template`, property.keyLocation);
    }
    // Only what SAM would merge: an unsupported global is reported above, not applied.
    const supported: PNode = section.value.kind === 'map' ? { ...section.value, entries: section.value.entries.filter((item) => allowed.includes(item.key)) } : section.value;
    samReader.supportedGlobals.set(section.key, supported);
    const type = GLOBAL_TYPES[section.key];
    for (const resource of samReader.template.intrinsics.resources.values()) {
      if (resource.type === type) resource.properties = mergeGlobals(supported, resource.properties);
    }
  }
}
