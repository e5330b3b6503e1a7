/**
 * Importing procurement processes published elsewhere (the integration layer of the API issue): OCDS files of
 * other publishers become `ExternalProcess`es, a neutral shape that the read models and the web can show next to
 * our own processes, with the source releases kept so that a process can be re-exported and re-compiled.
 *
 * `importOcdsFile` reads a release package, a record package, a single release, or line-delimited releases or
 * packages (one JSON value a line). Nothing in a file makes it throw: a release that cannot be used is skipped
 * with its reason, and a field that cannot be read (an invalid date, an amount that is not a number) is left out
 * of the neutral fields with a note; the releases themselves are kept as published.
 *
 * Amounts are decimal strings exactly as the file wrote them, even where a JavaScript number would round.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileReleases, mergeRulesFor, MERGE_RULES_1_1, type MergeRules } from './releases.js';

type Json = Record<string, unknown>;

/** One procurement process from an outside source, in the fields every source can fill. */
export interface ExternalProcess {
  /** Where it came from: `ocds:<dataset>` (the file's folder name up to its first `_`), `spse:<lpse>-<year>`. */
  source: string;
  /** The OCDS ocid, or `spse-<kd_tender>` for SPSE. */
  ocid: string;
  title: string;
  description?: string;
  buyer: { id?: string; name: string };
  /** OCDS `method` codelist (open, selective, limited, direct), when the source's value is one. */
  method?: string;
  /** The source's own name for the method. */
  methodDetails?: string;
  /** OCDS `procurementCategory` codelist (goods, works, services), when the source's value is one. */
  category?: string;
  status: ProcessStatus;
  /** Currency of `valueAmount` (ISO 4217); `XXX` (no currency) when the source names no money at all. */
  currency: string;
  /** The tender's estimated value (OCDS `tender.value`; HPS for SPSE), a decimal string. */
  valueAmount?: string;
  tenderStart?: string;
  tenderEnd?: string;
  /** The awarded suppliers. */
  suppliers: Array<{ id?: string; name: string }>;
  awards: Array<{ id: string; supplierNames: string[]; amount?: string; currency?: string; date?: string }>;
  contracts: Array<{ id: string; awardId?: string; title?: string; amount?: string; currency?: string; signed?: string; status?: string }>;
  /** The OCDS releases of the process as imported (for SPSE: as we built them, OCDS 1.1). */
  releases: object[];
  /** The releases compiled by `compileReleases`. */
  compiledRelease: object;
}

export type ProcessStatus = 'planning' | 'active' | 'complete' | 'cancelled' | 'unsuccessful' | 'unknown';

export interface ImportReport {
  source: string;
  /** Items read: releases of a release package, records of a record package, lines of a line-delimited file. */
  read: number;
  /** Items that went into a process (several releases of one ocid make one process). */
  imported: number;
  /** Items that did not, and why. `read` = `imported` + `skipped.length`. */
  skipped: Array<{ ref: string; reason: string }>;
  /** Values left out of the neutral fields of an imported process (the releases keep them as published). */
  notes: Array<{ ref: string; note: string }>;
}

/** Reads one OCDS file. `onProgress` is told after each process is built. */
export function importOcdsFile(filePath: string, onProgress?: (done: number, total: number) => void): { processes: ExternalProcess[]; report: ImportReport } {
  const source = `ocds:${path.basename(path.dirname(path.resolve(filePath))).split('_')[0]}`;
  const report: ImportReport = { source, read: 0, imported: 0, skipped: [], notes: [] };
  const text = readFileSync(filePath, 'utf8').replace(/^\uFEFF/, '');
  const numbers = ExactNumbers.scan(text);
  const items: Item[] = [];
  const whole = parseJson(text);
  if (whole.ok) {
    collect(whole.value, '', items, report);
  } else {
    // Line-delimited: one release (or package) a line.
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const parsed = parseJson(line);
      if (!parsed.ok) {
        report.read++;
        report.skipped.push({ ref: `line ${i + 1}`, reason: `not JSON (${parsed.error})` });
      } else collect(parsed.value, `line ${i + 1}`, items, report);
    });
  }

  // One process per ocid, its releases in file order.
  const byOcid = new Map<string, Item[]>();
  for (const item of items) {
    const group = byOcid.get(item.ocid);
    if (group) group.push(item);
    else byOcid.set(item.ocid, [item]);
  }
  const processes: ExternalProcess[] = [];
  let done = 0;
  for (const [ocid, group] of byOcid) {
    // A record gives several releases; it is still one item read.
    const units = new Map(group.map((g) => [g.unit, g.ref]));
    try {
      processes.push(processFromReleases(source, ocid, group.map((g) => g.release), { rules: group[0]!.rules, numbers, notes: report.notes }));
      report.imported += units.size;
    } catch (e) {
      for (const ref of units.values()) report.skipped.push({ ref, reason: `its process cannot be compiled: ${(e as Error).message}` });
    }
    onProgress?.(++done, byOcid.size);
  }
  return { processes, report };
}

/** A release ready for its process: the item it was read from (its number and name), and the merge rules of its OCDS version. */
interface Item { unit: number; ref: string; ocid: string; release: Json; rules: MergeRules }

function collect(value: unknown, where: string, items: Item[], report: ImportReport): void {
  const at = (s: string) => (where ? `${where} ${s}` : s);
  if (Array.isArray(value)) {
    value.forEach((v, i) => addRelease(v, at(`[${i}]`), releaseRules(v), items, report));
  } else if (isObject(value) && Array.isArray(value.records)) {
    value.records.forEach((record, i) => addRecord(record, at(`records[${i}]`), mergeRulesFor(value.version), items, report));
  } else if (isObject(value) && Array.isArray(value.releases)) {
    value.releases.forEach((r, i) => addRelease(r, at(`releases[${i}]`), mergeRulesFor(value.version), items, report));
  } else if (isObject(value) && RELEASE_FIELDS.some((f) => f in value)) {
    addRelease(value, where || 'release', releaseRules(value), items, report);
  } else {
    report.read++;
    report.skipped.push({ ref: where || 'file', reason: 'neither a release, a release package nor a record package' });
  }
}

/** Fields that make an object a release (a broken one, perhaps) rather than something else. */
const RELEASE_FIELDS = ['ocid', 'id', 'date', 'tag', 'initiationType', 'planning', 'tender', 'awards', 'contracts', 'parties', 'buyer'];

/**
 * A release outside a package has no `version`. `parties` exists only since OCDS 1.1, so a release with it is
 * 1.1; one without is taken as 1.0, the version OCDS assumes when none is given.
 */
function releaseRules(release: unknown): MergeRules {
  return isObject(release) && 'parties' in release ? MERGE_RULES_1_1 : mergeRulesFor(undefined);
}

function addRelease(release: unknown, ref: string, rules: MergeRules, items: Item[], report: ImportReport): void {
  report.read++;
  const why = unusable(release);
  if (why) {
    report.skipped.push({ ref: describe(release, ref), reason: why });
    return;
  }
  const r = release as Json;
  items.push({ unit: report.read, ref: describe(r, ref), ocid: r.ocid as string, release: r, rules });
}

/** A record's embedded releases when it has them in full; else its compiled release stands for them. */
function addRecord(record: unknown, ref: string, rules: MergeRules, items: Item[], report: ImportReport): void {
  report.read++;
  if (!isObject(record)) {
    report.skipped.push({ ref, reason: 'record is not a JSON object' });
    return;
  }
  const full = Array.isArray(record.releases) ? record.releases.filter((r) => !unusable(r)) : [];
  // Linked releases ({url, date, tag}) carry no data; the record's compiled release then is the data.
  const releases = full.length > 0 ? full : isObject(record.compiledRelease) && !unusable(record.compiledRelease) ? [record.compiledRelease] : [];
  if (!releases.length) {
    report.skipped.push({ ref: describe(record, ref), reason: 'record without usable releases or compiled release (each needs an ocid and a date)' });
    return;
  }
  const ocid = typeof record.ocid === 'string' && record.ocid ? record.ocid : ((releases[0] as Json).ocid as string);
  for (const r of releases as Json[]) items.push({ unit: report.read, ref: describe(record, ref), ocid, release: r, rules });
}

function unusable(release: unknown): string | undefined {
  if (!isObject(release)) return 'not a JSON object';
  if (typeof release.ocid !== 'string' || !release.ocid.trim()) return 'release without ocid';
  // ocdsmerge orders releases by date before merging; without one a release has no place in its process.
  if (typeof release.date !== 'string' || !release.date) return 'release without a date (cannot be ordered for compiling)';
  return undefined;
}

function describe(release: unknown, ref: string): string {
  if (!isObject(release)) return ref;
  const bits = [typeof release.ocid === 'string' ? release.ocid : '', release.id !== undefined && release.id !== null ? `id ${String(release.id)}` : ''].filter(Boolean);
  return bits.length ? `${ref} (${bits.join(', ')})` : ref;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** What a neutral-field mapper needs besides the releases. */
export interface ProcessOptions {
  rules?: MergeRules;
  /** The source's number texts, for exact amounts. */
  numbers?: ExactNumbers;
  /** Where to note values left out of the neutral fields. */
  notes?: Array<{ ref: string; note: string }>;
}

/**
 * One process from its OCDS releases: compiled by `compileReleases`, its neutral fields read from the compiled
 * release. Throws when the releases cannot be compiled (fields of different types across releases).
 */
export function processFromReleases(source: string, ocid: string, releases: Json[], opts: ProcessOptions = {}): ExternalProcess {
  const compiled = compileReleases(releases, opts.rules ?? MERGE_RULES_1_1);
  const numbers = opts.numbers ?? new ExactNumbers();
  const note = (what: string) => opts.notes?.push({ ref: ocid, note: what });
  const tender = obj(compiled.tender);
  const planning = obj(compiled.planning);
  const parties = list(compiled.parties).filter(isObject);
  const awards = list(compiled.awards).filter(isObject);
  const contracts = list(compiled.contracts).filter(isObject);

  const partyName = (id: unknown) => text(parties.find((p) => id !== undefined && p.id !== undefined && String(p.id) === String(id))?.name);
  const org = (o: unknown): { id?: string; name: string } | undefined => {
    if (!isObject(o)) return undefined;
    const identifier = obj(o.identifier);
    const id = idText(o.id) ?? idText(identifier.id);
    const name = text(o.name) ?? text(identifier.legalName) ?? partyName(o.id) ?? id;
    if (name === undefined) return undefined;
    return withoutPersonalTaxId({ ...(id !== undefined ? { id } : {}), name }, note);
  };
  const withRole = (role: string) => parties.find((p) => list(p.roles).includes(role));
  const payer = contracts.flatMap((c) => list(obj(c.implementation).transactions)).filter(isObject).map((t) => t.payer ?? t.providerOrganization)[0];
  const buyer = org(compiled.buyer) ?? org(withRole('buyer')) ?? org(tender.procuringEntity) ?? org(withRole('procuringEntity')) ?? org(payer);
  if (!buyer) note('no buyer, procuring entity or payer is named');

  const suppliers = new Map<string, { id?: string; name: string }>();
  const addSupplier = (o: unknown) => {
    const s = org(o);
    if (s && !suppliers.has(s.id ?? s.name)) suppliers.set(s.id ?? s.name, s);
  };
  for (const a of awards) list(a.suppliers).forEach(addSupplier);
  // The contract suppliers extension names suppliers on the contract.
  for (const c of contracts) list(c.suppliers).forEach(addSupplier);
  for (const p of parties) if (list(p.roles).includes('supplier')) addSupplier(p);

  const value = obj(tender.value);
  const money = (v: unknown, where: string) => {
    const m = obj(v);
    const amount = 'amount' in m && m.amount !== null ? numbers.decimal(m.amount) : undefined;
    if ('amount' in m && m.amount !== null && amount === undefined) note(`${where}: amount ${JSON.stringify(m.amount)} is not a number`);
    return { ...(amount !== undefined ? { amount } : {}), ...(text(m.currency) ? { currency: text(m.currency)! } : {}) };
  };
  const date = (v: unknown, where: string) => {
    if (v === undefined || v === null) return undefined;
    if (isIsoDateTime(v)) return v;
    note(`${where}: ${JSON.stringify(v)} is not an ISO 8601 date-time`);
    return undefined;
  };
  const tenderValue = money(value, 'tender.value');
  const currency = tenderValue.currency ?? text(obj(obj(planning.budget).amount).currency) ?? awards.map((a) => text(obj(a.value).currency)).find(Boolean) ?? contracts.map((c) => text(obj(c.value).currency)).find(Boolean) ?? 'XXX';
  const period = obj(tender.tenderPeriod);
  const tenderStart = date(period.startDate, 'tender.tenderPeriod.startDate');
  const tenderEnd = date(period.endDate, 'tender.tenderPeriod.endDate');
  const method = text(tender.procurementMethod);
  const category = text(tender.mainProcurementCategory);
  const description = text(tender.description);

  return {
    source,
    ocid,
    title: text(tender.title) ?? awards.map((a) => text(a.title)).find(Boolean) ?? contracts.map((c) => text(c.title)).find(Boolean) ?? text(obj(planning.budget).project) ?? ocid,
    ...(description !== undefined ? { description } : {}),
    buyer: buyer ?? { name: '' },
    ...(method && METHODS.has(method) ? { method } : {}),
    ...(text(tender.procurementMethodDetails) ? { methodDetails: text(tender.procurementMethodDetails)! } : {}),
    ...(category && CATEGORIES.has(category) ? { category } : {}),
    status: processStatus(compiled),
    currency,
    ...(tenderValue.amount !== undefined ? { valueAmount: tenderValue.amount } : {}),
    ...(tenderStart ? { tenderStart } : {}),
    ...(tenderEnd ? { tenderEnd } : {}),
    suppliers: [...suppliers.values()],
    awards: awards.map((a, i) => {
      const id = idText(a.id) ?? String(i);
      const m = money(a.value, `awards[${id}].value`);
      const d = date(a.date, `awards[${id}].date`);
      return { id, supplierNames: list(a.suppliers).map(org).filter((s) => s !== undefined).map((s) => s.name), ...m, ...(d ? { date: d } : {}) };
    }),
    contracts: contracts.map((c, i) => {
      const id = idText(c.id) ?? String(i);
      const m = money(c.value, `contracts[${id}].value`);
      const signed = date(c.dateSigned, `contracts[${id}].dateSigned`);
      return {
        id,
        ...(idText(c.awardID) !== undefined ? { awardId: idText(c.awardID)! } : {}),
        ...(text(c.title) ? { title: text(c.title)! } : {}),
        ...m,
        ...(signed ? { signed } : {}),
        ...(text(c.status) ? { status: text(c.status)! } : {}),
      };
    }),
    releases,
    compiledRelease: compiled,
  };
}

const METHODS = new Set(['open', 'selective', 'limited', 'direct']);
const CATEGORIES = new Set(['goods', 'works', 'services']);

/** The process's state from its tender's OCDS status; without one, an active award means complete, planning alone means planning. */
function processStatus(compiled: Json): ProcessStatus {
  const status = text(obj(compiled.tender).status);
  switch (status) {
    case 'planning':
    case 'planned':
      return 'planning';
    case 'active':
    case 'complete':
    case 'cancelled':
    case 'unsuccessful':
      return status;
    case 'withdrawn':
      return 'cancelled';
  }
  if (status === undefined) {
    // An award in force means the selection has ended (BIRMS publishes awards but no tender status).
    if (list(compiled.awards).some((a) => isObject(a) && a.status === 'active')) return 'complete';
    if (!('tender' in compiled) && 'planning' in compiled && !('awards' in compiled) && !('contracts' in compiled)) return 'planning';
  }
  return 'unknown';
}

/**
 * An Indonesian tax number (NPWP: 15 digits, plain or punctuated 99.999.999.9-999.999, or 16) or a NIK (16
 * digits). A personal NPWP is personal data; whether a number is a company's cannot be told from the number.
 * Other dotted codes (a work unit's 1.03.2.15.1.04.03.0000) are not taken for one.
 */
export function looksLikeTaxNumber(id: string): boolean {
  const t = id.trim();
  return /^\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}$/.test(t) || /^\d{15,16}$/.test(t);
}

/** The name carries an Indonesian legal form of business (PT, CV, Koperasi, UD, Firma, Perum, PD, KSO, Tbk). */
export function isCompanyName(name: string): boolean {
  return /(^|[\s.,(])(pt|p\.t|cv|c\.v|koperasi|ud|u\.d|firma|fa|perum|perumda|pd|kso|tbk|persero|perseroan)([\s.,)]|$)/i.test(name);
}

/** Leaves out an id that may be a person's tax number: kept only when the name shows a company. */
function withoutPersonalTaxId(o: { id?: string; name: string }, note: (s: string) => void): { id?: string; name: string } {
  if (o.id === undefined || !looksLikeTaxNumber(o.id) || isCompanyName(o.name)) return o;
  note(`the id of "${o.name}" looks like a tax number and the name shows no company form: id left out`);
  return { name: o.name === o.id ? 'unnamed organization' : o.name };
}

/**
 * Exact number texts of a JSON source. JSON.parse rounds a number to the nearest double (a 17-digit amount, a
 * long fraction); the texts of those numbers are kept here, keyed by the double they round to, so that a
 * decimal string can be given back exactly wherever the value was copied (merging copies values unchanged).
 */
export class ExactNumbers {
  private readonly rounded = new Map<number, string | null>();

  /** The number texts of `text` that JSON.parse would round. */
  static scan(text: string): ExactNumbers {
    return new ExactNumbers().add(text);
  }

  /** Adds the number texts of another JSON text of the same source. */
  add(text: string): this {
    // Strings first, so that digits inside strings are skipped with them.
    for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) {
      const token = m[0];
      if (token.startsWith('"')) continue;
      const n = Number(token);
      const exact = plainDecimal(token);
      if (exact === plainDecimal(String(n))) continue;
      const known = this.rounded.get(n);
      // Two different texts that round to one double cannot be told apart: neither is trusted.
      this.rounded.set(n, known === undefined || known === exact ? exact : null);
    }
    return this;
  }

  /** A JSON number (or a numeric string) as a plain decimal string; undefined when it is not a number. */
  decimal(v: unknown): string | undefined {
    if (typeof v === 'number') return Number.isFinite(v) ? (this.rounded.get(v) ?? plainDecimal(String(v))) : undefined;
    if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v)) return plainDecimal(v.trim());
    return undefined;
  }
}

/** A decimal number text without exponent, leading zeros or trailing fractional zeros ("1.50e3" → "1500"). */
export function plainDecimal(num: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(num);
  if (!m) throw new Error(`not a decimal number: ${num}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = int! + frac;
  let point = int!.length + Number(exp);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+/, '') || '0';
  const fraction = digits.slice(point).replace(/0+$/, '');
  const out = fraction ? `${whole}.${fraction}` : whole;
  return sign && out !== '0' ? `-${out}` : out;
}

/** An ISO 8601 date-time with a time zone, as OCDS dates are, that is a real moment. */
export function isIsoDateTime(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && Number.isFinite(Date.parse(v));
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown): Json {
  return isObject(v) ? v : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
/** An `id` as text: OCDS ids are strings, some publishers write numbers. */
function idText(v: unknown): string | undefined {
  return typeof v === 'number' ? String(v) : text(v);
}
