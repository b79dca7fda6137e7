import type { ApiType } from '../../model/gateway';

/*
 * Stage names as API Gateway takes them (API reference, Stage and apigatewayv2 GetStage:
 * "Stage names can only contain alphanumeric characters, hyphens, and underscores. Maximum
 * length is 128 characters."; HTTP and WebSocket APIs also take `$default`). The stage is the
 * first segment of every request path and appears in every event, so a longer one is refused
 * before it is simulated rather than carried through thousands of events.
 */

export const MAX_STAGE_NAME_LENGTH = 128;

/** What is wrong with a stage name, if anything; a name still holding `${...}` was not resolved from the config and is left to its reader. */
export function stageNameProblem(name: string, apiType: ApiType): string | undefined {
  if (name.includes('${')) return undefined;
  if (name === '$default' && apiType !== 'REST') return undefined;
  if (name.length > MAX_STAGE_NAME_LENGTH) return `a stage name of ${name.length.toLocaleString('en-US')} characters: API Gateway takes at most ${MAX_STAGE_NAME_LENGTH}`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return `stage ${JSON.stringify(name)}: stage names have only letters, digits, hyphens and underscores${apiType === 'REST' ? '' : ', or are $default'}`;
  return undefined;
}
