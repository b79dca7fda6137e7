import type { GatewayModel } from '../../model/gateway';
import type { ConfigReader } from '../formatReader';
import { finishHttp, httpApiEvent } from './serverlessHttpApi';
import { keyed, ServerlessReader } from './serverlessReader';
import { finishRest, restEvent } from './serverlessRestApi';
import { websocketEvent } from './serverlessWebsocketApi';

/*
 * A Serverless Framework service (serverless.yml, v3 and v4) as the gateway model. The
 * Framework does not declare APIs: it builds them from function events, one API per kind,
 * and names them itself (lib/plugins/aws/lib/naming.js: getApiGatewayName, getHttpApiName,
 * getWebsocketsApiName; the serverless.yml reference documents the same defaults):
 *
 *   functions.*.events[].http       -> one REST API       `${stage}-${service}`             (provider.apiName overrides)
 *   functions.*.events[].httpApi    -> one HTTP API       `${stage}-${service}`             (provider.httpApi.name overrides)
 *   functions.*.events[].websocket  -> one WebSocket API  `${stage}-${service}-websockets`  (provider.websocketsApiName overrides)
 *
 * `shouldStartNameWithService: true` turns the first two into `${service}-${stage}`.
 * Every route's location is its event in the function's `events` list.
 *
 * Variables are resolved by serverlessVariables.ts; each kind of event is read by its own
 * file (serverlessRestApi.ts, serverlessHttpApi.ts, serverlessWebsocketApi.ts).
 *
 * Documentation followed (serverless.com/framework/docs/providers/aws/...):
 *   events/apigateway (REST), events/http-api (HTTP API), events/websocket, guide/serverless.yml,
 *   and /framework/docs/guides/variables.
 */

/** Reads the service: its name, provider, plugins and functions, then every function's API events. */
export function readService(reader: ServerlessReader): GatewayModel {
  const c = reader.config;
  const serviceNode = c.at(reader.root, 'service');
  // `service: {name: x}` is the v1 form.
  const service = serviceNode?.kind === 'map' ? c.text(c.at(serviceNode, 'name')) : c.text(serviceNode);
  if (service) reader.service = service;
  else reader.findings.error('MISSING_PROPERTY', 'serverless.yml has no "service" name; the API names use "service"', reader.root.location);
  const provider = c.at(reader.root, 'provider');
  const providerName = provider?.kind === 'scalar' ? c.text(provider) : c.text(c.at(provider, 'name'));
  if (providerName !== undefined && providerName.toLowerCase() !== 'aws') {
    const providerEntry = c.entry(reader.root, 'provider');
    reader.findings.error('UNSUPPORTED_FEATURE', `provider "${providerName}" is not AWS: there is no API Gateway to read`, providerEntry ? keyed(providerEntry) : reader.root.location);
    return reader.model;
  }
  reader.provider = provider?.kind === 'map' ? provider : undefined;
  reader.stage = reader.config.variables.stage();
  reader.region = reader.config.variables.region();
  reader.readPlugins();
  reader.stageLimits = reader.stageThrottle();
  reader.readFunctions();
  for (const fn of reader.functions.values()) {
    for (const item of c.items(c.at(fn.node, 'events'))) {
      for (const event of c.entries(item)) {
        if (event.key === 'http') restEvent(reader, fn, event, item.location);
        else if (event.key === 'httpApi') httpApiEvent(reader, fn, event, item.location);
        else if (event.key === 'websocket') websocketEvent(reader, fn, event, item.location);
      }
    }
  }
  finishRest(reader);
  finishHttp(reader);
  reader.noteResources();
  for (const building of [reader.rest, reader.http, reader.websocket]) if (building) reader.model.apis.push(building.api);
  return reader.model;
}

/** Reads a serverless.yml (Serverless Framework v3/v4) into the gateway model. */
export const readServerless: ConfigReader = ({ tree }, context) => {
  if (tree?.kind !== 'map') {
    context.findings.error('INVALID_CONFIG', 'a serverless.yml is a map with service, provider and functions', tree?.location ?? { file: context.file, line: 1, column: 1 });
    return { apis: [], vpcLinks: [] };
  }
  return readService(new ServerlessReader(tree, context));
};
