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
  const biddersPublic = opened.length > 0 || ['evaluation', 'award_pending_pa', 'awarded', 'sppbj'].includes(t.status);
  const tender: Json = {
    id: t.id,
    title: t.title,
    status: tenderStatus(t),
    procuringEntity: buyer,
    value: idr(t.hpsRupiah),
    procurementMethod: METHOD[t.method],
    procurementMethodDetails: METHOD_DETAILS[t.method],
    mainProcurementCategory: CATEGORY[t.category],
    // Who bid is public only once the bids are opened (decision 0007); until then not even how many.
    ...(biddersPublic ? { numberOfTenderers: t.bidders.length, tenderers: t.bidders.map((b) => ({ id: b, name: r.orgNames.get(b) ?? b })) } : {}),
    ...(t.bidDeadlineMs ? { tenderPeriod: { startDate: iso(t.announcedMs!), endDate: iso(t.bidDeadlineMs) } } : {}),
  };
  const parties = [party(t.orgId, ['buyer', 'procuringEntity']), ...(biddersPublic ? t.bidders : []).map((b) => party(b, t.award?.winner === b ? ['tenderer', 'supplier'] : ['tenderer']))];
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

/** How a field merges when releases are compiled (OCDS merging, "Merge rules"): left out, or replaced as a whole list. */
export type MergeRule = 'omitWhenMerged' | 'wholeListMerge';
/** Merge rules by field path, the path's fields joined with dots (`tender.submissionMethod`); other fields merge by default. */
export type MergeRules = ReadonlyMap<string, MergeRule>;

/**
 * The merge rules of the OCDS 1.1.5 release schema, derived as `mergeRulesFromSchema` (and ocdsmerge) derive
 * them; import.test.ts checks this table against the schema in the shared data. Kept here so that the API does
 * not read the reference data at run time.
 */
export const MERGE_RULES_1_1: MergeRules = new Map<string, MergeRule>([
  ['id', 'omitWhenMerged'],
  ['date', 'omitWhenMerged'],
  ['tag', 'omitWhenMerged'],
  ...[
    'parties.additionalIdentifiers', 'parties.roles', 'buyer.additionalIdentifiers', 'relatedProcesses.relationship',
    'tender.additionalProcurementCategories', 'tender.submissionMethod', 'tender.items.additionalClassifications',
    'tender.procuringEntity.additionalIdentifiers', 'tender.tenderers.additionalIdentifiers',
    'tender.amendment.changes', 'tender.amendments.changes',
    'awards.items.additionalClassifications', 'awards.suppliers.additionalIdentifiers', 'awards.amendment.changes', 'awards.amendments.changes',
    'contracts.items.additionalClassifications', 'contracts.relatedProcesses.relationship', 'contracts.amendment.changes', 'contracts.amendments.changes',
    'contracts.implementation.transactions.payer.additionalIdentifiers', 'contracts.implementation.transactions.payee.additionalIdentifiers',
  ].map((p): [string, MergeRule] => [p, 'wholeListMerge']),
]);

/**
 * OCDS 1.0 releases: in 1.0 an organization (`tender.tenderers`, `awards.suppliers`) had no `id`, so those arrays
 * merge as whole lists, as the merging rules derive for arrays of objects without `id`. The 1.0 schema is not in the
 * shared data; ocdskit's Mexico City fixtures (OCDS 1.0, compiled by ocdskit) are reproduced exactly with these rules.
 */
export const MERGE_RULES_1_0: MergeRules = new Map<string, MergeRule>([...MERGE_RULES_1_1, ['tender.tenderers', 'wholeListMerge'], ['awards.suppliers', 'wholeListMerge']]);

/** The merge rules for a package's `version` (absent means 1.0, as OCDS says). */
export function mergeRulesFor(version: unknown): MergeRules {
  return version === undefined || version === '1.0' ? MERGE_RULES_1_0 : MERGE_RULES_1_1;
}

/**
 * The merge rules a release schema implies (OCDS 1.1 "Merging"; local `$ref`s are followed): `omitWhenMerged`
 * (or 1.0's `"mergeStrategy": "ocdsOmit"`) leaves a field out; `wholeListMerge` (or `"ocdsVersion"`) on an array,
 * an array of non-objects, or an array of objects without an `id` property, replaces the list as a whole.
 */
export function mergeRulesFromSchema(schema: Json): Map<string, MergeRule> {
  const rules = new Map<string, MergeRule>();
  const definitions = (isObject(schema.definitions) ? schema.definitions : {}) as Record<string, Json>;
  const resolve = (s: unknown): Json => {
    if (!isObject(s)) return {};
    const ref = s.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) return resolve(definitions[ref.slice('#/definitions/'.length)]);
    return s;
  };
  const types = (s: Json): string[] => (typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : []);
  const walk = (properties: unknown, path: string[]) => {
    if (!isObject(properties)) return;
    for (const [key, raw] of Object.entries(properties)) {
      const field = resolve(raw);
      const here = [...path, key];
      const t = types(field);
      if (field.omitWhenMerged === true || field.mergeStrategy === 'ocdsOmit') rules.set(here.join('.'), 'omitWhenMerged');
      else if (t.includes('array') && (field.wholeListMerge === true || field.mergeStrategy === 'ocdsVersion')) rules.set(here.join('.'), 'wholeListMerge');
      else if (t.includes('object') && isObject(field.properties)) walk(field.properties, here);
      else if (t.includes('array') && 'items' in field) {
        const items = resolve(field.items);
        const itemTypes = types(items);
        if (itemTypes.some((x) => x !== 'object')) rules.set(here.join('.'), 'wholeListMerge');
        else if (itemTypes.includes('object') && isObject(items.properties)) {
          if (!('id' in items.properties)) rules.set(here.join('.'), 'wholeListMerge');
          else walk(items.properties, here);
        }
      }
    }
  };
  walk(schema.properties, []);
  return rules;
}

/**
 * The compiled release: the releases merged oldest first (by `date`, compared as text, ties in the given order) by
 * the OCDS merging rules, as ocdsmerge (and so `ocdskit compile`) does it:
 * - every field is a path; a later release's value at a path replaces the earlier one, paths it does not mention keep
 *   their value, and `null` removes a value (its parent objects stay, possibly empty);
 * - arrays of objects merge item by item on `id` (compared as text, so 1 and "1" are one item), items without `id`
 *   are never merged; arrays of other values, and `wholeListMerge` fields, are replaced whole, nulls included;
 *   empty objects and arrays of objects say nothing;
 * - `omitWhenMerged` fields (`id`, `date`, `tag`) are left out; the compiled release is tagged `compiled`, dated by
 *   the newest release, with the id `<ocid>-<date>`.
 * Throws when releases disagree on a field's type (an object in one, an array in another), as ocdsmerge does.
 */
export function compileReleases(releases: Json[], rules: MergeRules = MERGE_RULES_1_1): Json {
  const sorted = releases.length === 1 ? releases : [...releases].sort((a, b) => compareDates(a.date, b.date));
  const flat = new Map<string, FlatEntry>([['["tag"]', { path: ['tag'], value: ['compiled'] }]]);
  const put = (key: string, path: PathPart[], value: unknown) => {
    const had = flat.get(key);
    // Like a dict update: a path seen before keeps its place and its first form (the `id` value first seen).
    if (had) had.value = value;
    else flat.set(key, { path, value });
  };
  let uniq = 0;
  for (const release of sorted) {
    put('["id"]', ['id'], `${pyStr(release.ocid)}-${pyStr(release.date)}`);
    put('["date"]', ['date'], release.date ?? null);
    // OCDS 1.0 said `ocid` was to be omitted when merging; every compiled release has one all the same.
    put('["ocid"]', ['ocid'], release.ocid ?? null);
    const { tag: _tag, ...rest } = release;
    flatten(rest, [], [], '', rules, put, () => `\u0000${uniq++}`);
  }
  return unflatten(flat);
}

/** A step of a flattened path: an object's key, or an array item known by its `id`. */
type PathPart = string | { identity: string; id: unknown; hasId: boolean };
interface FlatEntry { path: PathPart[]; value: unknown }

function compareDates(a: unknown, b: unknown): number {
  if (typeof a !== 'string' || typeof b !== 'string') throw new Error('every release needs a `date` string to be compiled');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A value as Python's `str()` writes it, for the compiled id and for comparing `id` values as ocdsmerge does. */
function pyStr(v: unknown): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
}

function flatten(obj: Json | unknown[], path: PathPart[], rulePath: string[], key: string, rules: MergeRules, put: (key: string, path: PathPart[], value: unknown) => void, fresh: () => string): void {
  const entries: Array<[PathPart, unknown, string[]]> = Array.isArray(obj)
    ? obj.map((item): [PathPart, unknown, string[]] => {
        const hasId = isObject(item) && 'id' in item;
        return [{ identity: hasId ? pyStr(item.id) : fresh(), id: hasId ? item.id : null, hasId }, item, rulePath];
      })
    : Object.entries(obj).map(([k, v]): [PathPart, unknown, string[]] => [k, v, [...rulePath, k]]);
  for (const [part, value, rp] of entries) {
    const rule = rules.get(rp.join('.'));
    if (rule === 'omitWhenMerged') continue;
    const here = [...path, part];
    const hereKey = `${key}${key ? ',' : '['}${JSON.stringify(typeof part === 'string' ? part : ['#', part.identity])}`;
    if (rule === 'wholeListMerge' || typeof value !== 'object' || value === null || (Array.isArray(value) && value.some((x) => !isObject(x)))) {
      put(`${hereKey}]`, here, value);
    } else if (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0) {
      flatten(value as Json | unknown[], here, rp, hereKey, rules, put, fresh);
    }
  }
}

function unflatten(flat: Map<string, FlatEntry>): Json {
  const root: Json = {};
  // Array items by their array's path and their `id` as it was written (1 and "1" are told apart here, as in ocdsmerge).
  const items = new Map<string, Json>();
  for (const { path, value } of flat.values()) {
    let node: unknown = root;
    let prefix = '';
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      if (typeof part !== 'string') {
        const itemKey = `${prefix}|${typeof part.id}:${part.identity}`;
        let item = items.get(itemKey);
        if (!item) {
          item = part.hasId && part.id !== null ? { id: part.id } : {};
          if (!Array.isArray(node)) throw new Error(`an earlier release had an object at /${pathText(path.slice(0, i))}, a later one an array`);
          node.push(item);
          items.set(itemKey, item);
        }
        node = item;
        prefix += `|#${part.identity}`;
        continue;
      }
      if (!isObject(node)) throw new Error(`an earlier release had a value at /${pathText(path.slice(0, i))}, a later one an object with "${part}"`);
      prefix += `|${JSON.stringify(part)}`;
      if (Object.hasOwn(node, part)) node = node[part];
      else if (i < path.length - 1) node = setOwn(node, part, typeof path[i + 1] === 'string' ? {} : []);
      else if (value !== null) setOwn(node, part, value);
    }
  }
  return root;
}

/** Sets a field as JSON.parse would, `__proto__` included. */
function setOwn<T>(obj: Json, key: string, value: T): T {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

function pathText(path: PathPart[]): string {
  return path.map((p) => (typeof p === 'string' ? p : p.identity)).join('/');
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
