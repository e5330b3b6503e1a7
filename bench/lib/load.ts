/**
 * Load generation and measurement shared by the ledger benchmarks: batched JSON-RPC
 * broadcast_tx_sync to the nodes, a bounded number of uncommitted transactions, and a block
 * watcher that turns committed blocks into throughput (from header times) and commit latency
 * (submission → block seen committed).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { postJson, rpc } from '../../cli/localnet.js';

export interface Stream {
  /** The RPC endpoint this stream submits to (a signer's txs must keep their order). */
  rpcUrl: string;
  /** The next transaction, or undefined when the stream is exhausted. */
  next(): Uint8Array | undefined;
}

export interface LoadResult {
  txPerS: number;
  committedInWindow: number;
  windowS: number;
  p50CommitMs: number;
  p95CommitMs: number;
  latencySamples: number;
  rejectedAtCheckTx: number;
  failedInBlock: number;
  /** Why transactions were refused: "<code> <log>" → count (CheckTx and in-block together). */
  refusals: Record<string, number>;
  blocks: number;
}

/** A transaction's hash as CometBFT shows it: upper-case hex SHA-256 of its bytes. */
export const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').toUpperCase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** broadcast_tx_sync of `txs` in one JSON-RPC batch (CometBFT handles a batch in order); CheckTx's answer per tx. */
export async function batchBroadcast(url: string, txs: Uint8Array[]): Promise<Array<{ code: number; log: string }>> {
  const body = txs.map((tx, id) => ({ jsonrpc: '2.0', id, method: 'broadcast_tx_sync', params: { tx: Buffer.from(tx).toString('base64') } }));
  const res = await postJson(url, body, 30_000);
  const raw = (await res.json()) as unknown;
  if (!Array.isArray(raw)) return txs.map(() => ({ code: -1, log: JSON.stringify(raw).slice(0, 300) }));
  const out = raw as Array<{ id: number; result?: { code: number; log: string }; error?: { message: string; data?: string } }>;
  // "already in cache" after a resend means the first send got through.
  return out
    .sort((a, b) => a.id - b.id)
    .map((r) => r.result ?? (/already exists in cache/.test(r.error?.data ?? '') ? { code: 0, log: '' } : { code: -1, log: `${r.error?.message ?? ''} ${r.error?.data ?? ''}` }));
}

export interface LoadOptions {
  watchUrl: string;
  warmupS: number;
  measureS: number;
  batch: number;
  /** Most transactions allowed submitted but not yet committed. */
  maxOutstanding: number;
  log?: (m: string) => void;
  /** Offered load in tx/s (open loop); unset = as fast as the outstanding bound allows. */
  ratePerS?: number;
  /** Called when the measurement window opens and closes (for CPU accounting). */
  onWindow?: (phase: 'start' | 'end') => void;
  /** Called with the hash (upper-case hex SHA-256) of every transaction in the blocks of the measurement window. */
  onCommitted?: (txHash: string) => void;
}

export async function runLoad(streams: Stream[], o: LoadOptions): Promise<LoadResult> {
  const log = o.log ?? (() => {});
  const submittedAt = new Map<string, number>();
  let outstanding = 0;
  let rejected = 0;
  let failedInBlock = 0;
  let stop = false;
  const latencies: number[] = [];
  const refusals: Record<string, number> = {};
  const refused = (why: string) => {
    const k = why.replace(/\d+/g, 'N').slice(0, 120);
    refusals[k] = (refusals[k] ?? 0) + 1;
  };
  let measuring = false;

  const start = await rpc<{ sync_info: { latest_block_height: string } }>(o.watchUrl, 'status');
  let seen = Number(start.sync_info.latest_block_height);
  const headerTimeMs = new Map<number, number>();
  const txCount = new Map<number, number>();

  const watcher = (async () => {
    while (!stop) {
      const s = await rpc<{ sync_info: { latest_block_height: string } }>(o.watchUrl, 'status');
      const h = Number(s.sync_info.latest_block_height);
      const now = performance.now();
      for (let height = seen + 1; height <= h; height++) {
        let b: { block: { header: { time: string }; data: { txs: string[] | null } } };
        let r: { txs_results: Array<{ code: number; log?: string }> | null };
        try {
          [b, r] = await Promise.all([
            rpc<typeof b>(o.watchUrl, 'block', { height: String(height) }),
            rpc<typeof r>(o.watchUrl, 'block_results', { height: String(height) }),
          ]);
        } catch {
          break; // results for the newest height are stored a moment after it is reported
        }
        const txs = b.block.data.txs ?? [];
        headerTimeMs.set(height, Date.parse(b.block.header.time));
        txCount.set(height, txs.length);
        for (const x of r.txs_results ?? []) {
          if (x.code === 0) continue;
          failedInBlock++;
          refused(`in block: ${x.code} ${x.log ?? ''}`);
        }
        for (const t of txs) {
          const key = sha(Buffer.from(t, 'base64'));
          if (measuring) o.onCommitted?.(key);
          const at = submittedAt.get(key);
          if (at !== undefined) {
            submittedAt.delete(key);
            outstanding--;
            if (measuring) latencies.push(now - at);
          }
        }
        seen = height;
      }
      await sleep(25);
    }
  })();

  const began = performance.now();
  let offered = 0;
  const senders = streams.map(async (s) => {
    while (!stop) {
      if (outstanding >= o.maxOutstanding || (o.ratePerS !== undefined && offered >= ((performance.now() - began) / 1000) * o.ratePerS)) {
        await sleep(5);
        continue;
      }
      const txs: Uint8Array[] = [];
      for (let i = 0; i < o.batch; i++) {
        const tx = s.next();
        if (!tx) break;
        txs.push(tx);
      }
      if (txs.length === 0) return;
      offered += txs.length;
      const t = performance.now();
      for (const tx of txs) submittedAt.set(sha(tx), t);
      outstanding += txs.length;
      const res = await batchBroadcast(s.rpcUrl, txs);
      res.forEach((r, i) => {
        if (r.code !== 0) {
          rejected++;
          refused(`CheckTx: ${r.code} ${r.log}`);
          if (submittedAt.delete(sha(txs[i]!))) outstanding--;
          if (rejected <= 5) log(`CheckTx rejected: ${r.code} ${r.log}`);
        }
      });
    }
  });

  await sleep(o.warmupS * 1000);
  measuring = true;
  o.onWindow?.('start');
  const h0 = seen;
  await sleep(o.measureS * 1000);
  measuring = false;
  const h1 = seen;
  o.onWindow?.('end');
  stop = true;
  await Promise.all([watcher, ...senders]);

  let committed = 0;
  for (let h = h0 + 1; h <= h1; h++) committed += txCount.get(h) ?? 0;
  const windowS = ((headerTimeMs.get(h1) ?? 0) - (headerTimeMs.get(h0) ?? 0)) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!) : NaN);
  return {
    txPerS: windowS > 0 ? Math.round((committed / windowS) * 10) / 10 : 0,
    committedInWindow: committed,
    windowS: Math.round(windowS * 100) / 100,
    p50CommitMs: pct(0.5),
    p95CommitMs: pct(0.95),
    latencySamples: latencies.length,
    rejectedAtCheckTx: rejected,
    failedInBlock,
    refusals,
    blocks: h1 - h0,
  };
}

/** CPU seconds (user + system) used so far by each process, from /proc. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // process gone
    }
  }
  return ticks / 100; // USER_HZ
}

/** Measures CPU used by groups of processes over the measurement window. */
export function cpuMeter(groups: () => Record<string, number[]>) {
  let start: Record<string, number> = {};
  const used: Record<string, number> = {};
  return {
    onWindow(phase: 'start' | 'end') {
      const g = groups();
      if (phase === 'start') start = Object.fromEntries(Object.entries(g).map(([k, p]) => [k, cpuSeconds(p)]));
      else for (const [k, p] of Object.entries(g)) used[k] = Math.round((cpuSeconds(p) - (start[k] ?? 0)) * 100) / 100;
    },
    used,
  };
}
