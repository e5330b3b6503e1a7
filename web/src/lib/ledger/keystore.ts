/**
 * A person's signing keys in this browser: Ed25519 key pairs made by WebCrypto with
 * `extractable: false` and kept as CryptoKey objects in IndexedDB (structured clone keeps them
 * non-extractable: no script, ours included, can read the private key out). One record per chain
 * and member id; a key that is not yet registered on the ledger (an enrolment waiting for approval,
 * or a rotation in flight) is kept under its own slot until it is.
 * Decision: docs/decisions/0008-keys-in-the-browser.md.
 */
import { openDB, type IDBPDatabase } from 'idb';

export interface StoredKey {
  /** `${chain}/${memberId}` or `${chain}/${memberId}#next` for a key not yet registered. */
  id: string;
  chain: string;
  memberId: string;
  privateKey: CryptoKey;
  /** The raw 32-byte Ed25519 public key, what the ledger registers. */
  publicKey: Uint8Array;
  createdAt: string;
  /** Where the key came from: made here, imported from a demo seed. */
  origin: 'browser' | 'demo';
}

export type KeySlot = 'current' | 'next';

const DB_NAME = 'prasasti-keys';
const STORE = 'keys';
let dbp: Promise<IDBPDatabase> | null = null;

function db(): Promise<IDBPDatabase> {
  dbp ??= openDB(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: 'id' });
    },
  });
  return dbp;
}

const slotId = (chain: string, memberId: string, slot: KeySlot) => `${chain}/${memberId}${slot === 'next' ? '#next' : ''}`;

/** A fresh key pair; the private half can sign but never be exported. */
export async function generateKeyPair(): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey };
}

export async function saveKey(chain: string, memberId: string, key: { privateKey: CryptoKey; publicKey: Uint8Array }, origin: StoredKey['origin'], slot: KeySlot = 'current'): Promise<StoredKey> {
  const rec: StoredKey = { id: slotId(chain, memberId, slot), chain, memberId, privateKey: key.privateKey, publicKey: key.publicKey, createdAt: new Date().toISOString(), origin };
  await (await db()).put(STORE, rec);
  return rec;
}

export async function loadKey(chain: string, memberId: string, slot: KeySlot = 'current'): Promise<StoredKey | null> {
  return ((await (await db()).get(STORE, slotId(chain, memberId, slot))) as StoredKey | undefined) ?? null;
}

export async function deleteKey(chain: string, memberId: string, slot: KeySlot = 'current'): Promise<void> {
  await (await db()).delete(STORE, slotId(chain, memberId, slot));
}

/** Makes the waiting key the current one (after the ledger registered it). */
export async function promoteNextKey(chain: string, memberId: string): Promise<StoredKey | null> {
  const next = await loadKey(chain, memberId, 'next');
  if (!next) return null;
  const rec = await saveKey(chain, memberId, next, next.origin, 'current');
  await deleteKey(chain, memberId, 'next');
  return rec;
}

/** Every key this browser holds for a chain (the login page lists them). */
export async function listKeys(chain: string): Promise<StoredKey[]> {
  const all = (await (await db()).getAll(STORE)) as StoredKey[];
  return all.filter((k) => k.chain === chain);
}
