import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../../simulator/config/configFile';
import { stageNameProblem } from '../../../../simulator/config/aws/stageNames';
import { ParameterError } from '../../../../simulator/errors';
import { runScenario } from '../../../../simulator/scenario/registry';

/** A serverless.yml with a WebSocket API on `stage` (the shape of the fuzz campaign's one hang: a 1 MB stage name). */
function chat(stage: string): string {
  return `service: chat\nprovider:\n  name: aws\n  stage: ${stage}\nfunctions:\n  connect:\n    handler: h.connect\n    events:\n      - websocket:\n          route: $connect\n      - websocket:\n          route: $default\n`;
}

describe('stage names as API Gateway takes them', () => {
  it('takes letters, digits, hyphens and underscores up to 128, and $default only on HTTP and WebSocket APIs', () => {
    for (const name of ['prod', 'v1_beta-2', 'x'.repeat(128)]) assert.equal(stageNameProblem(name, 'REST'), undefined, name);
    assert.equal(stageNameProblem('$default', 'HTTP'), undefined);
    assert.match(stageNameProblem('$default', 'REST') ?? '', /only letters, digits, hyphens and underscores$/);
    assert.match(stageNameProblem('v1(', 'HTTP') ?? '', /"v1\(": .*or are \$default/);
    assert.match(stageNameProblem('x'.repeat(129), 'WEBSOCKET') ?? '', /129 characters: API Gateway takes at most 128/);
    assert.equal(stageNameProblem('${opt:stage}', 'REST'), undefined, 'unresolved: its reader says so');
  });

  it('reports a stage name AWS refuses at read time, and refuses to simulate one too long before carrying it through every event', () => {
    const read = readConfigText(chat('y'.repeat(1_000_000)), 'serverless.yml');
    const finding = read.findings.find((candidate) => candidate.code === 'INVALID_STAGE_NAME');
    assert.ok(finding, read.findings.map((candidate) => candidate.code).join(', '));
    assert.match(finding.message, /1,000,000 characters/);
    const api = read.model.apis[0];
    assert.throws(() => runScenario(read.model, { apiId: api.id, routeKey: '$connect' }, 'ws-session', {}), (error) => error instanceof ParameterError && error.parameter === 'stage' && /at most 128 characters/.test(error.message));
    assert.equal(readConfigText(chat('prod'), 'serverless.yml').findings.filter((candidate) => candidate.code === 'INVALID_STAGE_NAME').length, 0);
  });
});
