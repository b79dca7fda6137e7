/*
 * Checks a 'compare' message from the host before the Compare view reads it: a host of another
 * version, or a bug, must give a readable error, never NaN bars or an exception mid-draw.
 */

const API_TYPES = ['REST', 'HTTP', 'WEBSOCKET'] as const;
const NUMBERS = [
  'coldLatencyMs', 'warmLatencyMs', 'p99LatencyMs', 'coldRoundTrips', 'warmRoundTrips', 'bytesUpPerMessage', 'bytesDownPerMessage',
  'overheadUpBytes', 'overheadDownBytes', 'updateNoticeMs', 'monthlyUnits', 'monthlyCostUsd',
] as const;
const WORKLOAD_NUMBERS = ['clients', 'requestsPerMinute', 'updatesPerMinute', 'requestBytes', 'responseBytes', 'updateBytes', 'pollIntervalSeconds', 'sessionMinutes'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first problem that makes `value` unusable as a CompareView, or undefined when it is fine. */
export function compareViewProblem(value: unknown): string | undefined {
  if (!isObject(value) || !isObject(value.result)) return 'a compare message without a result';
  const { workload, results, rules } = value.result;
  if (!isObject(workload) || typeof workload.name !== 'string' || typeof workload.description !== 'string') return 'a comparison without a named workload';
  for (const field of WORKLOAD_NUMBERS) if (!Number.isFinite(workload[field])) return `the workload has no ${field}`;
  if (!Array.isArray(results) || results.length === 0) return 'a comparison without results';
  const seen = new Set<unknown>();
  for (const [index, result] of results.entries()) {
    if (!isObject(result) || !(API_TYPES as readonly unknown[]).includes(result.apiType)) return `result ${index} has an unknown API type`;
    if (seen.has(result.apiType)) return `result ${index} repeats the ${String(result.apiType)} API type`;
    seen.add(result.apiType);
    if (typeof result.api !== 'string' || typeof result.breaksFirst !== 'string') return `result ${index} needs an API name and what breaks first`;
    if (!isObject(result.route) || typeof result.route.apiId !== 'string' || typeof result.route.routeKey !== 'string') return `result ${index} needs the route it was measured on`;
    for (const field of NUMBERS) {
      if (!Number.isFinite(result[field]) || (result[field] as number) < 0) return `result ${index} (${String(result.apiType)}) has no valid ${field}`;
    }
  }
  if (!Array.isArray(rules)) return 'a comparison without its rules of thumb';
  for (const [index, rule] of rules.entries()) {
    if (!isObject(rule) || typeof rule.rule !== 'string' || typeof rule.holds !== 'boolean' || typeof rule.finding !== 'string') return `rule ${index} needs a rule, a verdict and a finding`;
  }
  if (!Array.isArray(value.presets) || !value.presets.every((preset) => isObject(preset) && typeof preset.name === 'string' && typeof preset.description === 'string')) {
    return 'a comparison without its workload presets';
  }
  const config = value.config;
  if (config !== undefined && (!isObject(config) || typeof config.file !== 'string' || !Array.isArray(config.apis) || !config.apis.every((api) => typeof api === 'string'))) {
    return 'a comparison whose config has no file or API ids';
  }
  return undefined;
}
