/*
 * Delta debugging (Zeller's ddmin) over lines: remove ever smaller chunks of lines while the
 * input still fails the same way, so a reproducer keeps only the lines the failure needs. In a
 * YAML or indented JSON file a line is about a node. A budget bounds it: a hang costs the
 * whole time limit for each try.
 */

export interface ShrinkBudget {
  /** Tries at most. */
  tries: number;
  /** Stop trying after this time (ms since the epoch, by the caller's clock). */
  deadline: number;
  now: () => number;
}

/** The smallest text (by lines) found within the budget for which `fails` still holds. */
export async function shrinkLines(text: string, fails: (candidate: string) => Promise<boolean>, budget: ShrinkBudget): Promise<string> {
  let lines = text.split('\n');
  let chunks = 2;
  let tries = 0;
  const spent = (): boolean => tries >= budget.tries || budget.now() >= budget.deadline;
  while (lines.length >= 2 && !spent()) {
    const size = Math.ceil(lines.length / chunks);
    let reduced = false;
    for (let start = 0; start < lines.length && !spent(); start += size) {
      const candidate = [...lines.slice(0, start), ...lines.slice(start + size)];
      tries++;
      if (await fails(candidate.join('\n'))) {
        lines = candidate;
        chunks = Math.max(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size === 1) break;
      chunks = Math.min(lines.length, chunks * 2);
    }
  }
  return lines.join('\n');
}
