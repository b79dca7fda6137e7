import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

/*
 * The design's import rules live in eslint.config.mjs. Each test lints a one-line import at a
 * virtual path inside the tree, once breaking a rule and once allowed from the same place, so
 * a rule that is missing, or broad enough to forbid everything, fails here.
 */

const ROOT = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The rules that report on a file at `path` (relative to the repository) importing `specifier`. */
async function reports(path: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { thing } from '${specifier}';\nexport { thing };\n`, { filePath: join(ROOT, path) });
  return result.messages.map((message) => message.ruleId ?? message.message);
}

/** One rule: imports it must refuse, and imports from the same places it must let through. */
interface RuleCase {
  name: string;
  refused: [path: string, specifier: string][];
  allowed: [path: string, specifier: string][];
}

const RULES: RuleCase[] = [
  {
    name: 'keep vscode, extension/ and webview/ out of the simulator',
    refused: [['simulator/gateway/__fixture__.ts', 'vscode'], ['simulator/cli/__fixture__.ts', '../../extension/simulate'], ['simulator/scenario/__fixture__.ts', '../../webview/protocol']],
    allowed: [['simulator/cli/__fixture__.ts', '../scenario/load']],
  },
  {
    name: 'keep net/ out of the engine, which still keeps the simulator\'s rules',
    refused: [['simulator/engine/__fixture__.ts', '../net/tcp'], ['simulator/engine/__fixture__.ts', 'vscode']],
    allowed: [['simulator/engine/__fixture__.ts', './random'], ['simulator/engine/__fixture__.ts', 'node:net']],
  },
  {
    name: 'keep gateway/ out of net/, but not a module named gateway elsewhere',
    refused: [['simulator/net/__fixture__.ts', '../gateway/quotas'], ['simulator/net/__fixture__.ts', '../../simulator/gateway/quotas']],
    allowed: [['simulator/net/__fixture__.ts', '../model/gateway'], ['simulator/net/__fixture__.ts', './tls']],
  },
  {
    name: 'keep the host, simulator/config/ and Node\'s modules out of the webview',
    refused: [
      ['webview/flow/__fixture__.ts', '../../extension/routeIndex'], ['webview/__fixture__.ts', '../simulator/config/readConfig'],
      ['webview/__fixture__.ts', 'node:fs'], ['webview/__fixture__.ts', 'fs'], ['webview/__fixture__.ts', 'events'], ['webview/__fixture__.ts', 'vscode'],
    ],
    // The last: a module of the webview that shares its name with one of Node's is the webview's own.
    allowed: [['webview/__fixture__.ts', '../simulator/trace/trace'], ['webview/__fixture__.ts', 'd3'], ['webview/__fixture__.ts', './table/events']],
  },
  {
    name: 'let the host import from webview/ only the messages and the shared drawing',
    refused: [['extension/__fixture__.ts', '../webview/sequence/sequenceView'], ['extension/__fixture__.ts', '../webview/controller'], ['extension/__fixture__.ts', '../webview/protocol']],
    allowed: [['extension/__fixture__.ts', '../webview/protocol/validation'], ['extension/__fixture__.ts', '../webview/drawing/sequenceSvg'], ['extension/__fixture__.ts', '../simulator/scenario/registry']],
  },
  {
    name: 'keep the shared drawing free of d3, the views and the rest of the simulator',
    refused: [
      ['webview/drawing/__fixture__.ts', 'd3'], ['webview/drawing/__fixture__.ts', '../sequence/sequenceView'], ['webview/drawing/__fixture__.ts', '../dom'],
      ['webview/drawing/__fixture__.ts', '../../simulator/scenario/registry'], ['webview/drawing/__fixture__.ts', 'node:fs'],
    ],
    allowed: [['webview/drawing/__fixture__.ts', './textFit'], ['webview/drawing/__fixture__.ts', '../../simulator/trace/eventQueries']],
  },
  {
    name: 'let the host/webview messages import only the trace and model types',
    refused: [
      ['webview/protocol/__fixture__.ts', '../../simulator/scenario/compare'], ['webview/protocol/__fixture__.ts', '../../simulator/gateway/quotas'],
      ['webview/protocol/__fixture__.ts', '../sequence/sequenceView'], ['webview/protocol/__fixture__.ts', 'node:fs'],
    ],
    allowed: [
      ['webview/protocol/__fixture__.ts', '../../simulator/trace/trace'], ['webview/protocol/__fixture__.ts', '../../simulator/model/comparison'],
      ['webview/protocol/__fixture__.ts', './messages'], ['webview/protocol/__fixture__.ts', '../drawing/layers'],
    ],
  },
  {
    name: 'let only the engine import the event queue',
    refused: [
      ['simulator/scenario/__fixture__.ts', '../engine/eventQueue'], ['simulator/net/__fixture__.ts', '../engine/eventQueue'],
      ['extension/__fixture__.ts', '../simulator/engine/eventQueue'], ['webview/__fixture__.ts', '../simulator/engine/eventQueue'],
      ['bench/__fixture__.ts', '../simulator/engine/eventQueue.js'],
    ],
    allowed: [['simulator/engine/__fixture__.ts', './eventQueue'], ['simulator/scenario/__fixture__.ts', '../engine/simulation']],
  },
];

describe('the import rules', () => {
  for (const rule of RULES) {
    it(rule.name, async () => {
      for (const [path, specifier] of rule.refused) assert.deepEqual(await reports(path, specifier), ['no-restricted-imports'], `${path} importing ${specifier}`);
      for (const [path, specifier] of rule.allowed) assert.deepEqual(await reports(path, specifier), [], `${path} importing ${specifier}`);
    });
  }
});
