/**
 * Sealed bids: the formats and the ledger's half of the cryptography (spec: ./README.md, "Sealed
 * bids"). The supplier's half (splitting and encrypting, which needs randomness) is in
 * `cli/sealing.ts`; everything here is deterministic.
 *
 *   content    = DAG-CBOR {v: 1, tender, bidder, priceRupiah, tkdnBp, validityDays, technicalHash, salt}
 *   commitment = SHA-256("prasasti/bid/v1\n" ‖ content)              — on the ledger from submission
 *   ciphertext = XChaCha20-Poly1305(bidKey, nonce, content, aad)      — on the ledger from submission
 *   aad        = "prasasti/bid/v1\n" ‖ chain ‖ "\n" ‖ tender ‖ "\n" ‖ bidder
 *   shares     = Shamir k-of-n over GF(2^8) of bidKey (shamir-secret-sharing's format: y bytes ‖ x)
 *   sealed[i]  = crypto_box_seal(shares[i], openingKey[i])              — only officer i can read it
 *   shareHash[i] = SHA-256("prasasti/bid-share/v1\n" ‖ tender ‖ "\n" ‖ bidder ‖ "\n" ‖ i ‖ "\n" ‖ shares[i])
 *
 * Each officer's opening key (X25519) serves one tender only. After the deadline each officer
 * posts the key's secret half; the ledger checks it against the registered public half, opens
 * that seat's sealed share of every bid itself and checks it against its hash (so an officer
 * cannot hold back one bid, and a share that does not open is proven to be the bidder's doing);
 * once k valid shares of a bid are in, it interpolates the bid key, decrypts, and checks the
 * commitment.
 */
import { createHash } from 'node:crypto';
import * as dagCbor from '@ipld/dag-cbor';
import sodium from 'sodium-native';
import { z } from 'zod';

export const BID_KEY_BYTES = 32;
export const SHARE_BYTES = BID_KEY_BYTES + 1;
export const SEALED_SHARE_BYTES = SHARE_BYTES + sodium.crypto_box_SEALBYTES;
export const NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
export const MAX_CIPHERTEXT_BYTES = 2048;

const enc = new TextEncoder();
const BID_DOMAIN = 'prasasti/bid/v1\n';
const SHARE_DOMAIN = 'prasasti/bid-share/v1\n';

/** What a bid says, sealed until opening. Bidder and tender are inside so a copied bid cannot be replayed. */
export const BidContentSchema = z.strictObject({
  v: z.literal(1),
  tender: z.string(),
  bidder: z.string(),
  priceRupiah: z.string().regex(/^[1-9]\d{0,17}$/),
  tkdnBp: z.number().int().min(0).max(10_000),
  validityDays: z.number().int().min(1).max(365),
  technicalHash: z.string().regex(/^[0-9a-f]{64}$/),
  salt: z.instanceof(Uint8Array).refine((b) => b.length === 32),
});
export type BidContent = z.infer<typeof BidContentSchema>;

export function encodeBidContent(c: BidContent): Uint8Array {
  return dagCbor.encode(c);
}

export function bidCommitment(content: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(BID_DOMAIN).update(content).digest());
}

export function bidAad(chain: string, tender: string, bidder: string): Uint8Array {
  return enc.encode(`${BID_DOMAIN}${chain}\n${tender}\n${bidder}`);
}

export function shareHash(tender: string, bidder: string, index: number, share: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`${SHARE_DOMAIN}${tender}\n${bidder}\n${index}\n`).update(share).digest());
}

// GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1, as shamir-secret-sharing uses.
function gfMul(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) r ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return r;
}
function gfInv(a: number): number {
  // a^254 = a^-1 for a ≠ 0
  let r = 1;
  let base = a;
  for (let e = 254; e > 0; e >>= 1) {
    if (e & 1) r = gfMul(r, base);
    base = gfMul(base, base);
  }
  return r;
}

/**
 * The secret behind `shares` (each y bytes ‖ x, distinct non-zero x): Lagrange interpolation at
 * 0, synchronous so that it can run inside a transaction. Cross-checked against
 * shamir-secret-sharing's own `combine` in the tests.
 */
export function combineShares(shares: readonly Uint8Array[]): Uint8Array {
  const len = shares[0]?.length ?? 0;
  if (shares.length < 2 || len < 2 || shares.some((s) => s.length !== len)) throw new Error('need at least two shares of equal length');
  const xs = shares.map((s) => s[len - 1]!);
  if (new Set(xs).size !== xs.length || xs.includes(0)) throw new Error('share x-coordinates must be distinct and non-zero');
  const basis = xs.map((xi, i) => {
    let b = 1;
    xs.forEach((xj, j) => {
      if (i !== j) b = gfMul(b, gfMul(xj, gfInv(xi ^ xj)));
    });
    return b;
  });
  const out = new Uint8Array(len - 1);
  for (let byte = 0; byte < len - 1; byte++) {
    let acc = 0;
    shares.forEach((s, i) => (acc ^= gfMul(s[byte]!, basis[i]!)));
    out[byte] = acc;
  }
  return out;
}

/** The public half of an X25519 opening key. */
export function openingPublicKey(secretKey: Uint8Array): Uint8Array {
  const pk = Buffer.alloc(sodium.crypto_scalarmult_BYTES);
  sodium.crypto_scalarmult_base(pk, Buffer.from(secretKey));
  return new Uint8Array(pk);
}

/** Opens a sealed share with an officer's opening key pair, or undefined if it was not sealed to it. */
export function openSealedShare(sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | undefined {
  if (sealed.length <= sodium.crypto_box_SEALBYTES) return undefined;
  const out = Buffer.alloc(sealed.length - sodium.crypto_box_SEALBYTES);
  return sodium.crypto_box_seal_open(out, Buffer.from(sealed), Buffer.from(publicKey), Buffer.from(secretKey)) ? new Uint8Array(out) : undefined;
}

export type OpenResult = { ok: true; content: BidContent } | { ok: false; problem: string };

/** Decrypts a bid with its key and checks it against its commitment, tender and bidder. */
export function openBid(input: { chain: string; tender: string; bidder: string; key: Uint8Array; nonce: Uint8Array; ciphertext: Uint8Array; commitment: Uint8Array }): OpenResult {
  if (input.ciphertext.length < sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES) return { ok: false, problem: 'ciphertext too short' };
  const plain = Buffer.alloc(input.ciphertext.length - sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES);
  try {
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(plain, null, Buffer.from(input.ciphertext), Buffer.from(bidAad(input.chain, input.tender, input.bidder)), Buffer.from(input.nonce), Buffer.from(input.key));
  } catch {
    return { ok: false, problem: 'the key from the shares does not decrypt the bid' };
  }
  if (!Buffer.from(bidCommitment(plain)).equals(Buffer.from(input.commitment))) return { ok: false, problem: 'the decrypted bid does not match its commitment' };
  let decoded: unknown;
  try {
    decoded = dagCbor.decode(plain);
    if (!Buffer.from(dagCbor.encode(decoded)).equals(plain)) return { ok: false, problem: 'the bid content is not canonical' };
  } catch {
    return { ok: false, problem: 'the bid content is not DAG-CBOR' };
  }
  const parsed = BidContentSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, problem: `the bid content is invalid: ${parsed.error.issues[0]?.path.join('.') ?? ''}` };
  if (parsed.data.tender !== input.tender || parsed.data.bidder !== input.bidder) return { ok: false, problem: 'the bid names another tender or bidder' };
  return { ok: true, content: parsed.data };
}
