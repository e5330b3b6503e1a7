/**
 * Plan state: annual procurement plan (RUP) packages.
 *   plan/package/<packageId> → Package
 * Money is a decimal string of rupiah in state (stable type under DAG-CBOR), bigint in code.
 */
import { key, encodeRecord, decodeRecord } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';
import { formatRupiah, type Category, type Method } from '../../rules/ruleset.js';
import { fail } from '../../codes.js';

export interface Package {
  id: string;
  orgId: string; // the buying organization (K/L/PD)
  workUnit: string; // satuan kerja, e.g. "Dinas Pekerjaan Umum"
  title: string;
  fiscalYear: number;
  category: Category;
  method: Method;
  budgetLine: string; // kode rekening / mata anggaran
  paguRupiah: string; // budget ceiling
  committedRupiah: string; // reserved by signed contracts (the contract program adds to it)
  selectionId: string | null; // the tender (or direct procurement / order) now running for it
  justification: string | null; // required for penunjukan_langsung
  rulesetId: string;
  status: 'draft' | 'published' | 'cancelled';
  createdBy: string;
  createdHeight: number;
  publishedHeight: number | null;
  publishedTimeMs: number | null;
  cancelReason: string | null;
}

export const planKeys = {
  pkg: (id: string) => key('plan', 'package', id),
  prefix: () => key('plan', 'package', ''),
};

export class PlanStore {
  constructor(protected readonly s: StateReader) {}
  pkg(id: string): Package | undefined {
    const v = this.s.get(planKeys.pkg(id));
    return v ? decodeRecord<Package>(v) : undefined;
  }
  all(): Package[] {
    return this.s.scan(planKeys.prefix()).map(([, v]) => decodeRecord<Package>(v));
  }
  /** Budget not yet reserved by contracts, or undefined for an unknown package. */
  remainingRupiah(id: string): bigint | undefined {
    const p = this.pkg(id);
    return p ? BigInt(p.paguRupiah) - BigInt(p.committedRupiah) : undefined;
  }
}

export class PlanWriter extends PlanStore {
  constructor(private readonly w: StateWriter) {
    super(w);
  }
  put(p: Package): void {
    this.w.set(planKeys.pkg(p.id), encodeRecord(p));
  }
  /** Reserves (positive) or releases (negative) part of the budget; refuses to go past the pagu. */
  commit(id: string, delta: bigint): Package {
    const p = this.pkg(id);
    if (!p) throw new Error(`invariant: package ${id} vanished`);
    const committed = BigInt(p.committedRupiah) + delta;
    if (committed > BigInt(p.paguRupiah)) fail('BUDGET_EXCEEDED', `package ${id}: pagu ${formatRupiah(BigInt(p.paguRupiah))}, already reserved ${formatRupiah(BigInt(p.committedRupiah))}, asked ${formatRupiah(delta)}`);
    if (committed < 0n) throw new Error(`invariant: package ${id} would reserve less than nothing`);
    p.committedRupiah = committed.toString();
    this.put(p);
    return p;
  }
}
