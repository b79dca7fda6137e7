import type { Api, Route, Stage, Throttle, UsagePlan } from '../model/gateway';
import type { Fault } from './faults';
import type { GatewayResponseType } from './gatewayResponses';
import { GATEWAY, work, type GatewayEnvironment, type GatewayState } from './pipeline';
import { accountThrottle } from './quotas';
import { TokenBucket } from './tokenBucket';

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

/** The level that refused a request, in the order they are checked. */
export type ThrottleLevel = 'usage-plan-quota' | 'usage-plan' | 'stage' | 'account';

/** The stage's limit for a route: the route's own, the stage's override for the route, or the stage's default. */
export function stageThrottle(stage: Stage, route: Route): Throttle | undefined {
  return route.throttle ?? stage.routeThrottles?.[route.key] ?? stage.throttle;
}

/** A token bucket kept in the gateway's state across requests, created full the first time it is needed. */
function keptBucket(state: GatewayState, key: string, limit: Throttle, now: number): TokenBucket {
  let existing = state.buckets.get(key);
  if (!existing) {
    existing = new TokenBucket(limit.rateLimit, limit.burstLimit, now);
    state.buckets.set(key, existing);
  }
  return existing;
}

/** The account's bucket in a Region: every API of the account shares it, and so do @connections calls (DG limits). */
export function accountBucket(state: GatewayState, region: string, now: number): TokenBucket {
  return keptBucket(state, `account:${region}`, accountThrottle(region), now);
}

/**
 * The levels a request to one route passes, in the documented order, with their buckets
 * found once: the pipeline makes one per request, the load scenario one per run and then
 * asks it about every request. `admit` is the whole policy; the rest only describes it.
 */
export class ThrottleChain {
  readonly stageLimit: Throttle | undefined;
  /** What the quota had counted before the last request asked (for the trace). */
  private quotaUsedBefore = 0;
  private readonly quotaKey: string | undefined;
  private readonly planBucket: TokenBucket | undefined;
  private readonly stageBucket: TokenBucket | undefined;
  private readonly accountBucket: TokenBucket;
  private readonly quotaExhausted: boolean;
  /** The throttled fault empties the stage's bucket, or the account's when the stage sets no limit. */
  private readonly stageForced: boolean;
  private readonly accountForced: boolean;

  constructor(
    private readonly state: GatewayState,
    private readonly api: Api,
    private readonly stage: Stage,
    private readonly route: Route,
    private readonly plan: UsagePlan | undefined,
    apiKey: string | undefined,
    faults: ReadonlySet<Fault>,
    now: number,
  ) {
    const keyed = plan && apiKey ? plan : undefined;
    this.quotaKey = keyed?.quota ? `quota:${keyed.id}:${apiKey}` : undefined;
    this.quotaExhausted = faults.has('quota-exceeded');
    this.planBucket = keyed?.throttle ? keptBucket(state, `plan:${keyed.id}:${apiKey}`, keyed.throttle, now) : undefined;
    this.stageLimit = stageThrottle(stage, route);
    this.stageBucket = this.stageLimit ? keptBucket(state, `stage:${api.id}:${stage.name}:${route.key}`, this.stageLimit, now) : undefined;
    this.accountBucket = accountBucket(state, api.region, now);
    this.stageForced = faults.has('throttled') && this.stageLimit !== undefined;
    this.accountForced = faults.has('throttled') && this.stageLimit === undefined;
  }

  /** Counts the request against each level in turn; returns the level that refused it, or undefined when it passes. */
  admit(now: number): ThrottleLevel | undefined {
    if (this.quotaKey !== undefined) {
      const limit = this.plan!.quota!.limit;
      const used = this.quotaExhausted ? limit : this.state.quotaUsed.get(this.quotaKey) ?? 0;
      this.quotaUsedBefore = used;
      if (used >= limit) return 'usage-plan-quota';
      this.state.quotaUsed.set(this.quotaKey, used + 1);
    }
    if (this.planBucket && !this.planBucket.take(now)) return 'usage-plan';
    if (this.stageBucket && (this.stageForced || !this.stageBucket.take(now))) return 'stage';
    if (this.accountForced || !this.accountBucket.take(now)) return 'account';
    return undefined;
  }

  /** The level's name in a trace: `usage plan partners`, `stage prod GET /orders`, `account`. */
  levelName(level: ThrottleLevel): string {
    switch (level) {
      case 'usage-plan-quota': return `usage plan ${this.plan!.name} quota`;
      case 'usage-plan': return `usage plan ${this.plan!.name}`;
      case 'stage': return `stage ${this.stage.name} ${this.route.key}`;
      case 'account': return 'account';
    }
  }

  /** Each level the last request was checked against, with its limits, up to the one that refused it. */
  describe(refused: ThrottleLevel | undefined): string {
    const plan = this.plan;
    const levels: [ThrottleLevel, string][] = [];
    if (this.quotaKey !== undefined) levels.push(['usage-plan-quota', `usage plan ${plan!.name} quota ${this.quotaUsedBefore}/${plan!.quota!.limit} per ${plan!.quota!.period.toLowerCase()}`]);
    if (this.planBucket) levels.push(['usage-plan', `usage plan ${plan!.name} ${plan!.throttle!.rateLimit} rps / burst ${plan!.throttle!.burstLimit}`]);
    if (this.stageLimit) levels.push(['stage', `stage ${this.stage.name} ${this.route.key} ${this.stageLimit.rateLimit} rps / burst ${this.stageLimit.burstLimit}`]);
    const account = accountThrottle(this.api.region);
    levels.push(['account', `account ${account.rateLimit} rps / burst ${account.burstLimit} (${this.api.region})`]);
    const checked = refused ? levels.slice(0, levels.findIndex(([level]) => level === refused) + 1) : levels;
    return checked.map(([, text]) => text).join('; ');
  }
}

/** One request through the throttle levels, recorded as the gateway's work; `done` gets whether and where it was refused. */
export function checkThrottles(env: GatewayEnvironment, route: Route, plan: UsagePlan | undefined, apiKey: string | undefined, done: (result: ThrottleResult) => void): void {
  const now = env.simulation.now;
  const chain = new ThrottleChain(env.state, env.api, env.stage, route, plan, apiKey, env.faults, now);
  const refused = chain.admit(now);
  const result: ThrottleResult = refused ? { rejected: refused === 'usage-plan-quota' ? 'QUOTA_EXCEEDED' : 'THROTTLED', level: chain.levelName(refused) } : {};
  work(env, GATEWAY, result.rejected ? `throttled at ${result.level}` : 'throttle checks passed', 0, () => done(result), { levels: chain.describe(refused) },
    result.rejected ? { code: result.rejected, status: 429, message: `token bucket empty at ${result.level}` } : undefined);
}
