/**
 * The transaction envelope, built in the browser: byte for byte what ledger/tx/envelope.ts
 * `buildTx` produces (canonical DAG-CBOR, the same sign-bytes with the domain prefix), signed with
 * WebCrypto Ed25519 by a key that never leaves the browser's key store (it is not extractable).
 * Checked against every vector in ledger/tx/testdata/vectors.json by web/ledger-envelope.test.ts.
 */
import * as dagCbor from '@ipld/dag-cbor';
import { ed25519Sign } from './webcrypto';

export { ed25519Sign, importSeed, toBase64, toHex, fromHex } from './webcrypto';

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

/** Builds, signs and encodes a transaction (the browser's `buildTx`). */
export async function buildSignedTx(key: CryptoKey, tx: UnsignedTx): Promise<Uint8Array> {
  if (tx.signer.length !== 32) throw new Error('signer must be a 32-byte Ed25519 public key');
  const sig = await ed25519Sign(key, signBytes(tx));
  return encodeSigned(tx, sig);
}
