/**
 * Determinism: independent application instances fed the same randomised block sequences reach
 * the same AppHash at every height — including one that is closed and reopened from disk midway.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { TestChain } from '../test/support/chain.js';
import { CHAIN, testKey } from '../test/support/genesis.js';
import { buildTx, type Body } from './tx/envelope.js';
import { ROLES } from './modules/identity/state.js';

const SIGNERS = ['lkpp-admin', 'pemkot-bandung-admin', 'bpkp-jabar-admin', 'inspektorat-bandung-admin', 'bdg-ppk', 'bdg-pa-dpu'];
const TARGETS = ['bdg-ppk', 'm-aa', 'm-bb', 'm-cc', 'm-dd', 'pemkot-bandung-admin'];
const PROPOSALS = ['p-one', 'p-two', 'p-three'];

const intent = fc.record({
  signer: fc.constantFrom(...SIGNERS),
  kind: fc.constantFrom('add', 'roles', 'suspend', 'reinstate', 'rotate', 'propose_org', 'propose_val', 'approve', 'withdraw', 'package', 'publish', 'junk'),
  target: fc.constantFrom(...TARGETS),
  roles: fc.subarray([...ROLES], { minLength: 1, maxLength: 3 }),
  keyN: fc.integer({ min: 0, max: 40 }),
  proposal: fc.constantFrom(...PROPOSALS),
  nonceSkew: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, -1),
  junk: fc.uint8Array({ maxLength: 64 }),
});
type Intent = typeof intent extends fc.Arbitrary<infer T> ? T : never;

function body(i: Intent): [string, Body] {
  const pk = testKey(`k-${i.keyN}`).publicKey;
  switch (i.kind) {
    case 'add':
      return ['identity.add_member', { memberId: i.target, name: `Pegawai ${i.target}`, roles: i.roles, pubKey: pk }];
    case 'roles':
      return ['identity.set_roles', { memberId: i.target, roles: i.roles }];
    case 'suspend':
      return ['identity.suspend_member', { memberId: i.target, reason: 'Pemeriksaan' }];
    case 'reinstate':
      return ['identity.reinstate_member', { memberId: i.target }];
    case 'rotate':
      return ['identity.rotate_key', { memberId: i.target, newPubKey: pk }];
    case 'propose_org':
      return ['identity.propose', { proposalId: i.proposal, action: { kind: 'add_org', org: { id: `org-${i.keyN}`, name: `Penyedia ${i.keyN}`, kind: 'supplier', auditorKind: null }, admin: { memberId: `org-${i.keyN}-admin`, name: 'Admin Penyedia', pubKey: pk } } }];
    case 'propose_val':
      return ['identity.propose', { proposalId: i.proposal, action: { kind: 'set_validator', orgId: 'lkpp', pubKey: pk, power: i.keyN % 3 } }];
    case 'approve':
      return ['identity.approve', { proposalId: i.proposal }];
    case 'package':
      return ['plan.create_package', { packageId: `pkg-${i.keyN % 7}`, title: 'Paket Uji', workUnit: 'Dinas Uji', fiscalYear: 2026, category: i.keyN % 2 ? 'goods' : 'works', method: i.keyN % 3 ? 'pengadaan_langsung' : 'tender', budgetLine: '1.01.01', paguRupiah: String(100_000_000 + i.keyN * 10_000_000), justification: null }];
    case 'publish':
      return ['plan.publish_package', { packageId: `pkg-${i.keyN % 7}` }];
    default:
      return ['identity.withdraw', { proposalId: i.proposal }];
  }
}

async function nonceOf(c: TestChain, member: string): Promise<number> {
  const r = await c.app.query(`/identity/member/${member}`, new Uint8Array(0), false);
  return r.code === 0 ? (JSON.parse(new TextDecoder().decode(r.value)) as { nonce: number }).nonce : 0;
}

test('same blocks → same AppHash at every height (randomised, with a restart from disk)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-det-'));
  let run = 0;
  let okTxs = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(intent, { maxLength: 8 }), { minLength: 3, maxLength: 12 }), fc.nat(), async (blocks, restartAt) => {
        run++;
        const a = await TestChain.create(path.join(dir, `a-${run}.sqlite`));
        const b = await TestChain.create(path.join(dir, `b-${run}.sqlite`));
        let cFile = path.join(dir, `c-${run}.sqlite`);
        let c = await TestChain.create(cFile);
        const restartHeight = (restartAt % blocks.length) + 1;
        for (const intents of blocks) {
          // One tx per signer per block, so its nonce is known from committed state (plus a skew).
          const seen = new Set<string>();
          const txs: Uint8Array[] = [];
          for (const i of intents) {
            if (i.kind === 'junk') {
              txs.push(i.junk);
              continue;
            }
            if (seen.has(i.signer)) continue;
            seen.add(i.signer);
            const [type, b0] = body(i);
            txs.push(buildTx(testKey(i.signer), CHAIN, Math.max(1, (await nonceOf(a, i.signer)) + 1 + i.nonceSkew), type, b0));
          }
          const ra = await a.block(txs);
          const rb = await b.block(txs);
          const rc = await c.block(txs);
          okTxs += ra.txResults.filter((t) => t.code === 0).length;
          assert.deepEqual(rb.txResults, ra.txResults);
          assert.deepEqual(rc.txResults, ra.txResults);
          assert.deepEqual(rb.validatorUpdates, ra.validatorUpdates);
          assert.equal(b.appHash(), a.appHash(), `height ${a.height}`);
          assert.equal(c.appHash(), a.appHash(), `height ${a.height} (restarted instance)`);
          if (a.height === restartHeight) {
            c.app.store.close();
            c = await TestChain.create(cFile);
            c.height = a.height;
            c.timeMs = a.timeMs;
            assert.equal(c.appHash(), a.appHash(), 'reopened at the committed AppHash');
          }
        }
        a.app.store.close();
        b.app.store.close();
        c.app.store.close();
        cFile = '';
      }),
      { numRuns: 40, seed: 20261129 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(okTxs > 60, `the random sequences must exercise real state changes (accepted txs: ${okTxs})`);
  console.log(`determinism: ${run} random block sequences, ${okTxs} accepted transactions, same AppHash everywhere`);
});
