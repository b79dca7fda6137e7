import assert from 'node:assert/strict';
import type { Finding } from '../../simulator/config/findings';
import type { Api, GatewayModel, Integration, Route } from '../../simulator/model/gateway';

/** Lookups that fail with a message listing what was there instead, for reader tests. */

/** The 1-based line of the first line containing `needle` (after `after`, when given). */
export function lineOf(text: string, needle: string, after?: string): number {
  const from = after === undefined ? 0 : text.indexOf(after);
  const index = text.indexOf(needle, Math.max(0, from));
  assert.ok(index >= 0, `"${needle}" is in the file`);
  return text.slice(0, index).split('\n').length;
}

export function api(model: GatewayModel, name: string): Api {
  const found = model.apis.find((candidate) => candidate.name === name);
  assert.ok(found, `API ${name} among ${model.apis.map((candidate) => candidate.name).join(', ')}`);
  return found;
}

export function route(target: Api, key: string): Route {
  const found = target.routes.find((candidate) => candidate.key === key);
  assert.ok(found, `route ${key} among ${target.routes.map((candidate) => candidate.key).join(', ')}`);
  return found;
}

export function integration(target: Api, key: string): Integration {
  const id = route(target, key).integrationId;
  const found = target.integrations.find((candidate) => candidate.id === id);
  assert.ok(found, `integration of ${key}`);
  return found;
}

export function finding(findings: Finding[], code: string, includes: string): Finding {
  const found = findings.find((candidate) => candidate.code === code && candidate.message.includes(includes));
  assert.ok(found, `a ${code} finding mentioning "${includes}" among:\n${findings.map((item) => `  ${item.code} ${item.message}`).join('\n')}`);
  return found;
}
