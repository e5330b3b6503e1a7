import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as dagCbor from '@ipld/dag-cbor';
import { buildTx, decodeEnvelope, keyPairFromSeed, MAX_TX_BYTES, signBytes, verifySignature, verifySignatureOpenSSL, encodeEnvelope } from './envelope.js';
import { LedgerError } from '../codes.js';

interface Vector {
  name: string;
  seedHex: string;
  publicKeyHex: string;
  chain: string;
  nonce: number;
  type: string;
  bodyJson: string;
  signBytesHex: string;
  txHex: string;
}
const vectors = JSON.parse(readFileSync(new URL('./testdata/vectors.json', import.meta.url), 'utf8')) as Vector[];
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('envelope test vectors: same inputs give the same bytes and signature', () => {
  assert.ok(vectors.length >= 3);
  for (const v of vectors) {
    const key = keyPairFromSeed(unhex(v.seedHex));
    assert.equal(hex(key.publicKey), v.publicKeyHex, `${v.name}: public key`);
    const body = JSON.parse(v.bodyJson, (_k, x) => (x && typeof x === 'object' && '$bytes' in x ? unhex(x.$bytes as string) : x));
    const tx = buildTx(key, v.chain, v.nonce, v.type, body);
    assert.equal(hex(tx), v.txHex, `${v.name}: tx bytes`);
    const env = decodeEnvelope(tx);
    assert.equal(hex(signBytes(env)), v.signBytesHex, `${v.name}: sign bytes`);
    assert.ok(verifySignature(env), `${v.name}: signature verifies`);
    assert.ok(verifySignatureOpenSSL(env), `${v.name}: OpenSSL agrees`);
  }
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof LedgerError) return e.codeName;
    throw e;
  }
  return 'OK';
}

test('decodeEnvelope rejects malformed, non-canonical and oversize input with its own code', () => {
  const good = unhex(vectors[0]!.txHex);
  const env = decodeEnvelope(good);
  const cases: Array<[string, Uint8Array, string]> = [
    ['empty', new Uint8Array(0), 'MALFORMED'],
    ['garbage', new Uint8Array([0xff, 0x00, 0x13]), 'MALFORMED'],
    ['not a map', dagCbor.encode([1, 2, 3]), 'MALFORMED'],
    ['missing sig', dagCbor.encode({ v: 1, chain: 'x', signer: env.signer, nonce: 1, type: 'a.b', body: {} }), 'MALFORMED'],
    ['extra field', dagCbor.encode({ ...env, extra: 1 }), 'MALFORMED'],
    ['version 2', dagCbor.encode({ ...env, v: 2 }), 'MALFORMED'],
    ['zero nonce', dagCbor.encode({ ...env, nonce: 0 }), 'MALFORMED'],
    ['short signer', dagCbor.encode({ ...env, signer: new Uint8Array(31) }), 'MALFORMED'],
    ['bad type', dagCbor.encode({ ...env, type: 'DROP TABLE' }), 'MALFORMED'],
    ['float in body', Uint8Array.from([...good.subarray(0, 0)]).length === 0 ? encodeWithFloat(env) : good, 'MALFORMED'],
    ['oversize', new Uint8Array(MAX_TX_BYTES + 1), 'OVERSIZE'],
    ['trailing byte', Uint8Array.from([...good, 0]), 'MALFORMED'],
    ['non-minimal integer', nonMinimalNonce(good), 'MALFORMED'],
  ];
  for (const [name, bytes, want] of cases) assert.equal(codeOf(() => decodeEnvelope(bytes)), want, name);
  assert.equal(codeOf(() => decodeEnvelope(good)), 'OK');
});

function encodeWithFloat(env: ReturnType<typeof decodeEnvelope>): Uint8Array {
  // DAG-CBOR encodes 1.5 as a float64; the envelope rejects floats anywhere in a body.
  return dagCbor.encode({ ...env, body: { amount: 1.5 } });
}

function nonMinimalNonce(good: Uint8Array): Uint8Array {
  // "nonce" = 656e6f6e6365 followed by 01; re-encode 1 as 0x18 0x01 (valid CBOR, not canonical).
  const h = hex(good);
  const at = h.indexOf('656e6f6e636501');
  assert.ok(at > 0);
  return unhex(h.slice(0, at) + '656e6f6e63651801' + h.slice(at + 14));
}

test('a signature is bound to chain, nonce, type, body and signer', () => {
  const env = decodeEnvelope(unhex(vectors[0]!.txHex));
  assert.ok(verifySignature(env));
  for (const change of [{ chain: 'other-chain' }, { nonce: 2 }, { type: 'identity.set_roles' }, { body: { memberId: 'x' } }, { signer: keyPairFromSeed(new Uint8Array(32).fill(9)).publicKey }]) {
    const forged = decodeEnvelope(encodeEnvelope({ ...env, ...change }));
    assert.equal(verifySignature(forged), false, JSON.stringify(Object.keys(change)));
    assert.equal(verifySignatureOpenSSL(forged), false);
  }
});
