import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routesReport } from '../../../simulator/config/routesReport';
import type { Api, Integration, Route } from '../../../simulator/model/gateway';
import { countedReads } from '../../helpers/countedReads';

function api(routes: Route[], integrations: Integration[]): Api {
  return { id: 'big', name: 'big', type: 'REST', endpointType: 'REGIONAL', region: 'us-east-1', stages: [], routes, authorizers: [], integrations };
}

describe('the routes report', () => {
  it('gives each route its own integration, the first of a duplicated id as a scan would, and NONE for an id nothing has', () => {
    const report = routesReport({
      apis: [api(
        [{ key: 'GET /a', authorizationType: 'NONE', integrationId: 'i1' }, { key: 'GET /b', authorizationType: 'NONE', integrationId: 'i2' }, { key: 'GET /c', authorizationType: 'NONE', integrationId: 'nothing' }],
        [{ id: 'i1', type: 'AWS_PROXY', functionName: 'fn' }, { id: 'i2', type: 'HTTP_PROXY', connectionType: 'VPC_LINK' }, { id: 'i2', type: 'MOCK' }],
      )],
      vpcLinks: [],
    }, []);
    assert.deepEqual(report.apis[0].routes.map((route) => [route.key, route.integration, route.vpcLink]), [['GET /a', 'LAMBDA_PROXY', false], ['GET /b', 'HTTP_PROXY', true], ['GET /c', 'NONE', false]]);
  });

  it('reads each integration about once, however many routes there are (a scan per route read n² of them: minutes on a 10 MB OpenAPI file)', () => {
    const count = 5000;
    const integrations = countedReads(Array.from({ length: count }, (_, index): Integration => ({ id: `i${index}`, type: 'AWS_PROXY', functionName: `fn${index}` })));
    const routes = Array.from({ length: count }, (_, index): Route => ({ key: `GET /r${index}`, authorizationType: 'NONE', integrationId: `i${count - 1 - index}` }));
    const report = routesReport({ apis: [api(routes, integrations.list)], vpcLinks: [] }, []);
    assert.equal(report.apis[0].routes.filter((route) => route.integration === 'LAMBDA_PROXY').length, count);
    assert.ok(integrations.reads() <= 2 * count, `${integrations.reads()} integrations read for ${count} routes`);
  });
});
