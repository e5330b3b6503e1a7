import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainPort, TestChain } from '../../../test/support/chain.js';
import { Procurement, sha256Hex, signatoryOf } from '../../../cli/lifecycle.js';
import { openingKeyPair, sealBid } from '../../../cli/sealing.js';
import { refused } from '../../../test/support/scenarios.js';
import { hea } from './messages.js';
import { codeName } from '../../codes.js';
import { CURRENT_RULESET } from '../../rules/ruleset.js';
import { personalDataIn } from '../identity/personal-data.js';

const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
const COMMITTEE = [...POKJA, 'insp-auditor', 'bpkp-auditor'];

test('a bidder whose key shares cannot be combined makes only its own bid unopenable, never a failed block', async () => {
  const chain = await TestChain.create();
  const port = new ChainPort(chain);
  const p = new Procurement(port);
  await p.plan('bdg-pa-dpu', { packageId: 'cat-1', title: 'Pengecatan Gedung Sekolah', workUnit: 'Dinas Pendidikan', category: 'works', method: 'tender', budgetLine: '1.01.02.2.01.0040', paguRupiah: '900000000' });
  await p.openTender({ tenderId: 't-cat-1', packageId: 'cat-1', ppk: 'bdg-ppk-sekolah', hpsRupiah: '880000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 7 });
  await p.bid('t-cat-1', 'cv-bangun-sekolah', { priceRupiah: '850000000' });
  const t = await port.query<{ committee: Array<{ openingKey: string }> }>('/tender/tender/t-cat-1');
  await p.must(signatoryOf('pt-jalan-mulus'), 'tender.register', { tenderId: 't-cat-1' });
  // Two shares with the same x-coordinate: Lagrange interpolation is undefined for them.
  const body = await sealBid({
    chain: port.chainId,
    tenderId: 't-cat-1',
    bidder: 'pt-jalan-mulus',
    terms: { priceRupiah: '800000000', tkdnBp: 0, validityDays: 90, technicalHash: sha256Hex('teknis') },
    openingKeys: t.committee.map((s) => new Uint8Array(Buffer.from(s.openingKey, 'base64'))),
    threshold: 4,
    tamperShares: (shares) => shares.map((s, i) => (i === 1 ? Uint8Array.from([...s.slice(0, -1), shares[0]!.at(-1)!]) : s)),
  });
  await p.must(signatoryOf('pt-jalan-mulus'), 'tender.submit_bid', body);
  await p.openBids('t-cat-1');
  const bids = await port.query<Array<{ bidder: string; status: string; problem: string | null }>>('/tender/bids/t-cat-1');
  assert.deepEqual(bids.map((b) => [b.bidder, b.status]), [['cv-bangun-sekolah', 'opened'], ['pt-jalan-mulus', 'unopenable']]);
  assert.match(bids[1]!.problem!, /cannot be combined/);
  assert.equal((await port.query<{ status: string }>('/tender/tender/t-cat-1')).status, 'evaluation');
});

test('HEA: the domestic preference applies above Rp1 M with TKDN of at least 25 % (Ps 66-67)', () => {
  assert.equal(hea(CURRENT_RULESET, 2_000_000_000n, 4000), 1_800_000_000n, '1 − 40 % × 25 % = 0.9');
  assert.equal(hea(CURRENT_RULESET, 2_000_000_000n, 2400), 2_000_000_000n, 'TKDN below 25 %');
  assert.equal(hea(CURRENT_RULESET, 900_000_000n, 9000), 900_000_000n, 'not above Rp1 M');
});

test('personal data guard: NIK, NPWP, accounts, phones and e-mail refused; money and dates pass', () => {
  for (const bad of ['NIK 3273012345678901', 'NPWP 01.234.567.8-901.000', 'rekening 1234567890', 'hubungi 081234567890', 'surel budi@contoh.id', 'NIK 3273 0123 4567 8901', 'rekening 1.234.567.890', 'NPWP: 012345678', 'Rp 3273012345678901', 'PT Ganda Corp 3273012345678901', 'rekening BRI 1.234.567.890']) {
    assert.ok(personalDataIn(bad), bad);
  }
  for (const ok of ['Penambahan Rp490.200.000 untuk drainase', 'Periode 2026-11-29 s.d. 2026-12-04', 'Tanggal 29-11-2026 dan 2026-12-04 2027-01-05', 'Termin 3 sebesar 30 %', 'Nilai Rp8.170.000.000,00', 'Nilai Rp8170000000', 'Tambah Rp490.200.000 14 hari', 'fotokopi KTP 2 lembar']) {
    assert.equal(personalDataIn(ok), undefined, ok);
  }
});

test('opening keys: the ledger opens each seat itself with the revealed secret; a wrong secret, a reused key and shares sealed to other keys are caught', async () => {
  const chain = await TestChain.create();
  const port = new ChainPort(chain);
  const p = new Procurement(port);
  await p.plan('bdg-pa-dpu', { packageId: 'cat-2', title: 'Pengecatan Gedung Sekolah', workUnit: 'Dinas Pendidikan', category: 'works', method: 'tender', budgetLine: '1.01.02.2.01.0041', paguRupiah: '900000000' });
  await p.openTender({ tenderId: 't-cat-2', packageId: 'cat-2', ppk: 'bdg-ppk-sekolah', hpsRupiah: '880000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 7 });
  // A key registered for one tender cannot serve another: its secret becomes public at opening.
  await p.plan('bdg-pa-dpu', { packageId: 'cat-3', title: 'Pengecatan Gedung Kantor', workUnit: 'Dinas Pendidikan', category: 'works', method: 'tender', budgetLine: '1.01.02.2.01.0042', paguRupiah: '900000000' });
  await p.must('bdg-ppk-sekolah', 'tender.create', { tenderId: 't-cat-3', packageId: 'cat-3', hpsRupiah: '880000000', hpsBreakdownHash: sha256Hex('h'), pokja: POKJA, committee: COMMITTEE, threshold: 4, previousTenderId: null });
  await refused(port, 'KEY_IN_USE', 'bdg-pokja-1', 'tender.register_opening_key', { tenderId: 't-cat-3', publicKey: openingKeyPair(port.seed('bdg-pokja-1'), port.chainId, 't-cat-2').publicKey }, '/tender/tender/t-cat-3');
  await p.bid('t-cat-2', 'cv-bangun-sekolah', { priceRupiah: '850000000' });
  // Every share sealed to keys that are not the officers': the ledger proves it seat by seat.
  await p.must(signatoryOf('pt-jalan-mulus'), 'tender.register', { tenderId: 't-cat-2' });
  const strangers = COMMITTEE.map((m) => openingKeyPair(port.seed(m), port.chainId, 'elsewhere').publicKey);
  await p.must(signatoryOf('pt-jalan-mulus'), 'tender.submit_bid', await sealBid({ chain: port.chainId, tenderId: 't-cat-2', bidder: 'pt-jalan-mulus', terms: { priceRupiah: '700000000', tkdnBp: 0, validityDays: 90, technicalHash: sha256Hex('t') }, openingKeys: strangers, threshold: 4 }));
  const t = await port.query<{ bidDeadlineMs: number }>('/tender/tender/t-cat-2');
  await port.waitFor(t.bidDeadlineMs);
  await refused(port, 'OPENING_KEY_MISMATCH', 'bdg-pokja-1', 'tender.reveal_opening_key', { tenderId: 't-cat-2', secretKey: openingKeyPair(port.seed('bdg-pokja-2'), port.chainId, 't-cat-2').secretKey }, '/tender/bids/t-cat-2');
  await p.openBids('t-cat-2', ['bdg-pokja-1', 'bdg-pokja-2']);
  let bids = await port.query<Array<{ bidder: string; status: string; invalidSeats: number[] }>>('/tender/bids/t-cat-2');
  // Two of five revealed: the broken bid has 0 usable shares and 3 seats to come — it could not reach 4.
  assert.deepEqual(bids.map((b) => [b.bidder, b.status, b.invalidSeats]), [['cv-bangun-sekolah', 'sealed', []], ['pt-jalan-mulus', 'unopenable', [0, 1]]]);
  await p.openBids('t-cat-2', ['bdg-pokja-3', 'insp-auditor']);
  bids = await port.query('/tender/bids/t-cat-2');
  assert.deepEqual(bids.map((b) => [b.bidder, b.status]), [['cv-bangun-sekolah', 'opened'], ['pt-jalan-mulus', 'unopenable']]);
  const tender = await port.query<{ status: string; committee: Array<{ openingSecret: string | null }> }>('/tender/tender/t-cat-2');
  assert.equal(tender.status, 'evaluation');
  assert.equal(tender.committee.filter((s) => s.openingSecret).length, 4, 'the revealed secrets are on the ledger: anyone can re-run the opening');
});

test('an opening key sent before the deadline is refused in CheckTx, so its secret never reaches a block', async () => {
  const chain = await TestChain.create();
  const port = new ChainPort(chain);
  const p = new Procurement(port);
  await p.plan('bdg-pa-dpu', { packageId: 'cat-4', title: 'Pengecatan Gedung Sekolah', workUnit: 'Dinas Pendidikan', category: 'works', method: 'tender', budgetLine: '1.01.02.2.01.0043', paguRupiah: '900000000' });
  const { deadlineMs } = await p.openTender({ tenderId: 't-cat-4', packageId: 'cat-4', ppk: 'bdg-ppk-sekolah', hpsRupiah: '880000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 7 });
  const reveal = (nonce: number) => port.signers.tx('insp-auditor', 'tender.reveal_opening_key', { tenderId: 't-cat-4', secretKey: openingKeyPair(port.seed('insp-auditor'), port.chainId, 't-cat-4').secretKey }, nonce);
  const nonce = (await port.query<{ nonce: number }>('/identity/member/insp-auditor')).nonce + 1;
  assert.equal(codeName(chain.app.checkTx(reveal(nonce)).code), 'TOO_EARLY');
  await port.waitFor(deadlineMs);
  assert.equal(chain.app.checkTx(reveal(nonce)).code, 0, 'after a block past the deadline the mempool takes it');
  // With no bid at all, the tender can still be declared failed after a reveal moved it on.
  await p.openBids('t-cat-4');
  await p.must('bdg-pokja-1', 'tender.declare_failed', { tenderId: 't-cat-4', reason: 'Tidak ada penawaran yang masuk' });
});
