/**
 * What the localnet benchmarks share: a fresh 4-validator network, the saturation and latency
 * phases over a set of streams, load drawn up front, CometBFT's kvstore as the engine's ceiling on
 * the same localnet, and the check that a run measured what it claims.
 */
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { DEMO_INSTITUTIONS, initNetwork, type NetworkLayout } from '../../cli/network.js';
import { cometbftBinary } from '../../cli/tools.js';
import { Localnet, rpc } from '../../cli/localnet.js';
import { cpuMeter, runLoad, type LoadResult, type Stream } from './load.js';

export interface BenchConfig {
  /** Measurement window of each phase, s. */
  seconds: number;
  /** Warm-up before each window, s. */
  warmup: number;
  /** Transactions per JSON-RPC batch (CometBFT rpc.max_request_batch_size defaults to 10). */
  batch: number;
  /** Most transactions submitted and not yet committed in the saturation phase. */
  maxOutstanding: number;
  log: (m: string) => void;
}

export interface EngineResult {
  throughput: LoadResult & { cpuSeconds: Record<string, number> };
  /** Latency runs, in the order of the offered rates. */
  latency: Array<LoadResult & { offeredTxPerS: number }>;
}

export interface MeasureOptions {
  /** Sees the hash of every transaction in the blocks of the throughput window. */
  onCommitted?: (txHash: string) => void;
  /**
   * Before each latency run, wait until the mempool of the watched node is empty, so that the
   * backlog left by the saturation phase (up to maxOutstanding transactions) is not measured as
   * the latency of the offered load.
   */
  drainBetweenPhases?: boolean;
}

/** Waits (up to `timeoutMs`) until the node's mempool holds no transactions; returns how long it took. */
export async function drainMempool(url: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const r = await rpc<{ n_txs: string }>(url, 'num_unconfirmed_txs');
    if (Number(r.n_txs) === 0) return Math.round(performance.now() - t0);
    if (performance.now() - t0 > timeoutMs) throw new Error(`the mempool still holds ${r.n_txs} transactions after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Phase 1: saturate (bounded outstanding) for throughput. Then fixed offered rates for latency. */
export async function measure(cfg: BenchConfig, streams: Stream[], watchUrl: string, pids: () => Record<string, number[]>, latencyRates: (max: number) => number[], name: string, opts: MeasureOptions = {}): Promise<EngineResult> {
  const { seconds, warmup, batch, maxOutstanding, log } = cfg;
  const cpu = cpuMeter(pids);
  const throughput = await runLoad(streams, { watchUrl, warmupS: warmup, measureS: seconds, batch, maxOutstanding, log, onWindow: cpu.onWindow, onCommitted: opts.onCommitted });
  log(`${name}: saturated ${throughput.txPerS} tx/s`);
  const latency: EngineResult['latency'] = [];
  for (const rate of latencyRates(throughput.txPerS).map(Math.round)) {
    if (opts.drainBetweenPhases) log(`${name}: mempool drained in ${await drainMempool(watchUrl)} ms`);
    const r = await runLoad(streams, { watchUrl, warmupS: warmup, measureS: seconds, batch, maxOutstanding: 1_000_000, ratePerS: rate, log });
    log(`${name}: at ${rate} tx/s offered, ${r.txPerS} tx/s committed, p50 ${r.p50CommitMs} ms, p95 ${r.p95CommitMs} ms`);
    latency.push({ ...r, offeredTxPerS: rate });
  }
  return { throughput: { ...throughput, cpuSeconds: cpu.used }, latency };
}

export type PreparedStream = Stream & { exhausted: () => boolean; used: () => number };

/** Serves transactions drawn up front; running dry during a run makes the run invalid. */
export function prepared(rpcUrl: string, txs: Uint8Array[]): PreparedStream {
  let i = 0;
  return { rpcUrl, next: () => txs[i++], exhausted: () => i >= txs.length, used: () => Math.min(i, txs.length) };
}

/** Draws a stream's transactions up front; running dry during a run makes the run invalid. */
export function pregenerate(s: Stream, n: number): PreparedStream {
  return prepared(
    s.rpcUrl,
    Array.from({ length: n }, () => s.next()!),
  );
}

export interface NetOptions {
  chainId: string;
  timeoutCommit: string;
  txIndexer: 'kv' | 'null';
  /** Ledger calendar speed in genesis (cli/network.ts); 1 unless set. */
  timeScale?: number;
}

/** A fresh 4-validator network of the demo institutions in a temporary home. */
export function newNet(basePort: number, o: NetOptions): NetworkLayout {
  const home = mkdtempSync(path.join(tmpdir(), 'prasasti-bench-'));
  return initNetwork({ home, chainId: o.chainId, institutions: DEMO_INSTITUTIONS, basePort, timeoutCommit: o.timeoutCommit, force: true, txIndexer: o.txIndexer, ...(o.timeScale ? { timeScale: o.timeScale } : {}) });
}

/**
 * The same localnet running CometBFT's built-in kvstore, fed `streamsPerNode` streams per node of
 * `txBytes`-byte key=value transactions (each stream `perStream` of them), at the same offered
 * rates as ours for latency.
 */
export async function benchKvstore(cfg: BenchConfig, basePort: number, net: NetOptions, txBytes: number, latencyRates: number[], streamsPerNode: number, perStream: number, opts: Pick<MeasureOptions, 'drainBetweenPhases'> = {}): Promise<EngineResult> {
  const layout = newNet(basePort, net);
  const procs: ChildProcess[] = [];
  const logs = path.join(layout.home, 'logs');
  mkdirSync(logs, { recursive: true });
  try {
    for (const n of layout.nodes) {
      procs.push(spawn(cometbftBinary(), ['start', '--home', n.home, '--proxy_app', 'kvstore', '--log_level', 'error'], { stdio: 'ignore' }));
    }
    const probe = new Localnet(layout.home);
    await Promise.all(layout.nodes.map((_, i) => probe.waitForHeight(i, 2, 60_000)));
    cfg.log(`kvstore: measuring ${cfg.seconds}s after ${cfg.warmup}s warm-up`);
    let seq = 0;
    const pad = 'x'.repeat(Math.max(0, txBytes - 24));
    const streams = layout.nodes.flatMap((n) =>
      Array.from({ length: streamsPerNode }, (_, j) => pregenerate({ rpcUrl: probe.rpcUrl(n.index), next: () => new TextEncoder().encode(`k${n.index}-${j}-${seq++}=${pad}`) }, perStream)),
    );
    const r = await measure(cfg, streams, probe.rpcUrl(0), () => ({ comets: procs.map((p) => p.pid!), bench: [process.pid] }), () => latencyRates, 'kvstore', opts);
    if (streams.some((st) => st.exhausted())) throw new Error('kvstore: the prepared load ran out; raise PRASASTI_BENCH_MAX_RATE');
    return r;
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    rmSync(layout.home, { recursive: true, force: true });
  }
}

/**
 * A run whose load was refused measures nothing: throws, saying why, when a phase committed
 * nothing or more transactions were refused (at CheckTx or in a block) than `allowed(committed)`.
 */
export function assertValid(name: string, e: EngineResult, allowed: (committedInWindow: number) => number): void {
  for (const r of [e.throughput, ...e.latency]) {
    if (r.txPerS <= 0 || r.rejectedAtCheckTx + r.failedInBlock > allowed(r.committedInWindow)) {
      throw new Error(`${name}: invalid run (${r.txPerS} tx/s, ${r.rejectedAtCheckTx} rejected at CheckTx, ${r.failedInBlock} failed in blocks): ${JSON.stringify(r.refusals)}`);
    }
  }
}

/** One line per engine: saturated throughput and CPU, then commit latency at each offered rate. */
export function describe(r: EngineResult): string {
  return (
    `${r.throughput.txPerS} tx/s saturated (CPU s ${JSON.stringify(r.throughput.cpuSeconds)}); ` +
    r.latency.map((l) => `at ${l.offeredTxPerS} tx/s offered: commit p50 ${l.p50CommitMs} ms, p95 ${l.p95CommitMs} ms`).join('; ')
  );
}

export function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model, mem_gib: Math.round(totalmem() / 2 ** 30), node: process.version };
}
