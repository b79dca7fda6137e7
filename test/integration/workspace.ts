/*
 * The files the extension-host suite works on, copied into a temporary folder so that the
 * save and export tests never touch the repository: an empty workspace folder (no config in
 * it, so nothing activates the extension before a test opens one) and, beside it, the shop
 * example and the reader fixtures. Used by both launchers.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './codeServer';

/** Environment variable naming the copied configs, read by the tests in the extension host. */
export const CONFIGS_ENV = 'APIGW_SIM_TEST_CONFIGS';

export interface TestWorkspace {
  /** The folder VS Code opens. */
  folder: string;
  /** `shop/` (examples/shop), `banking/` (examples/banking) and `fixtures/` (test/fixtures). */
  configs: string;
}

export function prepareWorkspace(state: string): TestWorkspace {
  const folder = join(state, 'workspace');
  const configs = join(state, 'configs');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'README.md'), 'Scratch workspace of the extension-host tests.\n');
  cpSync(join(ROOT, 'examples', 'shop'), join(configs, 'shop'), { recursive: true });
  cpSync(join(ROOT, 'examples', 'banking'), join(configs, 'banking'), { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures'), join(configs, 'fixtures'), { recursive: true });
  return { folder, configs };
}
