/** Starts a real CometBFT network of N nodes in a temporary folder, for multi-node tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_INSTITUTIONS, initNetwork } from '../../cli/network.js';
import { Localnet, rpc } from '../../cli/localnet.js';
import { loadKeys } from '../../cli/keyfile.js';
import { MemberSigner } from '../../cli/client.js';

let nextBase = 27000 + (process.pid % 50) * 100;

export interface TestNetwork {
  net: Localnet;
  signer(memberId: string, node?: number): MemberSigner;
  /** Stops every process and removes the folder (keeps it when PRASASTI_KEEP_TEST_NET is set). */
  close(): Promise<void>;
}

export async function startTestNetwork(nodes = 4, opts: { timeoutCommit?: string; timeScale?: number } = {}): Promise<TestNetwork> {
  const home = mkdtempSync(path.join(tmpdir(), 'prasasti-net-'));
  const basePort = nextBase;
  nextBase += nodes * 10 + 10;
  initNetwork({ home, chainId: 'prasasti-it', institutions: DEMO_INSTITUTIONS.slice(0, nodes), basePort, timeoutCommit: opts.timeoutCommit ?? '300ms', timeScale: opts.timeScale ?? 1, force: true });
  const net = new Localnet(home, { cometLogLevel: 'info' });
  await net.start();
  await Promise.all(net.layout.nodes.map((_, i) => net.waitForHeight(i, 2, 60_000)));
  const keys = loadKeys(net.layout.keysDir);
  return {
    net,
    signer: (memberId, node = 0) => new MemberSigner(keys.get(memberId)!, net.layout.chainId, net.rpcUrl(node)),
    async close() {
      await net.stop();
      if (!process.env.PRASASTI_KEEP_TEST_NET) rmSync(home, { recursive: true, force: true });
      else console.log(`kept test network at ${home}`);
    },
  };
}

/** The block hash and AppHash that node i committed at `height`. */
export async function blockAt(net: Localnet, i: number, height: number): Promise<{ hash: string; appHash: string }> {
  const r = await rpc<{ block_id: { hash: string }; block: { header: { app_hash: string } } }>(net.rpcUrl(i), 'block', { height: String(height) });
  return { hash: r.block_id.hash, appHash: r.block.header.app_hash };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
