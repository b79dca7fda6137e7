import type { AuthorizationType, CustomDomain, Route, VpcLink } from '../../model/gateway';
import { parseEndpointType } from '../aws/apiDefaults';
import { webAclName } from '../aws/arns';
import { parseAuthorizationType } from '../aws/authorizerKinds';
import { defaultDomainEndpointType, mapCustomDomain } from '../aws/customDomains';
import { ASSUMED_HTTP_VPC_LINK_TARGET, loadBalancerTarget, REST_VPC_LINK_TARGET, vpcLinkTargetOfArn } from '../aws/vpcLinkTargets';
import { blocksOf, type HclBlock, type HclExpression } from './hcl';
import { REST_API, type TerraformReader, V2_API } from './terraformReader';

/*
 * What REST and V2 APIs of a Terraform module share: VPC links and what they front (load
 * balancers, listeners, target groups, Cloud Map services), custom domain names and their API
 * mappings, and WAF web ACL associations.
 */

export function readVpcLinks(reader: TerraformReader): void {
  for (const block of reader.ofType('aws_api_gateway_vpc_link')) {
    const what = reader.address(block);
    const id = reader.assignId('vpcLink', block);
    const link: VpcLink = { id, name: reader.string(block, 'name', what) ?? id, target: REST_VPC_LINK_TARGET, location: block.location };
    const targets = reader.attribute(block, 'target_arns');
    if (targets) {
      const kind = balancer(reader, targets.value).targetKind;
      if (kind) link.targetKind = kind;
    }
    reader.vpcLinks.set(reader.address(block), link);
  }
  for (const block of reader.ofType('aws_apigatewayv2_vpc_link')) {
    const id = reader.assignId('vpcLink', block);
    // The target (ALB, NLB or Cloud Map) shows in the integrations that use the link; settled later.
    reader.vpcLinks.set(reader.address(block), { id, name: reader.string(block, 'name', reader.address(block)) ?? id, target: ASSUMED_HTTP_VPC_LINK_TARGET, location: block.location });
  }
}

/** What a load balancer / listener / Cloud Map ARN expression points at. */
export function balancer(reader: TerraformReader, expression: HclExpression | undefined, depth = 0): { target?: VpcLink['target']; targetKind?: VpcLink['targetKind'] } {
  if (!expression || depth > 8) return {};
  const value = reader.evaluate(expression);
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    const target = typeof item === 'string' ? vpcLinkTargetOfArn(item) : undefined;
    if (target) return { target };
  }
  const ref = reader.link(expression, ['aws_lb_listener', 'aws_alb_listener', 'data.aws_lb_listener', 'data.aws_alb_listener', 'aws_lb', 'aws_alb', 'data.aws_lb', 'data.aws_alb', 'aws_service_discovery_service']);
  if (!ref?.block) return {};
  const block = ref.block;
  if (ref.type === 'aws_service_discovery_service') return { target: 'CLOUD_MAP' };
  if (ref.type.includes('listener')) {
    const found = balancer(reader, reader.attribute(block, 'load_balancer_arn')?.value, depth + 1);
    const kind = found.targetKind ?? targetGroupKind(reader, block);
    return { ...found, ...(kind ? { targetKind: kind } : {}) };
  }
  const listeners = [...reader.ofType('aws_lb_listener'), ...reader.ofType('aws_alb_listener')]
    .filter((listener) => reader.link(reader.attribute(listener, 'load_balancer_arn')?.value, [ref.type])?.block === block);
  const behind = listeners.map((listener) => targetGroupKind(reader, listener)).find((kind) => kind !== undefined);
  const tags = reader.evaluate(reader.attribute(block, 'tags')?.value);
  const tagKeys = tags instanceof Map ? [...tags.keys()] : [];
  // Load balancers made by the AWS Load Balancer Controller for EKS carry these tags (its docs, "Ingress" and "Service" annotations).
  const eks = tagKeys.some((key) => key.startsWith('elbv2.k8s.aws/') || key.startsWith('ingress.k8s.aws/') || key.startsWith('service.k8s.aws/'));
  let target: VpcLink['target'] | undefined;
  if (ref.type === 'aws_alb' || ref.type === 'data.aws_alb') target = 'ALB';
  else if (ref.type === 'aws_lb') {
    // aws_lb: load_balancer_type defaults to "application".
    target = loadBalancerTarget(reader.knownString(block, 'load_balancer_type', reader.address(block)));
  } else if (tagKeys.some((key) => key.startsWith('ingress.k8s.aws/'))) target = 'ALB';
  else if (tagKeys.some((key) => key.startsWith('service.k8s.aws/'))) target = 'NLB';
  const targetKind = eks ? 'EKS' : behind;
  return { ...(target ? { target } : {}), ...(targetKind ? { targetKind } : {}) };
}

/** EC2 or ECS behind a listener, from what is registered in its target group. */
function targetGroupKind(reader: TerraformReader, listener: HclBlock): VpcLink['targetKind'] | undefined {
  const groups: string[] = [];
  for (const action of blocksOf(listener.body, 'default_action')) {
    const ref = reader.link(reader.attribute(action, 'target_group_arn')?.value, ['aws_lb_target_group', 'aws_alb_target_group']);
    if (ref?.block) groups.push(reader.address(ref.block));
  }
  if (groups.length === 0) return undefined;
  const names = (expression: HclExpression | undefined) => reader.refs(expression).filter((ref) => ref.block).map((ref) => `${ref.type}.${ref.name}`);
  for (const block of reader.ofType('aws_ecs_service')) {
    if (blocksOf(block.body, 'load_balancer').some((lb) => names(reader.attribute(lb, 'target_group_arn')?.value).some((name) => groups.includes(name)))) return 'ECS';
  }
  for (const block of [...reader.ofType('aws_lb_target_group_attachment'), ...reader.ofType('aws_autoscaling_group'), ...reader.ofType('aws_autoscaling_attachment')]) {
    const attribute = reader.attribute(block, 'target_group_arn') ?? reader.attribute(block, 'target_group_arns') ?? reader.attribute(block, 'lb_target_group_arn');
    if (names(attribute?.value).some((name) => groups.includes(name))) return 'EC2';
  }
  return undefined;
}

/** HTTP API VPC links: the target type the integrations using the link point at. */
export function settleVpcLinkTargets(reader: TerraformReader): void {
  for (const block of reader.ofType('aws_apigatewayv2_vpc_link')) {
    const link = reader.vpcLinks.get(reader.address(block))!;
    let found: ReturnType<typeof balancer> = {};
    for (const integration of reader.ofType('aws_apigatewayv2_integration')) {
      const ref = reader.link(reader.attribute(integration, 'connection_id')?.value, ['aws_apigatewayv2_vpc_link']);
      if (ref?.block !== block) continue;
      found = balancer(reader, reader.attribute(integration, 'integration_uri')?.value);
      if (found.target) break;
    }
    if (found.target) link.target = found.target;
    else reader.findings.info('ASSUMED_VALUE', `${reader.address(block)}: the load balancer behind reader VPC link is not known from the configuration alone; an ALB is simulated`, block.location);
    if (found.targetKind) link.targetKind = found.targetKind;
  }
}

export function readDomains(reader: TerraformReader): void {
  const domains = new Map<string, CustomDomain>();
  for (const block of [...reader.ofType('aws_api_gateway_domain_name'), ...reader.ofType('aws_apigatewayv2_domain_name')]) {
    const what = reader.address(block);
    const domainName = reader.string(block, 'domain_name', what);
    if (!domainName) continue;
    const domain: CustomDomain = { domainName, location: block.location };
    const v2 = block.labels[0] === 'aws_apigatewayv2_domain_name';
    const configuration = v2 ? reader.block(block, 'domain_name_configuration') : block;
    const policy = reader.knownString(configuration, 'security_policy', what);
    if (policy) domain.securityPolicy = policy;
    const endpoint = v2 ? reader.knownString(configuration, 'endpoint_type', what) : reader.strings(reader.block(block, 'endpoint_configuration'), 'types', what)?.[0];
    const parsed = parseEndpointType(endpoint);
    if (parsed) domain.endpointType = parsed;
    else if (endpoint === undefined) domain.endpointType = defaultDomainEndpointType(v2 ? 'V2' : 'REST');
    domains.set(what, domain);
  }
  const mapped = new Set<string>();
  const mappings = [
    ...reader.ofType('aws_api_gateway_base_path_mapping').map((block) => ({ block, apiAttribute: 'api_id' })),
    ...reader.ofType('aws_apigatewayv2_api_mapping').map((block) => ({ block, apiAttribute: 'api_id' })),
  ];
  for (const { block, apiAttribute } of mappings) {
    const what = reader.address(block);
    const api = reader.apiOf(block, apiAttribute, [...REST_API, ...V2_API]);
    if (!api) continue;
    const domainAttribute = reader.attribute(block, 'domain_name');
    const ref = reader.link(domainAttribute?.value, ['aws_api_gateway_domain_name', 'aws_apigatewayv2_domain_name']);
    let domain = ref?.block ? domains.get(reader.address(ref.block)) : undefined;
    let address = ref?.block ? reader.address(ref.block) : undefined;
    if (!domain && domainAttribute) {
      const name = reader.evaluate(domainAttribute.value);
      for (const [candidate, value] of domains) {
        if (value.domainName === name) {
          domain = value;
          address = candidate;
        }
      }
      if (!domain && typeof name === 'string') domain = { domainName: name, location: domainAttribute.location };
    }
    if (!domain) {
      reader.findings.info('UNRESOLVED_REFERENCE', `${what}: domain_name names no custom domain of reader configuration`, domainAttribute?.location ?? block.location);
      continue;
    }
    if (address) mapped.add(address);
    if (api.customDomain && api.customDomain.domainName !== domain.domainName) {
      reader.findings.info('UNSUPPORTED_FEATURE', `${api.name} is mapped to several custom domains; ${api.customDomain.domainName} is simulated`, block.location);
      continue;
    }
    mapCustomDomain(api, domain);
  }
  for (const [address, domain] of domains) {
    if (!mapped.has(address)) reader.findings.info('UNUSED_DEFINITION', `${address}: ${domain.domainName} is mapped to no API of reader configuration`, domain.location!);
  }
}

export function readWafAssociations(reader: TerraformReader): void {
  for (const block of reader.ofType('aws_wafv2_web_acl_association')) {
    const what = reader.address(block);
    const resource = reader.attribute(block, 'resource_arn');
    const ref = reader.link(resource?.value, ['aws_api_gateway_stage', 'aws_apigatewayv2_stage', 'aws_api_gateway_rest_api', 'aws_apigatewayv2_api']);
    if (!ref?.block) continue; // an ALB, CloudFront or another resource: not an API of reader configuration
    const stageApi = ref.type === 'aws_api_gateway_stage' ? reader.apiOf(ref.block, 'rest_api_id', REST_API)
      : ref.type === 'aws_apigatewayv2_stage' ? reader.apiOf(ref.block, 'api_id', V2_API)
      : reader.apis.get(reader.address(ref.block));
    if (!stageApi) continue;
    const acl = reader.attribute(block, 'web_acl_arn');
    const aclRef = reader.link(acl?.value, ['aws_wafv2_web_acl', 'data.aws_wafv2_web_acl']);
    let name: string | undefined;
    if (aclRef?.block) name = reader.string(aclRef.block, 'name', reader.address(aclRef.block)) ?? aclRef.name;
    else if (acl) {
      const value = reader.evaluate(acl.value);
      name = typeof value === 'string' ? (webAclName(value) ?? value) : reader.stringValue(acl.value, `${what}: web_acl_arn`);
    }
    if (name) stageApi.wafWebAcl = name;
  }
}

/**
 * A route's key, its authorization and authorizer, and whether it needs an API key: what an
 * `aws_api_gateway_method` and an `aws_apigatewayv2_route` say alike, under their own
 * attribute and resource names. An authorization the API type does not know is a warning,
 * and NONE is simulated.
 */
export function routeWithAuthorization(reader: TerraformReader, block: HclBlock, key: string, what: string, names: { attribute: string; types: readonly AuthorizationType[]; authorizer: string }): Route {
  const written = reader.knownString(block, names.attribute, what) ?? 'NONE';
  const authorizationType = parseAuthorizationType(written, names.types) ?? 'NONE';
  if (!(names.types as readonly string[]).includes(written)) {
    reader.findings.warning('INVALID_VALUE', `${what}: ${names.attribute} ${written} is not ${names.types.slice(0, -1).join(', ')} or ${names.types.at(-1)}; NONE is simulated`, block.location);
  }
  const route: Route = { key, authorizationType, location: block.location };
  const authorizer = reader.attribute(block, 'authorizer_id');
  if (authorizer) {
    const ref = reader.link(authorizer.value, [names.authorizer]);
    if (ref) route.authorizerId = ref.block ? reader.idOf.get(reader.address(ref.block)) ?? ref.name : ref.name;
    else route.authorizerId = reader.stringValue(authorizer.value, `${what}: authorizer_id`);
  }
  const apiKeyRequired = reader.boolean(block, 'api_key_required', what);
  if (apiKeyRequired !== undefined) route.apiKeyRequired = apiKeyRequired;
  return route;
}
