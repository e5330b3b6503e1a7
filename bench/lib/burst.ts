/**
 * Set-up in bulk: each signer's transactions signed with consecutive nonces, sent in order in
 * JSON-RPC batches without waiting for a commit in between, then followed through the committed
 * blocks until every one is in. Much faster than one commit per transaction when an org admin
 * adds dozens of members; the lifecycle steps themselves go through cli/lifecycle.ts.
 */
import { rpc } from '../../cli/localnet.js';
import { queryJson } from '../../cli/client.js';
import { buildTx, type Body, type RawKeyPair } from '../../ledger/tx/envelope.js';
import { batchBroadcast, sha } from './load.js';

export interface Burst {
  /** The member id (for messages and its committed nonce). */
  member: string;
  key: RawKeyPair;
  items: Array<[type: string, body: Body]>;
}

/** A member's committed nonce (its last accepted transaction's). */
export async function memberNonce(rpcUrl: string, memberId: string): Promise<number> {
  return (await queryJson<{ nonce: number }>(rpcUrl, `/identity/member/${memberId}`)).nonce;
}

/**
 * Sends every burst (each in its own order, all in parallel) and returns once all are committed;
 * throws, naming the first refusals, if any transaction is refused at CheckTx or in its block.
 */
export async function commitBursts(rpcUrl: string, chainId: string, bursts: Burst[], what: string, timeoutMs = 120_000): Promise<void> {
  const status = () => rpc<{ sync_info: { latest_block_height: string } }>(rpcUrl, 'status');
  let seen = Number((await status()).sync_info.latest_block_height);
  const pending = new Map<string, string>();
  const groups = await Promise.all(
    bursts.map(async (b) => {
      const first = (await memberNonce(rpcUrl, b.member)) + 1;
      return b.items.map(([type, body], i) => {
        const tx = buildTx(b.key, chainId, first + i, type, body);
        pending.set(sha(tx), `${type} by ${b.member}`);
        return tx;
      });
    }),
  );
  const refused: string[] = [];
  await Promise.all(
    groups.map(async (txs) => {
      for (let i = 0; i < txs.length; i += 10) {
        const chunk = txs.slice(i, i + 10);
        // CometBFT answers a batch of one with a bare response, not an array.
        const res = chunk.length > 1 ? await batchBroadcast(rpcUrl, chunk) : [await rpc<{ code: number; log: string }>(rpcUrl, 'broadcast_tx_sync', { tx: Buffer.from(chunk[0]!).toString('base64') })];
        res.forEach((r, j) => {
          if (r.code === 0) return;
          const h = sha(txs[i + j]!);
          refused.push(`${pending.get(h)}: CheckTx ${r.code} ${r.log}`);
          pending.delete(h);
        });
      }
    }),
  );
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && refused.length === 0) {
    if (Date.now() > deadline) throw new Error(`${what}: ${pending.size} transactions not committed within ${timeoutMs} ms`);
    const h = Number((await status()).sync_info.latest_block_height);
    for (let height = seen + 1; height <= h; height++) {
      let b: { block: { data: { txs: string[] | null } } };
      let r: { txs_results: Array<{ code: number; log?: string }> | null };
      try {
        [b, r] = await Promise.all([rpc<typeof b>(rpcUrl, 'block', { height: String(height) }), rpc<typeof r>(rpcUrl, 'block_results', { height: String(height) })]);
      } catch {
        break; // results for the newest height are stored a moment after it is reported
      }
      (b.block.data.txs ?? []).forEach((t, i) => {
        const hash = sha(Buffer.from(t, 'base64'));
        const label = pending.get(hash);
        if (label === undefined) return;
        pending.delete(hash);
        const res = r.txs_results?.[i];
        if (res && res.code !== 0) refused.push(`${label}: ${res.code} ${res.log ?? ''}`);
      });
      seen = height;
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  if (refused.length > 0) throw new Error(`${what}: ${refused.length} refused, first: ${refused.slice(0, 3).join('; ')}`);
}
