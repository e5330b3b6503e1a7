/**
 * The transaction envelope, built in the browser: byte for byte what ledger/tx/envelope.ts
 * `buildTx` produces (canonical DAG-CBOR, the same sign-bytes with the domain prefix), signed with
 * WebCrypto Ed25519 by a key that never leaves the browser's key store (it is not extractable).
 * Checked against every vector in ledger/tx/testdata/vectors.json by web/ledger-envelope.test.ts.
 */
import * as dagCbor from '@ipld/dag-cbor';

export const ENVELOPE_VERSION = 1;
/** Domain separation, the same as the ledger's: a Prasasti signature is valid for nothing else. */
const SIGN_DOMAIN = new TextEncoder().encode('prasasti/tx/v1\n');

export type BodyValue = string | number | boolean | null | Uint8Array | BodyValue[] | { [k: string]: BodyValue };
export type TxBody = { [k: string]: BodyValue };

export interface UnsignedTx {
  chain: string;
  /** Ed25519 public key, 32 bytes. */
  signer: Uint8Array;
  /** Per signing member: 1, 2, 3, … (the next one comes from the API). */
  nonce: number;
  /** "<module>.<message>" */
  type: string;
  body: TxBody;
}

/** The exact bytes a member signs: the domain tag then the canonical encoding without `sig`. */
export function signBytes(tx: UnsignedTx): Uint8Array {
  const enc = dagCbor.encode({ v: ENVELOPE_VERSION, chain: tx.chain, signer: tx.signer, nonce: tx.nonce, type: tx.type, body: tx.body });
  const out = new Uint8Array(SIGN_DOMAIN.length + enc.length);
  out.set(SIGN_DOMAIN, 0);
  out.set(enc, SIGN_DOMAIN.length);
  return out;
}

/** The signed envelope's canonical encoding (what POST /api/v1/tx takes, base64). */
export function encodeSigned(tx: UnsignedTx, sig: Uint8Array): Uint8Array {
  return dagCbor.encode({ v: ENVELOPE_VERSION, chain: tx.chain, signer: tx.signer, nonce: tx.nonce, type: tx.type, body: tx.body, sig });
}

/** Ed25519 with WebCrypto: the key may be non-extractable (it usually is). */
export async function ed25519Sign(key: CryptoKey, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, bytes as BufferSource));
}

/** Builds, signs and encodes a transaction (the browser's `buildTx`). */
export async function buildSignedTx(key: CryptoKey, tx: UnsignedTx): Promise<Uint8Array> {
  if (tx.signer.length !== 32) throw new Error('signer must be a 32-byte Ed25519 public key');
  const sig = await ed25519Sign(key, signBytes(tx));
  return encodeSigned(tx, sig);
}

const PKCS8_ED25519_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/**
 * Imports a 32-byte Ed25519 seed as a non-extractable WebCrypto signing key (demo people, tests).
 * The caller should drop the seed bytes afterwards; the key cannot give them back.
 */
export async function importSeed(seed: Uint8Array): Promise<CryptoKey> {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
  der.set(PKCS8_ED25519_PREFIX, 0);
  der.set(seed, PKCS8_ED25519_PREFIX.length);
  try {
    return await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, false, ['sign']);
  } finally {
    der.fill(0);
  }
}

export const toBase64 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
};
export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export const fromHex = (h: string): Uint8Array => {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(h)) throw new Error('not hex');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
};
