/** Drives a LedgerApp block by block, as CometBFT would, for unit tests. */
import { LedgerApp, type BlockResult } from '../../ledger/app.js';
import { StateStore } from '../../ledger/store/store.js';
import { CHAIN, testAppState, testValidators } from './genesis.js';

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
