import type { SamRestCors } from '../aws/cors';
import type { Api, Integration, Route, SourceLocation, Stage } from '../../model/gateway';
import { defaultStageName } from '../aws/apiDefaults';
import { serviceAction, serviceActionUri } from '../aws/arns';
import { DEFAULT_CONNECTION_TYPE } from '../aws/integrationTypes';
import type { PEntry, PNode } from '../tree';
import { declaredAt, intrinsicName, referencedResource, resolveValue, Symbolic, type TemplateResource } from './intrinsics';
import type { TemplateReader } from './templateReader';

/*
 * What every part of a SAM template's reading needs: the template itself (a TemplateReader,
 * which also reads the plain CloudFormation in it), the SAM APIs being built with what SAM
 * will do to them, the Globals sections SAM applies, and how an event finds its API and its
 * integration. The translator's names are samtranslator/model/api and eventsources/push.py.
 */

export const FUNCTION = 'AWS::Serverless::Function';
export const REST_API = 'AWS::Serverless::Api';
export const HTTP_API = 'AWS::Serverless::HttpApi';
export const STATE_MACHINE = 'AWS::Serverless::StateMachine';
/** The APIs SAM makes for events that name none: stage Prod, and HTTP API stage $default. */
export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';
export const IMPLICIT_REST_STAGE = 'Prod';

/** An AWS::Serverless::Api or HttpApi being read, with what SAM applies to it once every event is in. */
export interface SamApi {
  api: Api;
  resource: TemplateResource;
  stage: Stage;
  /** SAM writes the definition (no DefinitionBody/DefinitionUri of yours): events add routes. */
  managed: boolean;
  /** An inline DefinitionBody (HttpApi events are still added to it). */
  inlineBody: boolean;
  mergeDefinitions: boolean;
  defaultAuthorizer?: string;
  apiKeyRequired: boolean;
  authToPreflight: boolean;
  apiKeyToPreflight: boolean;
  iamAuthorizer: boolean;
  cors?: SourceLocation;
  /** What Cors says the preflight answers (its values as written, already quoted: `"'*'"`). */
  corsValues?: SamRestCors;
  /** Models (name -> JSON schema and where it is declared). */
  models: Map<string, { schema: unknown; location: SourceLocation }>;
  /** Routes that came from your definition (SAM applies the API's default auth to them too). */
  definitionRoutes: Set<Route>;
}

export class SamReader {
  /** The SAM APIs by logical id, the implicit ones included once an event has made them. */
  readonly apis = new Map<string, SamApi>();
  /** Each Globals section with only the properties SAM supports there (samGlobals.ts). */
  readonly supportedGlobals = new Map<string, PNode>();
  /** Whether the SHARED usage plan exists yet: the first API that asks for it makes it. */
  sharedPlanMade = false;

  constructor(readonly template: TemplateReader) {}

  get findings() {
    return this.template.context.findings;
  }

  /** An API read: the model gets it, and SAM's finishing steps will see it. */
  add(sam: SamApi): SamApi {
    this.template.apis.set(sam.resource.id, sam.api);
    this.apis.set(sam.resource.id, sam);
    return sam;
  }

  /** The logical ids SAM generates, so references to them (`!Ref MyApiProdStage`) are not dangling. */
  registerGenerated(): void {
    const reader = this.template;
    const generated = reader.intrinsics.generatedResources;
    for (const id of [IMPLICIT_REST_API, `${IMPLICIT_REST_API}${IMPLICIT_REST_STAGE}Stage`, `${IMPLICIT_REST_API}Deployment`, IMPLICIT_HTTP_API, `${IMPLICIT_HTTP_API}ApiGatewayDefaultStage`, 'ServerlessUsagePlan', 'ServerlessApiKey', 'ServerlessUsagePlanKey']) generated.add(id);
    for (const resource of reader.intrinsics.resources.values()) {
      if (resource.type === REST_API || resource.type === HTTP_API) {
        const stage = reader.literal(reader.prop(resource.properties, 'StageName')) ?? (resource.type === HTTP_API ? defaultStageName('HTTP') : '');
        generated.add(stage === defaultStageName('HTTP') ? `${resource.id}ApiGatewayDefaultStage` : `${resource.id}${stage.replace(/[^A-Za-z0-9]/g, '')}Stage`);
        for (const suffix of ['Deployment', 'UsagePlan', 'ApiKey', 'UsagePlanKey', 'DomainName', 'BasePathMapping', 'ApiMapping']) generated.add(`${resource.id}${suffix}`);
      } else if (resource.type === FUNCTION) {
        for (const suffix of ['Role', 'Version', 'Alias', 'Url']) generated.add(`${resource.id}${suffix}`);
      }
    }
  }

  /** DefinitionBody (inline) or DefinitionUri (a local file; S3 is reported) through openapi/openApiDocument.ts. */
  definition(resource: TemplateResource, props: PNode | undefined, apiType: 'REST' | 'HTTP', name: string | undefined, implicit: boolean): { imported?: Api; managed: boolean; inline: boolean } {
    const reader = this.template;
    if (implicit) return { managed: true, inline: false };
    const body = reader.prop(props, 'DefinitionBody');
    if (body) return { imported: reader.importOpenApi(body, resource, apiType, name), managed: false, inline: intrinsicName(body) !== 'Fn::Transform' };
    const uri = reader.prop(props, 'DefinitionUri');
    if (!uri) return { managed: true, inline: false };
    if (uri.kind === 'map' && !intrinsicName(uri)) {
      this.findings.warning('MISSING_FILE', `${resource.id}: the definition is in S3 (${reader.describeS3(uri)}) and cannot be read here; the routes it declares are missing`, uri.location);
      return { managed: false, inline: false };
    }
    const path = reader.string(uri);
    if (!path) return { managed: false, inline: false };
    const document = reader.readSiblingDocument(path, resource, uri.location);
    return { imported: document ? reader.importOpenApi(document, resource, apiType, name) : undefined, managed: false, inline: false };
  }

  /**
   * The SAM API of an event: the one its RestApiId / ApiId names (undefined, reported, when
   * that is none of the right type), else the implicit ServerlessRestApi / ServerlessHttpApi,
   * which `readImplicit` makes on the first event that needs it, configured by Globals.Api /
   * Globals.HttpApi.
   */
  eventApi(type: 'REST' | 'HTTP', idNode: PNode | undefined, event: PEntry, owner: TemplateResource, readImplicit: (resource: TemplateResource) => SamApi): SamApi | undefined {
    if (!idNode) {
      const id = type === 'REST' ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
      return this.apis.get(id) ?? readImplicit({
        id, type: type === 'REST' ? REST_API : HTTP_API, node: event.value, keyLocation: event.keyLocation, location: declaredAt(event.keyLocation, event.value),
        properties: this.supportedGlobals.get(type === 'REST' ? 'Api' : 'HttpApi'),
      });
    }
    const reader = this.template;
    // RestApiId/ApiId is a Ref or the logical id as a plain string (samtranslator push.py get_rest_api_id_string).
    const value = resolveValue(idNode, reader.intrinsics);
    if (value instanceof Symbolic && value.refs.length === 0) return undefined; // a dangling reference, already reported
    const target = referencedResource(idNode, reader.intrinsics)?.resource ?? reader.string(idNode);
    const sam = target ? this.apis.get(target) : undefined;
    const wanted = type === 'REST' ? REST_API : HTTP_API;
    if (sam && sam.resource.type === wanted) return sam;
    if (target && reader.skipped.has(target)) return undefined;
    // SAM: "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template."
    this.findings.error('INVALID_REFERENCE', `${owner.id} event ${event.key}: ${type === 'REST' ? 'RestApiId' : 'ApiId'} must refer to an ${wanted} of this template${target ? `, not ${target}` : ''}`, idNode.location);
    return undefined;
  }

  /** What an event's route invokes: its function through a Lambda proxy integration, or its state machine's StartExecution. */
  integrationFor(owner: TemplateResource, event: PEntry, api: Api): Integration {
    const location = declaredAt(event.keyLocation, event.value);
    if (owner.type === STATE_MACHINE) {
      // A state machine's Api event starts an execution through an AWS integration (SAM StateMachine "Api" event).
      const uri = serviceActionUri(api.region, 'states', 'StartExecution');
      return { id: `${owner.id}${event.key}`, type: 'AWS', serviceAction: serviceAction(uri), uri, connectionType: DEFAULT_CONNECTION_TYPE, location };
    }
    return { id: `${owner.id}${event.key}`, type: 'AWS_PROXY', functionName: this.template.functionName(owner.id), connectionType: DEFAULT_CONNECTION_TYPE, location };
  }
}
