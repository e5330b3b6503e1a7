/**
 * Contract state: the terms as data, their signatures, amendments, milestones and the running
 * totals that the execution program keeps. Payment orders live with the execution program.
 *   contract/contract/<contractId>            → Contract
 *   contract/by-tender/<tenderId>             → contractId (one contract per selection)
 */
import { decodeRecord, encodeRecord, key } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';
import type { Category } from '../../rules/ruleset.js';

export const CONTRACT_TYPES = ['lumsum', 'harga_satuan', 'gabungan', 'terima_jadi', 'payung', 'waktu_penugasan'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
/** Contract types by category (Ps 27): consultancy uses lumsum, waktu penugasan or payung. */
export const TYPES_FOR: Record<Category, readonly ContractType[]> = {
  goods: ['lumsum', 'harga_satuan', 'gabungan', 'payung'],
  works: ['lumsum', 'harga_satuan', 'gabungan', 'terima_jadi'],
  consultancy: ['lumsum', 'waktu_penugasan', 'payung'],
  other: ['lumsum', 'harga_satuan', 'gabungan', 'payung'],
};

/** Who must verify a milestone: the contract's PPK, any signatory of a named organization (a supervision consultant), or an APIP auditor. */
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
  shareBp: number; // payment share, basis points of the contract value; all sum to 10 000
  dueDay: number; // days after the start (signature)
  dueMs: number | null; // ledger time, set when the contract starts; moved by time amendments
  verifiers: VerifierSlot[];
  status: 'pending' | 'claimed' | 'verified';
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
  valueChangeRupiah: string; // signed
  extraDays: number;
  proposedBy: string;
  proposedMs: number;
  status: 'proposed' | 'approved' | 'cancelled';
  decidedBy: string | null;
  decidedMs: number | null;
}

export interface Signature {
  memberId: string;
  atMs: number;
  height: number;
}

export interface Contract {
  id: string;
  tenderId: string;
  packageId: string;
  rulesetId: string;
  buyerOrg: string;
  supplier: string;
  supplierSize: 'small' | 'non_small';
  ppk: string;
  title: string;
  category: Category;
  type: ContractType;
  multiYear: boolean;
  documentHash: string; // SHA-256 of the signed contract document (off the ledger)
  originalValueRupiah: string;
  valueRupiah: string; // current: original plus approved amendments
  vatRateBp: number; // PPN included in the value (1 100 = 11 %); penalties are computed without it
  advanceBp: number;
  advanceRupiah: string;
  retentionBp: number;
  performanceBondRupiah: string;
  performanceBondBase: 'value' | 'hps' | 'none';
  penaltyPerMillePerDay: number;
  penaltyCapBp: number;
  durationDays: number;
  maintenanceDays: number;
  milestones: Milestone[];
  amendments: Amendment[];
  addedRupiah: string; // sum of value added by approved amendments (Ps 54 cap)
  status: 'draft' | 'active' | 'handover_requested' | 'maintenance' | 'closed' | 'terminated';
  signatures: { ppk: Signature | null; supplier: Signature | null };
  bondReference: string | null;
  advanceGuaranteeReference: string | null;
  startMs: number | null;
  endMs: number | null;
  totals: {
    orders: number;
    orderedGrossRupiah: string; // milestone gross shares ordered so far
    orderedNetRupiah: string; // every order's net amount (advance, milestones, retention release)
    paidRupiah: string;
    advanceRepaidRupiah: string;
    retentionHeldRupiah: string;
    penaltyAssessedRupiah: string;
    penaltyDeductedRupiah: string;
  };
  penaltyCapReached: boolean;
  handover: { requestedMs: number | null; phoMs: number | null; phoBastHash: string | null; maintenanceEndsMs: number | null; fhoMs: number | null; fhoBastHash: string | null };
  termination: { by: string; reason: string; evidenceHashes: string[]; atMs: number; bondClaimRupiah: string; sanctionCaseId: string } | null;
  createdBy: string;
  createdHeight: number;
  createdMs: number;
}

export const contractKeys = {
  contract: (id: string) => key('contract', 'contract', id),
  contractPrefix: () => key('contract', 'contract', ''),
  byTender: (tenderId: string) => key('contract', 'by-tender', tenderId),
};

export class ContractStore {
  constructor(protected readonly s: StateReader) {}
  contract(id: string): Contract | undefined {
    const v = this.s.get(contractKeys.contract(id));
    return v ? decodeRecord<Contract>(v) : undefined;
  }
  contracts(): Contract[] {
    return this.s.scan(contractKeys.contractPrefix()).map(([, v]) => decodeRecord<Contract>(v));
  }
  contractForTender(tenderId: string): string | undefined {
    const v = this.s.get(contractKeys.byTender(tenderId));
    return v ? decodeRecord<string>(v) : undefined;
  }
}

export class ContractWriter extends ContractStore {
  constructor(private readonly w: StateWriter) {
    super(w);
  }
  put(c: Contract): void {
    this.w.set(contractKeys.contract(c.id), encodeRecord(c));
  }
  linkTender(tenderId: string, contractId: string): void {
    this.w.set(contractKeys.byTender(tenderId), encodeRecord(contractId));
  }
}

/** The contract value without VAT: penalties and their cap are computed on it (Ps 79(4)). */
export function withoutVat(valueRupiah: bigint, vatRateBp: number): bigint {
  return (valueRupiah * 10_000n) / BigInt(10_000 + vatRateBp);
}
