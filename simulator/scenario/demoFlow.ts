import type { ScenarioCost } from '../gateway/cost';
import type { Trace } from '../trace/trace';

/** One flow of a built-in example's demo: what it shows, on which route, and its trace and cost. */
export interface DemoFlow {
  name: string;
  description: string;
  api: string;
  apiType: 'REST' | 'HTTP' | 'WEBSOCKET';
  route: string;
  trace: Trace;
  cost: ScenarioCost;
}
