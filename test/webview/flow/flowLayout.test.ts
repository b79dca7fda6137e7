import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layer, TraceJson } from '../../../simulator/trace/trace';
import type { FlowModel, LabelBox } from '../../../webview/flow/flowDiagram';
import { layoutFlow, textWidth } from '../../../webview/flow/flowLayout';
import { flowModel } from '../../../webview/flow/flowModel';
import { LAYERS } from '../../../webview/drawing/layers';
import { CHAR_WIDTH } from '../../../webview/drawing/textFit';
import { faultTrace, orderStatusTrace, orderTrace, productTrace, vpcLinkTrace } from '../traces';

const ALL_LAYERS: ReadonlySet<Layer> = new Set(LAYERS);

const TRACES: Record<string, () => TraceJson> = {
  'the REST route with edge, WAF and Lambda': productTrace,
  'the HTTP route with a JWT authorizer and Lambda': orderTrace,
  'the VPC link route to an ALB and an EKS target': vpcLinkTrace,
  'the WebSocket session': orderStatusTrace,
  'the throttled request': () => faultTrace('throttled'),
};

function overlap(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function labelBoxes(model: FlowModel): { name: string; box: LabelBox }[] {
  return model.hops.flatMap((hop) => [hop.request, hop.response].flatMap((lane) => (lane ? [{ name: `${lane.from}>${lane.to} "${lane.labelLines.join(' / ')}"`, box: lane.labelBox }] : [])));
}

function laidOut(trace: TraceJson, width: number): FlowModel {
  return layoutFlow(flowModel(trace, { layers: ALL_LAYERS }), width);
}

describe('flow layout', () => {
  for (const [name, trace] of Object.entries(TRACES)) {
    for (const width of [380, 620, 1200]) {
      it(`fits ${name} in ${width} px with no label over a box or another label`, () => {
        const model = laidOut(trace(), width);
        assert.ok(model.width <= width, `diagram ${model.width} px wide in ${width} px (${model.orientation})`);
        for (const node of model.nodes) assert.ok(node.x >= 0 && node.x + node.width <= width, `${node.id} inside`);
        const labels = labelBoxes(model);
        for (const [index, { name: label, box }] of labels.entries()) {
          assert.ok(box.x >= 0 && box.x + box.width <= width && box.y >= 0, `${label} inside`);
          for (const node of model.nodes) assert.ok(!overlap(box, node), `${label} clear of ${node.id} (${model.orientation})`);
          for (const other of labels.slice(index + 1)) assert.ok(!overlap(box, other.box), `${label} clear of ${other.name} (${model.orientation})`);
        }
        for (const [index, a] of model.nodes.entries()) {
          for (const b of model.nodes.slice(index + 1)) assert.ok(!overlap(a, b), `${a.id} and ${b.id} apart`);
        }
      });
    }
  }

  it('goes left to right on a wide screen and top to bottom in a panel beside the config', () => {
    const trace = orderTrace();
    assert.equal(laidOut(trace, 1200).orientation, 'across');
    const narrow = laidOut(trace, 620);
    assert.equal(narrow.orientation, 'down');
    // Client first, every callee below its caller, the gateway's callees below the gateway.
    const y = Object.fromEntries(narrow.nodes.map((node) => [node.id, node.y]));
    assert.ok(y.client < y.resolver && y.resolver < y.gateway && y.gateway < y.issuer && y.issuer < y['lambda:createOrder']);
    const x = Object.fromEntries(narrow.nodes.map((node) => [node.id, node.x]));
    assert.ok(x.gateway > x.client && x['lambda:createOrder'] > x.gateway, 'each callee is indented under its caller');
  });

  it('estimates label boxes with the sequence layout\'s character width', () => {
    const model = laidOut(productTrace(), 620);
    for (const hop of model.hops) {
      const lane = hop.request;
      if (!lane) continue;
      assert.equal(lane.labelBox.width, Math.max(...lane.labelLines.map((line) => Math.round(line.length * CHAR_WIDTH * 100) / 100)));
      assert.equal(textWidth(lane.labelLines[0]), lane.labelLines[0].length * CHAR_WIDTH);
      assert.equal(lane.labelLines.join(' '), lane.label, 'a split label keeps every character');
    }
  });

  it('keeps the failed hop and box marked in every layout', () => {
    for (const width of [380, 1200]) {
      const model = laidOut(faultTrace('throttled'), width);
      const gateway = model.nodes.find((node) => node.id === 'gateway');
      assert.ok(gateway?.errors.some((error) => error.code === 'THROTTLED'), `the gateway is marked at ${width} px`);
    }
    const trace = productTrace();
    const failing: TraceJson = { ...trace, events: trace.events.map((event) => (event.name === 'getProduct result' ? { ...event, error: { code: 'LAMBDA_FAILED', message: 'the function failed' } } : event)) };
    for (const width of [380, 1200]) {
      const model = laidOut(failing, width);
      const failed = model.hops.filter((hop) => hop.errors.length > 0);
      assert.deepEqual(failed.map((hop) => hop.key), ['gateway~lambda:getProduct'], `one failed hop at ${width} px`);
    }
  });

  it('draws every hop\'s lanes from its caller to its callee and back, in every layout', () => {
    for (const trace of Object.values(TRACES)) {
      for (const width of [380, 620, 1200]) {
        const model = laidOut(trace(), width);
        const nodeOf = new Map(model.nodes.map((node) => [node.id, node]));
        for (const hop of model.hops) {
          for (const lane of [hop.request, hop.response]) {
            if (!lane) continue;
            // The lane starts on the sender's box edge and its arrowhead tip touches the receiver's.
            const start = /^M([\d.-]+),([\d.-]+)/.exec(lane.path);
            const tip = /^M([\d.-]+),([\d.-]+)/.exec(lane.head);
            assert.ok(start && tip, `${lane.from}>${lane.to} has a path and a head`);
            const near = (node: FlowModel['nodes'][number] | undefined, x: number, y: number): boolean =>
              node !== undefined && x >= node.x - 2 && x <= node.x + node.width + 2 && y >= node.y - 2 && y <= node.y + node.height + 2;
            assert.ok(near(nodeOf.get(lane.from), Number(start[1]), Number(start[2])), `${lane.from}>${lane.to} leaves ${lane.from} at ${width} px`);
            assert.ok(near(nodeOf.get(lane.to), Number(tip[1]), Number(tip[2])), `${lane.from}>${lane.to} arrives at ${lane.to} at ${width} px`);
          }
        }
        assert.equal(model.hops.length, flowModel(trace(), { layers: ALL_LAYERS }).hops.length, 'no hop lost');
      }
    }
  });
});
