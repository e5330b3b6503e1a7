/**
 * Sanction state: blacklist cases and the blacklist itself.
 *   sanction/case/<caseId>       → Case
 *   sanction/blacklist/<orgId>   → Listing (the supplier's current listing; the longest wins)
 */
import { decodeRecord, encodeRecord, key } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';

export const GROUNDS = ['fraud', 'withdrawal', 'non_performance'] as const;
export type Ground = (typeof GROUNDS)[number];

export interface Case {
  id: string;
  supplier: string; // org id
  ground: Ground;
  reason: string;
  evidenceHashes: string[];
  tenderId: string | null;
  contractId: string | null;
  proposedBy: string; // member id (for a termination: the PPK who terminated)
  buyerOrg: string; // whose PA/KPA decides
  proposedMs: number;
  status: 'proposed' | 'listed' | 'declined';
  decidedBy: string | null;
  decisionReason: string | null;
  decidedMs: number | null;
  listedUntilMs: number | null;
}

export interface Listing {
  supplier: string;
  caseId: string;
  ground: Ground;
  fromMs: number;
  untilMs: number;
}

export const sanctionKeys = {
  case: (id: string) => key('sanction', 'case', id),
  casePrefix: () => key('sanction', 'case', ''),
  listing: (org: string) => key('sanction', 'blacklist', org),
  listingPrefix: () => key('sanction', 'blacklist', ''),
};

export class SanctionStore {
  constructor(protected readonly s: StateReader) {}
  case(id: string): Case | undefined {
    const v = this.s.get(sanctionKeys.case(id));
    return v ? decodeRecord<Case>(v) : undefined;
  }
  cases(): Case[] {
    return this.s.scan(sanctionKeys.casePrefix()).map(([, v]) => decodeRecord<Case>(v));
  }
  listing(org: string): Listing | undefined {
    const v = this.s.get(sanctionKeys.listing(org));
    return v ? decodeRecord<Listing>(v) : undefined;
  }
  listings(): Listing[] {
    return this.s.scan(sanctionKeys.listingPrefix()).map(([, v]) => decodeRecord<Listing>(v));
  }
  /** The listing that bars `org` at ledger time `nowMs`, if any. */
  barring(org: string, nowMs: number): Listing | undefined {
    const l = this.listing(org);
    return l && l.fromMs <= nowMs && nowMs < l.untilMs ? l : undefined;
  }
}

export class SanctionWriter extends SanctionStore {
  constructor(private readonly w: StateWriter) {
    super(w);
  }
  putCase(c: Case): void {
    this.w.set(sanctionKeys.case(c.id), encodeRecord(c));
  }
  putListing(l: Listing): void {
    this.w.set(sanctionKeys.listing(l.supplier), encodeRecord(l));
  }
}
