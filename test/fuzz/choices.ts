import type { Random } from '../../simulator/engine/random';

/*
 * Seeded choices for the fuzz campaign: every draw comes from the input's own generator, so
 * the same seed and index give the same input on every machine.
 */

/** One element of a non-empty list. */
export function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.int(0, list.length - 1)];
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random.next() < p;
}

/** One of the choices, each as likely as its weight. */
export function weighted<T>(random: Random, choices: readonly (readonly [number, T])[]): T {
  const total = choices.reduce((sum, [weight]) => sum + weight, 0);
  let draw = random.next() * total;
  for (const [weight, choice] of choices) {
    draw -= weight;
    if (draw < 0) return choice;
  }
  return choices[choices.length - 1][1];
}
