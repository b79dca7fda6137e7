import type { Api, CustomDomain, GatewayResponseOverride, SourceLocation, UsagePlan } from '../../model/gateway';
import { webAclName } from '../aws/arns';
import { addGatewayResponse, gatewayResponseOverride } from '../aws/gatewayResponseTypes';
import { defaultDomainEndpointType, mapCustomDomain } from '../aws/customDomains';
import { parseQuotaPeriod } from '../aws/usagePlans';
import type { PNode } from '../tree';
import { propEntries, propItems, referencedResource, referencedResources, type TemplateResource } from './intrinsics';
import type { TemplateReader } from './templateReader';

/*
 * What REST and V2 APIs of a template share: usage plans and their keys, custom domain names
 * and the mappings that put an API behind one, WAF web ACL associations, and gateway responses.
 */

export function readUsagePlan(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const throttleNode = reader.prop(props, 'Throttle');
  const quotaNode = reader.prop(props, 'Quota');
  const plan = usagePlanFrom(reader, resource.id, reader.string(reader.prop(props, 'UsagePlanName')) ?? resource.id, throttleNode, quotaNode, resource.location);
  const stages = propItems(reader.prop(props, 'ApiStages'), reader.intrinsics);
  if (stages.length === 0) reader.context.findings.info('UNUSED_USAGE_PLAN', `${resource.id}: the usage plan names no API stage (ApiStages) and applies to none`, resource.location);
  for (const apiStage of stages) {
    const api = reader.apiFor(reader.prop(apiStage, 'ApiId'), resource, 'ApiStages.ApiId');
    if (!api) continue;
    if (propEntries(reader.prop(apiStage, 'Throttle'), reader.intrinsics).length > 0) {
      reader.context.findings.info('IGNORED_PROPERTY', `${resource.id}: per-method throttles in ApiStages are not simulated; the plan's Throttle applies`, reader.prop(apiStage, 'Throttle')!.location);
    }
    attachUsagePlan(api, plan);
  }
}

/** A usage plan from CloudFormation's (or SAM's) Throttle {RateLimit, BurstLimit} and Quota {Limit, Period}. */
export function usagePlanFrom(reader: TemplateReader, id: string, name: string, throttleNode: PNode | undefined, quotaNode: PNode | undefined, location: SourceLocation): UsagePlan {
  const plan: UsagePlan = { id, name, apiKeys: [], location };
  const throttle = reader.throttle(throttleNode, 'RateLimit', 'BurstLimit');
  if (throttle) plan.throttle = throttle;
  const limit = reader.number(reader.prop(quotaNode, 'Limit'));
  const period = parseQuotaPeriod(reader.literal(reader.prop(quotaNode, 'Period')));
  if (limit !== undefined && period) plan.quota = { limit, period };
  else if (quotaNode) reader.context.findings.error('INVALID_VALUE', `${id}: Quota needs a Limit and a Period of DAY, WEEK or MONTH`, quotaNode.location);
  reader.usagePlans.set(id, plan);
  return plan;
}

export function attachUsagePlan(api: Api, plan: UsagePlan): void {
  api.usagePlans ??= [];
  if (!api.usagePlans.includes(plan)) api.usagePlans.push(plan);
}

/** The usage plan a logical id names (CloudFormation's or one SAM generated). */
export function usagePlanById(reader: TemplateReader, id: string): UsagePlan | undefined {
  return reader.usagePlans.get(id);
}

export function readUsagePlanKey(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const planRef = referencedResource(reader.prop(props, 'UsagePlanId'), reader.intrinsics);
  const plan = planRef && reader.usagePlans.get(planRef.resource);
  if (!plan) {
    if (!planRef) reader.context.findings.warning('UNRESOLVED_REFERENCE', `${resource.id}: the usage plan is not declared in reader template`, resource.location);
    return;
  }
  plan.apiKeys.push(apiKeyName(reader, reader.prop(props, 'KeyId')));
}

/** An API key's value when it is written in the template, otherwise its logical id (symbolic). */
function apiKeyName(reader: TemplateReader, node: PNode | undefined): string {
  const ref = referencedResource(node, reader.intrinsics);
  if (!ref) return reader.string(node) ?? '?';
  const key = reader.intrinsics.resources.get(ref.resource);
  return (key && reader.literal(reader.prop(key.properties, 'Value'))) ?? ref.resource;
}

export function readDomainName(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const domainName = reader.string(reader.prop(props, 'DomainName'));
  if (!domainName) {
    reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: DomainName is required`, resource.location);
    return;
  }
  const domain: CustomDomain = { domainName, location: resource.location };
  if (resource.type === 'AWS::ApiGateway::DomainName') {
    const policy = reader.literal(reader.prop(props, 'SecurityPolicy'));
    if (policy) domain.securityPolicy = policy;
    const endpoint = reader.endpointType(reader.prop(reader.prop(props, 'EndpointConfiguration'), 'Types'));
    domain.endpointType = endpoint ?? defaultDomainEndpointType('REST');
  } else {
    const configuration = propItems(reader.prop(props, 'DomainNameConfigurations'), reader.intrinsics)[0];
    const policy = reader.literal(reader.prop(configuration, 'SecurityPolicy'));
    if (policy) domain.securityPolicy = policy;
    domain.endpointType = defaultDomainEndpointType('V2');
  }
  reader.domains.set(resource.id, domain);
}

export function readDomainMapping(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const rest = resource.type === 'AWS::ApiGateway::BasePathMapping';
  const api = reader.apiFor(reader.prop(props, rest ? 'RestApiId' : 'ApiId'), resource, rest ? 'RestApiId' : 'ApiId');
  if (!api) return;
  const domainNode = reader.prop(props, 'DomainName');
  const ref = referencedResource(domainNode, reader.intrinsics);
  let domain = ref ? reader.domains.get(ref.resource) : undefined;
  if (!domain) {
    const name = reader.string(domainNode);
    if (!name) return;
    domain = [...reader.domains.values()].find((candidate) => candidate.domainName === name) ?? { domainName: name, location: resource.location };
  }
  mapCustomDomain(api, domain);
}

export function readWafAssociation(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const arnNode = reader.prop(props, 'ResourceArn');
  const api = apiOfArn(reader, arnNode);
  if (!api) {
    const text = reader.string(arnNode) ?? '';
    if (/apigateway|restapis/.test(text)) reader.context.findings.info('UNRESOLVED_REFERENCE', `${resource.id}: the web ACL is associated with an API stage not declared in reader template (${text})`, arnNode?.location ?? resource.location);
    return;
  }
  const aclNode = reader.prop(props, resource.type === 'AWS::WAFv2::WebACLAssociation' ? 'WebACLArn' : 'WebACLId');
  const aclRef = referencedResource(aclNode, reader.intrinsics);
  const acl = aclRef ? reader.intrinsics.resources.get(aclRef.resource) : undefined;
  const aclText = reader.string(aclNode) ?? resource.id;
  api.wafWebAcl = (acl && reader.literal(reader.prop(acl.properties, 'Name'))) ?? aclRef?.resource ?? webAclName(aclText) ?? aclText;
}

/** The API a stage ARN (`arn:aws:apigateway:{region}::/restapis/{id}/stages/{stage}`) refers to. */
function apiOfArn(reader: TemplateReader, node: PNode | undefined): Api | undefined {
  for (const ref of referencedResources(node, reader.intrinsics)) {
    const api = reader.apis.get(ref.resource);
    if (api) return api;
    const owner = reader.intrinsics.resources.get(ref.resource);
    if (owner?.type === 'AWS::ApiGateway::Stage' || owner?.type === 'AWS::ApiGatewayV2::Stage') {
      const apiRef = referencedResource(reader.prop(owner.properties, owner.type === 'AWS::ApiGateway::Stage' ? 'RestApiId' : 'ApiId'), reader.intrinsics);
      if (apiRef && reader.apis.has(apiRef.resource)) return reader.apis.get(apiRef.resource);
    }
  }
  return undefined;
}

/** AWS::ApiGateway::GatewayResponse: RestApiId, ResponseType, StatusCode, ResponseParameters, ResponseTemplates. */
export function readGatewayResponse(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const api = reader.apiFor(reader.prop(props, 'RestApiId'), resource, 'RestApiId');
  if (!api) return;
  const typeNode = reader.prop(props, 'ResponseType');
  const type = reader.literal(typeNode);
  if (type === undefined) {
    reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: a gateway response needs a ResponseType`, resource.location);
    return;
  }
  const parameters = propEntries(reader.prop(props, 'ResponseParameters'), reader.intrinsics).map((item): [string, string] => [item.key, reader.string(item.value) ?? '']);
  addGatewayResponse(api, gatewayResponseFrom(reader, type, reader.prop(props, 'StatusCode'), parameters, reader.prop(props, 'ResponseTemplates'), typeNode!.location));
}

/** One gateway response from a template's nodes (AWS::ApiGateway::GatewayResponse, SAM GatewayResponses). */
export function gatewayResponseFrom(
  reader: TemplateReader, type: string, statusNode: PNode | undefined, parameters: [string, string][], templatesNode: PNode | undefined, location: SourceLocation,
): GatewayResponseOverride {
  return gatewayResponseOverride(type, reader.literal(statusNode), parameters, Object.entries(reader.templates(templatesNode) ?? {}), location);
}

