import type { ConfigReader } from '../formatReader';
import { finishTemplate, readApiParts, readApiResources, reportTransforms } from './cloudFormationTemplate';
import { propEntries } from './intrinsics';
import { applyGlobals } from './samGlobals';
import { readHttpApiEvent, readSamHttpApi } from './samHttpApi';
import { FUNCTION, HTTP_API, REST_API, SamReader, STATE_MACHINE } from './samReader';
import { addCorsPreflights, readApiEvent, readSamRestApi } from './samRestApi';
import { applyDefaultAuth } from './samSharedFeatures';
import { TemplateReader } from './templateReader';

/*
 * AWS SAM templates (Transform: AWS::Serverless-2016-10-31), read the way the SAM translator
 * expands them (AWS SAM Developer Guide, "AWS SAM resources and properties"), in the phases of
 * cloudFormationTemplate.ts with SAM's own steps between them:
 *
 * - Globals merge into each resource (samGlobals.ts).
 * - AWS::Serverless::Api and AWS::Serverless::HttpApi become REST and HTTP APIs, and function
 *   events of Type Api / HttpApi their routes, with a Lambda proxy integration (samRestApi.ts,
 *   samHttpApi.ts); events that name no API go to the implicit ServerlessRestApi and
 *   ServerlessHttpApi.
 * - Once every route is in, the default authorizer and API key requirement reach the routes
 *   of your own definition, and Cors its preflight routes (samSharedFeatures.ts, samRestApi.ts).
 * - Everything else (WebSocket APIs, WAF associations, plain API Gateway resources) is plain
 *   CloudFormation, read by TemplateReader.
 */

/** Function and state machine events: Api events add REST routes, HttpApi events (functions only) HTTP routes. */
function readEvents(samReader: SamReader): void {
  const reader = samReader.template;
  for (const owner of reader.ofType(FUNCTION, STATE_MACHINE)) {
    const props = reader.properties(owner);
    for (const event of propEntries(reader.prop(props, 'Events'), reader.intrinsics)) {
      const type = reader.literal(reader.prop(event.value, 'Type'));
      const eventProps = reader.prop(event.value, 'Properties');
      if (type === 'Api') readApiEvent(samReader, owner, event, eventProps);
      else if (type === 'HttpApi' && owner.type === FUNCTION) readHttpApiEvent(samReader, owner, event, eventProps);
    }
  }
}

/** AWS::Serverless::* types this reader does not turn into gateway elements. */
function reportUnmodeled(samReader: SamReader): void {
  for (const resource of samReader.template.resources()) {
    if (!resource.type.startsWith('AWS::Serverless::') || [FUNCTION, REST_API, HTTP_API, STATE_MACHINE].includes(resource.type)) continue;
    const note = resource.type === 'AWS::Serverless::WebSocketApi' ? '; declare WebSocket APIs with AWS::ApiGatewayV2 resources to simulate them' : '';
    samReader.findings.info('IGNORED_RESOURCE', `${resource.id}: ${resource.type} is not part of the gateway model${note}`, resource.location);
  }
}

/** An AWS SAM template: SAM resources and events, plus any plain CloudFormation API Gateway resources in it. */
export const readSam: ConfigReader = (input, context) => {
  const reader = new TemplateReader(input.tree, context);
  reportTransforms(input.tree, context);
  const samReader = new SamReader(reader);
  applyGlobals(samReader);
  samReader.registerGenerated();
  for (const type of [FUNCTION, REST_API, HTTP_API, STATE_MACHINE]) reader.handledTypes.add(type);
  readApiResources(reader, {
    [REST_API]: (resource) => readSamRestApi(samReader, resource),
    [HTTP_API]: (resource) => readSamHttpApi(samReader, resource),
  });
  readEvents(samReader);
  readApiParts(reader);
  // What SAM applies to the whole definition once every event's route is in.
  for (const sam of samReader.apis.values()) {
    applyDefaultAuth(samReader, sam);
    if (sam.api.type === 'REST') addCorsPreflights(samReader, sam);
  }
  reportUnmodeled(samReader);
  return finishTemplate(reader);
};
