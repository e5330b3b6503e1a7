/**
 * The state commitment: a Merkle Patricia Trie (@ethereumjs/mpt) over the whole ledger state,
 * whose root is the AppHash. Keys are hashed with SHA-256 before they enter the trie (a balanced
 * trie whatever the key layout), leaves hold SHA-256(value), and nodes are hashed with SHA-256
 * from node:crypto (native). See docs/decisions/0002-state-commitment.md for the measurements.
 */
import { createHash } from 'node:crypto';
import { MerklePatriciaTrie, createMPT, createMerkleProof, verifyMerkleProof } from '@ethereumjs/mpt';
import { ValueEncoding, type BatchDBOp, type DB } from '@ethereumjs/util';

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/** Where trie nodes live: read through to durable storage, writes buffered until Commit. */
export interface TrieNodeSource {
  getNode(hashHex: string): Uint8Array | undefined;
}

/** An @ethereumjs/util DB whose writes stay in memory until {@link NodeOverlayDB.drain}. */
export class NodeOverlayDB implements DB<string, string | Uint8Array> {
  private readonly pending = new Map<string, Uint8Array>();
  constructor(private readonly source: TrieNodeSource) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.pending.get(key) ?? this.source.getNode(key);
  }
  async put(key: string, value: string | Uint8Array): Promise<void> {
    if (typeof value === 'string') throw new Error('trie node values must be bytes');
    this.pending.set(key, value);
  }
  async del(): Promise<void> {
    // Nodes are content-addressed and never pruned: older roots stay provable.
  }
  async batch(ops: BatchDBOp<string, string | Uint8Array>[]): Promise<void> {
    for (const op of ops) if (op.type === 'put') await this.put(op.key, op.value);
  }
  shallowCopy(): DB<string, string | Uint8Array> {
    return this;
  }
  async open(): Promise<void> {}
  /** Nodes written since the last drain, to be persisted by Commit. */
  drain(): Map<string, Uint8Array> {
    const out = new Map(this.pending);
    this.pending.clear();
    return out;
  }
  discard(): void {
    this.pending.clear();
  }
}

const trieOptions = { useKeyHashing: true, useKeyHashingFunction: sha256 } as const;

export const EMPTY_ROOT: Uint8Array = sha256(Uint8Array.of(0x80));

export async function openTrie(db: NodeOverlayDB, root: Uint8Array | undefined): Promise<MerklePatriciaTrie> {
  const trie = await createMPT({ ...trieOptions, db, valueEncoding: ValueEncoding.Bytes });
  if (root && root.length > 0) trie.root(root);
  return trie;
}

/** A proof that `key` maps to a value whose SHA-256 is in the trie, or that `key` is absent. */
export interface StateProof {
  /** Serialized trie nodes from the root to the key's leaf (or to where its path ends). */
  nodes: Uint8Array[];
}

export async function proveKey(trie: MerklePatriciaTrie, key: Uint8Array): Promise<StateProof> {
  return { nodes: await createMerkleProof(trie, key) };
}

/**
 * Checks `proof` against `appHash`. Returns true when it proves that `key` holds `value`
 * (or, with `value` null, that `key` is absent from the state at that AppHash).
 */
export async function verifyStateProof(
  appHash: Uint8Array,
  key: Uint8Array,
  value: Uint8Array | null,
  proof: StateProof,
): Promise<boolean> {
  if (proof.nodes.length === 0) return value === null && bytesEqual(appHash, EMPTY_ROOT);
  if (!bytesEqual(sha256(proof.nodes[0]!), appHash)) return false;
  let proven: Uint8Array | null;
  try {
    proven = await verifyMerkleProof(key, proof.nodes, { ...trieOptions });
  } catch {
    return false;
  }
  if (value === null) return proven === null;
  return proven !== null && bytesEqual(proven, sha256(value));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
