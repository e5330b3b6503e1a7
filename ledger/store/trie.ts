/**
 * A Merkle Patricia Trie writer built for blocks: the block's write set is applied to an in-memory
 * tree (nodes loaded from storage on demand), and each changed node is hashed once, when the block
 * ends, not once per write. It produces exactly the trie of the Ethereum Yellow Paper (hex-prefix
 * paths, RLP nodes, nodes of 32 bytes or more referenced by hash) with SHA-256 in place of
 * Keccak-256, over SHA-256-hashed keys and SHA-256-hashed values — the same root and the same
 * proofs as @ethereumjs/mpt configured that way, which the tests check on random workloads, and
 * which verifies our proofs (commitment.ts). docs/decisions/0002-state-commitment.md has the
 * measurements that led here.
 *
 * With 32-byte hashed keys every leaf sits at the same depth and holds a 32-byte value hash, so
 * every node encodes to at least 32 bytes and is referenced by hash; there are no inline nodes.
 *
 * Storage is addressed by row id, not by hash: a stored node carries the row ids of its children,
 * and nodes are only ever reached from the root, so new nodes are appended in id order (about
 * 1 µs a row in SQLite, against 15 µs for inserts at random hash keys).
 */
import { RLP } from '@ethereumjs/rlp';
import { sha256 } from './commitment.js';

type Nibbles = Uint8Array;
interface Leaf {
  t: 0;
  path: Nibbles;
  value: Uint8Array;
  hash: Uint8Array | null; // null while dirty
  id: number; // storage row; meaningful once hashed
}
interface Ext {
  t: 1;
  path: Nibbles;
  child: Ref;
  hash: Uint8Array | null;
  id: number;
}
interface Branch {
  t: 2;
  children: Array<Ref | null>;
  hash: Uint8Array | null;
  id: number;
}
/** A stored node known only by its hash and row, loaded when a write or proof reaches it. */
interface Unloaded {
  t: 3;
  hash: Uint8Array;
  id: number;
}
type TrieNode = Leaf | Ext | Branch;
type Ref = TrieNode | Unloaded;

export const EMPTY_TRIE_ROOT = sha256(Uint8Array.of(0x80));

/** A stored node: its RLP encoding and the row ids of its non-empty children, in order. */
export interface StoredNode {
  node: Uint8Array;
  kids: number[];
}

export interface NodeSource {
  getNode(id: number): StoredNode | undefined;
}

/** Where a trie's root is stored (kept beside the AppHash). */
export interface RootRef {
  hash: Uint8Array;
  id: number;
}

function toNibbles(key: Uint8Array): Nibbles {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key[i]! >> 4;
    out[2 * i + 1] = key[i]! & 0x0f;
  }
  return out;
}

/** Hex-prefix encoding (Yellow Paper, appendix C). */
function hexPrefix(path: Nibbles, leaf: boolean): Uint8Array {
  const odd = path.length % 2;
  const out = new Uint8Array(Math.floor(path.length / 2) + 1);
  const flag = (leaf ? 2 : 0) + odd;
  let i = 0;
  if (odd) {
    out[0] = (flag << 4) | path[0]!;
    i = 1;
  } else out[0] = flag << 4;
  for (let o = 1; i < path.length; i += 2, o++) out[o] = (path[i]! << 4) | path[i + 1]!;
  return out;
}

function fromHexPrefix(b: Uint8Array): { path: Nibbles; leaf: boolean } {
  const flag = b[0]! >> 4;
  const odd = flag & 1;
  const nib = toNibbles(b);
  return { path: nib.subarray(odd ? 1 : 2), leaf: flag >= 2 };
}

function commonPrefix(a: Nibbles, b: Nibbles): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function concat(a: Nibbles, b: Nibbles): Nibbles {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const refHash = (r: Ref): Uint8Array => {
  if (r.hash === null) throw new Error('invariant: child hashed before parent');
  return r.hash;
};

function encodeNode(n: TrieNode): Uint8Array {
  switch (n.t) {
    case 0:
      return RLP.encode([hexPrefix(n.path, true), n.value]);
    case 1:
      return RLP.encode([hexPrefix(n.path, false), refHash(n.child)]);
    default:
      return encodeBranch(n);
  }
}

/**
 * RLP of a branch node without the general encoder: 16 items that are empty (0x80) or a 32-byte
 * hash (0xa0 + 32 bytes), then the empty value (0x80). Branches are most of the hashing work.
 */
function encodeBranch(n: Branch): Uint8Array {
  let payload = 1;
  for (const c of n.children) payload += c ? 33 : 1;
  const head = payload < 56 ? 1 : payload < 256 ? 2 : 3;
  const out = new Uint8Array(head + payload);
  if (head === 1) out[0] = 0xc0 + payload;
  else if (head === 2) {
    out[0] = 0xf8;
    out[1] = payload;
  } else {
    out[0] = 0xf9;
    out[1] = payload >> 8;
    out[2] = payload & 0xff;
  }
  let o = head;
  for (const c of n.children) {
    if (c) {
      out[o++] = 0xa0;
      out.set(refHash(c), o);
      o += 32;
    } else out[o++] = 0x80;
  }
  out[o] = 0x80;
  return out;
}

function decodeNode(hash: Uint8Array, id: number, stored: StoredNode): TrieNode {
  const items = RLP.decode(stored.node) as Array<Uint8Array | unknown[]>;
  let k = 0;
  const childRef = (x: unknown): Unloaded | null => {
    if (!(x instanceof Uint8Array)) throw new Error('invariant: inline trie node found in storage');
    if (x.length === 0) return null;
    const kid = stored.kids[k++];
    if (kid === undefined) throw new Error('invariant: stored trie node lacks a child row');
    return { t: 3, hash: x, id: kid };
  };
  if (items.length === 17) return { t: 2, children: items.slice(0, 16).map(childRef), hash, id };
  if (items.length !== 2) throw new Error('invariant: malformed trie node in storage');
  const { path, leaf } = fromHexPrefix(items[0] as Uint8Array);
  if (leaf) return { t: 0, path, value: items[1] as Uint8Array, hash, id };
  return { t: 1, path, child: childRef(items[1])!, hash, id };
}

function childIds(n: TrieNode): number[] {
  if (n.t === 0) return [];
  if (n.t === 1) return [n.child.id];
  const out: number[] = [];
  for (const c of n.children) if (c) out.push(c.id);
  return out;
}

export class BlockTrie {
  private root: Ref | null;
  /** Nodes hashed since the last {@link takeNewNodes}, by row id. */
  private fresh = new Map<number, StoredNode>();

  constructor(
    private readonly source: NodeSource,
    root: RootRef | undefined,
    /** The next free storage row id. */
    private nextId: number,
    /** Nodes deeper than this are dropped from memory after each block and reloaded on demand. */
    private readonly residentDepth = 4,
  ) {
    this.root = root && !sameBytes(root.hash, EMPTY_TRIE_ROOT) ? { t: 3, hash: root.hash, id: root.id } : null;
  }

  private resolve(r: Ref): TrieNode {
    if (r.t !== 3) return r;
    const stored = this.source.getNode(r.id);
    if (!stored) throw new Error(`invariant: trie node row ${r.id} missing from storage`);
    const n = decodeNode(r.hash, r.id, stored);
    return n;
  }

  /** Sets SHA-256(key) → valueHash. */
  put(key: Uint8Array, valueHash: Uint8Array): void {
    this.root = this.insert(this.root, toNibbles(sha256(key)), valueHash);
  }

  del(key: Uint8Array): void {
    this.root = this.remove(this.root, toNibbles(sha256(key)));
  }

  private insert(ref: Ref | null, path: Nibbles, value: Uint8Array): TrieNode {
    if (ref === null) return { t: 0, path, value, hash: null, id: 0 };
    const n = this.resolve(ref);
    if (n.t === 0) {
      if (sameBytes(n.path, path)) {
        if (!sameBytes(n.value, value)) {
          n.value = value;
          n.hash = null;
        }
        return n;
      }
      const c = commonPrefix(n.path, path);
      const branch: Branch = { t: 2, children: new Array<Ref | null>(16).fill(null), hash: null, id: 0 };
      branch.children[n.path[c]!] = { t: 0, path: n.path.subarray(c + 1), value: n.value, hash: null, id: 0 };
      branch.children[path[c]!] = { t: 0, path: path.subarray(c + 1), value, hash: null, id: 0 };
      return c > 0 ? { t: 1, path: path.subarray(0, c), child: branch, hash: null, id: 0 } : branch;
    }
    if (n.t === 1) {
      const c = commonPrefix(n.path, path);
      if (c === n.path.length) {
        n.child = this.insert(n.child, path.subarray(c), value);
        n.hash = null;
        return n;
      }
      const branch: Branch = { t: 2, children: new Array<Ref | null>(16).fill(null), hash: null, id: 0 };
      const rest = n.path.subarray(c + 1);
      branch.children[n.path[c]!] = rest.length > 0 ? { t: 1, path: rest, child: n.child, hash: null, id: 0 } : n.child;
      branch.children[path[c]!] = { t: 0, path: path.subarray(c + 1), value, hash: null, id: 0 };
      return c > 0 ? { t: 1, path: path.subarray(0, c), child: branch, hash: null, id: 0 } : branch;
    }
    const i = path[0]!;
    n.children[i] = this.insert(n.children[i] ?? null, path.subarray(1), value);
    n.hash = null;
    return n;
  }

  /** Returns the subtree without `path`; the same object when nothing changed. */
  private remove(ref: Ref | null, path: Nibbles): Ref | null {
    if (ref === null) return null;
    const n = this.resolve(ref);
    if (n.t === 0) return sameBytes(n.path, path) ? null : ref;
    if (n.t === 1) {
      if (commonPrefix(n.path, path) !== n.path.length) return ref;
      const child = this.remove(n.child, path.subarray(n.path.length));
      if (child === n.child) return ref;
      return child === null ? null : this.joinPath(n.path, child);
    }
    const i = path[0]!;
    const before = n.children[i] ?? null;
    const after = this.remove(before, path.subarray(1));
    if (after === before) return ref;
    n.children[i] = after;
    n.hash = null;
    let only = -1;
    let count = 0;
    n.children.forEach((c, j) => {
      if (c) {
        count++;
        only = j;
      }
    });
    if (count >= 2) return n;
    if (count === 0) return null;
    return this.joinPath(Uint8Array.of(only), n.children[only]!);
  }

  /** A node for `prefix` followed by `child`, merging paths so the trie stays canonical. */
  private joinPath(prefix: Nibbles, child: Ref): TrieNode {
    const c = this.resolve(child);
    if (c.t === 0) return { t: 0, path: concat(prefix, c.path), value: c.value, hash: null, id: 0 };
    if (c.t === 1) return { t: 1, path: concat(prefix, c.path), child: c.child, hash: null, id: 0 };
    return { t: 1, path: prefix, child: c, hash: null, id: 0 };
  }

  private hashRef(r: Ref): Uint8Array {
    if (r.hash !== null) return r.hash;
    const n = r as TrieNode;
    if (n.t === 1) this.hashRef(n.child);
    else if (n.t === 2) for (const c of n.children) if (c) this.hashRef(c);
    const enc = encodeNode(n);
    n.hash = sha256(enc);
    n.id = this.nextId++;
    this.fresh.set(n.id, { node: enc, kids: childIds(n) });
    return n.hash;
  }

  /** The root hash; hashes each changed node once. */
  rootHash(): Uint8Array {
    return this.root === null ? EMPTY_TRIE_ROOT : this.hashRef(this.root);
  }

  /** The root's hash and row (after {@link rootHash}), to be stored with the block. */
  rootRef(): RootRef {
    const hash = this.rootHash();
    return { hash, id: this.root?.id ?? 0 };
  }

  /** Nodes created since the last call (to be stored with the block), and forgets them. */
  takeNewNodes(): Map<number, StoredNode> {
    const out = this.fresh;
    this.fresh = new Map();
    return out;
  }

  /** After a commit: keep only the top of the tree in memory; deeper nodes reload on demand. */
  trimMemory(): void {
    const walk = (r: Ref | null, depth: number): Ref | null => {
      if (r === null || r.t === 3) return r;
      if (r.hash === null) throw new Error('invariant: trimming an unhashed trie');
      if (depth >= this.residentDepth) return { t: 3, hash: r.hash, id: r.id };
      if (r.t === 1) r.child = walk(r.child, depth + 1)!;
      else if (r.t === 2) for (let i = 0; i < 16; i++) r.children[i] = walk(r.children[i] ?? null, depth + 1);
      return r;
    };
    this.root = walk(this.root, 0);
  }

  /** The encoded nodes from the root along SHA-256(key)'s path (an @ethereumjs/mpt-style proof). */
  proof(key: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let path = toNibbles(sha256(key));
    let r = this.root;
    while (r) {
      const n = this.resolve(r);
      if (n.hash === null) throw new Error('invariant: proof over an unhashed trie');
      out.push(encodeNode(n));
      if (n.t === 0) break;
      if (n.t === 1) {
        if (commonPrefix(n.path, path) !== n.path.length) break;
        path = path.subarray(n.path.length);
        r = n.child;
      } else {
        r = n.children[path[0]!] ?? null;
        path = path.subarray(1);
      }
    }
    return out;
  }
}
