import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasRouteKey, hasRouteTo } from '../../../simulator/config/apiRouteIndex';
import { readConfigText } from '../../../simulator/config/configFile';
import type { Api, Route } from '../../../simulator/model/gateway';
import { countedReads } from '../../helpers/countedReads';

function api(routes: Route[]): Api {
  return { id: 'a', name: 'a', type: 'HTTP', endpointType: 'REGIONAL', region: 'us-east-1', stages: [], routes, authorizers: [], integrations: [] };
}

describe('the index of an API\'s routes', () => {
  it('answers for routes appended after a question, and for a list replaced by a new one', () => {
    const target = api([{ key: 'GET /a', authorizationType: 'NONE', integrationId: 'i1' }]);
    assert.equal(hasRouteKey(target, 'GET /a'), true);
    assert.equal(hasRouteKey(target, 'GET /b'), false);
    target.routes.push({ key: 'GET /b', authorizationType: 'NONE' });
    assert.equal(hasRouteKey(target, 'GET /b'), true);
    assert.equal(hasRouteTo(target, 'i1'), true);
    assert.equal(hasRouteTo(target, undefined), false);
    target.routes = [{ key: 'GET /c', authorizationType: 'NONE', integrationId: 'i2' }];
    assert.equal(hasRouteKey(target, 'GET /a'), false);
    assert.equal(hasRouteTo(target, 'i1'), false);
    assert.equal(hasRouteTo(target, 'i2'), true);
  });

  it('reads each route once while a reader adds 5,000 routes and asks about each (a scan per question read 12.5 million)', () => {
    const count = 5000;
    const counted = countedReads<Route>([]);
    const target = api(counted.list);
    for (let index = 0; index < count; index++) {
      const key = `GET /r${index}`;
      assert.equal(hasRouteKey(target, key), false);
      target.routes.push({ key, authorizationType: 'NONE', integrationId: `i${index}` });
      assert.equal(hasRouteTo(target, `i${index}`), true);
    }
    assert.ok(counted.reads() <= 2 * count, `${counted.reads()} routes read`);
  });

  it('still tells Terraform duplicates and unmatched integrations apart', () => {
    const text = [
      'resource "aws_apigatewayv2_api" "a" {\n  name = "a"\n  protocol_type = "HTTP"\n}',
      'resource "aws_apigatewayv2_route" "r1" {\n  api_id = aws_apigatewayv2_api.a.id\n  route_key = "GET /x"\n}',
      'resource "aws_apigatewayv2_route" "r2" {\n  api_id = aws_apigatewayv2_api.a.id\n  route_key = "GET /x"\n}',
      'resource "aws_apigatewayv2_stage" "s" {\n  api_id = aws_apigatewayv2_api.a.id\n  name = "prod"\n  route_settings {\n    route_key = "GET /nothing"\n    throttling_rate_limit = 5\n    throttling_burst_limit = 5\n  }\n  route_settings {\n    route_key = "GET /x"\n    throttling_rate_limit = 7\n    throttling_burst_limit = 7\n  }\n}',
    ].join('\n');
    const { model, findings } = readConfigText(text, 'main.tf');
    assert.deepEqual(model.apis[0].routes.map((route) => route.key), ['GET /x']);
    assert.deepEqual(findings.filter((finding) => finding.code === 'DUPLICATE_DEFINITION' || finding.code === 'DANGLING_REFERENCE').map((finding) => [finding.code, finding.location.line]), [['DUPLICATE_DEFINITION', 9], ['DANGLING_REFERENCE', 17]]);
    assert.deepEqual(model.apis[0].stages[0].routeThrottles, { 'GET /nothing': { rateLimit: 5, burstLimit: 5 }, 'GET /x': { rateLimit: 7, burstLimit: 7 } });
  });
});
