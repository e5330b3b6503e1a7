/**
 * Fuzz: 100,000 random and mutated transactions thrown at CheckTx and FinalizeBlock. None may
 * crash the application, every one must be rejected with a non-zero code, and the AppHash must
 * not move. Inputs come from a seeded PRNG (PRASASTI_FUZZ_SEED to vary it) so a failure replays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dagCbor from '@ipld/dag-cbor';
import { TestChain } from '../test/support/chain.js';
import { CHAIN, testKey } from '../test/support/genesis.js';
import { Prng } from '../test/support/prng.js';
import { buildTx, decodeEnvelope, encodeEnvelope } from './tx/envelope.js';
import { codeName } from './codes.js';

const TOTAL = Number(process.env.PRASASTI_FUZZ_COUNT ?? 100_000);
const SEED = Number(process.env.PRASASTI_FUZZ_SEED ?? 1129);

function validSeeds(): Uint8Array[] {
  const admin = testKey('pemkot-bandung-admin');
  return [
    buildTx(admin, CHAIN, 1, 'identity.add_member', { memberId: 'bdg-new', name: 'Pegawai Baru', roles: ['ppk'], pubKey: testKey('new').publicKey }),
    buildTx(testKey('lkpp-admin'), CHAIN, 1, 'identity.propose', { proposalId: 'p-1', action: { kind: 'set_validator', orgId: 'lkpp', pubKey: testKey('v').publicKey, power: 1 } }),
    buildTx(testKey('bdg-ppk'), CHAIN, 1, 'identity.rotate_key', { memberId: 'bdg-ppk', newPubKey: testKey('r').publicKey }),
  ];
}

function randomValue(r: Prng, depth: number): unknown {
  switch (r.int(depth > 3 ? 5 : 8)) {
    case 0:
      return r.int(2) ? r.int(1_000_000) : -r.int(1000);
    case 1:
      return Buffer.from(r.bytes(r.int(40))).toString('latin1');
    case 2:
      return r.bytes(r.int(70));
    case 3:
      return r.int(2) === 1;
    case 4:
      return null;
    case 5:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) o[r.pick(['memberId', 'roles', 'pubKey', 'name', 'proposalId', 'action', 'kind', 'x'])] = randomValue(r, depth + 1);
      return o;
    }
  }
}

/** One fuzz input; never byte-equal to a valid seed (flips that cancel out would recreate one). */
function generate(r: Prng, seeds: Uint8Array[]): Uint8Array {
  const t = mutate(r, seeds);
  const same = seeds.some((s) => s.length === t.length && s.every((b, i) => b === t[i]));
  return same ? Uint8Array.from([...t, 0]) : t;
}

/** Random bytes, a mutated valid tx, a random envelope, or a re-signed bad body. */
function mutate(r: Prng, seeds: Uint8Array[]): Uint8Array {
  const base = r.pick(seeds);
  switch (r.int(7)) {
    case 0:
      return r.bytes(r.int(300));
    case 1: {
      const t = Uint8Array.from(base);
      for (let i = 1 + r.int(4); i > 0; i--) t[r.int(t.length)]! ^= 1 << r.int(8);
      return t;
    }
    case 2: {
      const at = r.int(base.length);
      return r.int(2) ? base.subarray(0, at) : Uint8Array.from([...base.subarray(0, at), ...r.bytes(1 + r.int(8)), ...base.subarray(at)]);
    }
    case 3: {
      const other = r.pick(seeds);
      return Uint8Array.from([...base.subarray(0, r.int(base.length)), ...other.subarray(r.int(other.length))]);
    }
    case 4: {
      const env = decodeEnvelope(base);
      const field = r.pick(['chain', 'nonce', 'type', 'body', 'signer', 'sig', 'v'] as const);
      try {
        return dagCbor.encode({ ...env, [field]: randomValue(r, 0) });
      } catch {
        return r.bytes(10);
      }
    }
    case 5: {
      // Correctly signed by a real member, with a random body: CheckTx only checks the schema, so
      // a body that happens to fit it may enter the mempool; FinalizeBlock must still reject it.
      const signer = r.pick(['pemkot-bandung-admin', 'lkpp-admin', 'bdg-ppk']);
      const type = r.pick(['identity.add_member', 'identity.set_roles', 'identity.propose', 'identity.approve', 'identity.rotate_key', 'identity.suspend_member', 'identity.nope']);
      const body = randomValue(r, 1);
      try {
        return buildTx(testKey(signer), CHAIN, 1 + r.int(3), type, (body && typeof body === 'object' && !Array.isArray(body) && !(body instanceof Uint8Array) ? body : { x: body }) as never);
      } catch {
        return r.bytes(20);
      }
    }
    default: {
      // A valid envelope whose signature was made for different bytes.
      const env = decodeEnvelope(base);
      const sig = r.bytes(64);
      return encodeEnvelope({ ...env, sig });
    }
  }
}

test(`fuzz: ${TOTAL} random and mutated transactions are all rejected with a code and change nothing`, async () => {
  const c = await TestChain.create();
  await c.block([]);
  const before = c.appHash();
  const seeds = validSeeds();
  const r = new Prng(SEED);
  const codes = new Map<string, number>();
  const BLOCK = 1000;
  let checked = 0;
  let checkTxPassed = 0;
  while (checked < TOTAL) {
    const batch: Uint8Array[] = [];
    for (let i = 0; i < BLOCK && checked < TOTAL; i++, checked++) {
      const tx = generate(r, seeds);
      const res = c.app.checkTx(tx);
      if (res.code === 0) {
        const env = decodeEnvelope(tx); // a CheckTx pass must at least be a well-signed envelope
        assert.ok(env.nonce >= 1, `CheckTx accepted fuzz input #${checked}: ${Buffer.from(tx).toString('hex').slice(0, 200)}`);
        checkTxPassed++;
      }
      // Valid-looking ones are also pushed through FinalizeBlock, as a byzantine proposer could.
      batch.push(tx);
    }
    // The mempool's nonce view must not have moved either.
    const block = await c.block(batch);
    for (const [i, t] of block.txResults.entries()) {
      assert.notEqual(t.code, 0, `FinalizeBlock accepted fuzz input ${i}`);
      const n = codeName(t.code) ?? String(t.code);
      codes.set(n, (codes.get(n) ?? 0) + 1);
    }
    assert.equal(c.appHash(), before, `AppHash moved after ${checked} inputs`);
  }
  // The mix must reach past the decoder: signature, signer, nonce and body checks all fire.
  for (const want of ['MALFORMED', 'BAD_SIGNATURE', 'INVALID_BODY', 'UNKNOWN_TYPE']) assert.ok((codes.get(want) ?? 0) > 100, `${want}: ${codes.get(want) ?? 0}`);
  assert.ok(checkTxPassed < TOTAL / 1000, `CheckTx let ${checkTxPassed} fuzz inputs through`);
  console.log(`fuzz: ${checked} inputs, ${checkTxPassed} passed CheckTx's cheap checks, FinalizeBlock codes ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
});
