/**
 * The one-off keys a person of the public files complaints with, kept in this browser's IndexedDB
 * with what each filed, so that they can follow their complaints later from the same browser. The
 * private key is a WebCrypto Ed25519 key made non-extractable: no script can read it out. The
 * ledger knows the key only as `public:<first 32 hex digits of SHA-256 of the public key>`
 * (ledger/modules/complaint/README.md, *Public signers*).
 */
import { openDB, type IDBPDatabase } from 'idb';
import { toHex } from '../../../lib/ledger/envelope';

export interface PublicKeyPair {
  privateKey: CryptoKey;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

export interface FiledComplaint {
  complaintId: string;
  chain: string;
  /** `public:…`, as the ledger records the filer. */
  signerId: string;
  key: PublicKeyPair;
  subject: { kind: string; id: string; title: string };
  txHash: string;
  height: number;
  filedAt: string;
}

const DB = 'prasasti-public-complaints';
const STORE = 'complaints';
let dbp: Promise<IDBPDatabase> | null = null;
function db(): Promise<IDBPDatabase> {
  dbp ??= openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: 'complaintId' });
    },
  });
  return dbp;
}

/** A fresh key pair for one complaint; the private half can sign, never be exported. */
export async function newPublicKey(): Promise<PublicKeyPair> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  return { privateKey: pair.privateKey, publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)) };
}

/** The ledger's id for a public key: `public:` + the first 32 hex digits of its SHA-256. */
export async function publicSignerId(publicKey: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', publicKey as Uint8Array<ArrayBuffer>));
  return `public:${toHex(d).slice(0, 32)}`;
}

export async function rememberComplaint(c: FiledComplaint): Promise<void> {
  await (await db()).put(STORE, c);
}

/** The complaints filed from this browser on `chain`, newest first. */
export async function filedComplaints(chain: string): Promise<FiledComplaint[]> {
  const all = (await (await db()).getAll(STORE)) as FiledComplaint[];
  return all.filter((c) => c.chain === chain).sort((a, b) => b.filedAt.localeCompare(a.filedAt));
}
