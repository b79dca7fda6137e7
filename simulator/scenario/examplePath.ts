import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built-in examples under examples/: the e-commerce shop and the core-banking REST API. */
export type ExampleName = 'shop' | 'banking';

export const EXAMPLES: readonly ExampleName[] = ['shop', 'banking'];

/**
 * Where a built-in example's SAM template lives: beside the sources in a checkout, one level
 * up from the CLI bundle (out/cli.js), or under the working directory.
 */
export function exampleTemplatePath(example: ExampleName): string {
  const candidates = [join(__dirname, '..', 'examples', example, 'template.yaml'), join(__dirname, '..', '..', 'examples', example, 'template.yaml'), join(process.cwd(), 'examples', example, 'template.yaml')];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}
