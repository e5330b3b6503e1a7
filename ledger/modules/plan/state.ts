/**
 * Plan state: annual procurement plan (RUP) packages.
 *   plan/package/<packageId> → Package
 * Money is a decimal string of rupiah in state (stable type under DAG-CBOR), bigint in code.
 */
import { key, encodeRecord, decodeRecord } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';
import type { Category, Method } from '../../rules/ruleset.js';

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
}
