/* "Try this template…": a route's mapping templates rendered for the request its scenario sends. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { hasMappingTemplate, routeTemplateTrial } from '../../../simulator/scenario/templateTrial';

const MODEL = modelFromJson(JSON.stringify({
  vpcLinks: [],
  apis: [{
    id: 'a1b2c3d4e5', name: 'orders', type: 'REST', endpointType: 'REGIONAL', region: 'us-east-1', stages: [{ name: 'prod' }], authorizers: [],
    integrations: [{ id: 'http', type: 'HTTP', uri: 'https://orders.example.com' }, { id: 'lambda', type: 'AWS_PROXY', functionName: 'getOrder' }],
    routes: [
      {
        key: 'POST /orders/{orderId}', integrationId: 'http',
        requestTemplates: { 'application/json': '{"id": "$input.params(\'orderId\')", "note": "$input.path(\'$.note\')", "stage": "$context.stage"}' },
        responseTemplates: { 'application/json': '#set($context.responseOverride.status = 201)ok=$input.path(\'$.ok\')' },
      },
      { key: 'GET /orders/{orderId}', integrationId: 'lambda' },
      { key: 'PUT /orders/{orderId}', integrationId: 'http', requestTemplates: { 'application/json': '#if(' } },
    ],
  }],
}), 'orders.json');
const api = MODEL.apis[0];

describe('trying a route\'s mapping templates', () => {
  it('offers itself only on REST non-proxy routes with a template', () => {
    assert.deepEqual(api.routes.map((route) => hasMappingTemplate(api, route)), [true, false, true]);
  });

  it('renders the request template for the scenario\'s sample request, and the response template for the default answer', () => {
    const text = routeTemplateTrial(api, api.routes[0]);
    assert.match(text, /^# orders POST \/orders\/\{orderId\}: POST \/prod\/orders\/o-1001 with \{"note":"gift wrap"\}$/m);
    assert.match(text, /^\{"id": "o-1001", "note": "gift wrap", "stage": "prod"\}$/m);
    assert.match(text, /^ok=true$/m);
    assert.match(text, /^## responseOverride\.status = 201$/m);
  });

  it('shows a template error with its line and column instead of failing', () => {
    assert.match(routeTemplateTrial(api, api.routes[2]), /^template:1:\d+: syntax error: /m);
  });
});
