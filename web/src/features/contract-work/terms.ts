/**
 * The checks the ledger makes on plan packages, contract terms, amendments and payments
 * (ledger/modules/plan/README.md, ledger/modules/contract/README.md, ledger/modules/execution/README.md),
 * made again in the form with the rule-set's own numbers (GET /api/v1/rulesets), so that a person
 * sees what is wrong before signing rather than a refusal after. The ledger stays the judge: a
 * form that passes here can still be refused (budget spent meanwhile, a state that changed), and
 * the refusal is then shown in the person's language.
 *
 * Money is whole rupiah as bigint; shares in basis points (1 % = 100 bp).
 */
import type { Schemas } from '../../lib/api';

export type RuleSet = Schemas['RuleSet'];
export type Category = 'goods' | 'works' | 'consultancy' | 'other';
export const CATEGORIES: readonly Category[] = ['goods', 'works', 'consultancy', 'other'];
export const isCategory = (s: string | null | undefined): s is Category => (CATEGORIES as readonly string[]).includes(s ?? '');

/** A problem to show: an i18n key under contractWork.problem and its values. */
export interface Problem {
  key: string;
  values?: Record<string, string | number>;
}

/** Rupiah × basis points, rounded down, as the ledger computes it (bpOf). */
export const bpOf = (rupiah: bigint, bp: number): bigint => (rupiah * BigInt(bp)) / 10_000n;

/** Whole rupiah typed by a person ("1.250.000", "1250000", "Rp 1.250.000"), or null if it is not one. */
export function parseRupiah(text: string): bigint | null {
  const s = text.replace(/^\s*Rp\s*/i, '').replace(/[.\s\u00a0]/g, '');
  return /^\d{1,19}$/.test(s) ? BigInt(s) : null;
}

/** A signed change of rupiah ("-10.000.000", "+5000000"), or null. */
export function parseRupiahChange(text: string): bigint | null {
  const t = text.trim().replace(/^−/, '-');
  const neg = t.startsWith('-');
  const v = parseRupiah(t.replace(/^[+-]\s*/, ''));
  return v === null ? null : neg ? -v : v;
}

/** A percentage typed with a comma or a dot and at most two decimals ("12,5") as basis points, or null. */
export function parsePercentBp(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** A whole number of days within [min, max], or null. */
export function parseDays(text: string, min: number, max: number): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

// ---------------------------------------------------------------- plan packages

export interface PackageInput {
  category: Category;
  method: string;
  pagu: bigint | null;
  justification: string;
}

/** Why the ledger would refuse this package's method (METHOD_NOT_ALLOWED, JUSTIFICATION_REQUIRED), Ps 38, 41. */
export function packageProblems(rules: RuleSet, p: PackageInput): Problem[] {
  const out: Problem[] = [];
  if (p.pagu === null || p.pagu <= 0n) out.push({ key: 'pagu' });
  if (!rules.methodsFor[p.category].includes(p.method)) out.push({ key: 'methodForCategory', values: { article: rules.articles.methodsFor ?? '' } });
  else if (p.method === 'pengadaan_langsung' && p.pagu !== null && p.pagu > BigInt(rules.pengadaanLangsungMax[p.category])) {
    out.push({ key: 'plMax', values: { max: rules.pengadaanLangsungMax[p.category], article: rules.articles.pengadaanLangsungMax ?? '' } });
  }
  if (p.method === 'penunjukan_langsung' && p.justification.trim().length < 3) out.push({ key: 'justification' });
  return out;
}

// ---------------------------------------------------------------- contract terms

export type SupplierSize = 'small' | 'non_small';
export type AdvanceCapReason = 'multiYear' | 'consultancy' | 'small' | 'nonSmall';

/** The advance cap (Ps 29): 15 % multi-year; else 20 % consultancy; else 30 % for a small supplier, 20 % otherwise. */
export function advanceCap(rules: RuleSet, c: { category: Category; multiYear: boolean; supplierSize: SupplierSize | null }): { bp: number; reason: AdvanceCapReason } {
  if (c.multiYear) return { bp: rules.advanceCapBp.multiYear, reason: 'multiYear' };
  if (c.category === 'consultancy') return { bp: rules.advanceCapBp.consultancy, reason: 'consultancy' };
  // An organization without a size counts as non-small.
  if (c.supplierSize === 'small') return { bp: rules.advanceCapBp.small, reason: 'small' };
  return { bp: rules.advanceCapBp.nonSmall, reason: 'nonSmall' };
}

/**
 * The performance bond the ledger will compute (Ps 33): above Rp200 jt and not e-purchasing, 5 %
 * of the HPS when the awarded price is below 80 % of it, else 5 % of the value; otherwise none.
 */
export function performanceBond(rules: RuleSet, c: { value: bigint; hps: bigint | null; method: string; bidBelowShareOfHps: boolean }): { base: 'none' | 'hps' | 'value'; rupiah: bigint } {
  const bonded = c.value > BigInt(rules.performanceBondAbove) && c.method !== 'e_purchasing';
  if (!bonded) return { base: 'none', rupiah: 0n };
  if (c.bidBelowShareOfHps && c.hps !== null) return { base: 'hps', rupiah: bpOf(c.hps, rules.performanceBondBp) };
  return { base: 'value', rupiah: bpOf(c.value, rules.performanceBondBp) };
}

export type Slot = { kind: 'ppk' } | { kind: 'org'; orgId: string } | { kind: 'apip' };

export interface MilestoneInput {
  id: string;
  title: string;
  shareBp: number | null;
  dueDay: number | null;
  verifiers: Slot[];
}

export interface TermsInput {
  category: Category;
  type: string;
  multiYear: boolean;
  supplier: string;
  supplierSize: SupplierSize | null;
  vatRateBp: number | null;
  advanceBp: number | null;
  durationDays: number | null;
  maintenanceDays: number | null;
  permanentWorks: boolean;
  documentHash: string | null;
  milestones: MilestoneInput[];
}

const ID = /^[A-Za-z0-9:_.-]{1,128}$/;
export const isLedgerId = (s: string) => ID.test(s);

/** Every reason `contract.draft` would refuse these terms (TERMS_INVALID and the schema), in the ledger's order. */
export function termsProblems(rules: RuleSet, t: TermsInput): Problem[] {
  const out: Problem[] = [];
  if (!rules.contractTypesFor[t.category].includes(t.type)) out.push({ key: 'type', values: { article: 'Ps 27' } });
  if (t.vatRateBp === null || t.vatRateBp > 2_000) out.push({ key: 'vat' });
  const cap = advanceCap(rules, t);
  if (t.advanceBp === null) out.push({ key: 'advanceNumber' });
  else if (t.advanceBp > cap.bp) out.push({ key: 'advanceCap', values: { cap: cap.bp / 100, article: rules.articles.advanceCapBp ?? '' } });
  if (t.durationDays === null) out.push({ key: 'duration' });
  if (t.maintenanceDays === null) out.push({ key: 'maintenance' });
  else if (t.category === 'works') {
    const min = t.permanentWorks ? rules.maintenanceMinDays.permanent : rules.maintenanceMinDays.semiPermanent;
    if (t.maintenanceDays < min) out.push({ key: 'maintenanceMin', values: { min, article: rules.articles.maintenanceMinDays ?? '' } });
  }
  if (!t.documentHash) out.push({ key: 'document' });
  const ms = t.milestones;
  if (ms.length < 1 || ms.length > 24) out.push({ key: 'milestoneCount' });
  if (new Set(ms.map((m) => m.id)).size !== ms.length || ms.some((m) => !isLedgerId(m.id))) out.push({ key: 'milestoneIds' });
  if (ms.some((m) => m.title.trim().length < 3)) out.push({ key: 'milestoneTitle' });
  if (ms.some((m) => m.shareBp === null || m.shareBp < 1)) out.push({ key: 'milestoneShare' });
  else {
    const sum = ms.reduce((s, m) => s + (m.shareBp ?? 0), 0);
    if (sum !== 10_000) out.push({ key: 'sharesSum', values: { sum: sum / 100 } });
  }
  if (ms.some((m) => m.dueDay === null)) out.push({ key: 'dueDay' });
  else {
    if (ms.some((m, i) => i > 0 && m.dueDay! <= ms[i - 1]!.dueDay!)) out.push({ key: 'dueOrder' });
    const last = ms[ms.length - 1];
    if (last && t.durationDays !== null && last.dueDay! > t.durationDays) out.push({ key: 'dueWithin' });
  }
  for (const m of ms) {
    if (!m.verifiers.some((s) => s.kind === 'ppk')) out.push({ key: 'ppkSlot', values: { article: 'Ps 11' } });
    if (m.verifiers.some((s) => s.kind === 'org' && s.orgId === t.supplier)) out.push({ key: 'supplierSlot' });
  }
  return dedupe(out);
}

function dedupe(ps: Problem[]): Problem[] {
  const seen = new Set<string>();
  return ps.filter((p) => (seen.has(p.key) ? false : (seen.add(p.key), true)));
}

// ---------------------------------------------------------------- amendments (Ps 54)

export interface AmendmentState {
  originalValue: bigint;
  value: bigint;
  /** Approved increases so far (addedRupiah). */
  added: bigint;
  orderedGross: bigint;
  advance: bigint;
  advanceRepaid: bigint;
  retentionBp: number;
  /** Milestones not yet ordered. */
  openMilestones: number;
}

/** The running total against the 10 % cap: what approved increases used, what this one would add, the room left. */
export function amendmentCap(rules: RuleSet, a: AmendmentState, change: bigint | null) {
  const cap = bpOf(a.originalValue, rules.amendmentCapBp);
  const increase = change !== null && change > 0n ? change : 0n;
  const total = a.added + increase;
  return { cap, used: a.added, total, room: cap - a.added, over: total > cap, capBp: rules.amendmentCapBp };
}

/** Why `contract.propose_amendment` would refuse this change. */
export function amendmentProblems(rules: RuleSet, a: AmendmentState, change: bigint | null, extraDays: number | null, reason: string, documents: number): Problem[] {
  const out: Problem[] = [];
  if (change === null) out.push({ key: 'valueChange' });
  if (extraDays === null) out.push({ key: 'extraDays' });
  if (change === 0n && extraDays === 0) out.push({ key: 'changesNothing' });
  if (reason.trim().length < 3) out.push({ key: 'reason' });
  if (documents < 1) out.push({ key: 'amendmentDocuments', values: { article: 'Ps 54' } });
  if (change !== null) {
    if (amendmentCap(rules, a, change).over) out.push({ key: 'amendmentCap', values: { cap: rules.amendmentCapBp / 100, article: rules.articles.amendmentCapBp ?? '' } });
    const newValue = a.value + change;
    if (newValue < a.orderedGross) out.push({ key: 'belowOrdered' });
    else {
      const left = ((newValue - a.orderedGross) * BigInt(10_000 - a.retentionBp)) / 10_000n;
      if (left < a.advance - a.advanceRepaid + BigInt(a.openMilestones)) out.push({ key: 'advanceUnrepayable' });
    }
  }
  return out;
}

// ---------------------------------------------------------------- payments (SP2D)

export const SP2D_NUMBER = /^[0-9A-Za-z./\- ]{3,60}$/;

/** Why `execution.record_payment` would refuse: the SP2D number's form, an amount that is not positive, or more than is still due (OVERPAYMENT). */
export function paymentProblems(sp2d: string, amount: bigint | null, due: bigint): Problem[] {
  const out: Problem[] = [];
  if (!SP2D_NUMBER.test(sp2d.trim()) || sp2d.trim().length < 3) out.push({ key: 'sp2dNumber' });
  if (amount === null || amount <= 0n) out.push({ key: 'amount' });
  else if (amount > due) out.push({ key: 'overpayment', values: { due: due.toString() } });
  return out;
}
