import { generateKeyPair, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { commonName, objectIdentifier, sequence, SHA256_WITH_RSA, tlv, utcTime } from '../live/certificate';

/*
 * The stand-in gateway's certificate chain: as many certificates as the model's API Gateway
 * chain (simulator/net/tlsProfiles.ts API_GATEWAY_SERVER: leaf, Amazon RSA 2048 M0x, Amazon
 * Root CA 1 cross-signed, Starfield Services G2 cross-signed), each of the model's DER size to
 * the byte, so that the Certificate message the real stacks send is the size the model's is.
 *
 * What fills a real ACM certificate (SCTs, authority information access, policies) is stood in
 * for by one non-critical extension of padding under a private OID: the sizes are AWS's, the
 * contents are not (assumption, named: no client in the harness parses those extensions; all
 * clients run without verifying the chain, which changes nothing on the wire). One RSA-2048 key
 * signs and is certified by every certificate: every subject key and signature has the size of
 * an RSA-2048 one, as in the real chain, and making one key costs one fifth of making five.
 */

export interface CertificateChain {
  /** PEM of the leaf's private key. */
  key: string;
  /** PEM of the chain, leaf first, as node:tls sends it. */
  cert: string;
  /** DER size of each certificate, leaf first. */
  derBytes: number[];
}

/** Private-use arc for the padding extension (assumption: any OID a client ignores will do). */
const PADDING_OID = '1.3.6.1.4.1.55555.1';
const SUBJECT_ALT_NAME = '2.5.29.17';
const BASIC_CONSTRAINTS = '2.5.29.19';

function extension(oid: string, value: Buffer, critical = false): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), tlv(0x04, value));
}

interface CertificateSpec {
  subject: string;
  issuer: string;
  /** The leaf names the host in subjectAltName; the others are CAs. */
  host?: string;
}

function certificateDer(spec: CertificateSpec, padding: number, keys: { publicDer: Buffer; privateKey: Parameters<typeof sign>[2] }, notBefore: Date): Buffer {
  const extensions = [
    spec.host !== undefined
      ? extension(SUBJECT_ALT_NAME, sequence(tlv(0x82, Buffer.from(spec.host.toLowerCase(), 'latin1'))))
      : extension(BASIC_CONSTRAINTS, sequence(Buffer.from([0x01, 0x01, 0xff])), true),
    extension(PADDING_OID, Buffer.alloc(Math.max(0, padding), 0x2e)),
  ];
  // A fixed-length positive serial (RFC 5280 §4.1.2.2), so sizes do not depend on its value.
  const serial = Buffer.concat([Buffer.from([0x01]), randomBytes(15)]);
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))),
    tlv(0x02, serial),
    SHA256_WITH_RSA,
    commonName(spec.issuer),
    sequence(utcTime(notBefore), utcTime(new Date(notBefore.getTime() + 86400_000 + 3600_000))),
    commonName(spec.subject),
    keys.publicDer,
    tlv(0xa3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, keys.privateKey);
  return sequence(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0x00]), signature])));
}

/** One certificate of `target` DER bytes: the padding is corrected until the size is met (length octets may grow by one on the way). */
function sizedCertificate(spec: CertificateSpec, target: number, keys: { publicDer: Buffer; privateKey: Parameters<typeof sign>[2] }, notBefore: Date): Buffer {
  let padding = 0;
  let der = certificateDer(spec, padding, keys, notBefore);
  for (let attempt = 0; attempt < 8 && der.length !== target; attempt++) {
    padding += target - der.length;
    der = certificateDer(spec, padding, keys, notBefore);
  }
  // A size between two length encodings cannot be met exactly: one byte over is within the 2% the harness allows.
  return der;
}

const generateRsaKeyPair = (): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> => new Promise((resolve, reject) => {
  generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })));
});

/** A chain of certificates for `host` with the given DER sizes, leaf first (the wall clock is read here, once). */
export async function makeCertificateChain(host: string, sizes: readonly number[]): Promise<CertificateChain> {
  // Generated off the event loop: a 2048-bit key takes 50 to 300 ms, which the extension host must not spend blocked.
  const { publicKey, privateKey } = await generateRsaKeyPair();
  const keys = { publicDer: publicKey.export({ type: 'spki', format: 'der' }), privateKey };
  const now = new Date();
  const notBefore = new Date(now.getTime() - 3600_000);
  const names = sizes.map((_, index) => (index === 0 ? host : `Stand-in CA ${index}`));
  const ders = sizes.map((size, index) => sizedCertificate({ subject: names[index], issuer: names[index + 1] ?? 'Stand-in Root', ...(index === 0 ? { host } : {}) }, size, keys, notBefore));
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: ders.map((der) => new X509Certificate(der).toString()).join(''),
    derBytes: ders.map((der) => der.length),
  };
}
