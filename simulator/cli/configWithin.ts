import { readConfig, type ConfigReadResult } from '../config/configFile';
import { ParameterError } from '../errors';
import { UsageError } from './numericOptions';

/**
 * readConfig for a command, its reads confined to `root` when one is given (--root): a root
 * that does not contain the config is the command line's fault, said as a usage error.
 */
export function readConfigWithin(path: string, root: string | undefined): ConfigReadResult {
  try {
    return readConfig(path, root === undefined ? {} : { root });
  } catch (error) {
    if (error instanceof ParameterError && error.parameter === 'root') throw new UsageError(`--${error.message}`);
    throw error;
  }
}
