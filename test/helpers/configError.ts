import assert from 'node:assert/strict';
import { ConfigError } from '../../simulator/errors';

/** The ConfigError `run` throws; the test fails when it throws anything else, or nothing. */
export function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}
