import type { Route, UsagePlan } from '../model/gateway';
import type { GatewayResponseType } from './gatewayResponses';
import { bucket, GATEWAY, work, type GatewayEnvironment } from './pipeline';
import { accountThrottle } from './quotas';

/*
 * Throttling "applied in the following order: 1. per-client or per-method throttling limits
 * that you set for an API stage in a usage plan; 2. per-method throttling limits that you
 * set for an API stage; 3. account-level throttling per Region" (DG api-gateway-request-throttling).
 * Each level is a token bucket; the first empty one answers 429. Quotas count requests per
 * API key per period ("Limit Exceeded", 429).
 */

export interface ThrottleResult {
  rejected?: GatewayResponseType;
  level?: string;
}

export function checkThrottles(env: GatewayEnvironment, route: Route, plan: UsagePlan | undefined, apiKey: string | undefined, done: (result: ThrottleResult) => void): void {
  const now = env.simulation.now;
  const levels: string[] = [];
  let result: ThrottleResult = {};
  const reject = (type: GatewayResponseType, level: string): void => {
    result = { rejected: type, level };
  };
  if (plan && apiKey) {
    if (plan.quota) {
      const key = `quota:${plan.id}:${apiKey}`;
      const used = env.faults.has('quota-exceeded') ? plan.quota.limit : env.state.quotaUsed.get(key) ?? 0;
      levels.push(`usage plan ${plan.name} quota ${used}/${plan.quota.limit} per ${plan.quota.period.toLowerCase()}`);
      if (used >= plan.quota.limit) reject('QUOTA_EXCEEDED', `usage plan ${plan.name} quota`);
      else env.state.quotaUsed.set(key, used + 1);
    }
    if (!result.rejected && plan.throttle) {
      levels.push(`usage plan ${plan.name} ${plan.throttle.rateLimit} rps / burst ${plan.throttle.burstLimit}`);
      if (!bucket(env, `plan:${plan.id}:${apiKey}`, plan.throttle.rateLimit, plan.throttle.burstLimit).take(now)) reject('THROTTLED', `usage plan ${plan.name}`);
    }
  }
  if (!result.rejected) {
    const stageLimit = route.throttle ?? env.stage.routeThrottles?.[route.key] ?? env.stage.throttle;
    if (stageLimit) {
      levels.push(`stage ${env.stage.name} ${route.key} ${stageLimit.rateLimit} rps / burst ${stageLimit.burstLimit}`);
      if (env.faults.has('throttled') || !bucket(env, `stage:${env.api.id}:${env.stage.name}:${route.key}`, stageLimit.rateLimit, stageLimit.burstLimit).take(now)) {
        reject('THROTTLED', `stage ${env.stage.name} ${route.key}`);
      }
    }
  }
  if (!result.rejected) {
    const account = accountThrottle(env.api.region);
    levels.push(`account ${account.rateLimit} rps / burst ${account.burstLimit} (${env.api.region})`);
    // With no stage limit set, the throttled fault empties the account bucket instead.
    const forced = env.faults.has('throttled') && !(route.throttle ?? env.stage.routeThrottles?.[route.key] ?? env.stage.throttle);
    if (forced || !bucket(env, `account:${env.api.region}`, account.rateLimit, account.burstLimit).take(now)) reject('THROTTLED', 'account');
  }
  work(env, GATEWAY, result.rejected ? `throttled at ${result.level}` : 'throttle checks passed', 0, () => done(result), { levels: levels.join('; ') },
    result.rejected ? { code: result.rejected, status: 429, message: `token bucket empty at ${result.level}` } : undefined);
}
