import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { makeLiveCertificate } from '../../../simulator/live/certificate';

describe('makeLiveCertificate', () => {
  it('makes a self-signed RSA-2048 certificate naming the host, without openssl', () => {
    const certificate = makeLiveCertificate('OrdersApi.execute-api.us-east-1.amazonaws.com');
    const x509 = new X509Certificate(certificate.cert);
    assert.equal(x509.subjectAltName, 'DNS:ordersapi.execute-api.us-east-1.amazonaws.com');
    assert.ok(x509.verify(x509.publicKey), 'signed by its own key');
    assert.equal(x509.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(x509.raw.length, certificate.derBytes);
    assert.ok(x509.checkHost('OrdersApi.execute-api.us-east-1.amazonaws.com'));
    assert.ok(new Date(x509.validFrom) < new Date() && new Date() < new Date(x509.validTo));
  });
});
