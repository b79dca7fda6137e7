import { MAX_CONFIG_BYTES } from '../../simulator/config/tree';
import { Random } from '../../simulator/engine/random';
import { chance, pick, weighted } from './choices';
import type { CorpusFile } from './fuzzCorpus';
import { TEXT_MUTATIONS, type TextKind } from './textMutations';
import { dumpValues, loadValues, TREE_MUTATIONS } from './treeMutations';

/*
 * The campaign's inputs: input `index` of seed `seed` is a corpus file with one to three
 * mutations, every choice drawn from a generator of its own (seed and index), so any input
 * can be made again alone (by a worker, by the shrinker, by a reproducer) without the ones
 * before it.
 */

export interface FuzzInput {
  index: number;
  /** The seed file's path: the name the reader is given. */
  file: string;
  text: string;
  /** What was done to it, in order, for the report. */
  mutations: string[];
  /** Which listed route is simulated (modulo the number of routes). */
  routePick: number;
}

function kindOf(file: CorpusFile): TextKind {
  if (/\.(tf|tftpl)$/.test(file.path) || /^\s*resource\s+"aws_/m.test(file.text)) return 'terraform';
  return /^\s*[{[]/.test(file.text) ? 'json' : 'yaml';
}

/** Input `index` of the campaign seeded `seed`. */
export function fuzzInput(corpus: readonly CorpusFile[], seed: number | string, index: number): FuzzInput {
  const random = new Random(`fuzz/${seed}/${index}`);
  const source = pick(random, corpus);
  const kind = kindOf(source);
  const other = pick(random, corpus);
  let text = source.text;
  const mutations: string[] = [];
  const count = random.int(1, 3);
  // Past the size cap the reader refuses the input at once: more mutations would only cost time.
  for (let step = 0; step < count && text.length <= MAX_CONFIG_BYTES; step++) {
    // Structure-aware where the text loads as values; text mutations otherwise, and for a quarter of the steps.
    const values = kind !== 'terraform' && chance(random, 0.75) ? loadValues(text) : undefined;
    if (values !== undefined) {
      const mutation = weighted(random, TREE_MUTATIONS.map((candidate) => [candidate.weight, candidate] as const));
      const dumped = dumpValues(mutation.apply(values, random, loadValues(other.text)), kind === 'json');
      if (dumped !== undefined) {
        text = dumped;
        mutations.push(mutation.name);
        continue;
      }
    }
    const mutation = weighted(random, TEXT_MUTATIONS.filter((candidate) => candidate.fits(kind)).map((candidate) => [candidate.weight, candidate] as const));
    text = mutation.apply(text, random, other.text);
    mutations.push(mutation.name);
  }
  return { index, file: source.path, text, mutations, routePick: random.int(0, 1 << 20) };
}
