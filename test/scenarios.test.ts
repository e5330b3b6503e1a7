/**
 * The scenarios on the real 4-validator network (real CometBFT, one ledger application
 * per institution), all at once: the demo people and suppliers are admitted through governance
 * first, then the four scenarios run concurrently through signed transactions. The ledger
 * calendar runs at one ledger day per real second (decision 0005): bid periods of 15 days, the
 * 5-day objection windows and a 90-day maintenance period pass in seconds, while a window is
 * still several blocks long, so a supplier can act within it as in real life.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadKeys } from '../cli/keyfile.js';
import { NetworkPort, SignerPool } from '../cli/lifecycle.js';
import { seedDemoWorld } from '../cli/seed.js';
import { blockAt, startTestNetwork } from './support/network.js';
import { blacklistAndComplaint, constructionTenderToFho, directProcurementGoods, lateMilestoneAndAmendments } from './support/scenarios.js';
import { newMemberKey, saveKey } from '../cli/keyfile.js';

test('scenarios on the 4-validator network: construction tender to FHO, Pengadaan Langsung, late milestone and amendments, blacklist and complaint', async () => {
  const tn = await startTestNetwork(4, { timeScale: 86_400 });
  try {
    const layout = tn.net.layout;
    const seeded = await seedDemoWorld(layout, tn.net.rpcUrl(0));
    assert.ok(seeded.members > 20, 'people and suppliers admitted through governance');
    saveKey(layout.keysDir, newMemberKey('warga-cibiru')); // a citizen's own key: on no member list
    const pool = new SignerPool(layout.chainId, loadKeys(layout.keysDir));
    // Each scenario reads from a different institution's node.
    const port = (node: number) => new NetworkPort(pool, tn.net.rpcUrl(node));
    const started = Date.now();
    await Promise.all([
      constructionTenderToFho(port(0), 'n1', { bidDays: 15, permanentWorks: false }),
      directProcurementGoods(port(1), 'n1'),
      lateMilestoneAndAmendments(port(2), 'n1', { bidDays: 15 }),
      blacklistAndComplaint(port(3), 'n1', { bidDays: 15 }),
    ]);
    console.log(`# scenarios took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Every node committed the same blocks and the same state.
    const height = Math.min(...(await Promise.all(layout.nodes.map((_, i) => tn.net.status(i)))).map((s) => s.height));
    await Promise.all(layout.nodes.map((_, i) => tn.net.waitForHeight(i, height + 1, 30_000)));
    const at = await Promise.all(layout.nodes.map((_, i) => blockAt(tn.net, i, height + 1)));
    assert.equal(new Set(at.map((b) => `${b.hash}/${b.appHash}`)).size, 1, 'one chain, one AppHash');
  } finally {
    await tn.close();
  }
});
