/**
 * OCDS 1.1 releases for one procurement process, from the ledger's records (first slice of the
 * OCDS publication in the API issue): one release per stage that the process has reached —
 * planning (the RUP package), tender, award, contract, implementation — each tagged for its
 * stage, and a release package around them. Bids appear only once opened (bids extension).
 *
 * Money is IDR as a number: OCDS amounts are JSON numbers; rupiah values up to 2^53 are exact.
 */
import type { Package } from '../../ledger/modules/plan/state.js';
import type { Bid, Tender } from '../../ledger/modules/tender/state.js';
import type { Contract } from '../../ledger/modules/contract/state.js';
import type { Payment, PaymentOrder } from '../../ledger/modules/execution/orders.js';

export const BIDS_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';

export interface ProcessRecords {
  pkg: Package;
  tender: Tender | null;
  bids: Bid[];
  contract: Contract | null;
  orders: PaymentOrder[];
  payments: Payment[];
  orgNames: Map<string, string>;
}

export interface Publication {
  /** A registered OCDS prefix, e.g. "ocds-abc123"; the ocid is `<prefix>-<package id>`. */
  ocidPrefix: string;
  publisher: { name: string; uri?: string };
  /** Base URI of the published packages. */
  baseUri: string;
}

type Json = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString();
const idr = (rupiah: string) => ({ amount: Number(rupiah), currency: 'IDR' });

const METHOD: Record<Package['method'], 'open' | 'selective' | 'limited' | 'direct'> = {
  tender: 'open',
  tender_cepat: 'open',
  seleksi: 'selective',
  pengadaan_langsung: 'direct',
  penunjukan_langsung: 'limited',
  e_purchasing: 'direct',
};
const METHOD_DETAILS: Record<Package['method'], string> = {
  tender: 'Tender',
  tender_cepat: 'Tender Cepat',
  seleksi: 'Seleksi',
  pengadaan_langsung: 'Pengadaan Langsung',
  penunjukan_langsung: 'Penunjukan Langsung',
  e_purchasing: 'E-purchasing',
};
const CATEGORY: Record<Package['category'], 'goods' | 'works' | 'services'> = { goods: 'goods', works: 'works', consultancy: 'services', other: 'services' };

function tenderStatus(t: Tender): string {
  if (t.status === 'failed') return 'unsuccessful';
  if (t.status === 'draft') return 'planned';
  if (t.status === 'sppbj') return 'complete';
  return 'active';
}

/** OCDS `terminated` means the contract was once in force and has closed, completed or not. */
function contractStatus(c: Contract): string {
  if (c.status === 'draft') return 'pending';
  if (c.status === 'closed' || c.status === 'terminated') return 'terminated';
  return 'active';
}

/** The releases of one process, oldest stage first. */
export function processReleases(r: ProcessRecords, pub: Publication): Json[] {
  const ocid = `${pub.ocidPrefix}-${r.pkg.id}`;
  const party = (orgId: string, roles: string[]) => ({ id: orgId, name: r.orgNames.get(orgId) ?? orgId, roles });
  const buyer = { id: r.pkg.orgId, name: r.orgNames.get(r.pkg.orgId) ?? r.pkg.orgId };
  const base = (stage: string, tag: string[], atMs: number, height: number): Json => ({ ocid, id: `${ocid}-${stage}-${height}`, date: iso(atMs), tag, initiationType: 'tender', language: 'id', buyer });
  const planning = {
    ...(r.pkg.justification ? { rationale: r.pkg.justification } : {}),
    budget: { id: r.pkg.budgetLine, description: `${r.pkg.workUnit}, tahun anggaran ${r.pkg.fiscalYear}`, amount: idr(r.pkg.paguRupiah) },
  };
  const releases: Json[] = [{ ...base('planning', ['planning'], r.pkg.publishedTimeMs ?? 0, r.pkg.publishedHeight ?? r.pkg.createdHeight), parties: [party(r.pkg.orgId, ['buyer', 'procuringEntity'])], planning }];
  const t = r.tender;
  if (!t) return releases;
  const opened = r.bids.filter((b) => b.status !== 'sealed');
  const tender: Json = {
    id: t.id,
    title: t.title,
    status: tenderStatus(t),
    procuringEntity: buyer,
    value: idr(t.hpsRupiah),
    procurementMethod: METHOD[t.method],
    procurementMethodDetails: METHOD_DETAILS[t.method],
    mainProcurementCategory: CATEGORY[t.category],
    numberOfTenderers: t.bidders.length,
    tenderers: t.bidders.map((b) => ({ id: b, name: r.orgNames.get(b) ?? b })),
    ...(t.bidDeadlineMs ? { tenderPeriod: { startDate: iso(t.announcedMs!), endDate: iso(t.bidDeadlineMs) } } : {}),
  };
  const parties = [party(t.orgId, ['buyer', 'procuringEntity']), ...t.bidders.map((b) => party(b, t.award?.winner === b ? ['tenderer', 'supplier'] : ['tenderer']))];
  const tenderRelease: Json = { ...base('tender', ['tender'], t.announcedMs ?? t.createdMs, t.createdHeight), parties, planning, tender };
  // Bids are public facts only once opened; a sealed bid shows nothing but that it was made.
  if (opened.length) {
    tenderRelease.bids = {
      details: opened.map((b) => ({
        id: `${t.id}-${b.bidder}`,
        date: iso(b.submittedMs),
        status: b.status === 'opened' ? 'valid' : 'disqualified',
        tenderers: [{ id: b.bidder, name: r.orgNames.get(b.bidder) ?? b.bidder }],
        ...(b.content ? { value: idr(b.content.priceRupiah) } : {}),
      })),
    };
  }
  releases.push(tenderRelease);
  if (!t.award) return releases;
  const award = { id: `${t.id}-award`, status: t.status === 'sppbj' || t.status === 'awarded' ? 'active' : 'pending', date: iso(t.award.atMs), value: idr(t.award.priceRupiah), suppliers: [{ id: t.award.winner, name: r.orgNames.get(t.award.winner) ?? t.award.winner }] };
  releases.push({ ...base('award', ['award'], t.award.atMs, t.award.height), parties, tender, awards: [award] });
  const c = r.contract;
  if (!c) return releases;
  const contract: Json = {
    id: c.id,
    awardID: award.id,
    title: c.title,
    status: contractStatus(c),
    value: idr(c.valueRupiah),
    ...(c.startMs ? { dateSigned: iso(c.startMs), period: { startDate: iso(c.startMs), endDate: iso(c.endMs!) } } : {}),
    milestones: c.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      type: 'delivery',
      ...(m.dueMs ? { dueDate: iso(m.dueMs) } : {}),
      status: m.status === 'verified' ? 'met' : 'scheduled',
      ...(m.status === 'verified' && m.claimedMs ? { dateMet: iso(m.claimedMs) } : {}),
    })),
  };
  // OCDS omits empty arrays.
  const amendments = c.amendments.filter((a) => a.status === 'approved').map((a) => ({ id: a.id, date: iso(a.decidedMs!), rationale: a.reason, description: `Perubahan nilai ${a.valueChangeRupiah} rupiah, tambahan waktu ${a.extraDays} hari` }));
  if (amendments.length) contract.amendments = amendments;
  releases.push({ ...base('contract', ['contract'], c.createdMs, c.createdHeight), parties, awards: [award], contracts: [contract] });
  if (r.payments.length) {
    const payer = { id: c.buyerOrg, name: r.orgNames.get(c.buyerOrg) ?? c.buyerOrg };
    const payee = { id: c.supplier, name: r.orgNames.get(c.supplier) ?? c.supplier };
    const implementation = {
      // The SP2D number identifies a payment in the treasury's books; it is unique per contract.
      transactions: r.payments.map((p) => ({ id: p.sp2dNumber, date: iso(p.atMs), value: idr(p.amountRupiah), payer, payee })),
    };
    const last = r.payments[r.payments.length - 1]!;
    releases.push({ ...base('implementation', ['implementation'], last.atMs, last.height), parties, contracts: [{ ...contract, implementation }] });
  }
  return releases;
}

/** A release package (OCDS 1.1) around releases. */
export function releasePackage(releases: Json[], pub: Publication, publishedMs: number, name: string): Json {
  const usesBids = releases.some((r) => 'bids' in r);
  return {
    uri: `${pub.baseUri}/${name}.json`,
    version: '1.1',
    ...(usesBids ? { extensions: [BIDS_EXTENSION] } : {}),
    publishedDate: iso(publishedMs),
    publisher: pub.publisher,
    releases,
  };
}

/**
 * The compiled release: the releases merged oldest first by the OCDS merging rules (objects merge
 * field by field, a later value replaces an earlier one, arrays of objects with `id` merge item by
 * item on `id`, other arrays are replaced), tagged `compiled`, dated by the newest release.
 */
export function compileReleases(releases: Json[]): Json {
  const sorted = [...releases].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  let compiled: Json = {};
  for (const r of sorted) compiled = merge(compiled, r) as Json;
  const last = sorted[sorted.length - 1] ?? {};
  return { ...compiled, id: `${String(last.ocid)}-${String(last.date)}`, tag: ['compiled'] };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(earlier: unknown, later: unknown): unknown {
  if (later === undefined) return earlier;
  if (isObject(earlier) && isObject(later)) {
    const out: Json = { ...earlier };
    for (const [k, v] of Object.entries(later)) out[k] = merge(earlier[k], v);
    return out;
  }
  const identified = (a: unknown): a is Json[] => Array.isArray(a) && a.length > 0 && a.every((x) => isObject(x) && 'id' in x);
  if (identified(later) && (earlier === undefined || identified(earlier))) {
    const byId = new Map<string, unknown>((earlier ?? []).map((x) => [String(x.id), x]));
    for (const item of later) byId.set(String(item.id), merge(byId.get(String(item.id)), item));
    return [...byId.values()];
  }
  return later;
}

/** A record package (OCDS 1.1): the process's releases (embedded) and its compiled release. */
export function recordPackage(releases: Json[], pub: Publication, publishedMs: number, name: string): Json {
  const ocid = String(releases[0]?.ocid ?? '');
  return {
    uri: `${pub.baseUri}/${name}-record.json`,
    version: '1.1',
    ...(releases.some((r) => 'bids' in r) ? { extensions: [BIDS_EXTENSION] } : {}),
    publishedDate: iso(publishedMs),
    publisher: pub.publisher,
    records: [{ ocid, releases, compiledRelease: compileReleases(releases) }],
  };
}
