/**
 * The browser's sealed bid (web/src/lib/ledger/sealing.ts, libsodium.js + shamir-secret-sharing)
 * opens with the ledger's own opening code (ledger/modules/tender/sealed-bid.ts, sodium-native)
 * and the officers' keys as the CLI derives them (cli/sealing.ts): every share opens with its
 * seat's key and matches the hash the ledger checks, any k of n shares give the bid key, and the
 * bid decrypts to the terms, matching its commitment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sealBid, checkTerms, SealingError, toHex, sha256HexOf, type BidTerms } from './src/lib/ledger/sealing.js';
import { openingKeyPair, openShare } from '../cli/sealing.js';
import { combineShares, openBid, openSealedShare, shareHash, SEALED_SHARE_BYTES, NONCE_BYTES } from '../ledger/modules/tender/sealed-bid.js';

const chain = 'prasasti-test';
const tender = 'tender-jalan-2026';
const bidder = 'cv-maju-jaya';
const terms: BidTerms = { priceRupiah: '2190000000', tkdnBp: 4250, validityDays: 90, technicalHash: 'ab'.repeat(32) };

function committee(n: number) {
  return Array.from({ length: n }, () => openingKeyPair(new Uint8Array(randomBytes(32)), chain, tender));
}

/** Every k-element subset of 0..n-1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

test('a bid sealed in the browser opens with the ledger code for every k of n seats', async () => {
  const seats = committee(5);
  const body = await sealBid({ chain, tenderId: tender, bidder, terms, openingKeys: seats.map((s) => Buffer.from(s.publicKey).toString('base64')), threshold: 4 });
  assert.equal(body.tenderId, tender);
  assert.equal(body.nonce.length, NONCE_BYTES);
  assert.equal(body.sealedShares.length, 5, 'one sealed share per seat');
  assert.equal(body.shareHashes.length, 5, 'one hash per seat');
  const shares = body.sealedShares.map((sealed, i) => {
    assert.equal(sealed.length, SEALED_SHARE_BYTES, `sealed share ${i}: got ${sealed.length} bytes, want ${SEALED_SHARE_BYTES}`);
    const share = openSealedShare(sealed, seats[i]!.publicKey, seats[i]!.secretKey);
    assert.ok(share, `seat ${i}'s share opens with seat ${i}'s key (ledger)`);
    assert.deepEqual(openShare(sealed, seats[i]!), share, 'the CLI opens it to the same share');
    assert.equal(toHex(shareHash(tender, bidder, i, share)), toHex(body.shareHashes[i]!), `seat ${i}: the hash the ledger checks`);
    const other = seats[(i + 1) % 5]!;
    assert.equal(openSealedShare(sealed, other.publicKey, other.secretKey), undefined, `seat ${i}'s share does not open with another seat's key`);
    return share;
  });
  for (const pick of subsets(5, 4)) {
    const key = combineShares(pick.map((i) => shares[i]!));
    const opened = openBid({ chain, tender, bidder, key, nonce: body.nonce, ciphertext: body.ciphertext, commitment: body.commitment });
    assert.ok(opened.ok, `seats ${pick.join(',')}: ${opened.ok ? '' : opened.problem}`);
    if (opened.ok) {
      assert.equal(opened.content.priceRupiah, terms.priceRupiah);
      assert.equal(opened.content.tkdnBp, terms.tkdnBp);
      assert.equal(opened.content.validityDays, terms.validityDays);
      assert.equal(opened.content.technicalHash, terms.technicalHash);
    }
  }
  // Fewer than k shares are not enough: the key they give does not decrypt.
  const short = openBid({ chain, tender, bidder, key: combineShares(shares.slice(0, 3)), nonce: body.nonce, ciphertext: body.ciphertext, commitment: body.commitment });
  assert.equal(short.ok, false, 'three of five shares (k = 4) open nothing');
});

test('the sealed bid is bound to its chain, tender and bidder', async () => {
  const seats = committee(3);
  // The gateway gives opening keys in hex (the ledger's own queries in base64, as in the first test).
  const body = await sealBid({ chain, tenderId: tender, bidder, terms, openingKeys: seats.map((s) => Buffer.from(s.publicKey).toString('hex')), threshold: 2 });
  const key = combineShares(body.sealedShares.slice(0, 2).map((s, i) => openSealedShare(s, seats[i]!.publicKey, seats[i]!.secretKey)!));
  for (const [what, input] of [
    ['another chain', { chain: 'prasasti-other', tender, bidder }],
    ['another bidder', { chain, tender, bidder: 'pt-lain' }],
  ] as const) {
    const got = openBid({ ...input, key, nonce: body.nonce, ciphertext: body.ciphertext, commitment: body.commitment });
    assert.equal(got.ok, false, `${what}: got ok, want refused`);
  }
});

test('two seals of the same terms share nothing an observer could compare', async () => {
  const seats = committee(3);
  const a = await sealBid({ chain, tenderId: tender, bidder, terms, openingKeys: seats.map((s) => s.publicKey), threshold: 2 });
  const b = await sealBid({ chain, tenderId: tender, bidder, terms, openingKeys: seats.map((s) => s.publicKey), threshold: 2 });
  assert.notEqual(toHex(a.commitment), toHex(b.commitment), 'the salt makes each commitment new');
  assert.notEqual(toHex(a.ciphertext), toHex(b.ciphertext));
  assert.notEqual(toHex(a.nonce), toHex(b.nonce));
});

test('terms and committees the ledger would refuse are refused before sealing', async () => {
  const seats = committee(3).map((s) => s.publicKey);
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['price with a leading zero', () => sealBid({ chain, tenderId: tender, bidder, terms: { ...terms, priceRupiah: '0100' }, openingKeys: seats, threshold: 2 })],
    ['price with decimals', () => sealBid({ chain, tenderId: tender, bidder, terms: { ...terms, priceRupiah: '100.5' }, openingKeys: seats, threshold: 2 })],
    ['TKDN above 100 %', () => sealBid({ chain, tenderId: tender, bidder, terms: { ...terms, tkdnBp: 10_001 }, openingKeys: seats, threshold: 2 })],
    ['validity 0 days', () => sealBid({ chain, tenderId: tender, bidder, terms: { ...terms, validityDays: 0 }, openingKeys: seats, threshold: 2 })],
    ['technical hash in capitals', () => sealBid({ chain, tenderId: tender, bidder, terms: { ...terms, technicalHash: 'AB'.repeat(32) }, openingKeys: seats, threshold: 2 })],
    ['threshold above the seats', () => sealBid({ chain, tenderId: tender, bidder, terms, openingKeys: seats, threshold: 4 })],
    ['one seat', () => sealBid({ chain, tenderId: tender, bidder, terms, openingKeys: seats.slice(0, 1), threshold: 1 })],
    ['a short key', () => sealBid({ chain, tenderId: tender, bidder, terms, openingKeys: [seats[0]!, seats[1]!.slice(0, 31)], threshold: 2 })],
  ];
  for (const [what, run] of cases) await assert.rejects(run, SealingError, what);
  assert.doesNotThrow(() => checkTerms(terms));
});

test('sha256HexOf hashes a file as the ledger anchors it', async () => {
  const bytes = new TextEncoder().encode('dokumen teknis');
  const want = createHash('sha256').update(bytes).digest('hex');
  assert.equal(await sha256HexOf(bytes), want, 'bytes');
  assert.equal(await sha256HexOf(new Blob([bytes])), want, 'a Blob (a chosen file)');
});
