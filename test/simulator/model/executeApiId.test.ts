import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { apiHost, executeApiId } from '../../../simulator/model/gateway';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';

/** Compiled tests live in out/test/simulator/model: the repository root is four levels up. */
const ROOT = join(__dirname, '..', '..', '..', '..');

describe('the execute-api id', () => {
  const sam = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;
  const json = readConfig(join(ROOT, 'examples', 'shop', 'gateway.json')).model;

  it('is ten lowercase letters and digits for an API known by its logical id, different per API and the same every read', () => {
    const ids = sam.apis.map(executeApiId);
    for (const id of ids) assert.match(id, /^[a-z0-9]{10}$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model.apis.map(executeApiId), ids);
    for (const api of sam.apis.filter((candidate) => !candidate.customDomain)) {
      assert.notEqual(executeApiId(api), api.id.toLowerCase(), 'not the logical id itself');
      assert.equal(apiHost(api), `${executeApiId(api)}.execute-api.${api.region}.amazonaws.com`);
    }
  });

  it('keeps an id the config gives as AWS writes it', () => {
    for (const api of json.apis) assert.equal(executeApiId(api), api.id);
  });

  it('is the host the client looks up and the apiId of the event the integration receives', () => {
    const api = sam.apis.find((candidate) => candidate.type === 'REST')!;
    const trace = simulateRouteRequest({ model: sam, api: api.name, route: api.routes[0].key });
    const query = trace.events.find((event) => event.layer === 'dns')!;
    assert.ok(query.name.includes(`${executeApiId(api)}.execute-api.`), query.name);
    const invoke = trace.events.find((event) => event.name.startsWith('Invoke ') && event.payload)!;
    assert.equal((JSON.parse(Buffer.from(invoke.payload!).toString('utf8')) as { requestContext: { apiId: string } }).requestContext.apiId, executeApiId(api));
  });
});
