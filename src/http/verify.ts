import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** How far a request's timestamp may be from now, either way, before it counts as replayed. */
export const MAX_CLOCK_SKEW_S = 5 * 60;

/** The application's public key as the developer portal shows it (64 hex digits), as a KeyObject. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('an Ed25519 public key is 64 hex digits');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * Whether the signature headers could belong to a signed request: both
 * there, of the right shape, the timestamp within the window. Checked before
 * the body is read, so that a request that cannot be signed costs no buffering.
 */
export function mayBeSigned(
  signature: string | undefined,
  timestamp: string | undefined,
  nowS: number = Date.now() / 1000,
): boolean {
  if (signature === undefined || timestamp === undefined) return false;
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  return Math.abs(nowS - Number(timestamp)) <= MAX_CLOCK_SKEW_S;
}

/**
 * Whether Discord signed this request: `X-Signature-Ed25519` over
 * `X-Signature-Timestamp` followed by the raw body, with a timestamp within
 * five minutes of `nowS` either way. Anything missing or of the wrong shape
 * is simply "not signed"; the reason is never told to the caller.
 */
export function isSigned(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  nowS: number = Date.now() / 1000,
): boolean {
  if (!mayBeSigned(signature, timestamp, nowS) || signature === undefined || timestamp === undefined)
    return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}
