import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeHops } from '../../../webview/drawing/routeHops';
import { orderStatusTrace, productTrace, vpcLinkTrace } from '../traces';

describe('the hops of a route', () => {
  it('starts at the client and lists each participant a message reaches once, in order, without DNS, TCP or TLS', () => {
    const trace = productTrace();
    const hops = routeHops(trace);
    assert.equal(hops[0], 'Client');
    assert.equal(new Set(hops).size, hops.length);
    const labels = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
    // Every hop is the target of a message above the transport, and its first such message comes after the previous hop's.
    const firstReached = hops.slice(1).map((hop) => trace.events.findIndex((event) => !['dns', 'tcp', 'tls'].includes(event.layer) && event.from !== event.to && labels.get(event.to) === hop));
    assert.ok(firstReached.every((index) => index >= 0));
    assert.deepEqual(firstReached, [...firstReached].sort((a, b) => a - b));
    const dnsOnly = trace.participants.find((participant) => participant.kind === 'dns');
    if (dnsOnly) assert.ok(!hops.includes(dnsOnly.label), 'the resolver is reached only by DNS');
  });

  it('shows the VPC link and load balancer of a private integration, and the WebSocket path to the backend', () => {
    assert.ok(routeHops(vpcLinkTrace()).some((hop) => /VPC link/i.test(hop)), routeHops(vpcLinkTrace()).join(' → '));
    assert.ok(routeHops(orderStatusTrace()).length >= 3);
  });
});
