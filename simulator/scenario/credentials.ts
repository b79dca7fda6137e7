import type { Random } from '../engine/random';
import { epochAt } from '../engine/clock';

/*
 * What a client sends to prove who it is, built to realistic sizes because they ride in
 * every request's headers: a JWT (Cognito-style RS256 ID token), a SigV4 Authorization
 * header, an API key.
 */

function base64url(value: string | Uint8Array): string {
  return Buffer.from(value).toString('base64url');
}

/** A structurally real JWT: base64url header and claims, and a 256-byte RS256 signature. */
export function jwt(random: Random, claims: { issuer: string; audience: string; simulatedMs: number }): string {
  const issuedAt = Math.floor(epochAt(claims.simulatedMs) / 1000);
  const header = { kid: base64url(random.bytes(32)), alg: 'RS256' };
  const payload = {
    sub: 'c0ffee00-1111-4222-8333-444455556666',
    'cognito:groups': ['customers'],
    email_verified: true,
    iss: claims.issuer,
    'cognito:username': 'shopper42',
    origin_jti: 'a1b2c3d4-e5f6-4789-abcd-ef0123456789',
    aud: claims.audience,
    event_id: 'f0e1d2c3-b4a5-4697-8877-665544332211',
    token_use: 'id',
    auth_time: issuedAt - 60,
    exp: issuedAt + 3600,
    iat: issuedAt,
    jti: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    email: 'shopper42@example.com',
  };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${base64url(random.bytes(256))}`;
}

/** What a SigV4 signature is made of: the request time, the credential scope and the signature. */
interface SigV4Signature {
  date: string;
  credential: string;
  signature: string;
}

function sigV4Signature(random: Random, region: string, simulatedMs: number): SigV4Signature {
  const date = new Date(epochAt(simulatedMs)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const accessKey = `AKIA${Buffer.from(random.bytes(12)).toString('hex').toUpperCase().slice(0, 16)}`;
  return { date, credential: `${accessKey}/${date.slice(0, 8)}/${region}/execute-api/aws4_request`, signature: Buffer.from(random.bytes(32)).toString('hex') };
}

/** The headers a SigV4-signed request carries (AWS General Reference, "Signature Version 4"). */
export function sigV4Headers(random: Random, region: string, simulatedMs: number): [string, string][] {
  const { date, credential, signature } = sigV4Signature(random, region, simulatedMs);
  return [
    ['X-Amz-Date', date],
    ['Authorization', `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${signature}`],
  ];
}

/**
 * SigV4 in the query string instead of the Authorization header (IAM User Guide, "Authentication
 * methods", query string; the common parameters X-Amz-Algorithm, -Credential, -Date,
 * -SignedHeaders, -Signature): how a browser signs a WebSocket URL, since a page cannot set the
 * Upgrade's headers. In the sorted order a presigner writes them, the signature last.
 */
export function sigV4Query(random: Random, region: string, simulatedMs: number): [string, string][] {
  const { date, credential, signature } = sigV4Signature(random, region, simulatedMs);
  return [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', credential],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', '300'],
    // A page signs with temporary credentials (a Cognito identity pool's), which come with an STS session token.
    ['X-Amz-Security-Token', Buffer.from(random.bytes(300)).toString('base64')],
    ['X-Amz-SignedHeaders', 'host'],
    ['X-Amz-Signature', signature],
  ];
}

/** API keys are 20 to 128 characters; the console generates 40 alphanumerics. */
export function apiKey(random: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random.bytes(40), (byte) => alphabet[byte % alphabet.length]).join('');
}
