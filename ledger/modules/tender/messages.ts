/**
 * Tender (selection) messages: from the PPK's HPS to the award letter (SPPBJ), with sealed bids
 * that nobody can open before the deadline, a recorded evaluation, an award the Pokja majority
 * (or the PA) signs, and objections that can reopen the evaluation. Short paths record Pengadaan
 * Langsung and e-purchasing orders. Spec: ./README.md.
 */
import { z } from 'zod';
import { fail } from '../../codes.js';
import { DAY_MS } from '../../calendar.js';
import { defineMessage, type LedgerModule, type TxContext } from '../../module.js';
import { CURRENT_RULESET, RULESETS, bpOf, formatRupiah, type RuleSet } from '../../rules/ruleset.js';
import { formatLedgerDate } from '../dates.js';
import { bytes, documentHashes, identifier, publicText, rupiah, sha256Hex } from '../fields.js';
import { memberWithRole, requireEligibleSupplier, requireOneOf, requireRoleIn, requireSupplierSignatory } from '../access.js';
import { IdentityStore } from '../identity/state.js';
import { PlanWriter, type Package } from '../plan/state.js';
import { MAX_CIPHERTEXT_BYTES, NONCE_BYTES, SEALED_SHARE_BYTES, combineShares, openBid, openSealedShare, openingPublicKey, shareHash, type OpenResult } from './sealed-bid.js';
import { TenderStore, TenderWriter, type Award, type Bid, type EvaluationLine, type Objection, type Tender } from './state.js';

const id = identifier;
const text = (max: number) => publicText(3, max);
const COMPETITIVE = ['tender', 'tender_cepat', 'seleksi'] as const;

export const CreateTender = z.strictObject({
  tenderId: id,
  packageId: id,
  hpsRupiah: rupiah,
  hpsBreakdownHash: sha256Hex,
  pokja: z.array(id).min(1).max(15),
  committee: z.array(id).min(2).max(15),
  threshold: z.number().int().min(2).max(15),
  previousTenderId: id.nullable(),
});
export const RegisterOpeningKey = z.strictObject({ tenderId: id, publicKey: bytes(32) });
export const Announce = z.strictObject({ tenderId: id, bidDeadlineMs: z.number().int().min(0) });
export const TenderRef = z.strictObject({ tenderId: id });
export const Ask = z.strictObject({ tenderId: id, question: text(2000) });
export const Answer = z.strictObject({ tenderId: id, questionNo: z.number().int().min(1), answer: text(4000) });
export const SubmitBid = z.strictObject({
  tenderId: id,
  commitment: bytes(32),
  nonce: bytes(NONCE_BYTES),
  ciphertext: z.instanceof(Uint8Array).refine((b) => b.length > 16 && b.length <= MAX_CIPHERTEXT_BYTES, `17–${MAX_CIPHERTEXT_BYTES} bytes`),
  sealedShares: z.array(bytes(SEALED_SHARE_BYTES)).min(2).max(15),
  shareHashes: z.array(bytes(32)).min(2).max(15),
});
export const RevealOpeningKey = z.strictObject({ tenderId: id, secretKey: bytes(32) });
export const Evaluate = z.strictObject({
  tenderId: id,
  lines: z
    .array(
      z.strictObject({
        bidder: id,
        qualified: z.boolean(),
        reason: text(2000).nullable(),
        correctedPriceRupiah: rupiah.nullable(),
        technicalScore: z.number().int().min(0).max(100).nullable(),
      }),
    )
    .min(1)
    .max(200),
});
export const ApproveAward = z.strictObject({ tenderId: id, winner: id });
export const DecideAward = z.strictObject({ tenderId: id, approve: z.boolean(), reason: text(2000) });
export const FileObjection = z.strictObject({ tenderId: id, text: text(4000), evidenceHashes: documentHashes });
export const AnswerObjection = z.strictObject({ tenderId: id, objectionNo: z.number().int().min(1), upheld: z.boolean(), answer: text(4000) });
export const FileAppeal = z.strictObject({ tenderId: id, objectionNo: z.number().int().min(1), text: text(4000), evidenceHashes: documentHashes, appealBondReference: text(120) });
export const DeclareFailed = z.strictObject({ tenderId: id, reason: text(2000) });
export const RecordDirectProcurement = z.strictObject({
  tenderId: id,
  packageId: id,
  supplier: id,
  hpsRupiah: rupiah,
  hpsBreakdownHash: sha256Hex,
  offerRupiah: rupiah,
  negotiatedRupiah: rupiah,
});
export const RecordEPurchase = z.strictObject({
  tenderId: id,
  packageId: id,
  supplier: id,
  catalogueRef: z.string().trim().min(3).max(120),
  items: z.array(z.strictObject({ name: text(200), quantity: z.number().int().min(1).max(1_000_000), unitPriceRupiah: rupiah })).min(1).max(100),
});

export function rulesOf(t: { rulesetId: string }): RuleSet {
  return RULESETS.get(t.rulesetId) ?? fail('INVALID_STATE', `unknown rule-set ${t.rulesetId}`);
}

function tenderOrFail(s: TenderStore, tenderId: string): Tender {
  return s.tender(tenderId) ?? fail('NOT_FOUND', `tender ${tenderId}`);
}

function requireStatus(t: Tender, ...statuses: Tender['status'][]): void {
  if (!statuses.includes(t.status)) fail('INVALID_STATE', `tender ${t.id} is ${t.status}, this step needs ${statuses.join(' or ')}`);
}

function publishedPackage(ctx: TxContext, packageId: string): Package {
  const pkg = new PlanWriter(ctx.state).pkg(packageId) ?? fail('NOT_FOUND', `package ${packageId}`);
  if (pkg.status !== 'published') fail('INVALID_STATE', `package ${packageId} is ${pkg.status}: a package must be published in the RUP before selection starts`);
  return pkg;
}

/** Evaluated price with the domestic preference (Ps 66-67): HEA = (1 − TKDN × preference) × corrected price. */
export function hea(rules: RuleSet, corrected: bigint, tkdnBp: number): bigint {
  const p = rules.domesticPreference;
  if (corrected <= p.aboveRupiah || tkdnBp < p.minTkdnBp) return corrected;
  const kpBp = Math.floor((tkdnBp * p.preferenceBp) / 10_000);
  return bpOf(corrected, 10_000 - kpBp);
}

/**
 * The bid that must win: for a tender, the lowest HEA among qualified bids (ties: first
 * submitted); for a Seleksi, the highest technical score (ties: lowest corrected price).
 */
export function bestLine(t: Tender): EvaluationLine | undefined {
  const order = new Map(t.bidders.map((b, i) => [b, i]));
  const qualified = (t.evaluation?.lines ?? []).filter((l) => l.qualified);
  const price = (l: EvaluationLine) => BigInt(l.heaRupiah ?? '0');
  return [...qualified].sort((a, b) => {
    if (t.method === 'seleksi') {
      const ds = (b.technicalScore ?? 0) - (a.technicalScore ?? 0);
      if (ds !== 0) return ds;
    }
    const dp = price(a) - price(b);
    if (dp !== 0n) return dp < 0n ? -1 : 1;
    return (order.get(a.bidder) ?? 0) - (order.get(b.bidder) ?? 0);
  })[0];
}

function makeAward(ctx: TxContext, t: Tender, winner: string, decidedBy: Award['decidedBy'], deciders: string[]): void {
  const line = t.evaluation?.lines.find((l) => l.bidder === winner);
  if (!line?.correctedPriceRupiah) throw new Error('invariant: award without an evaluated price');
  const price = BigInt(line.correctedPriceRupiah);
  const rules = rulesOf(t);
  t.award = {
    winner,
    priceRupiah: price.toString(),
    bidBelowShareOfHps: price < bpOf(BigInt(t.hpsRupiah), rules.performanceBondLowBidShareBp),
    decidedBy,
    deciders,
    atMs: ctx.timeMs,
    height: ctx.height,
  };
  t.status = 'awarded';
  t.sanggahEndsMs = ctx.timeMs + rules.sanggahDays * DAY_MS;
  ctx.emit('tender.awarded', { tender: t.id, winner, price: t.award.priceRupiah, decided_by: decidedBy, sanggah_until: formatLedgerDate(t.sanggahEndsMs) }, ['tender', 'winner']);
}

/** Back to evaluation after an upheld objection or a PA who did not confirm: the old evaluation is kept in history (events), not in force. */
function reopenEvaluation(ctx: TxContext, w: TenderWriter, t: Tender, why: string): void {
  t.status = 'evaluation';
  t.evaluation = null;
  t.award = null;
  t.awardApprovals = [];
  t.sanggahEndsMs = null;
  t.evaluationRound += 1;
  for (const o of w.objections(t.id)) {
    if (o.status === 'open') w.putObjection({ ...o, status: 'superseded' });
  }
  ctx.emit('tender.evaluation_reopened', { tender: t.id, round: String(t.evaluationRound), why }, ['tender']);
}

/** Records a new sanggah or sanggah banding, open, numbered after the tender's last one. */
function fileObjection(ctx: TxContext, w: TenderWriter, t: Tender, o: Pick<Objection, 'kind' | 'appealOf' | 'filedBy' | 'text' | 'evidenceHashes'>): void {
  t.objections += 1;
  w.putObjection({ ...o, tenderId: t.id, no: t.objections, filedByMember: ctx.signer.memberId, filedMs: ctx.timeMs, status: 'open', answer: null, answeredBy: null, answeredMs: null, answeredLate: false, bandingEndsMs: null });
  w.putTender(t);
}

function failTender(ctx: TxContext, t: Tender, reason: string): void {
  const plan = new PlanWriter(ctx.state);
  const pkg = plan.pkg(t.packageId);
  if (pkg && pkg.selectionId === t.id) plan.put({ ...pkg, selectionId: null });
  t.status = 'failed';
  t.failure = { by: ctx.signer.memberId, reason, atMs: ctx.timeMs };
  ctx.emit('tender.failed', { tender: t.id, package: t.packageId, reason }, ['tender', 'package']);
}

/** Opens a bid once `threshold` valid shares are in (the first ones, by seat). */
function tryOpen(ctx: TxContext, t: Tender, bid: Bid): void {
  if (bid.status !== 'sealed') return;
  const shares = bid.revealed.filter((s): s is Uint8Array => s !== null);
  if (shares.length < t.threshold) return;
  let r: OpenResult;
  try {
    // A bidder controls its shares: ones that cannot be combined make its own bid unopenable, never a failed block.
    const key = combineShares(shares.slice(0, t.threshold));
    r = openBid({ chain: ctx.chainId, tender: t.id, bidder: bid.bidder, key, nonce: bid.nonce, ciphertext: bid.ciphertext, commitment: bid.commitment });
  } catch (e) {
    r = { ok: false, problem: `the key shares cannot be combined: ${(e as Error).message}` };
  }
  if (r.ok) {
    bid.status = 'opened';
    bid.openedMs = ctx.timeMs;
    const c = r.content;
    bid.content = { priceRupiah: c.priceRupiah, tkdnBp: c.tkdnBp, validityDays: c.validityDays, technicalHash: c.technicalHash };
    ctx.emit('tender.bid_opened', { tender: t.id, bidder: bid.bidder, price: c.priceRupiah, above_hps: String(BigInt(c.priceRupiah) > BigInt(t.hpsRupiah)) }, ['tender', 'bidder']);
  } else {
    markUnopenable(ctx, t, bid, r.problem);
  }
}

function markUnopenable(ctx: TxContext, t: Tender, bid: Bid, problem: string): void {
  bid.status = 'unopenable';
  bid.openedMs = ctx.timeMs;
  bid.problem = problem;
  ctx.emit('tender.bid_unopenable', { tender: t.id, bidder: bid.bidder, problem }, ['tender', 'bidder']);
}

function newTender(ctx: TxContext, pkg: Package, b: { tenderId: string; hpsRupiah: string; hpsBreakdownHash: string | null }): Tender {
  return {
    id: b.tenderId,
    packageId: pkg.id,
    orgId: pkg.orgId,
    title: pkg.title,
    category: pkg.category,
    method: pkg.method,
    rulesetId: CURRENT_RULESET.id,
    hpsRupiah: b.hpsRupiah,
    hpsBreakdownHash: b.hpsBreakdownHash,
    ppk: ctx.signer.memberId,
    pokja: [],
    committee: [],
    threshold: 0,
    previousTenderId: null,
    status: 'draft',
    bidDeadlineMs: null,
    announcedMs: null,
    bidders: [],
    revealedBy: [],
    questions: 0,
    objections: 0,
    evaluation: null,
    evaluationRound: 1,
    awardApprovals: [],
    award: null,
    sanggahEndsMs: null,
    sppbj: null,
    failure: null,
    direct: null,
    createdBy: ctx.signer.memberId,
    createdHeight: ctx.height,
    createdMs: ctx.timeMs,
  };
}

/** Starts a selection on a published package that has none running (or only a failed one, for a re-tender). */
function claimPackage(ctx: TxContext, w: TenderWriter, pkg: Package, tenderId: string, previousTenderId: string | null): void {
  if (w.tender(tenderId)) fail('ALREADY_EXISTS', `tender ${tenderId}`);
  if (pkg.selectionId) fail('INVALID_STATE', `package ${pkg.id} already has selection ${pkg.selectionId}`);
  if (previousTenderId) {
    const prev = w.tender(previousTenderId) ?? fail('NOT_FOUND', `tender ${previousTenderId}`);
    if (prev.packageId !== pkg.id || prev.status !== 'failed') fail('INVALID_STATE', `a re-tender follows a failed tender of the same package`);
  } else if (w.tenders().some((t) => t.packageId === pkg.id)) {
    fail('INVALID_STATE', `package ${pkg.id} had a selection before: a re-tender names the failed one`);
  }
  new PlanWriter(ctx.state).put({ ...pkg, selectionId: tenderId });
}

function checkHps(pkg: Package, hps: bigint): void {
  if (hps > BigInt(pkg.paguRupiah)) fail('BUDGET_EXCEEDED', `HPS ${formatRupiah(hps)} is above the pagu ${formatRupiah(BigInt(pkg.paguRupiah))}`);
}

export const tenderModule: LedgerModule = {
  name: 'tender',
  messages: {
    create: defineMessage(CreateTender, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const pkg = publishedPackage(ctx, b.packageId);
      requireRoleIn(ctx, pkg.orgId, ['ppk'], 'the PPK of the buying organization sets the HPS and asks for a tender');
      if (!(COMPETITIVE as readonly string[]).includes(pkg.method)) fail('METHOD_NOT_ALLOWED', `package ${pkg.id} is planned as ${pkg.method}, not a tender or Seleksi`);
      checkHps(pkg, BigInt(b.hpsRupiah));
      const rules = CURRENT_RULESET;
      const pokja = [...new Set(b.pokja)];
      if (pokja.length !== b.pokja.length || pokja.length < rules.pokjaMinMembers || pokja.length % 2 === 0) {
        fail('COMMITTEE_INVALID', `a Pokja has an odd number of distinct members, at least ${rules.pokjaMinMembers} (${rules.articles.pokjaMinMembers})`);
      }
      for (const m of pokja) memberWithRole(ctx, m, [pkg.orgId], 'pokja', 'COMMITTEE_INVALID');
      if (new Set(b.committee).size !== b.committee.length) fail('COMMITTEE_INVALID', 'an officer holds one seat on the opening committee');
      const ids = new IdentityStore(ctx.state);
      const seats = b.committee.map((m) => {
        const member = ids.member(m);
        const org = member ? ids.org(member.orgId) : undefined;
        const fits = member && org && ((org.id === pkg.orgId && member.roles.includes('pokja')) || (org.kind === 'auditor' && member.roles.includes('auditor')));
        if (!fits || member.status !== 'active') fail('COMMITTEE_INVALID', `${m} must be an active Pokja member of ${pkg.orgId} or an auditor`);
        return { memberId: m, orgId: member.orgId, openingKey: null, openingSecret: null };
      });
      const perOrg = new Map<string, number>();
      for (const s of seats) perOrg.set(s.orgId, (perOrg.get(s.orgId) ?? 0) + 1);
      const largest = Math.max(...perOrg.values());
      if (perOrg.size < rules.openingMinInstitutions) fail('COMMITTEE_INVALID', `opening officers come from at least ${rules.openingMinInstitutions} institutions`);
      if (b.threshold > seats.length || b.threshold <= largest) {
        fail('COMMITTEE_INVALID', `the threshold must be more than the ${largest} seats of any one institution and at most the ${seats.length} seats`);
      }
      claimPackage(ctx, w, pkg, b.tenderId, b.previousTenderId);
      const t = newTender(ctx, pkg, b);
      t.pokja = pokja;
      t.committee = seats;
      t.threshold = b.threshold;
      t.previousTenderId = b.previousTenderId;
      w.putTender(t);
      ctx.emit('tender.created', { tender: t.id, package: pkg.id, org: pkg.orgId, hps: t.hpsRupiah, method: t.method, threshold: `${t.threshold}-of-${seats.length}` }, ['tender', 'package', 'org']);
    }),
    register_opening_key: defineMessage(RegisterOpeningKey, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      const seat = t.committee.find((s) => s.memberId === ctx.signer.memberId) ?? fail('UNAUTHORIZED', `${ctx.signer.memberId} has no seat on the opening committee of ${t.id}`);
      requireStatus(t, 'draft');
      // Its secret half is published after the deadline: an officer never uses a key twice, and no
      // two seats of a tender share one. (Copying another officer's public key gains nothing: the
      // copier cannot reveal it.)
      const used = w.openingKeyUse(b.publicKey);
      if (used && (used.memberId === ctx.signer.memberId || used.tenderId === t.id)) fail('KEY_IN_USE', 'an opening key serves one seat of one tender');
      if (seat.openingKey) fail('ALREADY_EXISTS', `${seat.memberId} has registered an opening key`);
      seat.openingKey = b.publicKey;
      if (!used) w.claimOpeningKey(b.publicKey, { tenderId: t.id, memberId: ctx.signer.memberId });
      w.putTender(t);
      ctx.emit('tender.opening_key_registered', { tender: t.id, officer: seat.memberId, org: seat.orgId }, ['tender']);
    }),
    announce: defineMessage(Announce, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireOneOf(ctx, t.pokja, `the Pokja of ${t.id} announces it`);
      requireStatus(t, 'draft');
      const missing = t.committee.filter((s) => !s.openingKey).map((s) => s.memberId);
      if (missing.length) fail('INVALID_STATE', `opening keys still missing from ${missing.join(', ')}`);
      if (b.bidDeadlineMs <= ctx.timeMs + DAY_MS) fail('TOO_LATE', `the bid deadline must be more than a day after the announcement (now ${formatLedgerDate(ctx.timeMs)})`);
      publishedPackage(ctx, t.packageId);
      t.status = 'announced';
      t.announcedMs = ctx.timeMs;
      t.bidDeadlineMs = b.bidDeadlineMs;
      w.putTender(t);
      ctx.emit('tender.announced', { tender: t.id, package: t.packageId, hps: t.hpsRupiah, deadline: String(b.bidDeadlineMs) }, ['tender', 'package']);
    }),
    register: defineMessage(TenderRef, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      const org = requireSupplierSignatory(ctx, 'registering for a tender');
      requireStatus(t, 'announced');
      if (ctx.timeMs >= t.bidDeadlineMs!) fail('TOO_LATE', `registration closed at the bid deadline ${formatLedgerDate(t.bidDeadlineMs!)}`);
      requireEligibleSupplier(ctx, org.id);
      if (w.registration(t.id, org.id)) fail('ALREADY_EXISTS', `${org.id} is registered`);
      w.putRegistration({ tenderId: t.id, orgId: org.id, by: ctx.signer.memberId, atMs: ctx.timeMs });
      ctx.emit('tender.registered', { tender: t.id, supplier: org.id }, ['tender', 'supplier']);
    }),
    ask: defineMessage(Ask, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireSupplierSignatory(ctx, 'asking a clarification question');
      requireStatus(t, 'announced');
      if (!w.registration(t.id, ctx.signer.orgId)) fail('NOT_REGISTERED', `${ctx.signer.orgId} in ${t.id}`);
      if (ctx.timeMs >= t.bidDeadlineMs!) fail('TOO_LATE', 'questions close at the bid deadline');
      t.questions += 1;
      w.putQuestion({ tenderId: t.id, no: t.questions, askedBy: ctx.signer.orgId, text: b.question, askedMs: ctx.timeMs, answer: null, answeredBy: null, answeredMs: null });
      w.putTender(t);
      ctx.emit('tender.question_asked', { tender: t.id, no: String(t.questions), supplier: ctx.signer.orgId }, ['tender']);
    }),
    answer: defineMessage(Answer, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireOneOf(ctx, t.pokja, `the Pokja of ${t.id} answers questions`);
      requireStatus(t, 'announced');
      const q = w.question(t.id, b.questionNo) ?? fail('NOT_FOUND', `question ${b.questionNo}`);
      if (q.answer !== null) fail('ALREADY_EXISTS', `question ${q.no} is answered`);
      if (ctx.timeMs >= t.bidDeadlineMs!) fail('TOO_LATE', 'answers close at the bid deadline');
      w.putQuestion({ ...q, answer: b.answer, answeredBy: ctx.signer.memberId, answeredMs: ctx.timeMs });
      ctx.emit('tender.question_answered', { tender: t.id, no: String(q.no) }, ['tender']);
    }),
    submit_bid: defineMessage(SubmitBid, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      const org = requireSupplierSignatory(ctx, 'submitting a bid');
      requireStatus(t, 'announced');
      if (ctx.timeMs >= t.bidDeadlineMs!) fail('TOO_LATE', `the bid deadline ${formatLedgerDate(t.bidDeadlineMs!)} has passed (by block time)`);
      requireEligibleSupplier(ctx, org.id);
      if (!w.registration(t.id, org.id)) fail('NOT_REGISTERED', `${org.id} in ${t.id}`);
      const n = t.committee.length;
      if (b.sealedShares.length !== n || b.shareHashes.length !== n) fail('INVALID_BODY', `a bid carries one sealed share and one share hash per opening officer (${n})`);
      const prev = w.bid(t.id, org.id);
      w.putBid({
        tenderId: t.id,
        bidder: org.id,
        submittedBy: ctx.signer.memberId,
        submittedMs: ctx.timeMs,
        submittedHeight: ctx.height,
        version: (prev?.version ?? 0) + 1,
        commitment: b.commitment,
        nonce: b.nonce,
        ciphertext: b.ciphertext,
        sealedShares: b.sealedShares,
        shareHashes: b.shareHashes,
        revealed: b.sealedShares.map(() => null),
        invalidSeats: [],
        status: 'sealed',
        openedMs: null,
        content: null,
        problem: null,
      });
      if (!prev) {
        t.bidders.push(org.id);
        w.putTender(t);
      }
      ctx.emit('tender.bid_sealed', { tender: t.id, bidder: org.id, version: String((prev?.version ?? 0) + 1), commitment: Buffer.from(b.commitment).toString('hex') }, ['tender', 'bidder']);
    }),
    reveal_opening_key: defineMessage(RevealOpeningKey, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      const seat = t.committee.findIndex((s) => s.memberId === ctx.signer.memberId);
      if (seat < 0) fail('UNAUTHORIZED', `${ctx.signer.memberId} has no seat on the opening committee of ${t.id}`);
      requireStatus(t, 'announced', 'opening');
      if (ctx.timeMs < t.bidDeadlineMs!) fail('TOO_EARLY', `bids open after the deadline ${formatLedgerDate(t.bidDeadlineMs!)}; nothing can be opened before it`);
      const mine = t.committee[seat]!;
      if (mine.openingSecret) fail('ALREADY_EXISTS', `seat ${seat + 1} has revealed its key`);
      if (!Buffer.from(openingPublicKey(b.secretKey)).equals(Buffer.from(mine.openingKey!))) fail('OPENING_KEY_MISMATCH', `seat ${seat + 1} of ${t.id}`);
      mine.openingSecret = b.secretKey;
      t.revealedBy.push(ctx.signer.memberId);
      const unrevealed = t.committee.filter((s) => !s.openingSecret).length;
      // The ledger opens this seat's share of every bid itself: no officer can hold one back.
      for (const bid of w.bids(t.id)) {
        if (bid.status !== 'sealed') continue;
        const share = openSealedShare(bid.sealedShares[seat]!, mine.openingKey!, b.secretKey);
        if (share && Buffer.from(shareHash(t.id, bid.bidder, seat, share)).equals(Buffer.from(bid.shareHashes[seat]!))) bid.revealed[seat] = share;
        else bid.invalidSeats.push(seat);
        tryOpen(ctx, t, bid);
        const valid = bid.revealed.filter(Boolean).length;
        if (bid.status === 'sealed' && valid + unrevealed < t.threshold) {
          // Proven by the ledger with the officers' own keys: the bidder sealed shares that do not open.
          markUnopenable(ctx, t, bid, `the shares sealed to seats ${bid.invalidSeats.map((i) => i + 1).join(', ')} do not open or do not match their hashes: fewer than ${t.threshold} usable shares`);
        }
        w.putBid(bid);
      }
      // Nothing to evaluate without a bid: the tender waits in opening for the Pokja to declare it failed.
      const all = w.bids(t.id);
      t.status = all.length > 0 && all.every((x) => x.status !== 'sealed') ? 'evaluation' : 'opening';
      w.putTender(t);
      ctx.emit('tender.opening_key_revealed', { tender: t.id, officer: ctx.signer.memberId, seat: String(seat + 1), status: t.status }, ['tender']);
    }, (view, b) => {
      // A refused transaction stays in its block: a secret sent early must not get that far.
      const t = new TenderStore(view.state).tender(b.tenderId);
      if (!t?.bidDeadlineMs || view.lastTimeMs < t.bidDeadlineMs) fail('TOO_EARLY', 'the opening key is revealed only after the bid deadline has passed on the ledger');
      const seat = t.committee.find((s) => s.memberId === view.signer.memberId);
      if (seat?.openingKey && !Buffer.from(openingPublicKey(b.secretKey)).equals(Buffer.from(seat.openingKey))) fail('OPENING_KEY_MISMATCH', 'not the secret of this seat');
    }),
    close_opening: defineMessage(TenderRef, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireOneOf(ctx, t.pokja, `the Pokja of ${t.id} closes the opening`);
      requireStatus(t, 'opening');
      const graceEnds = t.bidDeadlineMs! + rulesOf(t).openingGraceDays * DAY_MS;
      if (t.revealedBy.length < t.threshold || ctx.timeMs < graceEnds) {
        fail('TOO_EARLY', `${t.threshold} officers reveal their keys, and the grace period for the others runs until ${formatLedgerDate(graceEnds)}`);
      }
      const absent = t.committee.filter((s) => !s.openingSecret).map((s) => s.memberId);
      for (const bid of w.bids(t.id)) {
        if (bid.status !== 'sealed') continue;
        markUnopenable(ctx, t, bid, `shares sealed to seats ${bid.invalidSeats.map((i) => i + 1).join(', ')} do not open, and ${absent.join(', ')} did not reveal their keys within the grace period`);
        w.putBid(bid);
      }
      t.status = 'evaluation';
      w.putTender(t);
    }),
    evaluate: defineMessage(Evaluate, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireOneOf(ctx, t.pokja, `the Pokja of ${t.id} evaluates`);
      requireStatus(t, 'evaluation');
      const rules = rulesOf(t);
      const bids = new Map(w.bids(t.id).map((x) => [x.bidder, x]));
      const named = b.lines.map((l) => l.bidder);
      if (new Set(named).size !== named.length || named.length !== bids.size || named.some((n) => !bids.has(n))) fail('INVALID_BODY', `the evaluation covers every bid once: ${[...bids.keys()].join(', ')}`);
      const hps = BigInt(t.hpsRupiah);
      const lines: EvaluationLine[] = b.lines.map((l) => {
        const bid = bids.get(l.bidder)!;
        if (!l.qualified && !l.reason) fail('INVALID_BODY', `a disqualification of ${l.bidder} states its reason`);
        if (bid.status !== 'opened') {
          if (l.qualified) fail('INVALID_STATE', `the bid of ${l.bidder} could not be opened (${bid.problem ?? ''}) and cannot qualify`);
          return { ...l, correctedPriceRupiah: null, heaRupiah: null };
        }
        const corrected = BigInt(l.correctedPriceRupiah ?? bid.content!.priceRupiah);
        if (l.qualified && corrected > hps) fail('ABOVE_HPS', `${l.bidder}: ${formatRupiah(corrected)} > HPS ${formatRupiah(hps)} — such a bid is invalid (Ps 26)`);
        if (t.method === 'seleksi' && l.qualified && l.technicalScore === null) fail('INVALID_BODY', `a Seleksi scores the technical proposal of ${l.bidder}`);
        return { ...l, correctedPriceRupiah: corrected.toString(), heaRupiah: hea(rules, corrected, bid.content!.tkdnBp).toString() };
      });
      t.evaluation = { by: ctx.signer.memberId, atMs: ctx.timeMs, round: t.evaluationRound, lines };
      t.awardApprovals = [];
      w.putTender(t);
      for (const l of lines) {
        ctx.emit(
          'tender.evaluated',
          { tender: t.id, bidder: l.bidder, qualified: String(l.qualified), reason: l.reason ?? '', corrected: l.correctedPriceRupiah ?? '', hea: l.heaRupiah ?? '', score: l.technicalScore === null ? '' : String(l.technicalScore), round: String(t.evaluationRound) },
          ['tender', 'bidder'],
        );
      }
    }),
    approve_award: defineMessage(ApproveAward, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireOneOf(ctx, t.pokja, `the Pokja of ${t.id} names the winner`);
      requireStatus(t, 'evaluation');
      if (!t.evaluation) fail('INVALID_STATE', 'no evaluation recorded in this round');
      const best = bestLine(t) ?? fail('INVALID_STATE', 'no qualified bid: declare the tender failed');
      if (best.bidder !== b.winner) fail('WINNER_NOT_BEST', `the evaluation ranks ${best.bidder} first`);
      if (t.awardApprovals.some((a) => a.memberId === ctx.signer.memberId)) fail('ALREADY_EXISTS', `${ctx.signer.memberId} already approved`);
      t.awardApprovals.push({ memberId: ctx.signer.memberId, winner: b.winner });
      ctx.emit('tender.award_approved', { tender: t.id, winner: b.winner, by: ctx.signer.memberId }, ['tender']);
      if (t.awardApprovals.length * 2 > t.pokja.length) {
        const deciders = t.awardApprovals.map((a) => a.memberId);
        const pagu = new PlanWriter(ctx.state).pkg(t.packageId)?.paguRupiah ?? t.hpsRupiah;
        if (BigInt(pagu) > rulesOf(t).paAwardsAbove[t.category]) {
          t.status = 'award_pending_pa';
          ctx.emit('tender.award_to_pa', { tender: t.id, winner: b.winner }, ['tender']);
        } else {
          makeAward(ctx, t, b.winner, 'pokja', deciders);
        }
      }
      w.putTender(t);
    }),
    decide_award: defineMessage(DecideAward, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireRoleIn(ctx, t.orgId, ['pa', 'kpa'], `above ${formatRupiah(rulesOf(t).paAwardsAbove[t.category])} the PA names the winner (${rulesOf(t).articles.paAwardsAbove})`);
      requireStatus(t, 'award_pending_pa');
      const winner = t.awardApprovals[0]!.winner;
      if (b.approve) makeAward(ctx, t, winner, 'pa', [ctx.signer.memberId]);
      else reopenEvaluation(ctx, w, t, `PA ${ctx.signer.memberId} did not confirm: ${b.reason}`);
      w.putTender(t);
    }),
    file_objection: defineMessage(FileObjection, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      const org = requireSupplierSignatory(ctx, 'filing a sanggah');
      requireStatus(t, 'awarded');
      if (!t.bidders.includes(org.id) || t.award?.winner === org.id) fail('UNAUTHORIZED', 'a sanggah comes from a bidder that did not win');
      if (ctx.timeMs > t.sanggahEndsMs!) fail('TOO_LATE', `the sanggah window closed on ${formatLedgerDate(t.sanggahEndsMs!)} (${rulesOf(t).articles.sanggahDays})`);
      fileObjection(ctx, w, t, { kind: 'sanggah', appealOf: null, filedBy: org.id, text: b.text, evidenceHashes: b.evidenceHashes });
      ctx.emit('tender.objection_filed', { tender: t.id, no: String(t.objections), kind: 'sanggah', supplier: org.id }, ['tender', 'supplier']);
    }),
    answer_objection: defineMessage(AnswerObjection, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      const o = w.objection(t.id, b.objectionNo) ?? fail('NOT_FOUND', `objection ${b.objectionNo}`);
      const rules = rulesOf(t);
      if (o.kind === 'sanggah') requireOneOf(ctx, t.pokja, `the Pokja of ${t.id} answers a sanggah`);
      else requireRoleIn(ctx, t.orgId, ['pa', 'kpa'], `the PA/KPA decides a sanggah banding (Ps 10)`);
      requireStatus(t, 'awarded');
      if (o.status !== 'open') fail('INVALID_STATE', `objection ${o.no} is ${o.status}`);
      const windowDays = o.kind === 'sanggah' ? rules.sanggahAnswerDays : rules.bandingDecisionDays;
      o.status = b.upheld ? 'upheld' : 'rejected';
      o.answer = b.answer;
      o.answeredBy = ctx.signer.memberId;
      o.answeredMs = ctx.timeMs;
      o.answeredLate = ctx.timeMs > o.filedMs + windowDays * DAY_MS;
      if (!b.upheld && o.kind === 'sanggah' && t.category === 'works') o.bandingEndsMs = ctx.timeMs + rules.bandingDays * DAY_MS;
      w.putObjection(o);
      ctx.emit('tender.objection_answered', { tender: t.id, no: String(o.no), kind: o.kind, upheld: String(b.upheld), late: String(o.answeredLate) }, ['tender']);
      if (b.upheld) reopenEvaluation(ctx, w, t, `${o.kind} ${o.no} upheld`);
      w.putTender(t);
    }),
    file_appeal: defineMessage(FileAppeal, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireSupplierSignatory(ctx, 'filing a sanggah banding');
      const o = w.objection(t.id, b.objectionNo) ?? fail('NOT_FOUND', `objection ${b.objectionNo}`);
      if (o.filedBy !== ctx.signer.orgId) fail('UNAUTHORIZED', 'only the supplier whose sanggah was rejected appeals it');
      requireStatus(t, 'awarded');
      if (t.category !== 'works') fail('INVALID_STATE', 'sanggah banding is for construction works only (Ps 50)');
      if (o.kind !== 'sanggah' || o.status !== 'rejected' || o.bandingEndsMs === null) fail('INVALID_STATE', 'a sanggah banding appeals a rejected sanggah');
      if (w.objections(t.id).some((x) => x.appealOf === o.no)) fail('ALREADY_EXISTS', `sanggah ${o.no} is already appealed`);
      if (ctx.timeMs > o.bandingEndsMs) fail('TOO_LATE', `the appeal window closed on ${formatLedgerDate(o.bandingEndsMs)}`);
      fileObjection(ctx, w, t, { kind: 'banding', appealOf: o.no, filedBy: o.filedBy, text: `${b.text}\n[jaminan sanggah banding: ${b.appealBondReference}]`, evidenceHashes: b.evidenceHashes });
      ctx.emit('tender.objection_filed', { tender: t.id, no: String(t.objections), kind: 'banding', supplier: o.filedBy }, ['tender', 'supplier']);
    }),
    issue_sppbj: defineMessage(TenderRef, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireOneOf(ctx, [t.ppk], `the PPK of ${t.id} issues the award letter`);
      requireStatus(t, 'awarded');
      if (ctx.timeMs <= t.sanggahEndsMs!) fail('OBJECTION_PENDING', `the sanggah window runs until ${formatLedgerDate(t.sanggahEndsMs!)}`);
      const objections = w.objections(t.id);
      const open = objections.find((o) => o.status === 'open');
      if (open) fail('OBJECTION_PENDING', `${open.kind} ${open.no} awaits its answer`);
      const appealable = objections.find((o) => o.bandingEndsMs !== null && ctx.timeMs <= o.bandingEndsMs && !objections.some((x) => x.appealOf === o.no));
      if (appealable) fail('OBJECTION_PENDING', `sanggah ${appealable.no} may still be appealed until ${formatLedgerDate(appealable.bandingEndsMs!)}`);
      requireEligibleSupplier(ctx, t.award!.winner);
      t.status = 'sppbj';
      t.sppbj = { by: ctx.signer.memberId, atMs: ctx.timeMs, height: ctx.height };
      w.putTender(t);
      ctx.emit('tender.sppbj_issued', { tender: t.id, winner: t.award!.winner, price: t.award!.priceRupiah }, ['tender', 'winner']);
    }),
    declare_failed: defineMessage(DeclareFailed, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const t = tenderOrFail(w, b.tenderId);
      requireOneOf(ctx, t.pokja, `the Pokja of ${t.id} declares it failed`);
      requireStatus(t, 'announced', 'opening', 'evaluation');
      if (t.status === 'announced' || t.status === 'opening') {
        if (ctx.timeMs < t.bidDeadlineMs!) fail('TOO_EARLY', 'the bid deadline has not passed');
        const graceEnds = t.bidDeadlineMs! + rulesOf(t).openingGraceDays * DAY_MS;
        // With bids, a tender fails here only when too few officers came to open them within the grace period.
        if (t.bidders.length > 0 && (t.revealedBy.length >= t.threshold || ctx.timeMs < graceEnds)) fail('INVALID_STATE', 'bids were submitted: open them first');
        const absent = t.committee.filter((s) => !s.openingSecret).map((s) => s.memberId);
        if (t.bidders.length > 0) b = { ...b, reason: `${b.reason} [kunci pembukaan tidak dibuka oleh: ${absent.join(', ')}]` };
      } else if (t.bidders.length > 0 && (!t.evaluation || bestLine(t))) {
        fail('INVALID_STATE', 'a tender fails only when no bid qualifies in the recorded evaluation (Ps 51)');
      }
      failTender(ctx, t, b.reason);
      w.putTender(t);
    }),
    record_direct_procurement: defineMessage(RecordDirectProcurement, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const pkg = publishedPackage(ctx, b.packageId);
      requireRoleIn(ctx, pkg.orgId, ['pejabat_pengadaan'], 'the Pejabat Pengadaan conducts Pengadaan Langsung (Ps 12)');
      if (pkg.method !== 'pengadaan_langsung') fail('METHOD_NOT_ALLOWED', `package ${pkg.id} is planned as ${pkg.method}`);
      const hps = BigInt(b.hpsRupiah);
      const negotiated = BigInt(b.negotiatedRupiah);
      checkHps(pkg, hps);
      if (negotiated > BigInt(b.offerRupiah)) fail('INVALID_BODY', 'the negotiated price is at most the offer');
      if (negotiated > hps) fail('ABOVE_HPS', `${formatRupiah(negotiated)} > HPS ${formatRupiah(hps)}`);
      if (negotiated > CURRENT_RULESET.pengadaanLangsungMax[pkg.category]) fail('METHOD_NOT_ALLOWED', `Pengadaan Langsung for ${pkg.category} goes up to ${formatRupiah(CURRENT_RULESET.pengadaanLangsungMax[pkg.category])}`);
      requireEligibleSupplier(ctx, b.supplier);
      claimPackage(ctx, w, pkg, b.tenderId, null);
      const t = newTender(ctx, pkg, b);
      t.ppk = ctx.signer.memberId;
      t.direct = { kind: 'pengadaan_langsung', offerRupiah: b.offerRupiah, negotiatedRupiah: b.negotiatedRupiah };
      t.award = { winner: b.supplier, priceRupiah: b.negotiatedRupiah, bidBelowShareOfHps: negotiated < bpOf(hps, CURRENT_RULESET.performanceBondLowBidShareBp), decidedBy: 'pejabat_pengadaan', deciders: [ctx.signer.memberId], atMs: ctx.timeMs, height: ctx.height };
      t.status = 'sppbj';
      t.sppbj = { by: ctx.signer.memberId, atMs: ctx.timeMs, height: ctx.height };
      t.bidders = [b.supplier];
      w.putTender(t);
      ctx.emit('tender.direct_procurement', { tender: t.id, package: pkg.id, supplier: b.supplier, price: b.negotiatedRupiah, hps: b.hpsRupiah }, ['tender', 'package', 'supplier']);
    }),
    record_epurchase: defineMessage(RecordEPurchase, (ctx, b) => {
      const w = new TenderWriter(ctx.state);
      const pkg = publishedPackage(ctx, b.packageId);
      requireRoleIn(ctx, pkg.orgId, ['ppk', 'pejabat_pengadaan'], 'the PPK or Pejabat Pengadaan places an e-purchasing order');
      if (pkg.method !== 'e_purchasing') fail('METHOD_NOT_ALLOWED', `package ${pkg.id} is planned as ${pkg.method}`);
      const total = b.items.reduce((sum, i) => sum + BigInt(i.quantity) * BigInt(i.unitPriceRupiah), 0n);
      checkHps(pkg, total);
      const max = CURRENT_RULESET.pejabatPengadaanMax[pkg.category];
      if (!ctx.signer.roles.includes('ppk') && total > max) fail('UNAUTHORIZED', `a Pejabat Pengadaan orders up to ${formatRupiah(max)}; above it the PPK does (Ps 12)`);
      requireEligibleSupplier(ctx, b.supplier);
      claimPackage(ctx, w, pkg, b.tenderId, null);
      const t = newTender(ctx, pkg, { tenderId: b.tenderId, hpsRupiah: total.toString(), hpsBreakdownHash: null });
      t.direct = { kind: 'e_purchasing', catalogueRef: b.catalogueRef, items: b.items };
      t.award = { winner: b.supplier, priceRupiah: total.toString(), bidBelowShareOfHps: false, decidedBy: ctx.signer.roles.includes('ppk') ? 'ppk' : 'pejabat_pengadaan', deciders: [ctx.signer.memberId], atMs: ctx.timeMs, height: ctx.height };
      t.status = 'sppbj';
      t.sppbj = { by: ctx.signer.memberId, atMs: ctx.timeMs, height: ctx.height };
      t.bidders = [b.supplier];
      w.putTender(t);
      ctx.emit('tender.epurchase_order', { tender: t.id, package: pkg.id, supplier: b.supplier, total: total.toString(), catalogue: b.catalogueRef }, ['tender', 'package', 'supplier']);
    }),
  },
  query(state, path) {
    const s = new TenderStore(state);
    const [what, arg, sub] = path;
    if (what === 'tenders') return s.tenders().filter((t) => !arg || t.orgId === arg || t.packageId === arg);
    if (!arg) return fail('BAD_QUERY', 'tender id missing');
    const t = s.tender(arg) ?? fail('NOT_FOUND', `tender ${arg}`);
    if (what === 'tender') return t;
    if (what === 'bids') {
      // Sealed bids show only what is public before opening: who bid, when, and the commitment.
      return s.bids(arg).map((b) => (b.status === 'sealed' ? { tenderId: b.tenderId, bidder: b.bidder, submittedMs: b.submittedMs, version: b.version, commitment: b.commitment, status: b.status, validShares: b.revealed.filter(Boolean).length, invalidSeats: b.invalidSeats } : b));
    }
    if (what === 'questions') return s.questions(arg);
    if (what === 'objections') return s.objections(arg);
    if (what === 'registrations') return s.registrations(arg);
    if (what === 'bid' && sub) return s.bid(arg, sub) ?? fail('NOT_FOUND', `bid of ${sub}`);
    return fail('BAD_QUERY', `unknown tender query ${what ?? ''}`);
  },
};
