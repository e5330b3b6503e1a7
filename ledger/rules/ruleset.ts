/**
 * The procurement rule-set: every number the contract programs enforce, with the article it
 * comes from (Perpres 16/2018 as amended by Perpres 12/2021 and 46/2025; see
 * ../shared/domain/PROCUREMENT-RULES.md). A process records the rule-set id it was created under
 * and keeps it: a new amendment of the law is a new rule-set, not an edit of this one.
 *
 * Money is rupiah as bigint; shares are in basis points (1 % = 100 bp) or per mille per day.
 */
export type Category = 'goods' | 'works' | 'consultancy' | 'other';
export const CATEGORIES: readonly Category[] = ['goods', 'works', 'consultancy', 'other'];

export type Method = 'tender' | 'tender_cepat' | 'seleksi' | 'pengadaan_langsung' | 'penunjukan_langsung' | 'e_purchasing';
export const METHODS: readonly Method[] = ['tender', 'tender_cepat', 'seleksi', 'pengadaan_langsung', 'penunjukan_langsung', 'e_purchasing'];

const jt = (n: number) => BigInt(n) * 1_000_000n; // juta
const M = (n: number) => BigInt(n) * 1_000_000_000n; // miliar

export interface RuleSet {
  readonly id: string;
  readonly title: string;
  /** Highest value for Pengadaan Langsung, by category (Ps 38(3), 41(3); works raised by 46/2025). */
  readonly pengadaanLangsungMax: Readonly<Record<Category, bigint>>;
  /** Above this pagu the PA, not the Pokja, names the winner (Ps 9(1)h, 13). */
  readonly paAwardsAbove: Readonly<Record<Category, bigint>>;
  /** Methods allowed per category (Ps 38, 41). */
  readonly methodsFor: Readonly<Record<Category, readonly Method[]>>;
  /** Packages up to this value are reserved for small businesses (Ps 65, 12/2021). */
  readonly smallBusinessReserveMax: bigint;
  /** Advance caps in basis points (Ps 29). */
  readonly advanceCapBp: { readonly small: number; readonly nonSmall: number; readonly consultancy: number; readonly multiYear: number };
  /** Retention held from each payment, basis points (Ps 53). */
  readonly retentionBp: number;
  /** Performance bond, basis points of value (or of HPS when the bid is below the low-bid share) (Ps 33). */
  readonly performanceBondBp: number;
  readonly performanceBondLowBidShareBp: number;
  readonly performanceBondAbove: bigint;
  /** Late penalty per day, per mille of the (late part of the) value excluding VAT (Ps 79(4)). */
  readonly latePenaltyPerMillePerDay: number;
  /** Cap on accumulated penalties, basis points of value [?: common conditions]. */
  readonly latePenaltyCapBp: number;
  /** Cap on the sum of amendments' added value, basis points of the original price (Ps 54). */
  readonly amendmentCapBp: number;
  /** Objection windows in days (Ps 50): sanggah, its answer, sanggah banding, its decision. */
  readonly sanggahDays: number;
  readonly sanggahAnswerDays: number;
  readonly bandingDays: number;
  readonly bandingDecisionDays: number;
  /** Pokja: odd, at least this many members (Ps 13). */
  readonly pokjaMinMembers: number;
  /** Blacklist lengths in days (Ps 78). */
  readonly blacklistDays: { readonly fraud: number; readonly withdrawal: number; readonly nonPerformance: number };
  /** Domestic preference (Ps 66-67): for bids above `aboveRupiah` with TKDN ≥ `minTkdnBp`, HEA = (1 − TKDN × preference) × corrected price. */
  readonly domesticPreference: { readonly aboveRupiah: bigint; readonly minTkdnBp: number; readonly preferenceBp: number };
  /** Construction maintenance period minimum in days (Ps 57-58): permanent and semi-permanent works. */
  readonly maintenanceMinDays: { readonly permanent: number; readonly semiPermanent: number };
  /** Pejabat Pengadaan may conclude direct procurement and e-purchasing up to these values (Ps 12). */
  readonly pejabatPengadaanMax: Readonly<Record<Category, bigint>>;
  /** Sealed-bid opening: key shares held by officers of at least this many institutions (architecture decision 8). */
  readonly openingMinInstitutions: number;
  /** Days after the bid deadline in which every opening officer is expected to reveal; after it, the Pokja may close the opening with the threshold met. */
  readonly openingGraceDays: number;
  /** Article references for each rule above, shown to people next to the rule. */
  readonly articles: Readonly<Record<string, string>>;
}

const NON_CONSULTANCY: readonly Method[] = ['tender', 'tender_cepat', 'pengadaan_langsung', 'penunjukan_langsung', 'e_purchasing'];

export const PERPRES_16_2018_AS_AMENDED_2025: RuleSet = {
  id: 'perpres16-2018+12-2021+46-2025/v1',
  title: 'Perpres 16/2018 jo. Perpres 12/2021 jo. Perpres 46/2025',
  pengadaanLangsungMax: { goods: jt(200), works: jt(400), consultancy: jt(100), other: jt(200) },
  paAwardsAbove: { goods: M(100), works: M(100), consultancy: M(10), other: M(100) },
  methodsFor: {
    goods: NON_CONSULTANCY,
    works: ['tender', 'tender_cepat', 'pengadaan_langsung', 'penunjukan_langsung'],
    consultancy: ['seleksi', 'pengadaan_langsung', 'penunjukan_langsung'],
    other: NON_CONSULTANCY,
  },
  smallBusinessReserveMax: M(15),
  advanceCapBp: { small: 3000, nonSmall: 2000, consultancy: 2000, multiYear: 1500 },
  retentionBp: 500,
  performanceBondBp: 500,
  performanceBondLowBidShareBp: 8000,
  performanceBondAbove: jt(200),
  latePenaltyPerMillePerDay: 1,
  latePenaltyCapBp: 500,
  amendmentCapBp: 1000,
  sanggahDays: 5,
  sanggahAnswerDays: 3,
  bandingDays: 5,
  bandingDecisionDays: 14,
  pokjaMinMembers: 3,
  blacklistDays: { fraud: 730, withdrawal: 365, nonPerformance: 365 },
  domesticPreference: { aboveRupiah: M(1), minTkdnBp: 2500, preferenceBp: 2500 },
  maintenanceMinDays: { permanent: 180, semiPermanent: 90 },
  pejabatPengadaanMax: { goods: jt(200), works: jt(400), consultancy: jt(100), other: jt(200) },
  openingMinInstitutions: 2,
  openingGraceDays: 2,
  articles: {
    pengadaanLangsungMax: 'Ps 38(3), 41(3); Perpres 46/2025 (konstruksi Rp400 jt)',
    paAwardsAbove: 'Ps 9(1)h, 13',
    methodsFor: 'Ps 38, 41',
    smallBusinessReserveMax: 'Ps 65; Perpres 12/2021',
    advanceCapBp: 'Ps 29',
    retentionBp: 'Ps 53',
    performanceBondBp: 'Ps 33',
    latePenaltyPerMillePerDay: 'Ps 79(4)-(5)',
    latePenaltyCapBp: 'syarat umum kontrak (jaminan pelaksanaan 5 %)',
    amendmentCapBp: 'Ps 54',
    sanggahDays: 'Ps 50',
    pokjaMinMembers: 'Ps 13',
    blacklistDays: 'Ps 78',
    domesticPreference: 'Ps 66-67',
    maintenanceMinDays: 'Ps 57-58',
    pejabatPengadaanMax: 'Ps 12; Perpres 46/2025 (konstruksi)',
    openingMinInstitutions: 'arsitektur, keputusan 8',
    openingGraceDays: 'keputusan 0006 (bukan angka Perpres)',
    performanceBondLowBidShareBp: 'Ps 33',
  },
};

export const RULESETS: ReadonlyMap<string, RuleSet> = new Map([[PERPRES_16_2018_AS_AMENDED_2025.id, PERPRES_16_2018_AS_AMENDED_2025]]);

/** The rule-set new processes are created under. */
export const CURRENT_RULESET: RuleSet = PERPRES_16_2018_AS_AMENDED_2025;

/**
 * Why `method` may not be used for a `category` package worth `pagu`, or undefined if it may.
 * Consultancy above the Pengadaan Langsung limit needs Seleksi; other categories above it need a
 * tender (or e-purchasing / a justified direct appointment).
 */
export function methodProblem(rules: RuleSet, category: Category, method: Method, pagu: bigint): string | undefined {
  if (!rules.methodsFor[category].includes(method)) return `${method} is not a method for ${category} (${rules.articles.methodsFor})`;
  if (method === 'pengadaan_langsung' && pagu > rules.pengadaanLangsungMax[category]) {
    return `Pengadaan Langsung for ${category} is allowed up to ${formatRupiah(rules.pengadaanLangsungMax[category])} (${rules.articles.pengadaanLangsungMax})`;
  }
  return undefined;
}

/** Rupiah × basis points, rounded down (money never becomes a float). */
export function bpOf(v: bigint, bp: number): bigint {
  return (v * BigInt(bp)) / 10_000n;
}

/** "Rp8.600.000.000" — the Indonesian grouping, without locale data (same text on every node). */
export function formatRupiah(v: bigint): string {
  const digits = (v < 0n ? -v : v).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${v < 0n ? '-' : ''}Rp${grouped}`;
}
