import { ParameterError } from '../errors';
import type { Workload } from '../model/comparison';
import { integerInRange, nonNegative, positive } from '../validate';

export const WORKLOADS: Record<string, Workload> = {
  shop: {
    name: 'shop', description: 'Product and order APIs, plus order-status updates (packed, shipped, delivered)',
    clients: 1000, requestsPerMinute: 2, updatesPerMinute: 0.05, requestBytes: 200, responseBytes: 1500, updateBytes: 80, pollIntervalSeconds: 10, sessionMinutes: 30,
  },
  banking: {
    name: 'banking', description: 'Request/response with heavy payloads and mapping, no server pushes',
    clients: 500, requestsPerMinute: 6, updatesPerMinute: 0, requestBytes: 600, responseBytes: 4000, updateBytes: 0, pollIntervalSeconds: 30, sessionMinutes: 10,
    example: 'banking',
  },
  chat: {
    name: 'chat', description: 'Many small messages both ways',
    clients: 10000, requestsPerMinute: 6, updatesPerMinute: 30, requestBytes: 150, responseBytes: 100, updateBytes: 200, pollIntervalSeconds: 2, sessionMinutes: 60,
  },
  ticker: {
    name: 'ticker', description: 'One-to-many price updates every second',
    clients: 50000, requestsPerMinute: 0.1, updatesPerMinute: 60, requestBytes: 100, responseBytes: 300, updateBytes: 120, pollIntervalSeconds: 1, sessionMinutes: 120,
  },
  gaming: {
    name: 'gaming', description: 'High-rate state sync, ten updates a second each way',
    clients: 2000, requestsPerMinute: 600, updatesPerMinute: 600, requestBytes: 100, responseBytes: 100, updateBytes: 300, pollIntervalSeconds: 0.1, sessionMinutes: 30,
  },
};

export function workload(name: string): Workload {
  const preset = WORKLOADS[name];
  if (!preset || !Object.hasOwn(WORKLOADS, name)) {
    throw new ParameterError('workload', name, `one of ${Object.keys(WORKLOADS).join(', ')}, or a workload JSON file`, 'UNKNOWN_OPTION');
  }
  return preset;
}

/** Checks a workload read from a file, naming the field at fault. */
export function validateWorkload(value: unknown): Workload {
  if (typeof value !== 'object' || value === null) throw new ParameterError('workload', value, 'an object');
  const w = value as Record<string, unknown>;
  return {
    name: typeof w.name === 'string' ? w.name : 'custom',
    description: typeof w.description === 'string' ? w.description : 'custom workload',
    clients: integerInRange('workload.clients', w.clients, 1, 10_000_000),
    requestsPerMinute: nonNegative('workload.requestsPerMinute', w.requestsPerMinute),
    updatesPerMinute: nonNegative('workload.updatesPerMinute', w.updatesPerMinute),
    requestBytes: integerInRange('workload.requestBytes', w.requestBytes, 0, 10 * 1024 * 1024),
    responseBytes: integerInRange('workload.responseBytes', w.responseBytes, 0, 10 * 1024 * 1024),
    updateBytes: integerInRange('workload.updateBytes', w.updateBytes ?? 0, 0, 10 * 1024 * 1024),
    pollIntervalSeconds: positive('workload.pollIntervalSeconds', w.pollIntervalSeconds ?? 10),
    sessionMinutes: positive('workload.sessionMinutes', w.sessionMinutes ?? 30),
  };
}
