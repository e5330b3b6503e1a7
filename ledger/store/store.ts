/**
 * The ledger's state store: key/value state in SQLite, committed by a Merkle Patricia Trie whose
 * root is the AppHash.
 *
 * Life of a block (following CometBFT's kvstore example):
 *   - each transaction runs against a {@link TxBranch}; its writes reach the block's write set
 *     only if it succeeds, so a rejected transaction changes nothing;
 *   - at the end of FinalizeBlock, {@link StateStore.computeAppHash} applies the block's write set
 *     to the trie once (sorted, last write per key wins) and returns the new root;
 *   - {@link StateStore.commit} writes state, trie nodes, height and AppHash in one SQLite
 *     transaction (WAL, synchronous=FULL), so a crash leaves either the old block or the new one.
 */
import Database from 'better-sqlite3';
import { sha256, type StateProof } from './commitment.js';
import { BlockTrie } from './trie.js';

export interface CommittedInfo {
  height: number;
  appHash: Uint8Array;
}

/** Read access to state as seen by a transaction. */
export interface StateReader {
  get(key: Uint8Array): Uint8Array | undefined;
  /** Keys (with values) starting with `prefix`, in ascending byte order. */
  scan(prefix: Uint8Array): Array<[Uint8Array, Uint8Array]>;
}

export interface StateWriter extends StateReader {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

const READ_CACHE_ENTRIES = 200_000;
const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

/** Writes layered over a reader; `undefined` in the map means deleted. */
class WriteSet implements StateWriter {
  readonly writes = new Map<string, Uint8Array | null>();
  constructor(private readonly base: StateReader) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const w = this.writes.get(hex(key));
    if (w === null) return undefined;
    return w ?? this.base.get(key);
  }
  scan(prefix: Uint8Array): Array<[Uint8Array, Uint8Array]> {
    const p = hex(prefix);
    const merged = new Map<string, Uint8Array | null>();
    for (const [k, v] of this.base.scan(prefix)) merged.set(hex(k), v);
    for (const [k, v] of this.writes) if (k.startsWith(p)) merged.set(k, v);
    return [...merged.entries()]
      .filter((e): e is [string, Uint8Array] => e[1] !== null)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([k, v]) => [unhex(k), v]);
  }
  set(key: Uint8Array, value: Uint8Array): void {
    this.writes.set(hex(key), value);
  }
  delete(key: Uint8Array): void {
    this.writes.set(hex(key), null);
  }
}

/** A transaction's view: reads see the block so far; writes are kept only on {@link TxBranch.write}. */
export class TxBranch extends WriteSet {
  constructor(private readonly parent: WriteSet) {
    super(parent);
  }
  write(): void {
    for (const [k, v] of this.writes) this.parent.writes.set(k, v);
  }
}

/** Fault-injection points for crash tests (never set in normal operation). */
export interface StoreHooks {
  /** Called inside Commit's SQLite transaction, after state and nodes are written, before height. */
  insideCommit?: (height: number) => void;
}

export class StateStore {
  private readonly db: Database.Database;
  private readonly committedReader: StateReader;
  private block: WriteSet;
  private trie: BlockTrie;
  /** Committed values by hex key (null = absent), kept in step with each commit. */
  private readonly readCache = new Map<string, Uint8Array | null>();
  private committed: CommittedInfo;
  private staged: { height: number; appHash: Uint8Array; rootId: number } | undefined;
  private readonly stmt;

  private constructor(
    path: string,
    private readonly hooks: StoreHooks = {},
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('cache_size = -65536'); // 64 MiB of pages: trie nodes are written at random keys
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS state (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS trie_node (id INTEGER PRIMARY KEY, node BLOB NOT NULL, kids BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
    `);
    this.stmt = {
      get: this.db.prepare<[Buffer], { value: Buffer }>('SELECT value FROM state WHERE key = ?'),
      scan: this.db.prepare<[Buffer, Buffer], { key: Buffer; value: Buffer }>(
        'SELECT key, value FROM state WHERE key >= ? AND key < ? ORDER BY key',
      ),
      scanOpen: this.db.prepare<[Buffer], { key: Buffer; value: Buffer }>(
        'SELECT key, value FROM state WHERE key >= ? ORDER BY key',
      ),
      put: this.db.prepare<[Buffer, Buffer]>('INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)'),
      del: this.db.prepare<[Buffer]>('DELETE FROM state WHERE key = ?'),
      node: this.db.prepare<[number], { node: Buffer; kids: Buffer }>('SELECT node, kids FROM trie_node WHERE id = ?'),
      putNode: this.db.prepare<[number, Buffer, Buffer]>('INSERT INTO trie_node (id, node, kids) VALUES (?, ?, ?)'),
      maxNode: this.db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM trie_node'),
      meta: this.db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE name = ?'),
      putMeta: this.db.prepare<[string, Buffer]>('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)'),
    };
    const stmt = this.stmt;
    const cache = this.readCache;
    this.committedReader = {
      get(key) {
        const k = hex(key);
        const hit = cache.get(k);
        if (hit !== undefined) return hit ?? undefined;
        const row = stmt.get.get(Buffer.from(key));
        const v = row ? new Uint8Array(row.value) : null;
        if (cache.size >= READ_CACHE_ENTRIES) cache.clear();
        cache.set(k, v);
        return v ?? undefined;
      },
      scan(prefix) {
        const end = prefixEnd(prefix);
        const rows = end ? stmt.scan.all(Buffer.from(prefix), Buffer.from(end)) : stmt.scanOpen.all(Buffer.from(prefix));
        return rows.map((r) => [new Uint8Array(r.key), new Uint8Array(r.value)]);
      },
    };
    this.block = new WriteSet(this.committedReader);
    const height = this.stmt.meta.get('height');
    const appHash = this.stmt.meta.get('app_hash');
    this.committed = {
      height: height ? Number(height.value.toString()) : 0,
      appHash: appHash ? new Uint8Array(appHash.value) : new Uint8Array(0),
    };
    this.trie = this.openTrie();
  }

  private openTrie(): BlockTrie {
    const stmt = this.stmt;
    const rootId = this.stmt.meta.get('trie_root_id');
    return new BlockTrie(
      {
        getNode: (id) => {
          const row = stmt.node.get(id);
          return row ? { node: new Uint8Array(row.node), kids: unpackIds(row.kids) } : undefined;
        },
      },
      this.committed.height > 0 && rootId ? { hash: this.committed.appHash, id: Number(rootId.value.toString()) } : undefined,
      (stmt.maxNode.get()?.id ?? 0) + 1,
    );
  }

  /** Opens (or creates) the store at `path`; ':memory:' for tests. */
  static async open(path: string, hooks: StoreHooks = {}): Promise<StateStore> {
    return new StateStore(path, hooks);
  }

  /** Last committed height and AppHash (empty before the first block). */
  info(): CommittedInfo {
    return { ...this.committed };
  }

  /** State as of the last commit: what CheckTx and Query read. */
  committedState(): StateReader {
    return this.committedReader;
  }

  /** A new transaction branch over the block's pending state. */
  branch(): TxBranch {
    return new TxBranch(this.block);
  }

  /** Applies the block's write set to the trie and returns the new AppHash (the root). */
  async computeAppHash(height: number): Promise<Uint8Array> {
    const entries = [...this.block.writes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [k, v] of entries) {
      if (v === null) this.trie.del(unhex(k));
      else this.trie.put(unhex(k), sha256(v));
    }
    const root = this.trie.rootRef();
    this.staged = { height, appHash: root.hash, rootId: root.id };
    return this.staged.appHash;
  }

  /** Writes the block's state, trie nodes, height and AppHash atomically and durably. */
  commit(): CommittedInfo {
    const staged = this.staged;
    if (!staged) throw new Error('commit without a computed AppHash');
    const nodes = this.trie.takeNewNodes();
    const writes = this.block.writes;
    this.db.transaction(() => {
      for (const [k, v] of writes) {
        if (v === null) this.stmt.del.run(Buffer.from(k, 'hex'));
        else this.stmt.put.run(Buffer.from(k, 'hex'), Buffer.from(v));
      }
      for (const [id, n] of nodes) this.stmt.putNode.run(id, Buffer.from(n.node.buffer, n.node.byteOffset, n.node.byteLength), packIds(n.kids));
      this.hooks.insideCommit?.(staged.height);
      this.stmt.putMeta.run('height', Buffer.from(String(staged.height)));
      this.stmt.putMeta.run('app_hash', Buffer.from(staged.appHash));
      this.stmt.putMeta.run('trie_root_id', Buffer.from(String(staged.rootId)));
    })();
    for (const [k, v] of writes) if (this.readCache.has(k)) this.readCache.set(k, v);
    this.committed = { height: staged.height, appHash: staged.appHash };
    this.block = new WriteSet(this.committedReader);
    this.staged = undefined;
    this.trie.trimMemory();
    return this.info();
  }

  /** Drops an uncommitted block (the trie goes back to the committed root). */
  async discardBlock(): Promise<void> {
    this.block = new WriteSet(this.committedReader);
    this.staged = undefined;
    this.trie = this.openTrie();
  }

  /**
   * The keys the pending block wrote and their new values (null = deleted), in key order. Read
   * only; the indexer's verifying replica projects its read models from them.
   */
  pendingWrites(): Array<[Uint8Array, Uint8Array | null]> {
    return [...this.block.writes.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([k, v]) => [unhex(k), v]);
  }

  /** Whether FinalizeBlock has staged a block that is not yet committed. */
  hasStagedBlock(): boolean {
    return this.staged !== undefined || this.block.writes.size > 0;
  }

  /** The committed value of `key` with its proof against the committed AppHash. */
  async prove(key: Uint8Array): Promise<{ value: Uint8Array | undefined; proof: StateProof; height: number; appHash: Uint8Array }> {
    if (this.hasStagedBlock()) throw new Error('prove during an uncommitted block');
    const proof = { nodes: this.trie.proof(key) };
    return { value: this.committedReader.get(key), proof, height: this.committed.height, appHash: this.committed.appHash };
  }

  close(): void {
    this.db.close();
  }
}

/** The smallest byte string greater than every string starting with `prefix` (undefined if none). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.slice(0, i + 1);
    }
  }
  return undefined;
}

/** Child row ids, 6 bytes each, big-endian. */
function packIds(ids: number[]): Buffer {
  const b = Buffer.allocUnsafe(ids.length * 6);
  ids.forEach((id, i) => b.writeUIntBE(id, i * 6, 6));
  return b;
}

function unpackIds(b: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 6 <= b.length; i += 6) out.push(b.readUIntBE(i, 6));
  return out;
}
