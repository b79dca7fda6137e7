/*
 * The integration timeout's maximum, as a user meets it: a route whose integration is
 * configured to wait longer than its API allows. HTTP APIs stop at 30 s, edge-optimized REST
 * APIs at 29 s; Regional and private REST APIs may wait longer (DG api-gateway-execution-service-limits-table).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../simulator/config/configFile';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import type { EndpointType, GatewayModel } from '../../../simulator/model/gateway';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

const MODEL_FILE = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');

/** The shop model with one API's integrations waiting `timeoutMs`, on the given endpoint type. */
function shop(apiName: string, timeoutMs: number, endpointType?: EndpointType): GatewayModel {
  const model = modelFromJson(readFileSync(MODEL_FILE, 'utf8'), 'examples/shop/gateway.json');
  const api = model.apis.find((candidate) => candidate.name === apiName)!;
  for (const integration of api.integrations) integration.timeoutMs = timeoutMs;
  if (endpointType) api.endpointType = endpointType;
  return model;
}

function answer(trace: Trace): TraceEvent {
  return trace.events.find((event) => event.kind === 'http.response' && event.to === 'client')!;
}

function capped(trace: Trace): TraceEvent | undefined {
  return trace.events.find((event) => event.error?.code === 'INTEGRATION_TIMEOUT_ABOVE_MAXIMUM');
}

function gatewayArrival(trace: Trace): number {
  return trace.events.find((event) => event.kind === 'http.request' && event.to === 'gateway')!.arrival;
}

describe('the integration timeout maximum', () => {
  it('stops an HTTP API integration configured for 120 s at 30 s with a 503, and says so', () => {
    const trace = simulateRouteRequest({ model: shop('shop-orders', 120_000), api: 'shop-orders', route: 'POST /orders', backend: { durationMs: 60_000 } });
    const finding = capped(trace);
    assert.ok(finding, 'the trace says the configured timeout is above the maximum');
    assert.equal(finding.error?.status, 503);
    assert.deepEqual(finding.detail, { configuredTimeoutMs: 120_000, maximumTimeoutMs: 30_000 });
    const response = answer(trace);
    assert.equal(response.detail?.status, 503);
    const waited = trace.events.find((event) => event.error?.code === 'INTEGRATION_TIMEOUT')!;
    assert.ok(waited, 'the integration times out');
    assert.ok(waited.time - gatewayArrival(trace) >= 30_000 && waited.time - gatewayArrival(trace) < 30_100, `timed out ${waited.time - gatewayArrival(trace)} ms after the request arrived`);
  });

  it('stops an edge-optimized REST integration configured for 60 s at 29 s with a 504', () => {
    const trace = simulateRouteRequest({ model: shop('shop-products', 60_000, 'EDGE'), api: 'shop-products', route: 'GET /products/{productId}', backend: { durationMs: 40_000 } });
    assert.equal(capped(trace)?.error?.status, 504);
    assert.equal(answer(trace).detail?.status, 504);
  });

  it('lets a Regional or private REST integration wait past 29 s, as a raised quota allows', () => {
    for (const endpointType of ['REGIONAL', 'PRIVATE'] as const) {
      const trace = simulateRouteRequest({ model: shop('shop-products', 60_000, endpointType), api: 'shop-products', route: 'GET /products/{productId}', backend: { durationMs: 40_000 } });
      assert.equal(capped(trace), undefined, endpointType);
      assert.equal(answer(trace).detail?.status, 200, endpointType);
    }
  });

  it('says nothing of a timeout within the maximum', () => {
    const trace = simulateRouteRequest({ model: shop('shop-orders', 30_000), api: 'shop-orders', route: 'POST /orders' });
    assert.equal(capped(trace), undefined);
  });
});

/** A SAM template with one HTTP API route and one REST route of the given endpoint type, each integration waiting `timeoutMs`. */
function samTemplate(timeoutMs: number, restEndpoint: 'EDGE' | 'REGIONAL' | 'PRIVATE'): string {
  return [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Rest:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties:',
    '      Name: rest',
    `      EndpointConfiguration: {Types: [${restEndpoint}]}`,
    '  RestMethod:',
    '    Type: AWS::ApiGateway::Method',
    '    Properties:',
    '      RestApiId: !Ref Rest',
    '      ResourceId: !GetAtt Rest.RootResourceId',
    '      HttpMethod: GET',
    '      AuthorizationType: NONE',
    '      Integration:',
    '        Type: HTTP_PROXY',
    '        IntegrationHttpMethod: GET',
    '        Uri: https://backend.example.com/',
    `        TimeoutInMillis: ${timeoutMs}`,
    '  Http:',
    '    Type: AWS::ApiGatewayV2::Api',
    '    Properties:',
    '      Name: http',
    '      ProtocolType: HTTP',
    '  HttpIntegration:',
    '    Type: AWS::ApiGatewayV2::Integration',
    '    Properties:',
    '      ApiId: !Ref Http',
    '      IntegrationType: HTTP_PROXY',
    '      IntegrationMethod: GET',
    '      IntegrationUri: https://backend.example.com/',
    '      PayloadFormatVersion: "1.0"',
    `      TimeoutInMillis: ${timeoutMs}`,
    '  HttpRoute:',
    '    Type: AWS::ApiGatewayV2::Route',
    '    Properties:',
    '      ApiId: !Ref Http',
    '      RouteKey: GET /a',
    '      Target: !Sub integrations/${HttpIntegration}',
    '',
  ].join('\n');
}

function timeoutFindings(text: string): [string, string, number][] {
  const read = readConfigText(text, 'template.yaml');
  return read.findings.filter((finding) => finding.code.startsWith('INTEGRATION_TIMEOUT')).map((finding) => [finding.severity, finding.code, finding.location.line]);
}

describe('integration timeouts checked at read time', () => {
  it('reports a 120 s HTTP API integration and a 60 s edge-optimized REST integration as errors at their lines', () => {
    const found = timeoutFindings(samTemplate(120_000, 'EDGE'));
    const lines = samTemplate(120_000, 'EDGE').split('\n');
    const restLine = lines.indexOf('  RestMethod:') + 1;
    const httpLine = lines.indexOf('  HttpIntegration:') + 1;
    assert.deepEqual(found.map(([severity, code]) => [severity, code]), [['error', 'INTEGRATION_TIMEOUT_ABOVE_MAXIMUM'], ['error', 'INTEGRATION_TIMEOUT_ABOVE_MAXIMUM']]);
    assert.ok(found.every(([, , line]) => line >= restLine), `${JSON.stringify(found)}`);
    assert.ok(found.some(([, , line]) => line >= httpLine), 'the HTTP API integration is reported at its own definition');
  });

  it('warns that a Regional or private REST integration past 29 s needs a raised quota, and lets the HTTP API have its 30 s', () => {
    for (const endpoint of ['REGIONAL', 'PRIVATE'] as const) {
      assert.deepEqual(timeoutFindings(samTemplate(60_000, endpoint)).map(([severity, code]) => [severity, code]).sort(), [
        ['error', 'INTEGRATION_TIMEOUT_ABOVE_MAXIMUM'], // the HTTP API's 60 s
        ['warning', 'INTEGRATION_TIMEOUT_NEEDS_QUOTA_INCREASE'],
      ], endpoint);
    }
    assert.deepEqual(timeoutFindings(samTemplate(29_000, 'EDGE')), []);
    assert.deepEqual(timeoutFindings(samTemplate(30_000, 'REGIONAL')).map(([, code]) => code), ['INTEGRATION_TIMEOUT_NEEDS_QUOTA_INCREASE']);
  });
});
