import type { HttpRequest } from '../net/http';
import { declare, GATEWAY, hop, work, type GatewayEnvironment } from './pipeline';

/** For API Gateway, WAF inspects the first 16 KB of a body by default (AWS WAF developer guide, web-acl-setting-body-inspection-limit). */
export const WAF_BODY_INSPECTION_BYTES = 16 * 1024;

/**
 * AWS WAF, when a web ACL is associated with the stage: the request is inspected before
 * any authorizer runs; a matching block rule answers 403 WAF_FILTERED. HTTP APIs cannot
 * have a web ACL (DG "Choose between REST APIs and HTTP APIs"), so only REST calls this.
 */
export function wafInspect(env: GatewayEnvironment, request: HttpRequest, done: (blocked: boolean) => void): void {
  if (!env.api.wafWebAcl) {
    done(false);
    return;
  }
  const waf = declare(env, 'waf', `AWS WAF ${env.api.wafWebAcl}`, 'waf');
  const blocked = env.faults.has('waf-blocked');
  const inspected = request.headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0) + Math.min(request.body?.length ?? 0, WAF_BODY_INSPECTION_BYTES);
  hop(env, GATEWAY, waf, 'inspect request', inspected, () => {
    work(env, waf, blocked ? 'rule AWSManagedRulesCommonRuleSet matched: BLOCK' : 'no rule matched: ALLOW', env.latency.wafMs, () => {
      hop(env, waf, GATEWAY, blocked ? 'BLOCK' : 'ALLOW', 0, () => done(blocked),
        blocked ? { error: { code: 'WAF_FILTERED', status: 403, message: 'blocked by AWS WAF' } } : {});
    });
  }, { detail: { inspectedBytes: inspected } });
}
