/**
 * The state commitment's hash and its proof verifier. The AppHash is the root of a Merkle
 * Patricia Trie (see trie.ts for the writer) over SHA-256(key) → SHA-256(value), nodes hashed
 * with SHA-256. Proofs are checked with @ethereumjs/mpt's own verifier, configured the same way,
 * so a record's proof holds against an independent, widely used implementation of the trie.
 */
import { createHash } from 'node:crypto';
import { verifyMerkleProof } from '@ethereumjs/mpt';

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export const EMPTY_ROOT: Uint8Array = sha256(Uint8Array.of(0x80));

/** A proof that `key` maps to a value whose SHA-256 is in the trie, or that `key` is absent. */
export interface StateProof {
  /** Encoded trie nodes from the root to the key's leaf (or to where its path ends). */
  nodes: Uint8Array[];
}

/**
 * Checks `proof` against `appHash`. Returns true when it proves that `key` holds `value`
 * (or, with `value` null, that `key` is absent from the state at that AppHash).
 */
export async function verifyStateProof(appHash: Uint8Array, key: Uint8Array, value: Uint8Array | null, proof: StateProof): Promise<boolean> {
  if (proof.nodes.length === 0) return value === null && bytesEqual(appHash, EMPTY_ROOT);
  if (!bytesEqual(sha256(proof.nodes[0]!), appHash)) return false;
  let proven: Uint8Array | null;
  try {
    proven = await verifyMerkleProof(key, proof.nodes, { useKeyHashing: true, useKeyHashingFunction: sha256 });
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
