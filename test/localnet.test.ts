/**
 * Multi-node tests on a real 4-validator CometBFT network: transactions through RPC, proofs
 * checked against signed headers, identical AppHash on every node, and fault tolerance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNetwork, blockAt, sleep } from './support/network.js';
import { readVerified, queryJson, submitAndWait } from '../cli/client.js';
import { newMemberKey } from '../cli/keyfile.js';
import { buildTx } from '../ledger/tx/envelope.js';
import { Codes } from '../ledger/codes.js';

test('4 validators: identity transactions commit, every node agrees, proofs verify against signed headers, faults are tolerated', { timeout: 300_000 }, async (t) => {
  const tn = await startTestNetwork(4);
  const { net } = tn;
  try {
    await t.test('a transaction commits through RPC and is provable from any node', async () => {
      const admin = tn.signer('pemkot-bandung-admin', 1);
      const key = newMemberKey('bdg-ppk-jalan');
      const out = await admin.send('identity.add_member', { memberId: 'bdg-ppk-jalan', name: 'Dedi Supriatna (PPK Jalan)', roles: ['ppk'], pubKey: key.publicKey });
      assert.equal(out.code, 0, out.log);
      for (let i = 0; i < 4; i++) {
        await net.waitForHeight(i, out.height + 1);
        const m = await queryJson<{ orgId: string; roles: string[] }>(net.rpcUrl(i), '/identity/member/bdg-ppk-jalan');
        assert.deepEqual([m.orgId, m.roles], ['pemkot-bandung', ['ppk']], `node ${i}`);
      }
      const proof = await readVerified(net.rpcUrl(2), new TextEncoder().encode('identity/member/bdg-ppk-jalan'));
      assert.ok(proof.value, 'node 2 has the member');
      assert.equal(proof.verified, true, 'membership proof verifies against the header signed by the validators');
      const absent = await readVerified(net.rpcUrl(3), new TextEncoder().encode('identity/member/nobody-here'));
      assert.deepEqual([absent.value, absent.verified], [null, true], 'non-membership proof verifies');
      // A replay of the same bytes is refused: by CometBFT's tx cache where it remembers them,
      // and by the ledger's nonce check in any case (the cache is bounded and not durable).
      const rotated = newMemberKey('x');
      const tx = buildTx(key, net.layout.chainId, 1, 'identity.rotate_key', { memberId: 'bdg-ppk-jalan', newPubKey: rotated.publicKey });
      const rotatedAt = await submitAndWait(net.rpcUrl(0), tx);
      assert.equal(rotatedAt.code, 0);
      // broadcast_tx_commit answers when node 0 has committed; node 3 may be a moment behind.
      await net.waitForHeight(3, rotatedAt.height);
      for (const i of [0, 3]) {
        const replay = await submitAndWait(net.rpcUrl(i), tx).then(
          (r) => r.code,
          (e: Error) => (/already exists in cache/.test(e.message) ? 'cache' : e.message),
        );
        assert.ok(replay === 'cache' || replay === Codes.NONCE_REPLAYED.code, `replay on node ${i}: ${replay}`);
      }
      const m = await queryJson<{ pubKey: string; nonce: number }>(net.rpcUrl(3), '/identity/member/bdg-ppk-jalan');
      assert.deepEqual([m.pubKey, m.nonce], [Buffer.from(rotated.publicKey).toString('base64'), 1]);
    });

    await t.test('every node has the same block and AppHash at every height', async () => {
      // Compare up to the lowest height that every node has committed.
      const top = Math.min(...(await Promise.all([0, 1, 2, 3].map((i) => net.status(i)))).map((st) => st.height));
      for (let h = 1; h <= top; h++) {
        const ref = await blockAt(net, 0, h);
        for (let i = 1; i < 4; i++) assert.deepEqual(await blockAt(net, i, h), ref, `height ${h} node ${i}`);
      }
    });

    await t.test('one validator down: the other three keep committing', async () => {
      await net.stopNode(3);
      const h0 = (await net.status(0)).height;
      await net.waitForHeight(0, h0 + 5, 30_000);
      const out = await tn.signer('lkpp-admin', 0).send('identity.propose', { proposalId: 'p-while-down', action: { kind: 'set_validator', orgId: 'lkpp', pubKey: newMemberKey('v').publicKey, power: 0 } });
      assert.equal(out.code, 0, 'transactions still commit');
    });

    await t.test('two validators down: nothing commits, and nothing forks', async () => {
      await net.stopNode(2);
      await sleep(1500); // let a round already decided reach both nodes
      const top = Math.max((await net.status(0)).height, (await net.status(1)).height);
      await sleep(8000);
      const after = [(await net.status(0)).height, (await net.status(1)).height];
      // A node may still catch up to a block decided before the stop; no new block may appear.
      assert.ok(after.every((h) => h <= top), `no block without more than 2/3 of the voting power (was ${top}, now ${after.join(', ')})`);
      const h = Math.min(...after);
      assert.deepEqual(await blockAt(net, 1, h), await blockAt(net, 0, h), 'and no fork');
    });

    await t.test('stopped validators restart, catch up, and agree', async () => {
      await net.startNode(2);
      await net.startNode(3);
      const h = (await net.status(0)).height + 3;
      for (let i = 0; i < 4; i++) await net.waitForHeight(i, h, 90_000);
      const ref = await blockAt(net, 0, h);
      for (let i = 1; i < 4; i++) assert.deepEqual(await blockAt(net, i, h), ref, `node ${i} at ${h}`);
    });
  } finally {
    await tn.close();
  }
});
