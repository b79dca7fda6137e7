import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { Random } from '../../../simulator/engine/random';
import { syntheticCertificate } from '../../../simulator/net/syntheticCertificate';

describe('syntheticCertificate', () => {
  it('builds certificates of the exact DER sizes the TLS profiles use, which OpenSSL parses', () => {
    for (const size of [1488, 1122, 1174, 700, 1266, 1267, 4000]) {
      const der = syntheticCertificate(new Random(size), size, 'api.example.com', 'Simulated CA');
      assert.equal(der.length, size);
      const certificate = new X509Certificate(der);
      assert.equal(certificate.subject, 'CN=api.example.com');
      assert.equal(certificate.issuer, 'CN=Simulated CA');
      assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    }
  });

  it('is the same for the same seed', () => {
    assert.deepEqual(syntheticCertificate(new Random(3), 900, 'a', 'b'), syntheticCertificate(new Random(3), 900, 'a', 'b'));
  });
});
