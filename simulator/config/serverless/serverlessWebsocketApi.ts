import type { Route, SourceLocation } from '../../model/gateway';
import { DEFAULT_ROUTE_SELECTION_EXPRESSION, emptyApi } from '../aws/apiDefaults';
import { identitySource } from '../aws/authorizerKinds';
import type { PEntry } from '../tree';
import { type Building, type FunctionInfo, functionOfArn, keyed, literal, type ServerlessReader } from './serverlessReader';

/*
 * The WebSocket API a service's `websocket` events build (serverless.com/framework/docs/providers/aws/events/websocket):
 * its routes and the $connect authorizer.
 */

function websocketApi(reader: ServerlessReader, location: SourceLocation): Building {
  if (reader.websocket) return reader.websocket;
  const c = reader.config;
  const externalEntry = c.entry(c.at(reader.provider, 'apiGateway'), 'websocketApiId');
  const externalId = externalEntry ? c.text(externalEntry.value) : undefined;
  const custom = c.text(c.at(reader.provider, 'websocketsApiName'));
  const api = emptyApi(literal(externalId) ? externalId : 'WebsocketsApi', externalId ?? custom ?? `${reader.stage}-${reader.service}-websockets`, 'WEBSOCKET', reader.region, reader.providerLocation('websocketsApiName') ?? location);
  // websockets/lib/stage.js: the stage is the service's stage.
  api.stages.push({ name: reader.stage, ...(c.entry(reader.provider, 'stage') ? { location: keyed(c.entry(reader.provider, 'stage')!) } : {}) });
  api.routeSelectionExpression = c.text(c.at(reader.provider, 'websocketsApiRouteSelectionExpression')) ?? DEFAULT_ROUTE_SELECTION_EXPRESSION;
  if (externalEntry) {
    reader.findings.info('EXTERNAL_API', `websocket events are added to the existing WebSocket API ${externalId}; its stage and route selection are defined elsewhere`, keyed(externalEntry));
  }
  reader.websocket = { api, routeKeys: new Set(), integrationKeys: new Map(), integrationIds: new Set() };
  return reader.websocket;
}

export function websocketEvent(reader: ServerlessReader, fn: FunctionInfo, event: PEntry, location: SourceLocation): void {
  const c = reader.config;
  const value = c.value(event.value);
  const key = value?.kind === 'scalar' ? c.text(value) : c.text(c.at(value, 'route'));
  if (!key) {
    reader.findings.error('INVALID_ROUTE', `${fn.key}: a websocket event needs a route ("$connect" or {route: ...})`, location);
    return;
  }
  const building = websocketApi(reader, location);
  const route = reader.newRoute(building, key, location);
  if (!route) return;
  const authorizer = value?.kind === 'map' ? c.entry(value, 'authorizer') : undefined;
  if (authorizer) {
    if (key === '$connect') websocketAuthorizer(reader, building, route, authorizer);
    // "AWS only supports authorizers for the $connect route" (events/websocket).
    else reader.findings.error('UNSUPPORTED_FEATURE', `${building.api.name} ${key}: WebSocket authorizers run only on $connect`, keyed(authorizer));
  }
  route.integrationId = reader.integration(building, fn.key, { type: 'AWS_PROXY', functionName: fn.lambdaName }, location);
  building.api.routes.push(route);
}

/** A REQUEST Lambda authorizer: a function name or an arn; identity source `route.request.header.Auth` by default. */
function websocketAuthorizer(reader: ServerlessReader, building: Building, route: Route, entry: PEntry): void {
  const c = reader.config;
  const value = c.value(entry.value);
  const where = keyed(entry);
  let name: string | undefined;
  let functionName: string | undefined;
  // The Framework's default identity source (events/websocket, "Using Authorizers").
  let identitySources = [identitySource('WEBSOCKET', 'header', 'Auth')];
  const fromArn = (arn: string): string => arn.split(':').pop()!;
  if (value?.kind === 'scalar') {
    const text = c.text(value) ?? '';
    if (text.includes(':')) {
      name = fromArn(text);
      functionName = functionOfArn(text);
    } else {
      name = text;
      functionName = reader.functionNamed(text, value.location, `${building.api.name} authorizer`);
    }
  } else if (value?.kind === 'map') {
    const arn = c.at(value, 'arn');
    const nameEntry = c.entry(value, 'name');
    if (arn) {
      const arnText = c.text(arn);
      functionName = arnText === undefined ? undefined : functionOfArn(arnText);
      name = arn.kind === 'scalar' ? fromArn(arnText ?? '') : c.text(nameEntry?.value);
      if (!name) {
        reader.findings.error('MISSING_PROPERTY', `${building.api.name} $connect: an authorizer whose arn is not a string needs a name`, where);
        return;
      }
    } else if (nameEntry) {
      name = c.text(nameEntry.value) ?? '';
      functionName = reader.functionNamed(name, nameEntry.value.location, `${building.api.name} authorizer`);
    } else {
      reader.findings.error('MISSING_PROPERTY', `${building.api.name} $connect: an authorizer needs a function name or an arn`, where);
      return;
    }
    identitySources = c.texts(c.at(value, 'identitySource')) ?? identitySources;
  } else {
    return;
  }
  route.authorizerId = name;
  route.authorizationType = 'CUSTOM';
  if (!building.api.authorizers.some((authorizer) => authorizer.id === name)) {
    building.api.authorizers.push({ id: name, name, type: 'REQUEST', identitySources, functionName, location: where });
  }
}
