import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** The application id the HTTP tests' interactions carry. */
export const APP = '100000000000000001';

/** Discord's side of the signature: a key pair, and the headers of a signed request. */
export interface Signer {
  /** The public key as the developer portal shows it: the 32 raw bytes in hex (DISCORD_PUBLIC_KEY). */
  readonly publicKeyHex: string;
  readonly privateKey: KeyObject;
  /** The signature of `body` at `timestamp`, in hex. */
  readonly signature: (body: string | Uint8Array, timestamp: string) => string;
  /** The two signature headers of `body`, at `timestamp` (now by default). */
  readonly headers: (body: string | Uint8Array, timestamp?: string) => Record<string, string>;
}

/** The current time as Discord's timestamp header writes it. */
export const nowHeader = (): string => String(Math.floor(Date.now() / 1000));

/** A fresh Ed25519 key pair, as an application's. */
export function newSigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signature = (body: string | Uint8Array, timestamp: string): string =>
    sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
  return {
    publicKeyHex: publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex'),
    privateKey,
    signature,
    headers: (body, timestamp = nowHeader()) => ({
      'x-signature-ed25519': signature(body, timestamp),
      'x-signature-timestamp': timestamp,
    }),
  };
}
