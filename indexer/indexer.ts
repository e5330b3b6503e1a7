/**
 * The indexer: follows committed blocks by height over CometBFT RPC (`block`, `block_results`),
 * re-executes each in its verifying replica (indexer/replica.ts), and projects what the block wrote
 * into the read models in one database transaction that also moves the cursor. It never writes
 * ledger state. Restarted, it resumes from the cursor; `rebuild` starts again from height 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rpc } from '../cli/localnet.js';
import { decodeEnvelope } from '../ledger/tx/envelope.js';
import { txHashHex } from '../ledger/app.js';
import { Replica, type ChainGenesis, type CommittedBlock } from './replica.js';
import { Projector } from './project.js';
import { getMeta, truncateLedgerRows, type ReadModels } from './db.js';
import type { FeedEvent } from './feed.js';
import { ledgerTimeMs, readCalendar } from '../ledger/calendar.js';

export interface IndexerOptions {
  rpcUrl: string;
  /** Folder for the replica's state file. */
  dataDir: string;
  readModels: ReadModels;
  ocidPrefix: string;
  /** Called after each block's rows are committed, with its feed events. */
  onEvents?: (events: FeedEvent[]) => void;
  /** Called after each block (metrics). */
  onBlock?: (height: number, txs: number) => void;
  /** How many blocks to fetch ahead while catching up. */
  prefetch?: number;
  /** Test hook: called after the read models of `height` are committed and before the replica commits. */
  afterProject?: (height: number) => void;
}

interface FetchedBlock extends CommittedBlock {
  hash: string;
}

/** RFC 3339 with up to nanoseconds → ms since the epoch, floored (as the ABCI server converts it). */
export function rfc3339Ms(s: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(s);
  if (!m) throw new Error(`not an RFC 3339 UTC time: ${s}`);
  const frac = (m[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1]}Z`) + Number(frac);
}

function hashHex(v: string): string {
  return /^[0-9A-Fa-f]*$/.test(v) && v.length % 2 === 0 ? v.toUpperCase() : Buffer.from(v, 'base64').toString('hex').toUpperCase();
}

export async function fetchGenesis(rpcUrl: string): Promise<ChainGenesis> {
  const g = await rpc<{ genesis: { chain_id: string; genesis_time: string; app_state: unknown; validators: Array<{ pub_key: { value: string }; power: string }> } }>(rpcUrl, 'genesis');
  return {
    chainId: g.genesis.chain_id,
    genesisTimeMs: rfc3339Ms(g.genesis.genesis_time),
    appStateBytes: new TextEncoder().encode(JSON.stringify(g.genesis.app_state ?? {})),
    validators: g.genesis.validators.map((v) => ({ pubKey: new Uint8Array(Buffer.from(v.pub_key.value, 'base64')), power: Number(v.power) })),
  };
}

export async function fetchBlock(rpcUrl: string, height: number): Promise<FetchedBlock> {
  const [b, r] = await Promise.all([
    rpc<{ block_id: { hash: string }; block: { header: { time: string }; data: { txs: string[] | null } } }>(rpcUrl, 'block', { height: String(height) }),
    rpc<{ txs_results: Array<{ code: number }> | null; app_hash: string }>(rpcUrl, 'block_results', { height: String(height) }),
  ]);
  return {
    height,
    hash: b.block_id.hash,
    timeMs: rfc3339Ms(b.block.header.time),
    txs: (b.block.data.txs ?? []).map((t) => new Uint8Array(Buffer.from(t, 'base64'))),
    appHash: hashHex(r.app_hash),
    codes: (r.txs_results ?? []).map((t) => t.code ?? 0),
  };
}

export async function latestHeight(rpcUrl: string): Promise<number> {
  const s = await rpc<{ sync_info: { latest_block_height: string } }>(rpcUrl, 'status');
  return Number(s.sync_info.latest_block_height);
}

export class Indexer {
  private stopped = false;
  private constructor(
    private readonly opts: IndexerOptions,
    private replica: Replica,
    private readonly genesis: ChainGenesis,
    private readonly projector: Projector,
  ) {}

  static async open(opts: IndexerOptions): Promise<Indexer> {
    const genesis = await fetchGenesis(opts.rpcUrl);
    const db = opts.readModels.db;
    const known = await getMeta(db, 'chain_id');
    if (known && known !== genesis.chainId) throw new Error(`the read models belong to chain ${known}, the node serves ${genesis.chainId}: rebuild them`);
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const replica = await Replica.open(replicaPath(opts.dataDir), genesis);
    const ix = new Indexer(opts, replica, genesis, new Projector({ ocidPrefix: opts.ocidPrefix }));
    const cursor = await ix.height();
    if (replica.height() > cursor) {
      // The read models were reset without the replica (or are older): start both again.
      await ix.resetReplica();
    } else if (cursor > 0 && (await getMeta(db, 'projection')) !== PROJECTION) {
      // Read models written by an older projection (a table or column this one fills is missing
      // rows): they are made again from height 1. Imported external processes stay.
      await ix.resetReplica();
    }
    return ix;
  }

  /** Last height whose read models are committed. */
  async height(): Promise<number> {
    return Number((await getMeta(this.opts.readModels.db, 'height')) ?? '0');
  }

  /** Indexes every committed block up to `target` (default: the node's latest). Returns the height reached. */
  async catchUp(target?: number): Promise<number> {
    const to = target ?? (await latestHeight(this.opts.rpcUrl));
    const ahead = this.opts.prefetch ?? 8;
    // Blocks the replica has not executed yet but the read models already hold (a crash between the
    // two commits) are re-executed without projecting.
    const cursor = await this.height();
    const pending = new Map<number, Promise<FetchedBlock>>();
    const get = (h: number) => {
      for (let k = h; k <= Math.min(to, h + ahead); k++) if (!pending.has(k)) pending.set(k, fetchBlock(this.opts.rpcUrl, k));
      const p = pending.get(h)!;
      pending.delete(h);
      return p;
    };
    for (let h = this.replica.height() + 1; h <= to && !this.stopped; h++) {
      const block = await get(h);
      await this.apply(block, h > cursor);
    }
    for (const p of pending.values()) p.catch(() => undefined);
    return this.replica.height();
  }

  private async apply(block: FetchedBlock, project: boolean): Promise<void> {
    const result = await this.replica.execute(block);
    if (!project) {
      this.replica.commit();
      return;
    }
    const db = this.opts.readModels.db;
    const writes = this.replica.pendingWrites();
    const view = this.replica.view();
    const bodies = block.txs.map((t) => {
      try {
        const e = decodeEnvelope(t);
        return { type: e.type, body: e.body as unknown, signerKey: Buffer.from(e.signer).toString('hex') };
      } catch {
        return undefined;
      }
    });
    const meta = { height: block.height, timeMs: ledgerTimeMs(readCalendar(view), block.timeMs), hash: block.hash, appHash: block.appHash, txHashes: block.txs.map(txHashHex), bodies };
    const events = await db.transaction().execute(async (trx) => {
      const seq = Number((await trx.selectFrom('meta').select('value').where('name', '=', 'seq').executeTakeFirst())?.value ?? '1');
      const out = await this.projector.block(trx, view, writes, result.txResults, meta, seq);
      for (const [name, value] of [
        ['height', String(block.height)],
        ['seq', String(out.nextSeq)],
        ['app_hash', block.appHash],
        ['chain_id', this.genesis.chainId],
        ['projection', PROJECTION],
      ] as const) {
        await trx.insertInto('meta').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
      }
      return out.events;
    });
    this.opts.afterProject?.(block.height);
    this.replica.commit();
    this.opts.onBlock?.(block.height, block.txs.length);
    if (events.length) this.opts.onEvents?.(events);
  }

  /** Follows new blocks until {@link stop}; polls the node's height every `intervalMs`. */
  async follow(intervalMs = 250): Promise<void> {
    while (!this.stopped) {
      try {
        await this.catchUp();
      } catch (e) {
        if (e instanceof Error && e.name === 'DivergenceError') throw e;
        if (this.stopped) break;
        // The node may be restarting; try again after a pause.
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /** Deletes the ledger's read models and the replica, and indexes again from height 1 up to `target` (default: the node's latest). */
  async rebuild(target?: number): Promise<number> {
    await truncateLedgerRows(this.opts.readModels.db);
    await this.resetReplica();
    return this.catchUp(target);
  }

  private async resetReplica(): Promise<void> {
    this.replica.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(replicaPath(this.opts.dataDir) + suffix, { force: true });
    await truncateLedgerRows(this.opts.readModels.db);
    this.replica = await Replica.open(replicaPath(this.opts.dataDir), this.genesis);
  }

  close(): void {
    this.stopped = true;
    this.replica.close();
  }
}

/**
 * The version of what the projection writes: raise it when a change to project.ts or db.ts makes
 * rows an older gateway wrote incomplete, and every gateway rebuilds its read models once on start.
 * 2: the participant table (a supplier's registrations).
 */
export const PROJECTION = '2';

function replicaPath(dir: string): string {
  return path.join(dir, 'replica.sqlite');
}

