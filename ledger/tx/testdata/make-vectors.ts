/**
 * Writes vectors.json: fixed keys, bodies and nonces → exact envelope bytes and signatures.
 * Run only when the encoding is changed on purpose (`npx tsx ledger/tx/testdata/make-vectors.ts`);
 * envelope.test.ts checks the code against the committed file.
 */
import { writeFileSync } from 'node:fs';
import { buildTx, keyPairFromSeed, signBytes, decodeEnvelope } from '../envelope.js';

const seed = (n: number) => new Uint8Array(32).fill(n);
const cases = [
  { name: 'add member', seed: 1, chain: 'prasasti-localnet', nonce: 1, type: 'identity.add_member', body: { memberId: 'bdg-ppk-jalan', name: 'PPK Jalan', roles: ['ppk'], pubKey: new Uint8Array(32).fill(7) } },
  { name: 'approve proposal', seed: 2, chain: 'prasasti-localnet', nonce: 42, type: 'identity.approve', body: { proposalId: 'join-pt-jalan-mulus' } },
  { name: 'unicode and empty list', seed: 3, chain: 'prasasti-test', nonce: 9007199254740991, type: 'identity.suspend_member', body: { memberId: 'abc', reason: 'Pelanggaran kode etik — surat No. 12/2026', tags: [] } },
];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const out = cases.map((c) => {
  const k = keyPairFromSeed(seed(c.seed));
  const tx = buildTx(k, c.chain, c.nonce, c.type, c.body as never);
  const env = decodeEnvelope(tx);
  return { name: c.name, seedHex: hex(k.seed), publicKeyHex: hex(k.publicKey), chain: c.chain, nonce: c.nonce, type: c.type, bodyJson: JSON.stringify(c.body, (_k, v) => (v instanceof Uint8Array ? { $bytes: hex(v) } : v)), signBytesHex: hex(signBytes(env)), txHex: hex(tx) };
});
writeFileSync(new URL('./vectors.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.length} vectors`);
