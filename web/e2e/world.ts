/**
 * The world the end-to-end tests (and local development of the web app) run against: a real
 * 4-validator CometBFT network with the demo people and suppliers, two of the scenarios
 * lived through by signed transactions — the road works tendered, contracted, with a termin
 * verified a week late (its penalty in the payment order) and a +6 % amendment, then the treasury
 * paying both orders; and office supplies bought by Pengadaan Langsung, delivered, paid and
 * closed — and one gateway (node 1, which drove none of it) serving the API and the built web app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKeys } from '../../cli/keyfile.js';
import { NetworkPort, Procurement, SignerPool } from '../../cli/lifecycle.js';
import { seedDemoWorld } from '../../cli/seed.js';
import { startGateway, type Gateway } from '../../api/gateway.js';
import { startTestNetwork, type TestNetwork } from '../../test/support/network.js';
import { directProcurementGoods, lateMilestoneAndAmendments } from '../../test/support/scenarios.js';

/** The ids the scenarios give their records with this suffix. */
export const SUFFIX = 'w1';
export const ROAD_CONTRACT = `kontrak-jalan-${SUFFIX}`;
export const ROAD_TENDER = `tender-jalan-${SUFFIX}`;
export const SUPPLIES_CONTRACT = `spk-atk-${SUFFIX}`;

export interface World {
  tn: TestNetwork;
  gw: Gateway;
  url: string;
  /** Seconds the seed and the scenarios took. */
  seededInS: number;
  close(): Promise<void>;
}

/**
 * `demo: true` runs the gateway in demo mode (as `npm start` does): the web app's login page then
 * offers the demo people (docs/decisions/0008-keys-in-the-browser.md).
 */
export async function startWorld(opts: { log?: (m: string) => void; demo?: boolean } = {}): Promise<World> {
  const log = opts.log ?? (() => {});
  const tn = await startTestNetwork(4, { timeScale: 86_400 });
  let gw: Gateway | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'prasasti-web-gw-'));
  try {
    const started = Date.now();
    const layout = tn.net.layout;
    await seedDemoWorld(layout, tn.net.rpcUrl(0));
    // The seed signed through node 0; the scenarios sign through nodes 2 and 3, whose signers
    // read a member's next nonce from their own node: let every node commit the seed first.
    const seededHeight = (await tn.net.status(0)).height;
    await Promise.all(layout.nodes.map((_, i) => tn.net.waitForHeight(i, seededHeight + 1, 60_000)));
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const pool = new SignerPool(layout.chainId, loadKeys(layout.keysDir));
    const port = (node: number) => new NetworkPort(pool, tn.net.rpcUrl(node));
    await Promise.all([
      (async () => {
        await lateMilestoneAndAmendments(port(2), SUFFIX, { bidDays: 15 });
        await new Procurement(port(2)).payAll(ROAD_CONTRACT, 'bdg-bendahara');
      })(),
      directProcurementGoods(port(3), SUFFIX),
    ]);
    const seededInS = (Date.now() - started) / 1000;
    log(`scenarios done in ${seededInS.toFixed(1)} s`);
    gw = await startGateway({ rpcUrl: tn.net.rpcUrl(1), dataDir, port: 0, logLevel: 'warn', rateLimitPerMinute: 1_000_000, publisherName: layout.nodes[1]!.institution.name, demoKeysDir: opts.demo ? layout.keysDir : null });
    await gw.indexedTo(pool.lastHeight, 120_000);
    const g = gw;
    // The gateway itself serves the built app (api/gateway.ts → registerWeb).
    if (!g.app.hasRoute({ method: 'GET', url: '/*' })) throw new Error('the gateway does not serve the web app: build it first (npm run build:web)');
    return {
      tn,
      gw: g,
      url: g.url,
      seededInS,
      async close() {
        await g.close();
        await tn.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await gw?.close().catch(() => undefined);
    await tn.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
