import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { makeCertificateChain } from '../../../simulator/fidelity/certificateChain';
import { API_GATEWAY_SERVER } from '../../../simulator/net/tlsProfiles';

/*
 * The stand-in's chain has the model's API Gateway chain sizes (within 2%, issue 13; exact
 * where the DER length encoding allows), as node:crypto parses it, leaf first, naming the host.
 */

describe('the stand-in gateway\'s certificate chain', () => {
  it('has the model\'s four API Gateway certificate sizes, leaf first, the leaf naming the host', async () => {
    const chain = await makeCertificateChain('abc123.execute-api.us-east-1.amazonaws.com', API_GATEWAY_SERVER.certificateChain);
    const pems = chain.cert.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)!;
    const parsed = pems.map((pem) => new X509Certificate(pem));
    assert.deepEqual(parsed.map((certificate) => certificate.raw.length), [...API_GATEWAY_SERVER.certificateChain]);
    assert.deepEqual(chain.derBytes, [...API_GATEWAY_SERVER.certificateChain]);
    assert.equal(parsed[0].subjectAltName, 'DNS:abc123.execute-api.us-east-1.amazonaws.com');
    assert.equal(parsed[0].checkHost('abc123.execute-api.us-east-1.amazonaws.com'), 'abc123.execute-api.us-east-1.amazonaws.com');
    // Each certificate names the next as its issuer, and is signed by the one key the chain uses.
    for (let index = 0; index + 1 < parsed.length; index++) assert.equal(parsed[index].issuer, parsed[index + 1].subject);
    assert.ok(parsed.every((certificate) => certificate.verify(parsed[0].publicKey)));
  });
});
