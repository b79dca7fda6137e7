/*
 * Who held up the extension host: a V8 CPU profile of the host's own thread (node:inspector,
 * taken from inside the host by a test), asked how much of a time window our bundle's code
 * ran. The extension host also runs VS Code's own features and the built-in extensions (link
 * detection over every line, the JSON language client sending the whole text), which hold up
 * the host on a 10 MB file whatever we do; a test of ours must count only ours.
 */
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const SAMPLING_INTERVAL_MS = 0.5;

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One sample: when (ms on the hrtime clock, as performance.now() + timeOrigin is not), and the innermost frames. */
interface Sample {
  atMs: number;
  ours: boolean;
  top: string;
}

export class HostProfile {
  private constructor(private readonly samples: Sample[]) {}

  /** Profiles this thread while `work` runs, sampling every half millisecond. */
  static async during(work: () => Promise<void>, isOurs: (url: string) => boolean): Promise<HostProfile> {
    const session = new Session();
    session.connect();
    const post = <T>(method: string, params?: object) => new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_MS * 1000 });
    await post('Profiler.start');
    let profile: CpuProfile;
    try {
      await work();
    } finally {
      // The profiler stops either way; a failure of the work itself is the test's to report, not hidden by a return here.
      profile = (await post<{ profile: CpuProfile }>('Profiler.stop')).profile;
      session.disconnect();
    }
    return new HostProfile(samplesOf(profile, isOurs));
  }

  /**
   * Milliseconds our code ran in the window [fromMs, toMs] (hrtime clock): its samples times the
   * sampling interval, as profilers count time. Not the wall time between samples, which on a
   * loaded machine also counts the thread waiting for a CPU.
   */
  oursWithin(fromMs: number, toMs: number): number {
    return this.samples.filter((sample) => sample.ours && sample.atMs >= fromMs && sample.atMs <= toMs).length * SAMPLING_INTERVAL_MS;
  }

  /** The functions that ran most in the window (only ours, if asked), for a failure's message. */
  busiestWithin(fromMs: number, toMs: number, onlyOurs = false, count = 4): string[] {
    const tally = new Map<string, number>();
    for (const sample of this.samples) {
      if (sample.atMs >= fromMs && sample.atMs <= toMs && (sample.ours || !onlyOurs)) tally.set(sample.top, (tally.get(sample.top) ?? 0) + 1);
    }
    return [...tally].sort((a, b) => b[1] - a[1]).slice(0, count).map(([top, samples]) => `${top} (${samples})`);
  }
}

function samplesOf(profile: CpuProfile, isOurs: (url: string) => boolean): Sample[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const oursById = new Map<number, boolean>();
  const ours = (id: number): boolean => {
    let known = oursById.get(id);
    if (known === undefined) {
      const up = parent.get(id);
      known = isOurs(byId.get(id)!.callFrame.url) || (up !== undefined && ours(up));
      oursById.set(id, known);
    }
    return known;
  };
  let atMicros = profile.startTime;
  return profile.samples.map((id, index) => {
    atMicros += profile.timeDeltas[index];
    const frame = byId.get(id)!.callFrame;
    return { atMs: atMicros / 1000, ours: ours(id), top: `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}` };
  });
}

/** Now, in milliseconds on the clock the profile uses (hrtime). */
export function hrNowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
