/**
 * The supplier's and the opening officer's halves of sealed bids (the ledger's half, and the
 * formats, are in ledger/modules/tender/sealed-bid.ts). This side uses randomness: a fresh bid
 * key, nonce and salt per bid, and Shamir's split from shamir-secret-sharing (audited).
 */
import { randomBytes } from 'node:crypto';
import sodium from 'sodium-native';
import { split } from 'shamir-secret-sharing';
import { BID_KEY_BYTES, NONCE_BYTES, bidAad, bidCommitment, encodeBidContent, shareHash, type BidContent } from '../ledger/modules/tender/sealed-bid.js';

export interface OpeningKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/**
 * An officer's X25519 opening key for one tender, derived from their member seed, so nothing new
 * has to be stored: BLAKE2b-256 keyed by the seed over "prasasti/opening-key/v1\n<chain>\n<tender>".
 */
export function openingKeyPair(memberSeed: Uint8Array, chain: string, tenderId: string): OpeningKeyPair {
  const secretKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
  sodium.crypto_generichash(secretKey, Buffer.from(`prasasti/opening-key/v1\n${chain}\n${tenderId}`), Buffer.from(memberSeed));
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  sodium.crypto_scalarmult_base(publicKey, secretKey);
  return { publicKey: new Uint8Array(publicKey), secretKey: new Uint8Array(secretKey) };
}

export interface BidTerms {
  priceRupiah: string;
  tkdnBp: number;
  validityDays: number;
  technicalHash: string;
}

/** The body of `tender.submit_bid`: content encrypted before it leaves the supplier, its key split k-of-n among the officers. */
export async function sealBid(input: {
  chain: string;
  tenderId: string;
  bidder: string;
  terms: BidTerms;
  openingKeys: Uint8Array[];
  threshold: number;
  /** Tests only: what a dishonest bidder could do to its shares before sealing them. */
  tamperShares?: (shares: Uint8Array[]) => Uint8Array[];
}) {
  const content: BidContent = { v: 1, tender: input.tenderId, bidder: input.bidder, ...input.terms, salt: new Uint8Array(randomBytes(32)) };
  const plain = Buffer.from(encodeBidContent(content));
  const key = new Uint8Array(randomBytes(BID_KEY_BYTES));
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
  const ciphertext = Buffer.alloc(plain.length + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext, plain, Buffer.from(bidAad(input.chain, input.tenderId, input.bidder)), null, Buffer.from(nonce), Buffer.from(key));
  const shares = input.tamperShares ? input.tamperShares(await split(key, input.openingKeys.length, input.threshold)) : await split(key, input.openingKeys.length, input.threshold);
  const sealedShares = shares.map((share, i) => {
    const out = Buffer.alloc(share.length + sodium.crypto_box_SEALBYTES);
    sodium.crypto_box_seal(out, Buffer.from(share), Buffer.from(input.openingKeys[i]!));
    return new Uint8Array(out);
  });
  return {
    tenderId: input.tenderId,
    commitment: bidCommitment(plain),
    nonce,
    ciphertext: new Uint8Array(ciphertext),
    sealedShares,
    shareHashes: shares.map((s, i) => shareHash(input.tenderId, input.bidder, i, s)),
  };
}

/** Opens one sealed share with an opening key pair: what the ledger does at opening, for tools that re-check an opening (and tests). */
export function openShare(sealedShare: Uint8Array, keys: OpeningKeyPair): Uint8Array {
  const out = Buffer.alloc(sealedShare.length - sodium.crypto_box_SEALBYTES);
  if (!sodium.crypto_box_seal_open(out, Buffer.from(sealedShare), Buffer.from(keys.publicKey), Buffer.from(keys.secretKey))) {
    throw new Error('this sealed share was not sealed to this opening key');
  }
  return new Uint8Array(out);
}
