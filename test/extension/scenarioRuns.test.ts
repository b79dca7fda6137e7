/*
 * One simulation per user action: the panel, the Run-live availability check, a re-simulation
 * of an unchanged document and the hover read one cached run per document version.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { indexRoutes } from '../../extension/routeIndex';
import { ScenarioRuns } from '../../extension/scenarioRuns';
import { readConfigText } from '../../simulator/config/configFile';
import { activated, ROUTE, TEMPLATE } from './activated';
import { FakeDocument } from './fakeVscode';

describe('runs of a route\'s scenario', () => {
  const result = readConfigText(readFileSync(TEMPLATE, 'utf8'), TEMPLATE);
  const entry = indexRoutes(result, TEMPLATE).find((candidate) => candidate.id === ROUTE)!;

  it('simulates once per document version, route, scenario and options', () => {
    const runs = new ScenarioRuns();
    const document = { uri: 'file:///shop.yaml', version: 1 };
    const first = runs.get(document, result.model, entry, 'request', { clientProfile: 'browser' });
    assert.equal(runs.get(document, result.model, entry, 'request', { clientProfile: 'browser' }), first, 'the same run, not an equal one');
    assert.equal(runs.computed, 1);
    runs.get({ ...document, version: 2 }, result.model, entry, 'request', { clientProfile: 'browser' });
    runs.get(document, result.model, entry, 'series', { clientProfile: 'browser' });
    runs.get(document, result.model, entry, 'request', { clientProfile: 'curl' });
    assert.equal(runs.computed, 4, 'a new version, scenario or setting is a new run');
  });

  it('forgets a closed document\'s runs, and the oldest run when full', () => {
    const runs = new ScenarioRuns(2);
    const options = {};
    runs.get({ uri: 'file:///a.yaml', version: 1 }, result.model, entry, 'request', options);
    runs.get({ uri: 'file:///b.yaml', version: 1 }, result.model, entry, 'request', options);
    runs.forget('file:///a.yaml');
    runs.get({ uri: 'file:///b.yaml', version: 1 }, result.model, entry, 'request', options);
    assert.equal(runs.computed, 2, 'b is still cached');
    runs.get({ uri: 'file:///a.yaml', version: 1 }, result.model, entry, 'request', options);
    runs.get({ uri: 'file:///c.yaml', version: 1 }, result.model, entry, 'request', options);
    runs.get({ uri: 'file:///b.yaml', version: 1 }, result.model, entry, 'request', options);
    assert.equal(runs.computed, 5, 'b was the oldest when c came');
  });

  it('simulates once when Simulate Route opens the panel and checks whether Run live can play it, and not again for the same text', async () => {
    const fake = activated({ webviews: true });
    const uri = FakeDocument.fromFile(TEMPLATE).uri.toString();
    const shown = await fake.executeCommand<{ rendered: Promise<number> }>('apigwSim.simulateRoute', uri, ROUTE);
    await shown.rendered;
    assert.equal(fake.extension.runs.computed, 1);
    await (await fake.executeCommand<{ rendered: Promise<number> }>('apigwSim.simulateRoute', uri, ROUTE)).rendered;
    const [panel] = fake.record.panels;
    panel.send({ type: 'resimulate', routeId: ROUTE, scenario: 'request' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fake.extension.runs.computed, 1, 'the same document version: the cached run');
  });
});
