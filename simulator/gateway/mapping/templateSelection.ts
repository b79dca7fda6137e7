import type { PassthroughBehavior } from '../../model/gateway';

/**
 * Which mapping template a request gets, and what happens when none fits (DG
 * integration-passthrough-behaviors): the request's `Content-Type` selects the template; a
 * request without one is treated as `application/json`. When no template matches:
 *
 *   passthroughBehavior  | templates defined, none matches | no templates defined
 *   ---------------------+---------------------------------+---------------------
 *   WHEN_NO_MATCH        | body passed through as is       | passed through
 *   WHEN_NO_TEMPLATES    | 415 Unsupported Media Type      | passed through
 *   NEVER                | 415 Unsupported Media Type      | 415
 *
 * (The DG's examples 1 and 2; NEVER with no templates at all is 415 per the DG's definition of
 * NEVER and the CDK's PassthroughBehavior: "Rejects unmapped content types with an HTTP 415".)
 * WHEN_NO_MATCH is the default (API reference, Integration.passthroughBehavior).
 */

export type RequestTemplateChoice =
  | { kind: 'template'; contentType: string; template: string }
  | { kind: 'passthrough' }
  | { kind: 'unsupported-media-type' };

/** The media type without parameters, lower case: `Application/JSON; charset=utf-8` -> `application/json`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function find(templates: Readonly<Record<string, string>>, type: string): [string, string] | undefined {
  return Object.entries(templates).find(([key]) => mediaType(key) === type);
}

export function selectRequestTemplate(
  templates: Readonly<Record<string, string>> | undefined,
  contentType: string | undefined,
  behavior: PassthroughBehavior = 'WHEN_NO_MATCH',
): RequestTemplateChoice {
  const defined = templates ?? {};
  const type = mediaType(contentType) || 'application/json';
  const match = find(defined, type);
  if (match) return { kind: 'template', contentType: match[0], template: match[1] };
  const none = Object.keys(defined).length === 0;
  if (behavior === 'WHEN_NO_MATCH' || (behavior === 'WHEN_NO_TEMPLATES' && none)) return { kind: 'passthrough' };
  return { kind: 'unsupported-media-type' };
}

/**
 * The integration response template. Assumption, named (no AWS page found that says how the
 * response template is chosen among several): the one for the request's `Accept` media type,
 * else `application/json`, else the first one defined; none when there are none (the body passes
 * through, as the CloudFormation IntegrationResponse page says for content handling).
 */
export function selectResponseTemplate(templates: Readonly<Record<string, string>> | undefined, accept: string | undefined): { contentType: string; template: string } | undefined {
  const entries = Object.entries(templates ?? {});
  if (entries.length === 0) return undefined;
  const chosen = find(templates ?? {}, mediaType(accept)) ?? find(templates ?? {}, 'application/json') ?? entries[0];
  return { contentType: chosen[0], template: chosen[1] };
}
