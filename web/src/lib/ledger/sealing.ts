/**
 * Sealed bids in the browser: the supplier's half of the cryptography, the same as `cli/sealing.ts`
 * does in Node, so that the ledger opens a bid sealed here with its own code
 * (`ledger/modules/tender/sealed-bid.ts`; formats in `ledger/modules/tender/README.md`, *Sealed bids*):
 *
 *   content      = DAG-CBOR {v: 1, tender, bidder, priceRupiah, tkdnBp, validityDays, technicalHash, salt}
 *   commitment   = SHA-256("prasasti/bid/v1\n" ‖ content)
 *   ciphertext   = XChaCha20-Poly1305-IETF(bidKey, nonce, content, aad)
 *   aad          = "prasasti/bid/v1\n" ‖ chain ‖ "\n" ‖ tender ‖ "\n" ‖ bidder
 *   shares       = Shamir k-of-n split of bidKey (shamir-secret-sharing: 32 y-bytes ‖ x)
 *   sealed[i]    = crypto_box_seal(shares[i], openingKey of seat i)
 *   shareHash[i] = SHA-256("prasasti/bid-share/v1\n" ‖ tender ‖ "\n" ‖ bidder ‖ "\n" ‖ i ‖ "\n" ‖ shares[i])
 *
 * The price leaves this module only encrypted: the bid key, the shares and the plaintext stay in
 * memory here and are dropped after sealing. libsodium (WebAssembly) is loaded on first use.
 */
import * as dagCbor from '@ipld/dag-cbor';
import { split } from 'shamir-secret-sharing';
import type _sodiumType from 'libsodium-wrappers';

type Sodium = typeof _sodiumType;

export const BID_KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const SALT_BYTES = 32;
export const MAX_CIPHERTEXT_BYTES = 2048;

const enc = new TextEncoder();
const BID_DOMAIN = 'prasasti/bid/v1\n';
const SHARE_DOMAIN = 'prasasti/bid-share/v1\n';

let sodiumReady: Promise<Sodium> | undefined;
/** libsodium, loaded once (its WebAssembly is compiled on first use). */
export function loadSodium(): Promise<Sodium> {
  sodiumReady ??= import('libsodium-wrappers').then(async (m) => {
    const s = (m.default ?? m) as Sodium;
    await s.ready;
    return s;
  });
  return sodiumReady;
}

/** What the bidder declares; everything in it stays sealed until the opening. */
export interface BidTerms {
  /** Whole rupiah, decimal, no leading zero. */
  priceRupiah: string;
  /** Declared TKDN (domestic content), 0–10 000 basis points. */
  tkdnBp: number;
  /** 1–365 days. */
  validityDays: number;
  /** SHA-256 (hex) of the technical proposal, which stays off the ledger. */
  technicalHash: string;
}

/** The body of `tender.submit_bid`. */
export interface SealedBidBody {
  [k: string]: string | Uint8Array | Uint8Array[];
  tenderId: string;
  commitment: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  sealedShares: Uint8Array[];
  shareHashes: Uint8Array[];
}

export class SealingError extends Error {
  constructor(
    readonly code: 'BAD_TERMS' | 'BAD_COMMITTEE' | 'TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

/** Checks the terms as the ledger's content schema does (BidContentSchema), before anything is sealed. */
export function checkTerms(t: BidTerms): void {
  if (!/^[1-9]\d{0,17}$/.test(t.priceRupiah)) throw new SealingError('BAD_TERMS', 'priceRupiah must be whole rupiah, 1 to 18 digits');
  if (!Number.isInteger(t.tkdnBp) || t.tkdnBp < 0 || t.tkdnBp > 10_000) throw new SealingError('BAD_TERMS', 'tkdnBp must be 0–10000');
  if (!Number.isInteger(t.validityDays) || t.validityDays < 1 || t.validityDays > 365) throw new SealingError('BAD_TERMS', 'validityDays must be 1–365');
  if (!/^[0-9a-f]{64}$/.test(t.technicalHash)) throw new SealingError('BAD_TERMS', 'technicalHash must be 64 lowercase hex digits');
}

export function bidAad(chain: string, tender: string, bidder: string): Uint8Array {
  return enc.encode(`${BID_DOMAIN}${chain}\n${tender}\n${bidder}`);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// SHA-256 from WebCrypto: libsodium.js's standard build has no crypto_hash_sha256.
async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export function bidCommitment(content: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(enc.encode(BID_DOMAIN), content));
}

export function shareHash(tender: string, bidder: string, index: number, share: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(enc.encode(`${SHARE_DOMAIN}${tender}\n${bidder}\n${index}\n`), share));
}

/**
 * An opening key as the API gives it — hex of 32 bytes (the gateway's read models write bytes as
 * hex, indexer/project.ts toJson), or base64 (the ledger's own query answers) — or as bytes.
 */
export function openingKeyBytes(k: string | Uint8Array): Uint8Array {
  if (k instanceof Uint8Array) return k;
  if (/^[0-9a-fA-F]{64}$/.test(k)) return Uint8Array.from(k.match(/../g)!, (h) => parseInt(h, 16));
  const bin = atob(k);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Seals a bid for `tender.submit_bid`: encrypts the terms under a fresh bid key, splits that key
 * k-of-n among the opening committee's seats (in seat order) and seals each share to its seat's
 * public opening key. Nobody — not the Pokja, not this gateway, not any single institution —
 * can read the price until k officers post their keys after the deadline.
 */
export async function sealBid(input: { chain: string; tenderId: string; bidder: string; terms: BidTerms; openingKeys: ReadonlyArray<string | Uint8Array>; threshold: number }): Promise<SealedBidBody> {
  checkTerms(input.terms);
  const n = input.openingKeys.length;
  if (n < 2 || n > 15 || !Number.isInteger(input.threshold) || input.threshold < 2 || input.threshold > n) {
    throw new SealingError('BAD_COMMITTEE', `a committee of ${n} seats with threshold ${input.threshold} cannot seal a bid`);
  }
  const keys = input.openingKeys.map(openingKeyBytes);
  if (keys.some((k) => k.length !== 32)) throw new SealingError('BAD_COMMITTEE', 'an opening key is not 32 bytes');
  const s = await loadSodium();
  const { priceRupiah, tkdnBp, validityDays, technicalHash } = input.terms;
  const content = dagCbor.encode({ v: 1, tender: input.tenderId, bidder: input.bidder, priceRupiah, tkdnBp, validityDays, technicalHash, salt: s.randombytes_buf(SALT_BYTES) });
  const key = s.randombytes_buf(BID_KEY_BYTES);
  const nonce = s.randombytes_buf(NONCE_BYTES);
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(content, bidAad(input.chain, input.tenderId, input.bidder), null, nonce, key);
  if (ciphertext.length > MAX_CIPHERTEXT_BYTES) throw new SealingError('TOO_LARGE', `the sealed bid is ${ciphertext.length} bytes, above ${MAX_CIPHERTEXT_BYTES}`);
  const shares = await split(key, n, input.threshold);
  const sealedShares = shares.map((share, i) => s.crypto_box_seal(share, keys[i]!));
  const shareHashes = await Promise.all(shares.map((share, i) => shareHash(input.tenderId, input.bidder, i, share)));
  const commitment = await bidCommitment(content);
  // The key and its shares are not needed again: wipe them rather than leave them to the collector.
  s.memzero(key);
  for (const share of shares) s.memzero(share);
  return { tenderId: input.tenderId, commitment, nonce, ciphertext, sealedShares, shareHashes };
}

/** SHA-256 (hex) of a file, in the browser (the technical proposal's hash; evidence hashes). */
export async function sha256HexOf(data: Blob | Uint8Array): Promise<string> {
  return toHex(await sha256(data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer())));
}
