import { scenarioCost } from '../gateway/cost';
import { readConfig } from '../config/configFile';
import type { GatewayModel } from '../model/gateway';
import type { DemoFlow } from './demoFlow';
import { exampleTemplatePath } from './examplePath';
import { routeRef, type RouteRef, type RunOptions } from './registry';
import { simulateRouteRequest } from './routeRequest';
import type { ScenarioOptions } from './topology';

/*
 * The core-banking example (examples/banking/template.yaml) end to end: a partner's server
 * moves money and reads a balance through a REST API that validates the JSON against the
 * Transfer model, turns it into a SOAP envelope with a mapping template, sends it over a VPC
 * link to the core system's load balancer, and maps the XML answer back to JSON. The third
 * flow is a transfer the validator refuses, answered by the bank's own BAD_REQUEST_BODY
 * gateway response without reaching the core system.
 */

const API = 'core-banking';
const FROM = 'DE89370400440532013000';
const TO = 'GB29NWBK60161331926819';

/** What the core system answers a TransferFunds call with (the response template reads TransferId and Status). */
const TRANSFER_ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pay="urn:bank:payments">
  <soapenv:Body>
    <pay:TransferFundsResponse>
      <pay:TransferId>TRF-20250901-000417</pay:TransferId>
      <pay:Status>BOOKED</pay:Status>
    </pay:TransferFundsResponse>
  </soapenv:Body>
</soapenv:Envelope>`;

const BALANCE_ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:acc="urn:bank:accounts">
  <soapenv:Body>
    <acc:GetBalanceResponse>
      <acc:Available>15230.75</acc:Available>
      <acc:Currency>EUR</acc:Currency>
    </acc:GetBalanceResponse>
  </soapenv:Body>
</soapenv:Envelope>`;

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };

/** A transfer the Transfer model accepts, as a partner's back end sends it: what `compare --workload banking` runs too. */
export const BANKING_TRANSFER: Required<Pick<RunOptions, 'requestBody' | 'requestHeaders' | 'backend'>> = {
  requestHeaders: [['Idempotency-Key', '7f3c9a52-2d1e-4b8f-9a61-0c5e8d4b1f27']],
  requestBody: JSON.stringify({ fromAccount: FROM, toAccount: TO, amount: 250.0, currency: 'EUR', reference: 'Invoice 2025-0917' }),
  backend: { status: 200, durationMs: 180, body: TRANSFER_ANSWER, headers: XML },
};

/** The banking example's model and the route compare runs on it, with the request it sends. */
export function bankingComparison(): { model: GatewayModel; ref: RouteRef; request: typeof BANKING_TRANSFER } {
  const model = readConfig(exampleTemplatePath('banking')).model;
  const api = model.apis.find((candidate) => candidate.name === API)!;
  return { model, ref: routeRef(api, api.routes.find((route) => route.key === 'POST /transfers')!), request: BANKING_TRANSFER };
}

export function simulateBankingDemo(options: ScenarioOptions = {}, model: GatewayModel = readConfig(exampleTemplatePath('banking')).model): DemoFlow[] {
  // A partner's back end calls the API: a server-side client, not a browser.
  const common: ScenarioOptions = { clientProfile: 'node', ...options };
  const transfer = simulateRouteRequest({ ...common, model, api: API, route: 'POST /transfers', dnsCache: options.dnsCache ?? 'resolver', ...BANKING_TRANSFER });
  const refused = simulateRouteRequest({
    ...common, model, api: API, route: 'POST /transfers', dnsCache: options.dnsCache ?? 'resolver',
    requestHeaders: [['Idempotency-Key', 'b2e1f7c4-93a0-4d6e-8c15-5a7d2e9f0b63']],
    // No currency, and an account number that is not an IBAN: the validator stops it.
    requestBody: JSON.stringify({ fromAccount: FROM, toAccount: '12345', amount: 99.5 }),
    backend: { status: 200, durationMs: 180, body: TRANSFER_ANSWER, headers: XML },
  });
  const balance = simulateRouteRequest({
    ...common, model, api: API, route: 'GET /accounts/{accountId}/balance', dnsCache: options.dnsCache ?? 'resolver',
    path: `/accounts/${FROM}/balance`,
    requestHeaders: [['X-Customer-Id', 'C-0042817']],
    backend: { status: 200, durationMs: 90, body: BALANCE_ANSWER, headers: XML },
  });
  return [
    { name: 'transfer', description: 'POST /transfers: JSON validated against the Transfer model, mapped to a SOAP envelope, sent over the VPC link; the XML answer mapped back to JSON', api: API, apiType: 'REST', route: 'POST /transfers', trace: transfer, cost: scenarioCost('REST', transfer) },
    { name: 'refused-transfer', description: 'POST /transfers with no currency and a bad IBAN: the request validator answers 400 with the bank\'s gateway response; the core system is not called', api: API, apiType: 'REST', route: 'POST /transfers', trace: refused, cost: scenarioCost('REST', refused) },
    { name: 'balance', description: 'GET /accounts/{accountId}/balance: required parameters checked, a SOAP query built from the path, the balance mapped to JSON', api: API, apiType: 'REST', route: 'GET /accounts/{accountId}/balance', trace: balance, cost: scenarioCost('REST', balance) },
  ];
}
