import type { IntegrationResponse, IntegrationType } from '../model/gateway';

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

/** The method response status for a backend's status (HTTP) or a function's error message (Lambda). */
export function selectIntegrationResponse(responses: readonly IntegrationResponse[] | undefined, type: IntegrationType, status: number, errorMessage?: string): number {
  if (!responses || responses.length === 0) return status;
  const subject = type === 'AWS' ? errorMessage : String(status);
  const selected = subject === undefined ? undefined : responses.find((response) => response.selectionPattern !== undefined && matchesWhole(response.selectionPattern, subject));
  return (selected ?? responses.find((response) => response.selectionPattern === undefined))?.statusCode ?? status;
}
