/**
 * The contract record as the contract and execution programs write it
 * (ledger/modules/contract/README.md, ledger/modules/execution/README.md). The API passes these
 * documents through as JSON objects; this reads them into typed values once, tolerating a field
 * that is missing (an imported contract carries none of them).
 */
import type { Schemas } from './api';

type ContractDetail = Schemas['ContractDetail'];

export type VerifierSlot = { kind: 'ppk' } | { kind: 'org'; orgId: string } | { kind: 'apip' };

export interface Verification {
  slot: number;
  memberId: string;
  orgId: string;
  atMs: number;
  note: string;
  documentHashes: string[];
}

export interface Milestone {
  id: string;
  title: string;
  shareBp: number;
  dueDay: number;
  dueMs: number | null;
  verifiers: VerifierSlot[];
  status: string;
  progressBp: number;
  claimedMs: number | null;
  verifications: Verification[];
  rejections: number;
  orderNo: number | null;
}

export interface Amendment {
  id: string;
  reason: string;
  documentHashes: string[];
  valueChangeRupiah: string;
  extraDays: number;
  proposedBy: string;
  proposedMs: number | null;
  status: string;
  decidedBy: string | null;
  decidedMs: number | null;
}

export interface PaymentOrder {
  no: number;
  kind: string;
  milestoneId: string | null;
  grossRupiah: string;
  advanceRepaymentRupiah: string;
  retentionRupiah: string;
  lateDays: number;
  penaltyAssessedRupiah: string;
  penaltyDeductedRupiah: string;
  netRupiah: string;
  paidRupiah: string;
  issuedMs: number | null;
  issuedHeight: number | null;
  status: string;
}

export interface Payment {
  orderNo: number;
  no: number;
  sp2dNumber: string;
  amountRupiah: string;
  recordedBy: string;
  atMs: number | null;
  height: number | null;
}

export interface Terms {
  type: string | null;
  ppk: string | null;
  documentHash: string | null;
  originalValueRupiah: string | null;
  valueRupiah: string | null;
  addedRupiah: string;
  vatRateBp: number | null;
  advanceBp: number | null;
  advanceRupiah: string | null;
  retentionBp: number | null;
  performanceBondRupiah: string | null;
  performanceBondBase: string | null;
  penaltyPerMillePerDay: number | null;
  penaltyCapBp: number | null;
  penaltyCapReached: boolean;
  durationDays: number | null;
  maintenanceDays: number | null;
  multiYear: boolean;
  startMs: number | null;
  endMs: number | null;
  signatures: { ppk: { memberId: string; atMs: number; height: number } | null; supplier: { memberId: string; atMs: number; height: number } | null };
  milestones: Milestone[];
  amendments: Amendment[];
  handover: { requestedMs: number | null; phoMs: number | null; maintenanceEndsMs: number | null; fhoMs: number | null };
  termination: { by: string; reason: string; atMs: number; bondClaimRupiah: string } | null;
  totals: { orderedGrossRupiah: string; orderedNetRupiah: string; paidRupiah: string; advanceRepaidRupiah: string; retentionHeldRupiah: string; penaltyAssessedRupiah: string; penaltyDeductedRupiah: string } | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const rp = (v: unknown): string => str(v) ?? '0';

function slot(v: unknown): VerifierSlot {
  const o = obj(v);
  if (o.kind === 'org') return { kind: 'org', orgId: str(o.orgId) ?? '' };
  if (o.kind === 'apip') return { kind: 'apip' };
  return { kind: 'ppk' };
}

function signature(v: unknown) {
  const o = obj(v);
  const memberId = str(o.memberId);
  return memberId ? { memberId, atMs: num(o.atMs) ?? 0, height: num(o.height) ?? 0 } : null;
}

export function readTerms(d: ContractDetail): Terms {
  const t = obj(d.terms);
  const h = obj(t.handover);
  const term = t.termination ? obj(t.termination) : null;
  const totals = t.totals ? obj(t.totals) : null;
  return {
    type: str(t.type),
    ppk: str(t.ppk),
    documentHash: str(t.documentHash),
    originalValueRupiah: str(t.originalValueRupiah) ?? d.value ?? null,
    valueRupiah: str(t.valueRupiah) ?? d.value ?? null,
    addedRupiah: rp(t.addedRupiah),
    vatRateBp: num(t.vatRateBp),
    advanceBp: num(t.advanceBp),
    advanceRupiah: str(t.advanceRupiah),
    retentionBp: num(t.retentionBp),
    performanceBondRupiah: str(t.performanceBondRupiah),
    performanceBondBase: str(t.performanceBondBase),
    penaltyPerMillePerDay: num(t.penaltyPerMillePerDay),
    penaltyCapBp: num(t.penaltyCapBp),
    penaltyCapReached: t.penaltyCapReached === true,
    durationDays: num(t.durationDays),
    maintenanceDays: num(t.maintenanceDays),
    multiYear: t.multiYear === true,
    startMs: num(t.startMs),
    endMs: num(t.endMs),
    signatures: { ppk: signature(obj(t.signatures).ppk), supplier: signature(obj(t.signatures).supplier) },
    milestones: arr(t.milestones).map((m) => {
      const o = obj(m);
      return {
        id: str(o.id) ?? '',
        title: str(o.title) ?? '',
        shareBp: num(o.shareBp) ?? 0,
        dueDay: num(o.dueDay) ?? 0,
        dueMs: num(o.dueMs),
        verifiers: arr(o.verifiers).map(slot),
        status: str(o.status) ?? 'pending',
        progressBp: num(o.progressBp) ?? 0,
        claimedMs: num(o.claimedMs),
        verifications: arr(o.verifications).map((v) => {
          const x = obj(v);
          return { slot: num(x.slot) ?? 0, memberId: str(x.memberId) ?? '', orgId: str(x.orgId) ?? '', atMs: num(x.atMs) ?? 0, note: str(x.note) ?? '', documentHashes: arr(x.documentHashes).map((s) => str(s) ?? '') };
        }),
        rejections: num(o.rejections) ?? 0,
        orderNo: num(o.orderNo),
      };
    }),
    amendments: arr(t.amendments).map((a) => {
      const o = obj(a);
      return {
        id: str(o.id) ?? '',
        reason: str(o.reason) ?? '',
        documentHashes: arr(o.documentHashes).map((s) => str(s) ?? ''),
        valueChangeRupiah: rp(o.valueChangeRupiah),
        extraDays: num(o.extraDays) ?? 0,
        proposedBy: str(o.proposedBy) ?? '',
        proposedMs: num(o.proposedMs),
        status: str(o.status) ?? 'proposed',
        decidedBy: str(o.decidedBy),
        decidedMs: num(o.decidedMs),
      };
    }),
    handover: { requestedMs: num(h.requestedMs), phoMs: num(h.phoMs), maintenanceEndsMs: num(h.maintenanceEndsMs), fhoMs: num(h.fhoMs) },
    termination: term ? { by: str(term.by) ?? '', reason: str(term.reason) ?? '', atMs: num(term.atMs) ?? 0, bondClaimRupiah: rp(term.bondClaimRupiah) } : null,
    totals: totals
      ? {
          orderedGrossRupiah: rp(totals.orderedGrossRupiah),
          orderedNetRupiah: rp(totals.orderedNetRupiah),
          paidRupiah: rp(totals.paidRupiah),
          advanceRepaidRupiah: rp(totals.advanceRepaidRupiah),
          retentionHeldRupiah: rp(totals.retentionHeldRupiah),
          penaltyAssessedRupiah: rp(totals.penaltyAssessedRupiah),
          penaltyDeductedRupiah: rp(totals.penaltyDeductedRupiah),
        }
      : null,
  };
}

export function readOrders(d: ContractDetail): PaymentOrder[] {
  return d.orders.map((o) => ({
    no: num(o.no) ?? 0,
    kind: str(o.kind) ?? 'milestone',
    milestoneId: str(o.milestoneId),
    grossRupiah: rp(o.grossRupiah),
    advanceRepaymentRupiah: rp(o.advanceRepaymentRupiah),
    retentionRupiah: rp(o.retentionRupiah),
    lateDays: num(o.lateDays) ?? 0,
    penaltyAssessedRupiah: rp(o.penaltyAssessedRupiah),
    penaltyDeductedRupiah: rp(o.penaltyDeductedRupiah),
    netRupiah: rp(o.netRupiah),
    paidRupiah: rp(o.paidRupiah),
    issuedMs: num(o.issuedMs),
    issuedHeight: num(o.issuedHeight),
    status: str(o.status) ?? 'unpaid',
  }));
}

export function readPayments(d: ContractDetail): Payment[] {
  return d.payments.map((p) => ({
    orderNo: num(p.orderNo) ?? 0,
    no: num(p.no) ?? 0,
    sp2dNumber: str(p.sp2dNumber) ?? '',
    amountRupiah: rp(p.amountRupiah),
    recordedBy: str(p.recordedBy) ?? '',
    atMs: num(p.atMs),
    height: num(p.height),
  }));
}

/** Share of the work verified, in basis points (the milestones' shares of verified ones). */
export function verifiedShareBp(terms: Terms): number {
  return terms.milestones.filter((m) => m.status === 'verified').reduce((s, m) => s + m.shareBp, 0);
}

/** Which verifier slots of a milestone are still open (awaited), by index. */
export function openSlots(m: Milestone): Array<{ index: number; slot: VerifierSlot }> {
  const filled = new Set(m.verifications.map((v) => v.slot));
  return m.verifiers.map((slot, index) => ({ index, slot })).filter((s) => !filled.has(s.index));
}
