/**
 * The browser's transaction envelope (web/src/lib/ledger/envelope.ts, WebCrypto Ed25519) against
 * the ledger's: every vector in ledger/tx/testdata/vectors.json gives the same sign-bytes and the
 * same transaction bytes, and the ledger's decoder and signature check accept what the browser
 * code builds — also with a key made by WebCrypto itself, non-extractable as the browser keeps it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildSignedTx, fromHex, importSeed, signBytes, toBase64, toHex, type TxBody } from './src/lib/ledger/envelope.js';
import { buildTx, decodeEnvelope, keyPairFromSeed, verifySignature, verifySignatureOpenSSL } from '../ledger/tx/envelope.js';

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
const vectors = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../ledger/tx/testdata/vectors.json'), 'utf8')) as Vector[];
const body = (v: Vector): TxBody => JSON.parse(v.bodyJson, (_k, x: unknown) => (x && typeof x === 'object' && '$bytes' in x ? fromHex((x as { $bytes: string }).$bytes) : x)) as TxBody;

test('every ledger vector: the same sign-bytes and, signed with WebCrypto, the same transaction bytes', async () => {
  assert.ok(vectors.length >= 3, `${vectors.length} vectors`);
  for (const v of vectors) {
    const key = await importSeed(fromHex(v.seedHex));
    assert.equal(key.extractable, false, 'the imported key cannot be read back');
    const tx = { chain: v.chain, signer: fromHex(v.publicKeyHex), nonce: v.nonce, type: v.type, body: body(v) };
    assert.equal(toHex(signBytes(tx)), v.signBytesHex, `${v.name}: sign-bytes`);
    const bytes = await buildSignedTx(key, tx);
    assert.equal(toHex(bytes), v.txHex, `${v.name}: transaction bytes`);
    // And the same as the ledger's own client builds today.
    assert.equal(toHex(buildTx(keyPairFromSeed(fromHex(v.seedHex)), v.chain, v.nonce, v.type, body(v))), v.txHex, `${v.name}: ledger buildTx`);
    const decoded = decodeEnvelope(bytes);
    assert.ok(verifySignature(decoded) && verifySignatureOpenSSL(decoded), `${v.name}: the ledger verifies it`);
  }
});

test('a key made by WebCrypto (non-extractable, as the browser stores it) signs what the ledger accepts', async () => {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  assert.equal(pair.privateKey.extractable, false);
  await assert.rejects(crypto.subtle.exportKey('pkcs8', pair.privateKey), 'the private key cannot be exported');
  const signer = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const tx = { chain: 'prasasti-localnet', signer, nonce: 7, type: 'identity.set_roles', body: { memberId: 'bdg-ppk-jalan', roles: ['ppk', 'pokja'], note: null, n: 0, flag: true, nested: { list: [1, 'x', new Uint8Array([1, 2])] } } };
  const bytes = await buildSignedTx(pair.privateKey, tx);
  const decoded = decodeEnvelope(bytes);
  assert.ok(verifySignature(decoded), 'libsodium verifies');
  assert.deepEqual([decoded.chain, decoded.nonce, decoded.type, toHex(decoded.signer)], [tx.chain, 7, tx.type, toHex(signer)]);
  // A changed byte anywhere in what was signed breaks the signature.
  assert.equal(verifySignature({ ...decoded, nonce: 8 }), false);
  assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'), 'base64 as the relay reads it');
});

test('the encoder refuses what the ledger would refuse to decode', async () => {
  const key = await importSeed(new Uint8Array(32).fill(3));
  await assert.rejects(buildSignedTx(key, { chain: 'c', signer: new Uint8Array(31), nonce: 1, type: 'a.b', body: {} }), /32-byte/);
  await assert.rejects(importSeed(new Uint8Array(31)), /32 bytes/);
  // Floats never travel in a body (money is a decimal string): the ledger refuses them as malformed.
  const bytes = await buildSignedTx(key, { chain: 'c', signer: new Uint8Array(32).fill(1), nonce: 1, type: 'a.b', body: { x: 1.5 } });
  assert.throws(() => decodeEnvelope(bytes), /safe integers/);
});
