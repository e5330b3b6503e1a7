/**
 * Contract messages: terms drafted by the PPK as data and checked against the rule-set, signed
 * by the PPK and the supplier's signatory (only with budget left in the plan package), amended
 * within the 10 % cap by both, handed over (PHO, maintenance, FHO) or terminated for the
 * supplier's fault. Spec: ./README.md.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fail } from '../../codes.js';
import { DAY_MS } from '../../calendar.js';
import { defineMessage, type LedgerModule, type TxContext } from '../../module.js';
import { bpOf, formatRupiah } from '../../rules/ruleset.js';
import { formatLedgerDate } from '../dates.js';
import { documentHashes, identifier, publicText, rupiah, rupiahDelta, sha256Hex } from '../fields.js';
import { requireEligibleSupplier, requireOneOf, requireRoleIn, requireSupplierSignatory } from '../access.js';
import { IdentityStore } from '../identity/state.js';
import { PlanWriter } from '../plan/state.js';
import { TenderStore } from '../tender/state.js';
import { rulesOf } from '../tender/messages.js';
import { SanctionWriter } from '../sanction/state.js';
import { OrderStore, issueAdvanceOrder, issueRetentionRelease } from '../execution/orders.js';
import { CONTRACT_TYPES, ContractStore, ContractWriter, TYPES_FOR, type Contract, type VerifierSlot } from './state.js';

const id = identifier;
const text = (max: number) => publicText(3, max);

const Slot = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('ppk') }), z.strictObject({ kind: z.literal('org'), orgId: id }), z.strictObject({ kind: z.literal('apip') })]);

export const DraftContract = z.strictObject({
  contractId: id,
  tenderId: id,
  type: z.enum(CONTRACT_TYPES),
  multiYear: z.boolean(),
  documentHash: sha256Hex,
  valueRupiah: rupiah,
  vatRateBp: z.number().int().min(0).max(2_000),
  advanceBp: z.number().int().min(0).max(10_000),
  durationDays: z.number().int().min(1).max(1_095),
  maintenanceDays: z.number().int().min(0).max(730),
  permanentWorks: z.boolean(),
  milestones: z
    .array(
      z.strictObject({
        id,
        title: text(200),
        shareBp: z.number().int().min(1).max(10_000),
        dueDay: z.number().int().min(1).max(1_095),
        verifiers: z.array(Slot).min(1).max(5),
      }),
    )
    .min(1)
    .max(24),
});
export const SignContract = z.strictObject({
  contractId: id,
  bondReference: text(120).nullable(),
  advanceGuaranteeReference: text(120).nullable(),
});
export const ProposeAmendment = z.strictObject({
  contractId: id,
  amendmentId: id,
  reason: text(2000),
  documentHashes: documentHashes.refine((a) => a.length > 0, 'an amendment carries its documents (Ps 54)'),
  valueChangeRupiah: rupiahDelta,
  extraDays: z.number().int().min(0).max(365),
});
export const AmendmentRef = z.strictObject({ contractId: id, amendmentId: id });
export const ContractRef = z.strictObject({ contractId: id });
export const Handover = z.strictObject({ contractId: id, bastHash: sha256Hex });
export const Terminate = z.strictObject({ contractId: id, reason: text(2000), evidenceHashes: documentHashes.refine((a) => a.length > 0, 'a termination carries its evidence') });

export function contractOrFail(s: ContractStore, contractId: string): Contract {
  return s.contract(contractId) ?? fail('NOT_FOUND', `contract ${contractId}`);
}

export function requireContractStatus(c: Contract, ...statuses: Contract['status'][]): void {
  if (!statuses.includes(c.status)) fail('INVALID_STATE', `contract ${c.id} is ${c.status}, this step needs ${statuses.join(' or ')}`);
}

function requireSupplierOf(ctx: TxContext, c: Contract, what: string): void {
  requireSupplierSignatory(ctx, what);
  if (ctx.signer.orgId !== c.supplier) fail('UNAUTHORIZED', `${what}: only the signatory of ${c.supplier}`);
}

function checkSlots(ctx: TxContext, supplier: string, slots: VerifierSlot[]): void {
  const ids = new IdentityStore(ctx.state);
  if (!slots.some((s) => s.kind === 'ppk')) fail('TERMS_INVALID', 'the PPK inspects and accepts every milestone (Ps 11, Perpres 12/2021)');
  const seen = new Set<string>();
  for (const s of slots) {
    const k = s.kind === 'org' ? `org:${s.orgId}` : s.kind;
    if (seen.has(k)) fail('TERMS_INVALID', `verifier ${k} named twice on one milestone`);
    seen.add(k);
    if (s.kind === 'org') {
      if (s.orgId === supplier) fail('TERMS_INVALID', 'the supplier cannot verify its own work');
      const org = ids.org(s.orgId);
      if (!org || org.status !== 'active' || !(org.kind === 'supplier' || org.kind === 'auditor')) fail('TERMS_INVALID', `verifier ${s.orgId} must be an active consultant (supplier) or auditor organization`);
    }
  }
}

function close(ctx: TxContext, c: Contract): void {
  c.status = 'closed';
  issueRetentionRelease(ctx, c);
  ctx.emit('contract.closed', { contract: c.id, supplier: c.supplier, value: c.valueRupiah }, ['contract', 'supplier']);
}

export const contractModule: LedgerModule = {
  name: 'contract',
  messages: {
    draft: defineMessage(DraftContract, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const t = new TenderStore(ctx.state).tender(b.tenderId) ?? fail('NOT_FOUND', `tender ${b.tenderId}`);
      requireRoleIn(ctx, t.orgId, ['ppk'], 'the PPK drafts the contract');
      if (t.status !== 'sppbj' || !t.award) fail('INVALID_STATE', `selection ${t.id} is ${t.status}: a contract follows the award letter (SPPBJ)`);
      // The PPK who set the HPS (or placed the order) contracts; after a Pejabat Pengadaan's selection, any PPK of the organization.
      const ownPpk = t.direct === null || t.award.decidedBy === 'ppk';
      if (ownPpk) requireOneOf(ctx, [t.ppk], `the PPK of ${t.id} drafts its contract`);
      if (w.contract(b.contractId)) fail('ALREADY_EXISTS', `contract ${b.contractId}`);
      const existing = w.contractForTender(t.id);
      if (existing) fail('ALREADY_EXISTS', `selection ${t.id} already has contract ${existing}`);
      const rules = rulesOf(t);
      const value = BigInt(b.valueRupiah);
      if (value !== BigInt(t.award.priceRupiah)) fail('TERMS_INVALID', `the contract value is the awarded price ${formatRupiah(BigInt(t.award.priceRupiah))}`);
      if (!TYPES_FOR[t.category].includes(b.type)) fail('TERMS_INVALID', `${b.type} is not a contract type for ${t.category} (Ps 27)`);
      const supplier = new IdentityStore(ctx.state).org(t.award.winner);
      const size = supplier?.businessSize ?? 'non_small';
      const cap = b.multiYear ? rules.advanceCapBp.multiYear : t.category === 'consultancy' ? rules.advanceCapBp.consultancy : size === 'small' ? rules.advanceCapBp.small : rules.advanceCapBp.nonSmall;
      if (b.advanceBp > cap) fail('TERMS_INVALID', `advance ${b.advanceBp / 100} % is above the ${cap / 100} % cap for this contract (${rules.articles.advanceCapBp})`);
      const ms = b.milestones;
      if (new Set(ms.map((m) => m.id)).size !== ms.length) fail('TERMS_INVALID', 'milestone ids are unique');
      if (ms.reduce((s, m) => s + m.shareBp, 0) !== 10_000) fail('TERMS_INVALID', 'milestone payment shares sum to 100 %');
      ms.forEach((m, i) => {
        if (i > 0 && m.dueDay <= ms[i - 1]!.dueDay) fail('TERMS_INVALID', 'milestones are in the order of their due days');
        checkSlots(ctx, t.award!.winner, m.verifiers);
      });
      if (ms[ms.length - 1]!.dueDay > b.durationDays) fail('TERMS_INVALID', 'the last milestone is due within the contract duration');
      if (t.category === 'works') {
        const minDays = b.permanentWorks ? rules.maintenanceMinDays.permanent : rules.maintenanceMinDays.semiPermanent;
        if (b.maintenanceDays < minDays) fail('TERMS_INVALID', `works need a maintenance period of at least ${minDays} days (${rules.articles.maintenanceMinDays})`);
      }
      const bonded = value > rules.performanceBondAbove && t.method !== 'e_purchasing';
      const bondBase = !bonded ? 'none' : t.award.bidBelowShareOfHps ? 'hps' : 'value';
      const bond = bondBase === 'none' ? 0n : bpOf(bondBase === 'hps' ? BigInt(t.hpsRupiah) : value, rules.performanceBondBp);
      const remaining = new PlanWriter(ctx.state).remainingRupiah(t.packageId) ?? 0n;
      if (value > remaining) fail('BUDGET_EXCEEDED', `package ${t.packageId} has ${formatRupiah(remaining)} left`);
      const c: Contract = {
        id: b.contractId,
        tenderId: t.id,
        packageId: t.packageId,
        rulesetId: t.rulesetId,
        buyerOrg: t.orgId,
        supplier: t.award.winner,
        supplierSize: size,
        ppk: ctx.signer.memberId,
        title: t.title,
        category: t.category,
        type: b.type,
        multiYear: b.multiYear,
        documentHash: b.documentHash,
        originalValueRupiah: value.toString(),
        valueRupiah: value.toString(),
        vatRateBp: b.vatRateBp,
        advanceBp: b.advanceBp,
        advanceRupiah: bpOf(value, b.advanceBp).toString(),
        retentionBp: rules.retentionBp,
        performanceBondRupiah: bond.toString(),
        performanceBondBase: bondBase,
        penaltyPerMillePerDay: rules.latePenaltyPerMillePerDay,
        penaltyCapBp: rules.latePenaltyCapBp,
        durationDays: b.durationDays,
        maintenanceDays: b.maintenanceDays,
        milestones: ms.map((m) => ({ ...m, dueMs: null, status: 'pending', progressBp: 0, claimedMs: null, verifications: [], rejections: 0, orderNo: null })),
        amendments: [],
        addedRupiah: '0',
        status: 'draft',
        signatures: { ppk: null, supplier: null },
        bondReference: null,
        advanceGuaranteeReference: null,
        startMs: null,
        endMs: null,
        totals: { orders: 0, orderedGrossRupiah: '0', orderedNetRupiah: '0', paidRupiah: '0', advanceRepaidRupiah: '0', retentionHeldRupiah: '0', penaltyAssessedRupiah: '0', penaltyDeductedRupiah: '0' },
        penaltyCapReached: false,
        handover: { requestedMs: null, phoMs: null, phoBastHash: null, maintenanceEndsMs: null, fhoMs: null, fhoBastHash: null },
        termination: null,
        createdBy: ctx.signer.memberId,
        createdHeight: ctx.height,
        createdMs: ctx.timeMs,
      };
      w.put(c);
      w.linkTender(t.id, c.id);
      ctx.emit('contract.drafted', { contract: c.id, tender: t.id, supplier: c.supplier, buyer: c.buyerOrg, value: c.valueRupiah, bond: c.performanceBondRupiah }, ['contract', 'tender', 'supplier', 'buyer']);
    }),
    sign: defineMessage(SignContract, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireContractStatus(c, 'draft');
      const sig = { memberId: ctx.signer.memberId, atMs: ctx.timeMs, height: ctx.height };
      if (ctx.signer.memberId === c.ppk) {
        if (c.signatures.ppk) fail('ALREADY_EXISTS', 'the PPK has signed');
        c.signatures.ppk = sig;
      } else {
        requireSupplierOf(ctx, c, 'signing the contract');
        if (c.signatures.supplier) fail('ALREADY_EXISTS', 'the supplier has signed');
        if (BigInt(c.performanceBondRupiah) > 0n && !b.bondReference) fail('TERMS_INVALID', `a performance bond of ${formatRupiah(BigInt(c.performanceBondRupiah))} is required (Ps 33)`);
        if (BigInt(c.advanceRupiah) > 0n && !b.advanceGuaranteeReference) fail('TERMS_INVALID', `an advance guarantee of ${formatRupiah(BigInt(c.advanceRupiah))} is required (Ps 34)`);
        c.signatures.supplier = sig;
        c.bondReference = b.bondReference;
        c.advanceGuaranteeReference = b.advanceGuaranteeReference;
      }
      requireEligibleSupplier(ctx, c.supplier);
      ctx.emit('contract.signed', { contract: c.id, by: ctx.signer.memberId, org: ctx.signer.orgId }, ['contract']);
      if (c.signatures.ppk && c.signatures.supplier) {
        new PlanWriter(ctx.state).commit(c.packageId, BigInt(c.valueRupiah));
        c.status = 'active';
        c.startMs = ctx.timeMs;
        c.endMs = ctx.timeMs + c.durationDays * DAY_MS;
        for (const m of c.milestones) m.dueMs = ctx.timeMs + m.dueDay * DAY_MS;
        if (BigInt(c.advanceRupiah) > 0n) issueAdvanceOrder(ctx, c);
        ctx.emit('contract.active', { contract: c.id, supplier: c.supplier, buyer: c.buyerOrg, value: c.valueRupiah, ends: formatLedgerDate(c.endMs) }, ['contract', 'supplier', 'buyer']);
      }
      w.put(c);
    }),
    propose_amendment: defineMessage(ProposeAmendment, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireOneOf(ctx, [c.ppk], `the PPK of ${c.id} proposes amendments`);
      requireContractStatus(c, 'active');
      if (c.amendments.some((a) => a.id === b.amendmentId)) fail('ALREADY_EXISTS', `amendment ${b.amendmentId}`);
      if (c.amendments.some((a) => a.status === 'proposed')) fail('INVALID_STATE', 'another amendment awaits the supplier');
      if (c.milestones.every((m) => m.orderNo !== null)) fail('INVALID_STATE', 'every milestone is already ordered');
      const delta = BigInt(b.valueChangeRupiah);
      if (delta === 0n && b.extraDays === 0) fail('INVALID_BODY', 'an amendment changes the value or the time');
      checkAmendment(c, delta);
      c.amendments.push({ id: b.amendmentId, reason: b.reason, documentHashes: b.documentHashes, valueChangeRupiah: delta.toString(), extraDays: b.extraDays, proposedBy: ctx.signer.memberId, proposedMs: ctx.timeMs, status: 'proposed', decidedBy: null, decidedMs: null });
      w.put(c);
      ctx.emit('contract.amendment_proposed', { contract: c.id, amendment: b.amendmentId, value_change: delta.toString(), extra_days: String(b.extraDays) }, ['contract']);
    }),
    approve_amendment: defineMessage(AmendmentRef, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireSupplierOf(ctx, c, 'approving an amendment');
      requireContractStatus(c, 'active');
      const a = c.amendments.find((x) => x.id === b.amendmentId) ?? fail('NOT_FOUND', `amendment ${b.amendmentId}`);
      if (a.status !== 'proposed') fail('INVALID_STATE', `amendment ${a.id} is ${a.status}`);
      const delta = BigInt(a.valueChangeRupiah);
      checkAmendment(c, delta);
      new PlanWriter(ctx.state).commit(c.packageId, delta);
      a.status = 'approved';
      a.decidedBy = ctx.signer.memberId;
      a.decidedMs = ctx.timeMs;
      c.valueRupiah = (BigInt(c.valueRupiah) + delta).toString();
      if (delta > 0n) c.addedRupiah = (BigInt(c.addedRupiah) + delta).toString();
      if (a.extraDays > 0) {
        // Extra time moves what is still ahead; a milestone already late keeps its due day and its penalty (Ps 56).
        c.endMs! += a.extraDays * DAY_MS;
        for (const m of c.milestones) if (m.status !== 'verified' && m.dueMs! > ctx.timeMs) m.dueMs! += a.extraDays * DAY_MS;
      }
      w.put(c);
      ctx.emit('contract.amended', { contract: c.id, amendment: a.id, value: c.valueRupiah, added_total: c.addedRupiah, extra_days: String(a.extraDays) }, ['contract']);
    }),
    cancel_amendment: defineMessage(AmendmentRef, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      if (ctx.signer.memberId !== c.ppk) requireSupplierOf(ctx, c, 'declining an amendment');
      const a = c.amendments.find((x) => x.id === b.amendmentId) ?? fail('NOT_FOUND', `amendment ${b.amendmentId}`);
      if (a.status !== 'proposed') fail('INVALID_STATE', `amendment ${a.id} is ${a.status}`);
      a.status = 'cancelled';
      a.decidedBy = ctx.signer.memberId;
      a.decidedMs = ctx.timeMs;
      w.put(c);
      ctx.emit('contract.amendment_cancelled', { contract: c.id, amendment: a.id, by: ctx.signer.memberId }, ['contract']);
    }),
    request_handover: defineMessage(ContractRef, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireSupplierOf(ctx, c, 'requesting handover');
      requireContractStatus(c, 'active');
      const open = c.milestones.filter((m) => m.status !== 'verified').map((m) => m.id);
      if (open.length) fail('NOT_VERIFIED', `handover follows 100 % verified work; still open: ${open.join(', ')}`);
      c.status = 'handover_requested';
      c.handover.requestedMs = ctx.timeMs;
      w.put(c);
      ctx.emit('contract.handover_requested', { contract: c.id }, ['contract']);
    }),
    accept_handover: defineMessage(Handover, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireOneOf(ctx, [c.ppk], `the PPK of ${c.id} inspects and signs the handover (BAST)`);
      requireContractStatus(c, 'handover_requested');
      c.handover.phoMs = ctx.timeMs;
      c.handover.phoBastHash = b.bastHash;
      ctx.emit('contract.handover_accepted', { contract: c.id, stage: c.maintenanceDays > 0 ? 'PHO' : 'BAST' }, ['contract']);
      if (c.maintenanceDays > 0) {
        c.status = 'maintenance';
        c.handover.maintenanceEndsMs = ctx.timeMs + c.maintenanceDays * DAY_MS;
      } else {
        close(ctx, c);
      }
      w.put(c);
    }),
    final_handover: defineMessage(Handover, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireOneOf(ctx, [c.ppk], `the PPK of ${c.id} signs the final handover (FHO)`);
      requireContractStatus(c, 'maintenance');
      if (ctx.timeMs < c.handover.maintenanceEndsMs!) fail('TOO_EARLY', `the maintenance period runs until ${formatLedgerDate(c.handover.maintenanceEndsMs!)}`);
      c.handover.fhoMs = ctx.timeMs;
      c.handover.fhoBastHash = b.bastHash;
      close(ctx, c);
      w.put(c);
    }),
    terminate: defineMessage(Terminate, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireOneOf(ctx, [c.ppk], `the PPK of ${c.id} terminates it`);
      requireContractStatus(c, 'active', 'handover_requested');
      const sanctions = new SanctionWriter(ctx.state);
      const caseId = `putus-${c.id}`.length <= 64 ? `putus-${c.id}` : `putus-${createHash('sha256').update(c.id).digest('hex').slice(0, 32)}`;
      if (sanctions.case(caseId)) fail('ALREADY_EXISTS', `sanction case ${caseId}`);
      // The part of the value never ordered goes back to the package's budget.
      new PlanWriter(ctx.state).commit(c.packageId, -(BigInt(c.valueRupiah) - BigInt(c.totals.orderedGrossRupiah)));
      c.status = 'terminated';
      c.termination = { by: ctx.signer.memberId, reason: b.reason, evidenceHashes: b.evidenceHashes, atMs: ctx.timeMs, bondClaimRupiah: c.performanceBondRupiah, sanctionCaseId: caseId };
      sanctions.putCase({
        id: caseId,
        supplier: c.supplier,
        ground: 'non_performance',
        reason: b.reason,
        evidenceHashes: b.evidenceHashes,
        tenderId: c.tenderId,
        contractId: c.id,
        proposedBy: ctx.signer.memberId,
        buyerOrg: c.buyerOrg,
        proposedMs: ctx.timeMs,
        status: 'proposed',
        decidedBy: null,
        decisionReason: null,
        decidedMs: null,
        listedUntilMs: null,
      });
      w.put(c);
      ctx.emit('sanction.proposed', { case: caseId, supplier: c.supplier, ground: 'non_performance', buyer: c.buyerOrg }, ['case', 'supplier']);
      ctx.emit('contract.terminated', { contract: c.id, supplier: c.supplier, bond_claim: c.performanceBondRupiah, sanction_case: caseId, penalty_cap_reached: String(c.penaltyCapReached) }, ['contract', 'supplier']);
    }),
  },
  query(state, path) {
    const s = new ContractStore(state);
    const [what, arg] = path;
    // The progress last reported lives in its own record (execution/progress); show it with the milestone.
    const orders = new OrderStore(state);
    const withProgress = (c: Contract) => {
      for (const m of c.milestones) m.progressBp = Math.max(m.progressBp, orders.progress(c.id, m.id) ?? 0);
      return c;
    };
    if (what === 'contracts') return s.contracts().filter((c) => !arg || c.buyerOrg === arg || c.supplier === arg || c.packageId === arg).map(withProgress);
    if (what === 'contract') return withProgress((arg ? s.contract(arg) : undefined) ?? fail('NOT_FOUND', `contract ${arg ?? ''}`));
    return fail('BAD_QUERY', `unknown contract query ${what ?? ''}`);
  },
};

/** Ps 54: the value added by all amendments stays within 10 % of the original price; nothing already ordered is taken back. */
function checkAmendment(c: Contract, delta: bigint): void {
  const original = BigInt(c.originalValueRupiah);
  const cap = bpOf(original, rulesOf(c).amendmentCapBp);
  const added = BigInt(c.addedRupiah) + (delta > 0n ? delta : 0n);
  if (added > cap) fail('AMENDMENT_CAP', `added ${formatRupiah(added)} would exceed ${formatRupiah(cap)} (10 % of ${formatRupiah(original)})`);
  const value = BigInt(c.valueRupiah) + delta;
  if (value < BigInt(c.totals.orderedGrossRupiah)) fail('TERMS_INVALID', 'the value cannot fall below what is already ordered');
  // What is left to order must still repay the advance after retention.
  const advanceLeft = BigInt(c.advanceRupiah) - BigInt(c.totals.advanceRepaidRupiah);
  const open = BigInt(c.milestones.filter((m) => m.orderNo === null).length);
  // Each order rounds down on its own: keep a rupiah of slack per open milestone.
  if (bpOf(value - BigInt(c.totals.orderedGrossRupiah), 10_000 - c.retentionBp) < advanceLeft + open) {
    fail('TERMS_INVALID', `the value cannot fall so low that the advance (${formatRupiah(BigInt(c.advanceRupiah))}) could not be repaid`);
  }
}
