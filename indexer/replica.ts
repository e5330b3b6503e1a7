/**
 * The indexer's verifying replica: the ledger application itself, fed the committed blocks it
 * fetches over CometBFT RPC. After each block it must reach the AppHash and the per-tx result codes
 * that the validators committed; any difference stops the indexer (a read model is never built
 * from state the network did not agree on). Its own state file is not the ledger: nothing it
 * computes is ever sent anywhere.
 */
import { LedgerApp, type BlockResult } from '../ledger/app.js';
import { StateStore, type StateReader } from '../ledger/store/store.js';
import { decodeRecord } from '../ledger/store/records.js';

export interface ChainGenesis {
  chainId: string;
  genesisTimeMs: number;
  appStateBytes: Uint8Array;
  validators: Array<{ pubKey: Uint8Array; power: number }>;
}

export interface CommittedBlock {
  height: number;
  timeMs: number;
  txs: Uint8Array[];
  /** What CometBFT recorded: the AppHash after this block and each tx's result code. */
  appHash: string;
  codes: number[];
}

export class DivergenceError extends Error {}

export class Replica {
  private constructor(
    private readonly app: LedgerApp,
    readonly store: StateStore,
  ) {}

  static async open(path: string, genesis: ChainGenesis): Promise<Replica> {
    const store = await StateStore.open(path);
    const app = new LedgerApp(store, genesis.chainId);
    const r = new Replica(app, store);
    if (store.info().height === 0) await app.initChain(genesis.appStateBytes, genesis.validators, genesis.genesisTimeMs);
    return r;
  }

  height(): number {
    return this.store.info().height;
  }

  /**
   * Executes a committed block without committing it and checks it against what the validators
   * committed. The caller projects the pending writes, then calls {@link commit}.
   */
  async execute(b: CommittedBlock): Promise<BlockResult> {
    if (b.height !== this.height() + 1) throw new Error(`replica at ${this.height()} cannot execute block ${b.height}`);
    const r = await this.app.finalizeBlock({ height: b.height, timeMs: b.timeMs, txs: b.txs });
    const ours = Buffer.from(r.appHash).toString('hex').toUpperCase();
    if (ours !== b.appHash.toUpperCase()) {
      await this.store.discardBlock();
      throw new DivergenceError(`block ${b.height}: the replica computed AppHash ${ours}, the validators committed ${b.appHash}`);
    }
    const i = r.txResults.findIndex((t, n) => t.code !== b.codes[n]);
    if (i >= 0) {
      await this.store.discardBlock();
      throw new DivergenceError(`block ${b.height} tx ${i}: the replica got code ${r.txResults[i]!.code}, the validators committed ${b.codes[i]}`);
    }
    return r;
  }

  /** The state the pending block left (reads see its writes). */
  view(): StateReader {
    return this.store.branch();
  }

  pendingWrites(): Array<[Uint8Array, Uint8Array | null]> {
    return this.store.pendingWrites();
  }

  commit(): void {
    this.app.commit();
  }

  close(): void {
    this.store.close();
  }
}

/** Reads a decoded record from a state view. */
export function readRecord<T>(state: StateReader, key: string): T | undefined {
  const v = state.get(new TextEncoder().encode(key));
  return v ? decodeRecord<T>(v) : undefined;
}
