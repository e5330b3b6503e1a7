/** Drives a LedgerApp block by block, as CometBFT would, for unit tests. */
import { LedgerApp, type BlockResult } from '../../ledger/app.js';
import { StateStore } from '../../ledger/store/store.js';
import { CHAIN, TestSigners, testAppState, testKey, testValidators } from './genesis.js';
import type { LedgerPort, Outcome } from '../../cli/lifecycle.js';
import type { Body } from '../../ledger/tx/envelope.js';

export class TestChain {
  height = 0;
  timeMs = Date.UTC(2026, 0, 5, 1, 0, 0);
  private constructor(readonly app: LedgerApp) {}

  static async create(path = ':memory:'): Promise<TestChain> {
    const store = await StateStore.open(path);
    const app = new LedgerApp(store, CHAIN);
    const c = new TestChain(app);
    if (store.info().height === 0) await app.initChain(testAppState(), testValidators(), c.timeMs);
    c.height = store.info().height;
    return c;
  }

  /** Runs one block: FinalizeBlock then Commit. */
  async block(txs: Uint8Array[]): Promise<BlockResult> {
    this.height += 1;
    this.timeMs += 5_000;
    const r = await this.app.finalizeBlock({ height: this.height, timeMs: this.timeMs, txs });
    this.app.commit();
    return r;
  }

  appHash(): string {
    return Buffer.from(this.app.info().appHash).toString('hex');
  }

  async queryJson<T>(path: string): Promise<T> {
    const r = await this.app.query(path, new Uint8Array(0), false);
    if (r.code !== 0) throw new Error(r.log);
    return JSON.parse(new TextDecoder().decode(r.value)) as T;
  }
}

/**
 * The lifecycle's {@link LedgerPort} over a TestChain: each transaction in its own block, block
 * time moved forward on demand (ledger time = block time in the test genesis).
 */
export class ChainPort implements LedgerPort {
  readonly chainId = CHAIN;
  readonly signers = new TestSigners();
  /** Every transaction sent, in order, with its result (property tests replay them). */
  readonly log: Array<{ member: string; type: string; code: number }> = [];
  private queue: Promise<unknown> = Promise.resolve();
  constructor(readonly chain: TestChain) {}
  /** One block at a time, even when the lifecycle sends from several members at once. */
  send(member: string, type: string, body: Body): Promise<Outcome> {
    const next = this.queue.then(() => this.sendNow(member, type, body));
    this.queue = next.catch(() => undefined);
    return next;
  }
  private async sendNow(member: string, type: string, body: Body): Promise<Outcome> {
    const r = await this.chain.block([this.signers.tx(member, type, body)]);
    const t = r.txResults[0]!;
    if (t.code !== 0) this.signers.unuse(member);
    this.log.push({ member, type, code: t.code });
    return { code: t.code, log: t.log, info: t.info, height: this.chain.height };
  }
  query<T>(path: string): Promise<T> {
    return this.chain.queryJson<T>(path);
  }
  async now(): Promise<number> {
    return this.chain.timeMs;
  }
  waitFor(ms: number): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.chain.timeMs >= ms) return;
      this.chain.timeMs = Math.max(this.chain.timeMs, ms - 5_000);
      await this.chain.block([]);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
  seed(member: string): Uint8Array {
    return testKey(member).seed;
  }
}
