import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

/*
 * The import boundary of simulator/config/ (eslint.config.mjs): config reads the model and
 * config itself, never the pipeline, the engine or what runs on them. Snippets are linted as
 * if they were files of config/, through ESLint's own API and the repository's config.
 */

const ROOT = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages for `code` linted as `filePath`. */
async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('what simulator/config/ may import', () => {
  it('reports an import of the gateway pipeline from a config file', async () => {
    const messages = await restrictedImports("import { ACCOUNT_THROTTLE } from '../gateway/quotas';\nexport const limit = ACCOUNT_THROTTLE;\n", 'simulator/config/x.ts');
    assert.equal(messages.length, 1);
    assert.match(messages[0], /imports only the model and config/);
  });

  it('reports the other folders downstream of the model, from any depth, in type imports and re-exports too', async () => {
    const cases: [string, string][] = [
      ["import type { CompareResult } from '../../scenario/comparison';\nexport type R = CompareResult;\n", 'simulator/config/aws/x.ts'],
      ["export { Simulation } from '../../engine/simulation';\n", 'simulator/config/terraform/x.ts'],
      ["import { frame } from '../net/websocket';\nexport const f = frame;\n", 'simulator/config/x.ts'],
      ["import { record } from '../trace/recorder';\nexport const r = record;\n", 'simulator/config/x.ts'],
      ["import { capture } from '../export/capture';\nexport const c = capture;\n", 'simulator/config/x.ts'],
      ["import { scriptFromTrace } from '../../live/liveScript';\nexport const run = scriptFromTrace;\n", 'simulator/config/openapi/x.ts'],
      ["import { main } from '../cli/main';\nexport const m = main;\n", 'simulator/config/x.ts'],
    ];
    for (const [code, filePath] of cases) assert.equal((await restrictedImports(code, filePath)).length, 1, `${filePath}: ${code.split('\n')[0]}`);
  });

  it('allows the model, whose gateway.ts is not the gateway/ folder, and config/aws/', async () => {
    const code = [
      "import type { Api } from '../../model/gateway';",
      "import { ACCOUNT_THROTTLE } from '../aws/accountThrottle';",
      "import { ConfigError } from '../../errors';",
      'export const use = (api: Api) => [api, ACCOUNT_THROTTLE, ConfigError];',
      '',
    ].join('\n');
    assert.deepEqual(await restrictedImports(code, 'simulator/config/cloudformation/x.ts'), []);
  });

  it('still keeps vscode out of config, as out of the rest of simulator/', async () => {
    assert.equal((await restrictedImports("import * as vscode from 'vscode';\nexport const v = vscode;\n", 'simulator/config/x.ts')).length, 1);
  });

  it('leaves the gateway/ folder free to import config/aws/', async () => {
    assert.deepEqual(await restrictedImports("export { ACCOUNT_THROTTLE } from '../config/aws/accountThrottle';\n", 'simulator/gateway/x.ts'), []);
  });
});
