/*
 * A gateway response's body template, rendered. "A GatewayResponse mapping template isn't
 * processed by the Velocity Template Language (VTL) engine": it supports "only simple variable
 * substitution" (DG api-gateway-swagger-extensions-gateway-responses.responseTemplates), of
 * `$context.*` and `$stageVariables.*` (DG api-gateway-gatewayResponse-definition).
 *
 * This is the one place that renders them, so the VTL evaluator (gateway/mapping/) can take its
 * place should it prove that API Gateway's substitution behaves like Velocity's references.
 */

export interface TemplateVariables {
  /** `$context`: nested plain values (`error.messageString`, `requestId`, `identity.sourceIp`...). */
  context: Record<string, unknown>;
  stageVariables?: Record<string, string>;
}

/** `$context.a.b`, `${context.a.b}`, `$stageVariables.name` (and their `${...}` forms). */
const REFERENCE = /\$(\{)?(context|stageVariables)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)(\})?/g;

/** The value at a dotted path, or undefined. */
export function lookupPath(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The template with each reference replaced by its value. Assumption, named: a reference with no
 * value renders as the empty string (API Gateway's substitution is not VTL, whose quiet-less
 * references would stay as written), and a non-string value as its JSON.
 */
export function renderGatewayResponseTemplate(template: string, variables: TemplateVariables): string {
  return template.replace(REFERENCE, (whole: string, open: string | undefined, root: string, dotted: string, close: string | undefined) => {
    // `${context.x` without its brace, or `$context.x}`: the brace is text, not part of the reference.
    const trailing = close && !open ? close : '';
    const value = lookupPath(root === 'context' ? variables.context : variables.stageVariables, dotted.slice(1).split('.'));
    const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return open && !close ? whole : text + trailing;
  });
}
