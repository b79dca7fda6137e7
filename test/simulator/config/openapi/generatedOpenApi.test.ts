import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../../simulator/config/configFile';
import { routesReport } from '../../../../simulator/config/routesReport';
import { MAX_CONFIG_BYTES } from '../../../../simulator/config/tree';
import { generatedOpenApi } from '../../../helpers/generatedOpenApi';

/*
 * The 10 MB OpenAPI file of issue 17, just under the size cap, read whole and right. How long
 * it takes is a figure of bench/config.bench.ts; that reading it is linear is shown by the
 * counting tests of the routes report and the tree's lookups.
 */

describe('a 10 MB OpenAPI definition', () => {
  it('reads every route with its own integration, in place or shared through a $ref', () => {
    const { text, paths } = generatedOpenApi(MAX_CONFIG_BYTES - 64 * 1024);
    assert.ok(Buffer.byteLength(text) > 9.5 * 1024 * 1024 && Buffer.byteLength(text) <= MAX_CONFIG_BYTES);
    const { model, findings } = readConfigText(text, 'big.yaml');
    const [api] = model.apis;
    assert.equal(api.routes.length, 2 * paths);
    const integrations = new Map(api.integrations.map((integration) => [integration.id, integration]));
    for (let index = 0; index < paths; index += 997) {
      for (const method of ['GET', 'POST']) {
        const route = api.routes.find((candidate) => candidate.key === `${method} /items${index}/{id}`);
        assert.equal(integrations.get(route?.integrationId ?? '')?.functionName, `${method.toLowerCase()}${index}`, `${method} /items${index}/{id}`);
      }
    }
    const report = routesReport(model, findings);
    assert.equal(report.apis[0].routes.filter((route) => route.integration === 'LAMBDA_PROXY').length, 2 * paths);
    assert.deepEqual(findings.filter((finding) => finding.severity !== 'info'), []);
  });
});
