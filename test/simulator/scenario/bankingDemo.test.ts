import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { run } from '../../../simulator/cli/main';
import { compareApiTypes } from '../../../simulator/scenario/compare';
import { simulateBankingDemo } from '../../../simulator/scenario/bankingDemo';
import { workload } from '../../../simulator/scenario/workloads';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'examples', 'banking');

function message(event: TraceEvent): { head: string; body: string } {
  const text = Buffer.from(event.payload ?? new Uint8Array()).toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  return { head: text.slice(0, split), body: text.slice(split + 4) };
}

function hop(trace: Trace, from: string, to: (id: string) => boolean, kind: string): TraceEvent {
  const found = trace.events.find((event) => event.kind === kind && event.from === from && to(event.to));
  assert.ok(found, `no ${kind} from ${from}`);
  return found;
}

function headerOf(head: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
}

describe('the core-banking example', () => {
  const [transfer, refused, balance] = simulateBankingDemo();

  it('sends the core system the SOAP envelope the request template writes, over the VPC link, with only the mapped headers', () => {
    const sent = message(hop(transfer.trace, 'gateway', (id) => id !== 'client', 'http.request'));
    const requestId = headerOf(message(hop(transfer.trace, 'gateway', (id) => id === 'client', 'http.response')).head, 'x-amzn-RequestId')!;
    // Written out by hand from the template in examples/banking/template.yaml and the demo's transfer.
    const expected = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pay="urn:bank:payments">',
      '  <soapenv:Header>',
      `    <pay:RequestId>${requestId}</pay:RequestId>`,
      '    <pay:IdempotencyKey>7f3c9a52-2d1e-4b8f-9a61-0c5e8d4b1f27</pay:IdempotencyKey>',
      '  </soapenv:Header>',
      '  <soapenv:Body>',
      '    <pay:TransferFunds>',
      '      <pay:FromAccount>DE89370400440532013000</pay:FromAccount>',
      '      <pay:ToAccount>GB29NWBK60161331926819</pay:ToAccount>',
      '      <pay:Amount currency="EUR">250</pay:Amount>',
      '      <pay:Reference>Invoice 2025-0917</pay:Reference>',
      '    </pay:TransferFunds>',
      '  </soapenv:Body>',
      '</soapenv:Envelope>',
    ].join('\n');
    assert.equal(sent.body, expected);
    assert.equal(sent.head.split('\r\n')[0], 'POST /soap/PaymentService HTTP/1.1');
    assert.equal(headerOf(sent.head, 'Content-Type'), 'text/xml; charset=utf-8');
    assert.equal(headerOf(sent.head, 'SOAPAction'), 'urn:bank:payments/TransferFunds');
    assert.equal(headerOf(sent.head, 'X-Idempotency-Key'), '7f3c9a52-2d1e-4b8f-9a61-0c5e8d4b1f27');
    assert.equal(Number(headerOf(sent.head, 'Content-Length')), Buffer.byteLength(expected));
    // A custom integration forwards no client header it does not map.
    assert.equal(headerOf(sent.head, 'x-api-key'), undefined);
    assert.equal(headerOf(sent.head, 'Idempotency-Key'), undefined);
    assert.ok(transfer.trace.participants.some((participant) => /NLB \(VPC link core-banking-soap\)/.test(participant.label)));
  });

  it('maps the XML answer to the JSON the response template writes, with the 201 of its integration response', () => {
    const event = hop(transfer.trace, 'gateway', (id) => id === 'client', 'http.response');
    // The core system answers 200; the default integration response says 201 (IntegrationResponses StatusCode).
    assert.equal(hop(transfer.trace, 'loadbalancer', (id) => id === 'gateway', 'http.response').detail?.status, 200);
    assert.equal(event.detail?.status, 201);
    const answer = message(event);
    const requestId = headerOf(answer.head, 'x-amzn-RequestId');
    assert.deepEqual(JSON.parse(answer.body), { transferId: 'TRF-20250901-000417', status: 'booked', requestId });
  });

  it('refuses a transfer without a currency and with a bad IBAN in the bank\'s own 400, before the core system', () => {
    const answer = hop(refused.trace, 'gateway', (id) => id === 'client', 'http.response');
    assert.equal(answer.detail?.status, 400);
    const { head, body } = message(answer);
    const parsed = JSON.parse(body) as { code: string; message: string; requestId: string };
    assert.equal(parsed.code, 'INVALID_REQUEST');
    assert.equal(parsed.requestId, headerOf(head, 'x-amzn-RequestId'));
    assert.match(parsed.message, /"currency"/);
    assert.match(parsed.message, /12345/);
    assert.equal(headerOf(head, 'Cache-Control'), 'no-store');
    assert.ok(!refused.trace.events.some((event) => event.kind === 'http.request' && event.from === 'gateway'), 'the core system was called');
  });

  it('builds the balance query from the path parameter and the required header', () => {
    const sent = message(hop(balance.trace, 'gateway', (id) => id !== 'client', 'http.request'));
    assert.equal(sent.head.split('\r\n')[0], 'POST /soap/AccountService HTTP/1.1');
    assert.match(sent.body, /<acc:Account>DE89370400440532013000<\/acc:Account>\n\s*<acc:Customer>C-0042817<\/acc:Customer>/);
    const answer = JSON.parse(message(hop(balance.trace, 'gateway', (id) => id === 'client', 'http.response')).body) as unknown;
    assert.deepEqual(answer, { accountId: 'DE89370400440532013000', available: 15230.75, currency: 'EUR' });
  });

  it('reads the same routes, validators, models and templates from the SAM template and the OpenAPI file', () => {
    const fromSam = readConfig(join(EXAMPLE, 'template.yaml'));
    const fromOpenApi = readConfig(join(EXAMPLE, 'openapi.yaml'));
    assert.deepEqual(fromSam.findings.filter((finding) => finding.severity === 'error'), []);
    assert.deepEqual(fromOpenApi.findings.filter((finding) => finding.severity === 'error'), []);
    const shape = (config: typeof fromSam): unknown => config.model.apis.map((api) => ({
      name: api.name, type: api.type, endpoint: api.endpointType, gatewayResponses: api.gatewayResponses?.map((response) => response.type),
      routes: api.routes.map((route) => ({
        key: route.key, apiKey: route.apiKeyRequired, body: route.validateBody, parameters: route.validateParameters, required: route.requiredParameters,
        schema: route.requestModels?.map((model) => JSON.stringify({ ...(model.schema as object), $schema: undefined })), templates: route.requestTemplates, responses: route.responseTemplates, passthrough: route.passthroughBehavior,
        statuses: route.integrationResponses,
      })),
    }));
    assert.deepEqual(shape(fromOpenApi), shape(fromSam));
  });

  it('runs from the CLI with demo --example banking, and refuses an example that does not exist', () => {
    const { output, exitCode } = run(['demo', '--example', 'banking']);
    assert.equal(exitCode, 0, output);
    assert.match(output, /■ transfer: POST \/transfers/);
    assert.match(output, /API Gateway core-banking → NLB \(VPC link core-banking-soap\)\s+http\s+POST \/soap\/PaymentService/);
    assert.match(output, /■ refused-transfer: .*\n[\s\S]*400 Bad Request/);
    const wrong = run(['demo', '--example', 'bakery']);
    assert.equal(wrong.exitCode, 2);
    assert.match(wrong.output, /--example: expected shop or banking, got "bakery"/);
  });

  it('is the REST API of the banking compare preset, run with its own valid transfer', () => {
    const result = compareApiTypes(workload('banking'));
    const rest = result.results.find((row) => row.apiType === 'REST')!;
    assert.equal(rest.api, 'core-banking');
    assert.equal(rest.route.routeKey, 'POST /transfers');
    // Without a config the other API types stay the minimal reference APIs.
    assert.equal(result.results.find((row) => row.apiType === 'HTTP')!.api, 'reference-http');
  });
});
