/**
 * An opening officer's X25519 opening key for one tender, made in this browser.
 *
 * The CLI derives an officer's opening key from the member seed (cli/sealing.ts openingKeyPair);
 * a browser has no seed (the signing key is a non-extractable CryptoKey), so here the key pair is
 * random, made by libsodium (`crypto_box_keypair`). The ledger only checks, at the reveal, that the
 * secret belongs to the public key registered for the seat (ledger/modules/tender/README.md,
 * "Opening"). The secret is kept in IndexedDB under the chain, tender and member — for that one
 * tender only: it is posted on the ledger after the bid deadline anyway, and a key is never
 * registered twice (`KEY_IN_USE`). Until the deadline it must stay here: k officers who pooled
 * their secrets could open the bids early. It is not sent anywhere before the reveal.
 *
 * Losing this browser's storage before the reveal makes the officer absent for this tender (the
 * Pokja may then close the opening without them, naming them).
 */
import { openDB, type IDBPDatabase } from 'idb';
import { loadSodium } from './sealing';

export interface OpeningKey {
  /** `${chain}/${tenderId}/${memberId}` */
  id: string;
  chain: string;
  tenderId: string;
  memberId: string;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
  createdAt: string;
}

const DB_NAME = 'prasasti-opening-keys';
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

const keyId = (chain: string, tenderId: string, memberId: string) => `${chain}/${tenderId}/${memberId}`;

/** A fresh random X25519 key pair (32-byte public and secret halves). */
export async function generateOpeningKeyPair(): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> {
  const sodium = await loadSodium();
  const k = sodium.crypto_box_keypair();
  return { publicKey: k.publicKey, secretKey: k.privateKey };
}

/** The public half of an X25519 secret: what the ledger compares with the registered key. */
export async function openingPublicKeyOf(secretKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_scalarmult_base(secretKey);
}

/**
 * The officer's key for this tender: the one kept here, or a new one kept here first. Kept before
 * it is registered, so that a registration that went through while the page was closed still has
 * its secret.
 */
export async function openingKeyFor(chain: string, tenderId: string, memberId: string): Promise<OpeningKey> {
  const found = await loadOpeningKey(chain, tenderId, memberId);
  if (found) return found;
  const pair = await generateOpeningKeyPair();
  const rec: OpeningKey = { id: keyId(chain, tenderId, memberId), chain, tenderId, memberId, ...pair, createdAt: new Date().toISOString() };
  await (await db()).put(STORE, rec);
  return rec;
}

/** The key kept in this browser for the tender, if any. */
export async function loadOpeningKey(chain: string, tenderId: string, memberId: string): Promise<OpeningKey | null> {
  const rec = (await (await db()).get(STORE, keyId(chain, tenderId, memberId))) as OpeningKey | undefined;
  return rec ?? null;
}

/** Forgets the key (after the reveal it is on the ledger; nothing is lost). */
export async function forgetOpeningKey(chain: string, tenderId: string, memberId: string): Promise<void> {
  await (await db()).delete(STORE, keyId(chain, tenderId, memberId));
}

/** Whether two keys are the same bytes (a kept key against the one registered on the ledger). */
export function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
