import type { GatewayModel } from '../../model/gateway';
import { defaultStageName } from '../aws/apiDefaults';
import { DEFAULT_API_KEY_SOURCE } from '../aws/usagePlans';
import type { ConfigReader, ReaderContext } from '../formatReader';
import { get, type PNode, str } from '../tree';
import type { TemplateResource } from './intrinsics';
import { TemplateReader } from './templateReader';
import {
  applyMethodThrottles, readRestApi, readRestAuthorizer, readRestDeployment, readRestMethod, readRestStage, readRestVpcLink, readValidator,
} from './templateRestApis';
import { readDomainMapping, readDomainName, readGatewayResponse, readUsagePlan, readUsagePlanKey, readWafAssociation } from './templateSharedFeatures';
import { readV2Api, readV2Authorizer, readV2Integration, readV2Route, readV2Stage, readV2VpcLink, resolveVpcLinkTargets } from './templateV2Apis';

/*
 * A CloudFormation template (YAML or JSON; hand-written, SAM-translated or CDK-synthesized) as
 * the gateway model, read in phases so that the SAM reader can add its own APIs between them:
 * APIs and VPC links first, then everything that hangs off an API, then what needs them all.
 */

/** API Gateway resource types that change nothing the simulator models; read without a word. */
const QUIET_TYPES = new Set([
  'AWS::ApiGateway::Account', 'AWS::ApiGatewayV2::Deployment', 'AWS::ApiGatewayV2::RouteResponse', 'AWS::ApiGatewayV2::IntegrationResponse',
  'AWS::ApiGatewayV2::Model', 'AWS::ApiGateway::DocumentationPart', 'AWS::ApiGateway::DocumentationVersion', 'AWS::ApiGateway::ClientCertificate',
]);

/** Phase 1: the APIs and VPC links; `extra` reads the types another reader (SAM) adds. */
export function readApiResources(reader: TemplateReader, extra: Record<string, (resource: TemplateResource) => void> = {}): void {
  for (const resource of reader.resources()) {
    const read = extra[resource.type];
    if (read) {
      read(resource);
      continue;
    }
    switch (resource.type) {
      case 'AWS::ApiGateway::RestApi': readRestApi(reader, resource); break;
      case 'AWS::ApiGatewayV2::Api': readV2Api(reader, resource); break;
      case 'AWS::ApiGateway::VpcLink': readRestVpcLink(reader, resource); break;
      case 'AWS::ApiGatewayV2::VpcLink': readV2VpcLink(reader, resource); break;
      default: break;
    }
  }
}

/** Phase 2: everything that hangs off an API, in an order where what a resource names is read before it. */
export function readApiParts(reader: TemplateReader): void {
  const phases: [string[], (resource: TemplateResource) => void][] = [
    [['AWS::ApiGateway::Authorizer'], (resource) => readRestAuthorizer(reader, resource)],
    [['AWS::ApiGateway::RequestValidator'], (resource) => readValidator(reader, resource)],
    [['AWS::ApiGateway::Method'], (resource) => readRestMethod(reader, resource)],
    [['AWS::ApiGatewayV2::Authorizer'], (resource) => readV2Authorizer(reader, resource)],
    [['AWS::ApiGatewayV2::Integration'], (resource) => readV2Integration(reader, resource)],
    [['AWS::ApiGatewayV2::Route'], (resource) => readV2Route(reader, resource)],
    // Stage resources before deployments: SAM's deployments also make a stage named "Stage",
    // which should not come first.
    [['AWS::ApiGateway::Stage'], (resource) => readRestStage(reader, resource)],
    [['AWS::ApiGateway::Deployment'], (resource) => readRestDeployment(reader, resource)],
    [['AWS::ApiGatewayV2::Stage'], (resource) => readV2Stage(reader, resource)],
    [['AWS::ApiGateway::UsagePlan'], (resource) => readUsagePlan(reader, resource)],
    [['AWS::ApiGateway::UsagePlanKey'], (resource) => readUsagePlanKey(reader, resource)],
    [['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'], (resource) => readDomainName(reader, resource)],
    [['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGatewayV2::ApiMapping'], (resource) => readDomainMapping(reader, resource)],
    [['AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation'], (resource) => readWafAssociation(reader, resource)],
    [['AWS::ApiGateway::GatewayResponse'], (resource) => readGatewayResponse(reader, resource)],
  ];
  for (const [types, read] of phases) for (const resource of reader.ofType(...types)) read(resource);
  const known = new Set(phases.flatMap(([types]) => types));
  for (const type of ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::VpcLink', 'AWS::ApiGatewayV2::VpcLink', 'AWS::ApiGateway::Resource', 'AWS::ApiGateway::Model', 'AWS::ApiGateway::ApiKey']) known.add(type);
  for (const resource of reader.resources()) {
    if (known.has(resource.type) || QUIET_TYPES.has(resource.type) || reader.handledTypes.has(resource.type)) continue;
    if (resource.type.startsWith('AWS::ApiGateway')) {
      reader.context.findings.info('IGNORED_RESOURCE', `${resource.id}: ${resource.type} is not simulated`, resource.location);
    }
  }
}

/** Phase 3: what needs every API read (method throttles, VPC link targets, default stages), and the model. */
export function finishTemplate(reader: TemplateReader): GatewayModel {
  applyMethodThrottles(reader);
  resolveVpcLinkTargets(reader);
  for (const api of reader.apis.values()) {
    if (api.stages.length === 0) {
      const name = defaultStageName(api.type);
      api.stages.push({ name, ...(api.location ? { location: api.location } : {}) });
      reader.context.findings.info('NO_STAGE', `${api.name}: no stage is declared, so the API is not deployed; simulated as stage ${name}`, api.location ?? { file: reader.context.file, line: 1, column: 1 });
    }
    if (api.type === 'REST') api.apiKeySource ??= DEFAULT_API_KEY_SOURCE;
  }
  return { apis: [...reader.apis.values()], vpcLinks: [...reader.vpcLinks.values()] };
}

/** Reports the template's transforms other than SAM's (macros, AWS::LanguageExtensions): they are not applied here. */
export function reportTransforms(tree: PNode | undefined, context: ReaderContext): void {
  const transform = get(tree, 'Transform');
  for (const name of transform?.kind === 'seq' ? transform.items.map(str) : [str(transform)]) {
    if (name && !name.startsWith('AWS::Serverless')) {
      context.findings.info('UNSUPPORTED_FEATURE', `the ${name} transform runs at deployment and is not applied here`, transform!.location);
    }
  }
  if (!get(tree, 'Resources')) {
    context.findings.error('MISSING_PROPERTY', 'the template has no Resources section', tree?.location ?? { file: context.file, line: 1, column: 1 });
  }
}

/**
 * SAM's resource types exist only through its transform: CloudFormation rejects a template
 * that has them without `Transform: AWS::Serverless-2016-10-31` ("Unrecognized resource
 * types"). Said at each, or a SAM template that lost its transform line reads as empty.
 */
function reportServerlessWithoutTransform(reader: TemplateReader): void {
  for (const resource of reader.resources()) {
    if (!resource.type.startsWith('AWS::Serverless::')) continue;
    reader.context.findings.error('MISSING_TRANSFORM', `${resource.id}: ${resource.type} needs the template's Transform: AWS::Serverless-2016-10-31, without which CloudFormation rejects it; it is not read`, resource.location);
  }
}

/** A CloudFormation template (YAML or JSON; hand-written, SAM-translated or CDK-synthesized). */
export const readCloudFormation: ConfigReader = (input, context) => {
  const reader = new TemplateReader(input.tree, context);
  reportTransforms(input.tree, context);
  reportServerlessWithoutTransform(reader);
  readApiResources(reader);
  readApiParts(reader);
  return finishTemplate(reader);
};
