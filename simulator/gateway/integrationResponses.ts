import type { IntegrationResponse, IntegrationType } from '../model/gateway';
import { responseHeaderName, staticParameterValue } from '../config/aws/cors';
import { headerValue, type HeaderList } from '../net/http';

/*
 * Which integration response a REST non-proxy integration's answer takes, and so the status the
 * client gets (DG api-gateway-integration-settings-integration-response): each response's
 * selection pattern is a regular expression matched against the whole status code of an HTTP
 * backend, or against a Lambda function's errorMessage; an answer that matches none takes the
 * default response (the one without a pattern). Java's `matches` is whole-string, so the
 * pattern is anchored here. With no integration responses configured the backend's status
 * stands (an assumption: a method without them is not deployable as such, and the simulator
 * should still say what the backend answered).
 */

function matchesWhole(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 's').test(text);
  } catch {
    // A pattern JavaScript cannot read selects nothing; the default response answers.
    return false;
  }
}

/** The integration response a backend's status (HTTP) or a function's error message (Lambda) selects; undefined when none is configured. */
export function selectedIntegrationResponse(responses: readonly IntegrationResponse[] | undefined, type: IntegrationType, status: number, errorMessage?: string): IntegrationResponse | undefined {
  if (!responses || responses.length === 0) return undefined;
  const subject = type === 'AWS' ? errorMessage : String(status);
  const selected = subject === undefined ? undefined : responses.find((response) => response.selectionPattern !== undefined && matchesWhole(response.selectionPattern, subject));
  return selected ?? responses.find((response) => response.selectionPattern === undefined);
}

/** The method response status for a backend's status (HTTP) or a function's error message (Lambda). */
export function selectIntegrationResponse(responses: readonly IntegrationResponse[] | undefined, type: IntegrationType, status: number, errorMessage?: string): number {
  return selectedIntegrationResponse(responses, type, status, errorMessage)?.statusCode ?? status;
}

/**
 * The headers an integration response's responseParameters give the method response (DG
 * request-response-data-mappings): a static value in single quotes (`'*'`), or the backend's
 * header (`integration.response.header.X`). Other sources (body JSONPath) are not modelled and
 * give no header (an assumption that errs toward the browser seeing the header missing).
 */
export function integrationResponseHeaders(response: IntegrationResponse | undefined, backendHeaders: HeaderList): HeaderList {
  const headers: [string, string][] = [];
  for (const [parameter, expression] of Object.entries(response?.responseParameters ?? {})) {
    const name = responseHeaderName(parameter);
    if (!name) continue;
    const fixed = staticParameterValue(expression);
    const fromBackend = /^integration\.response\.header\.(.+)$/.exec(expression.trim())?.[1];
    const value = fixed ?? (fromBackend ? headerValue(backendHeaders, fromBackend) : undefined);
    if (value !== undefined) headers.push([name, value]);
  }
  return headers;
}
