/**
 * Crash safety against real CometBFT: node 1's application is killed with SIGKILL at each point
 * of block processing (injected) and at random moments under load; each time it restarts, CometBFT
 * replays what the application had not committed, and the node rejoins with its peers' AppHash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startTestNetwork, blockAt, sleep, type TestNetwork } from './support/network.js';
import { submitSync } from '../cli/client.js';
import { newMemberKey } from '../cli/keyfile.js';

const POINTS = ['finalize-begin', 'finalize-end', 'commit-begin', 'commit-mid', 'commit-end'];

/** Keeps a stream of add_member transactions flowing into node 0 until stopped. */
function startLoad(tn: TestNetwork): { stop: () => Promise<number> } {
  let running = true;
  let sent = 0;
  const admin = tn.signer('pemkot-bandung-admin', 0);
  const loop = (async () => {
    while (running) {
      const id = `load-${sent}`;
      const tx = await admin.sign('identity.add_member', { memberId: id, name: `Pegawai Uji ${sent}`, roles: ['ppk'], pubKey: newMemberKey(id).publicKey });
      try {
        const r = await submitSync(tn.net.rpcUrl(0), tx);
        if (r.code !== 0) throw new Error(r.log);
        sent++;
      } catch {
        // resynchronise the nonce with the ledger and go on
        await sleep(500);
        (admin as unknown as { nonce: number | undefined }).nonce = undefined;
      }
      await sleep(40);
    }
    return sent;
  })();
  return {
    async stop() {
      running = false;
      return loop;
    },
  };
}

async function expectRejoined(tn: TestNetwork, label: string): Promise<void> {
  const target = (await tn.net.status(0)).height + 3;
  await tn.net.waitForHeight(1, target, 120_000);
  await tn.net.waitForHeight(0, target, 30_000);
  const ref = await blockAt(tn.net, 0, target);
  assert.deepEqual(await blockAt(tn.net, 1, target), ref, `${label}: node 1 agrees with node 0 at height ${target}`);
}

test('SIGKILL during block processing: the node restarts and rejoins with the same AppHash', { timeout: 600_000 }, async (t) => {
  const tn = await startTestNetwork(4);
  const load = startLoad(tn);
  try {
    for (const point of POINTS) {
      await t.test(`crash at ${point}`, async () => {
        await tn.net.stopNode(1);
        const at = (await tn.net.status(0)).height + 3;
        await tn.net.startNode(1, { PRASASTI_CRASH_AT: `${point}@${at}` });
        const stopped = await tn.net.waitStopped(1, 90_000);
        assert.deepEqual(stopped, { appSignal: 'SIGKILL', stoppedByItself: true }, 'the injected crash killed the application and CometBFT stopped with it');
        assert.match(readFileSync(tn.net.logPath(1, 'app'), 'utf8'), new RegExp(`crash injected at ${point}@${at}`));
        await tn.net.startNode(1);
        await expectRejoined(tn, point);
      });
    }
    for (let round = 1; round <= 3; round++) {
      await t.test(`SIGKILL at a random moment, round ${round}`, async () => {
        await sleep(randomInt(200, 2500));
        await tn.net.killApp(1);
        await tn.net.startNode(1);
        await expectRejoined(tn, `random round ${round}`);
      });
    }
  } finally {
    const sent = await load.stop();
    assert.ok(sent > 20, `the load kept blocks non-empty (${sent} txs)`);
    await tn.close();
  }
});
