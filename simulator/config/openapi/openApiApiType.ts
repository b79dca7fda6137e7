import type { SourceLocation } from '../../model/gateway';
import { isFunctionArn } from '../aws/arns';
import { entries, entry, get, items, str } from '../tree';
import { ANY_METHOD, EXTENSION, METHODS, type OpenApiReader, type Signal } from './openApiReader';

/*
 * Whether a definition is a REST or an HTTP API, when the caller does not say: the signals
 * each kind has and the other lacks, with a finding when there are none or they disagree.
 */

/**
 * REST or HTTP, from what only one of them has (developer guide, "Choose between REST APIs
 * and HTTP APIs"; "Working with OpenAPI definitions for HTTP APIs"). Nothing either way
 * means REST: import-rest-api is what takes a plain definition.
 */
export function detectType(reader: OpenApiReader): 'REST' | 'HTTP' {
  const signals: Signal[] = [];
  const add = (type: Signal['type'], what: string, location: SourceLocation): void => {
    if (!signals.some((signal) => signal.type === type && signal.what === what)) signals.push({ type, what, location });
  };
  const swagger = entry(reader.root, 'swagger');
  if (swagger) add('REST', 'Swagger 2.0 (HTTP APIs import OpenAPI 3 only)', swagger.keyLocation);
  for (const item of reader.root.entries) {
    switch (item.key) {
      case `${EXTENSION}cors`: add('HTTP', 'x-amazon-apigateway-cors', item.keyLocation); break;
      case `${EXTENSION}importexport-version`: add('HTTP', 'x-amazon-apigateway-importexport-version', item.keyLocation); break;
      case `${EXTENSION}request-validators`:
      case `${EXTENSION}request-validator`: add('REST', 'request validators', item.keyLocation); break;
      case `${EXTENSION}api-key-source`: add('REST', 'x-amazon-apigateway-api-key-source', item.keyLocation); break;
      case `${EXTENSION}gateway-responses`: add('REST', 'gateway responses', item.keyLocation); break;
      case `${EXTENSION}binary-media-types`: add('REST', 'binary media types', item.keyLocation); break;
      case `${EXTENSION}minimum-compression-size`: add('REST', 'minimum compression size', item.keyLocation); break;
      case `${EXTENSION}policy`: add('REST', 'a resource policy', item.keyLocation); break;
      case `${EXTENSION}documentation`: add('REST', 'documentation parts', item.keyLocation); break;
      case `${EXTENSION}security-policy`: add('REST', 'x-amazon-apigateway-security-policy', item.keyLocation); break;
      default: break;
    }
  }
  const components = get(reader.root, 'components');
  const shared = entry(components, `${EXTENSION}integrations`);
  if (shared) add('HTTP', 'x-amazon-apigateway-integrations', shared.keyLocation);
  const endpoint = [get(reader.root, `${EXTENSION}endpoint-configuration`), ...items(get(reader.root, 'servers')).map((server) => get(server, `${EXTENSION}endpoint-configuration`))].find(Boolean);
  const vpcEndpoints = entry(endpoint, 'vpcEndpointIds');
  if (vpcEndpoints) add('REST', 'VPC endpoints (private APIs)', vpcEndpoints.keyLocation);
  for (const scheme of entries(reader.swagger ? get(reader.root, 'securityDefinitions') : get(components, 'securitySchemes'))) {
    const authorizer = get(scheme.value, `${EXTENSION}authorizer`);
    const type = str(get(authorizer, 'type'))?.toLowerCase();
    if (type === 'jwt') add('HTTP', 'a JWT authorizer', scheme.keyLocation);
    if (type === 'token') add('REST', 'a TOKEN Lambda authorizer', scheme.keyLocation);
    if (type === 'cognito_user_pools' || str(get(scheme.value, `${EXTENSION}authtype`))?.toLowerCase() === 'cognito_user_pools') add('REST', 'a Cognito user pool authorizer', scheme.keyLocation);
    for (const key of ['authorizerPayloadFormatVersion', 'enableSimpleResponses']) {
      const found = entry(authorizer, key);
      if (found) add('HTTP', key, found.keyLocation);
    }
    if (!authorizer && !get(scheme.value, `${EXTENSION}authtype`) && str(get(scheme.value, 'type')) === 'apiKey' && str(get(scheme.value, 'name'))?.toLowerCase() === 'x-api-key') {
      add('REST', 'API keys', scheme.keyLocation);
    }
  }
  for (const path of entries(get(reader.root, 'paths'))) {
    if (path.key === '/$default') add('HTTP', 'the $default route', path.keyLocation);
    for (const operation of entries(path.value)) {
      if (!METHODS.has(operation.key.toLowerCase()) && operation.key !== ANY_METHOD) continue;
      const isDefault = entry(operation.value, 'isDefaultRoute');
      if (isDefault) add('HTTP', 'isDefaultRoute', isDefault.keyLocation);
      const validator = entry(operation.value, `${EXTENSION}request-validator`);
      if (validator) add('REST', 'request validators', validator.keyLocation);
      const integration = entry(operation.value, `${EXTENSION}integration`);
      if (!integration || get(integration.value, '$ref')) continue;
      for (const key of ['payloadFormatVersion', 'integrationSubtype']) {
        const found = entry(integration.value, key);
        if (found) add('HTTP', key, found.keyLocation);
      }
      const type = str(get(integration.value, 'type'))?.toLowerCase();
      if (type === 'aws' || type === 'http' || type === 'mock') add('REST', `${type.toUpperCase()} (non-proxy) integrations`, integration.keyLocation);
      const templates = entry(integration.value, 'requestTemplates');
      if (templates) add('REST', 'mapping templates', templates.keyLocation);
      const uri = str(get(integration.value, 'uri'));
      if (uri && isFunctionArn(uri)) add('HTTP', 'a Lambda function ARN as integration URI', integration.keyLocation);
    }
  }
  const rest = signals.filter((signal) => signal.type === 'REST');
  const http = signals.filter((signal) => signal.type === 'HTTP');
  const at = (signal: Signal): string => `${signal.what} (line ${signal.location.line})`;
  if (rest.length === 0 && http.length === 0) {
    reader.findings.info('API_TYPE_INFERRED', 'nothing in the definition is specific to REST or HTTP APIs; read as a REST API (as import-rest-api would create it)', reader.options.location);
    return 'REST';
  }
  if (rest.length === 0) return 'HTTP';
  if (http.length === 0) return 'REST';
  const type = http.length > rest.length ? 'HTTP' : 'REST';
  const [chosen, other] = type === 'HTTP' ? [http, rest] : [rest, http];
  reader.findings.warning('API_TYPE_INFERRED', `read as a${type === 'HTTP' ? 'n HTTP' : ' REST'} API for ${chosen.map(at).join(', ')}; but ${other.map(at).join(', ')} belong to ${type === 'HTTP' ? 'REST' : 'HTTP'} APIs`, other[0].location);
  return type;
}
