/**
 * The query layer over the read models: lists with filters, full-text search and keyset
 * pagination; detail with full history; every answer shaped by who is asking (the viewer).
 * The same code runs on SQLite and PostgreSQL.
 *
 * Who sees what (docs/decisions/0007):
 * - everyone: organizations, plans, processes, contracts with their terms, milestones, payment
 *   orders and payments, amendments, accepted transactions and public events, bids once opened;
 * - members of the buying organization, the bidder itself, auditors and the regulator: a bid's
 *   existence before the opening (never its price: the ledger cannot read it either);
 * - members (any organization) and systems: people's names; the public sees the role and the
 *   organization only;
 * - auditors (APIP, BPKP, BPK, KPK) and the regulator: everything, read only, including refused
 *   transactions and who filed a complaint.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ReadDb, Tables } from './db.js';
import { queryTerms } from './search.js';
import { ListIndex, type ListKind } from './list-index.js';

export type Viewer =
  | { kind: 'public' }
  | { kind: 'member'; memberId: string; orgId: string; orgKind: string; roles: string[] }
  | { kind: 'system'; keyId: string; orgId: string; orgKind: string; scopes: string[] };

export const PUBLIC: Viewer = { kind: 'public' };

/** Auditors and the regulator read everything. */
export function seesAll(v: Viewer): boolean {
  return v.kind !== 'public' && (v.orgKind === 'auditor' || v.orgKind === 'regulator');
}
function orgOf(v: Viewer): string | null {
  return v.kind === 'public' ? null : v.orgId;
}

export interface ListFilter {
  q?: string;
  buyer?: string;
  supplier?: string;
  status?: string;
  method?: string;
  category?: string;
  source?: string;
  minValue?: number;
  maxValue?: number;
  /** ISO dates: processes by tender start, contracts by signature. */
  from?: string;
  to?: string;
  sort?: 'recent' | 'value_desc' | 'value_asc';
  cursor?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last. */
  next?: string;
}

export class QueryError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'BAD_CURSOR' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

const encodeCursor = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decodeCursor(c: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new QueryError('BAD_CURSOR', 'the page cursor is not one this server gave');
}

/** A search word matching at most this many records drives the query by primary key. */
const DRIVE_LIMIT = 2000;
/** Several common words are intersected when the rarest has at most this many token rows. */
const INTERSECT_LIMIT = 50_000;

const rupiah = (n: number | null) => (n === null ? null : String(n));

export interface QueriesOptions {
  /**
   * `memory` (the default): lists and searches answered by {@link ListIndex}; `sql`: by SQL over
   * the indexes, the reference the memory lists are tested against.
   */
  lists?: 'memory' | 'sql';
}

export class Queries {
  readonly lists: ListIndex | null;
  constructor(
    private readonly db: ReadDb,
    opts: QueriesOptions = {},
  ) {
    this.lists = opts.lists === 'sql' ? null : new ListIndex(db);
    // Read at once, so that the first list asked for does not wait for it; a failure here (the
    // database closed meanwhile) is retried by the first list.
    this.lists?.ready().catch(() => undefined);
  }

  /** The ids of a list page from memory, or null when lists are answered by SQL. */
  private async fromMemory(kind: ListKind, f: ListFilter, limit: number): Promise<string[] | null> {
    if (!this.lists) return null;
    return this.lists.page(kind, { ...f, after: f.cursor ? decodeCursor(f.cursor) : undefined }, limit);
  }

  /** Rows by id, in the order of `ids`. */
  private static ordered<R extends { id: string }>(ids: string[], rows: R[]): R[] {
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Text search: every query word must be the start of a word of the record. When one word is
   * rare (at most {@link DRIVE_LIMIT} records), or several common words are rare together, those
   * matches drive the query by primary key; otherwise the list is walked in its sort order and
   * each word checked per record, which stops as soon as a page is full. All give the same rows in
   * the same order.
   */
  private async searchPlan(kind: 'process' | 'contract', q: string | undefined): Promise<{ terms: string[]; ids: string[] | null; drivers?: string[] }> {
    const terms = queryTerms(q ?? '');
    if (!terms.length) return { terms, ids: null };
    let best: { ids: string[]; term: string } | undefined;
    for (const t of terms) {
      // Token rows, not DISTINCT ids: a DISTINCT (PostgreSQL hashes it) reads every match of a
      // common word before the LIMIT applies. A record matching through two tokens of the prefix is
      // counted twice, which can only make a word look commoner: the plan changes, never the rows.
      const rows = await this.db
        .selectFrom('search_token')
        .select('id')
        .where('kind', '=', kind)
        .where('token', '>=', t)
        .where('token', '<', `${t}\uffff`)
        .limit(DRIVE_LIMIT + 1)
        .execute();
      if (rows.length > DRIVE_LIMIT) continue;
      const ids = [...new Set(rows.map((r) => r.id))];
      if (!best || ids.length < best.ids.length) best = { ids, term: t };
    }
    if (best) return { terms, ids: best.ids, drivers: [best.term] };
    if (terms.length > 1) {
      const together = await this.together(kind, terms);
      if (together) return { terms, ids: together, drivers: terms };
    }
    return { terms, ids: null };
  }

  /**
   * The records matching every word, when there are at most {@link DRIVE_LIMIT} of them and the
   * rarest word has at most {@link INTERSECT_LIMIT} token rows: its tokens are read and the other
   * words checked per record from the index. Two common words can be rare together ("jalan
   * drain"), and walking the list for them would read most of it.
   */
  private async together(kind: 'process' | 'contract', terms: string[]): Promise<string[] | undefined> {
    const range = (t: string) => [t, `${t}\uffff`] as const;
    const sizes = await Promise.all(
      terms.map(async (t) => {
        const rows = await this.db
          .selectFrom((eb) => eb.selectFrom('search_token').select('id').where('kind', '=', kind).where('token', '>=', range(t)[0]).where('token', '<', range(t)[1]).limit(INTERSECT_LIMIT + 1).as('m'))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return { t, n: Number(rows.n) };
      }),
    );
    sizes.sort((a, b) => a.n - b.n || (a.t < b.t ? -1 : 1));
    const [rarest, ...others] = sizes;
    if (!rarest || rarest.n > INTERSECT_LIMIT) return undefined;
    let q = this.db.selectFrom('search_token as a').select('a.id').where('a.kind', '=', kind).where('a.token', '>=', range(rarest.t)[0]).where('a.token', '<', range(rarest.t)[1]);
    for (const { t } of others) {
      q = q.where(({ exists, selectFrom }) =>
        exists(selectFrom('search_token as b').select('b.id').whereRef('b.id', '=', 'a.id').where('b.kind', '=', kind).where('b.token', '>=', range(t)[0]).where('b.token', '<', range(t)[1])),
      );
    }
    const rows = await q.limit(DRIVE_LIMIT + 1).execute();
    return rows.length <= DRIVE_LIMIT ? [...new Set(rows.map((r) => r.id))] : undefined;
  }

  /** Applies text search, filters, sort and cursor to a process or contract list. */
  private async page<T extends 'process' | 'contract'>(kind: T, base: SelectQueryBuilder<Tables, T, object>, f: ListFilter): Promise<SelectQueryBuilder<Tables, T, object>> {
    let q = base as SelectQueryBuilder<Tables, 'process' | 'contract', object>;
    const plan = await this.searchPlan(kind, f.q);
    if (plan.ids) q = plan.ids.length ? q.where('id', 'in', plan.ids) : q.where(sql<boolean>`1 = 0`);
    // The driving words' matches are the id list itself; checking them again per record would only
    // invite PostgreSQL to join their tokens and re-test the whole list on every row.
    for (const p of plan.terms.filter((t) => !plan.drivers?.includes(t))) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('search_token')
            .select('search_token.id')
            .where('search_token.kind', '=', kind)
            .whereRef('search_token.id', '=', `${kind}.id` as 'process.id')
            .where('search_token.token', '>=', p)
            .where('search_token.token', '<', `${p}\uffff`),
        ),
      );
    }
    if (f.buyer) q = q.where('buyer_org', '=', f.buyer);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.method) q = q.where('method', '=', f.method);
    if (f.category) q = q.where('category', '=', f.category);
    if (f.source) q = q.where('source', '=', f.source);
    if (f.minValue !== undefined) q = q.where('value', '>=', f.minValue);
    if (f.maxValue !== undefined) q = q.where('value', '<=', f.maxValue);
    const sort = f.sort ?? 'recent';
    // The sort key spelled as the indexes in db.ts spell it, so that a list is walked in index
    // order and stops when the page is full: the height (never null), or the value with a missing
    // one (an import without it) as -1. The cursor compares (key, id) as one row value; the
    // redundant bound on the key alone lets SQLite seek an expression index to it.
    const key = sort === 'recent' ? sql.ref('updated_height') : sql`coalesce(value, -1)`;
    const desc = sort !== 'value_asc';
    if (f.cursor) {
      const [v, id] = decodeCursor(f.cursor);
      q = q.where(sql<boolean>`${key} ${sql.raw(desc ? '<=' : '>=')} ${v} and (${key}, id) ${sql.raw(desc ? '<' : '>')} (${v}, ${id})`);
    }
    const dir = desc ? 'desc' : 'asc';
    q = q.orderBy(key, dir).orderBy('id', dir);
    return q as unknown as SelectQueryBuilder<Tables, T, object>;
  }

  /** Lists hold public facts only (decision 0007), the same for every viewer; detail pages are where views differ. */
  async listProcesses(_v: Viewer, f: ListFilter): Promise<Page<ProcessSummary>> {
    const limit = clampLimit(f.limit);
    const cols = ['id', 'source', 'ocid', 'package_id', 'buyer_org', 'buyer_name', 'title', 'method', 'category', 'status', 'value', 'currency', 'tender_start', 'tender_end', 'updated_height'] as const;
    const ids = await this.fromMemory('process', f, limit + 1);
    let rows;
    if (ids) {
      rows = ids.length ? Queries.ordered(ids, await this.db.selectFrom('process').select(cols).where('id', 'in', ids).execute()) : [];
    } else {
      let q = await this.page('process', this.db.selectFrom('process'), f);
      if (f.supplier) q = q.where('suppliers', 'like', `%|${f.supplier}|%`);
      if (f.from) q = q.where('tender_start', '>=', f.from);
      if (f.to) q = q.where('tender_start', '<=', f.to);
      rows = await q.select(cols).limit(limit + 1).execute();
    }
    const items = rows.slice(0, limit).map(processSummary);
    return withNext(items, rows.length > limit, f.sort, (it) => [f.sort === 'value_desc' || f.sort === 'value_asc' ? (it.value === null ? -1 : Number(it.value)) : it.updatedHeight, it.id]);
  }

  /**
   * The tenders a person has a part in, most recent first: as their PPK, on their Pokja or with a
   * seat on their opening committee (an auditor's seat may be on another organization's tender),
   * and, for the PA or a KPA, every tender of their organization (they decide awards above the
   * threshold and sanggah banding). `duties` says which; a system key has no part in any.
   */
  async tenderDuties(v: Viewer): Promise<Array<ProcessSummary & { duties: string[] }>> {
    if (v.kind !== 'member') return [];
    const head = v.roles.includes('pa') || v.roles.includes('kpa');
    const rows = await this.db
      .selectFrom('process')
      .select(['id', 'source', 'ocid', 'package_id', 'buyer_org', 'buyer_name', 'title', 'method', 'category', 'status', 'value', 'currency', 'tender_start', 'tender_end', 'updated_height', 'doc'])
      .where('source', '=', 'ledger')
      // The member id inside the record narrows the scan; the record itself decides below.
      .where((eb) => (head ? eb.or([eb('doc', 'like', `%"${v.memberId}"%`), eb('buyer_org', '=', v.orgId)]) : eb('doc', 'like', `%"${v.memberId}"%`)))
      .orderBy('updated_height', 'desc')
      .orderBy('id')
      .limit(500)
      .execute();
    const out: Array<ProcessSummary & { duties: string[] }> = [];
    for (const r of rows) {
      const t = JSON.parse(r.doc) as { ppk?: string; pokja?: string[]; committee?: Array<{ memberId: string }>; direct?: unknown };
      if (t.direct) continue; // a short path has no duties left
      const duties: string[] = [];
      if (t.ppk === v.memberId) duties.push('ppk');
      if (t.pokja?.includes(v.memberId)) duties.push('pokja');
      if (t.committee?.some((s) => s.memberId === v.memberId)) duties.push('committee');
      if (head && r.buyer_org === v.orgId) duties.push(v.roles.includes('pa') ? 'pa' : 'kpa');
      if (duties.length) out.push({ ...processSummary(r), duties });
    }
    return out;
  }

  /**
   * The ledger tenders the viewer's organization registered for — a supplier's own list, never
   * another's (registrations and sealed bids are not public) — latest registration first, with the
   * state of its bid (null: none submitted).
   */
  async participations(v: Viewer): Promise<Array<ProcessSummary & { registeredHeight: number; bid: string | null }>> {
    if (v.kind === 'public' || v.orgKind !== 'supplier') return [];
    const rows = await this.db
      .selectFrom('participant')
      .innerJoin('process', 'process.id', 'participant.tender')
      .leftJoin('bid', (j) => j.onRef('bid.tender', '=', 'participant.tender').onRef('bid.bidder', '=', 'participant.org'))
      .select(['process.id', 'process.source', 'process.ocid', 'process.package_id', 'process.buyer_org', 'process.buyer_name', 'process.title', 'process.method', 'process.category', 'process.status', 'process.value', 'process.currency', 'process.tender_start', 'process.tender_end', 'process.updated_height', 'participant.height as registered_height', 'bid.status as bid_status'])
      .where('participant.org', '=', v.orgId)
      .orderBy('participant.height', 'desc')
      .orderBy('participant.tender')
      .limit(500)
      .execute();
    return rows.map((r) => ({ ...processSummary(r), registeredHeight: r.registered_height, bid: r.bid_status ?? null }));
  }

  async listContracts(_v: Viewer, f: ListFilter): Promise<Page<ContractSummary>> {
    const limit = clampLimit(f.limit);
    const cols = ['id', 'source', 'process_id', 'buyer_org', 'buyer_name', 'supplier_org', 'supplier_name', 'title', 'category', 'method', 'status', 'value', 'currency', 'signed_at', 'ends_at', 'updated_height'] as const;
    const ids = await this.fromMemory('contract', f, limit + 1);
    let rows;
    if (ids) {
      rows = ids.length ? Queries.ordered(ids, await this.db.selectFrom('contract').select(cols).where('id', 'in', ids).execute()) : [];
    } else {
      let q = await this.page('contract', this.db.selectFrom('contract'), f);
      if (f.supplier) q = q.where('supplier_org', '=', f.supplier);
      if (f.from) q = q.where('signed_at', '>=', f.from);
      if (f.to) q = q.where('signed_at', '<=', f.to);
      rows = await q.select(cols).limit(limit + 1).execute();
    }
    const items = rows.slice(0, limit).map((r) => contractSummary(r));
    return withNext(items, rows.length > limit, f.sort, (it) => [f.sort === 'value_desc' || f.sort === 'value_asc' ? (it.value === null ? -1 : Number(it.value)) : it.updatedHeight, it.id]);
  }

  async contract(v: Viewer, id: string): Promise<ContractDetail> {
    const r = await this.db.selectFrom('contract').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new QueryError('NOT_FOUND', `no contract ${id}`);
    const summary = contractSummary(r);
    const doc = JSON.parse(r.doc) as Record<string, unknown>;
    if (r.source !== 'ledger') return { ...summary, terms: doc, orders: [], payments: [], history: [], documents: [], proofKey: null };
    const [orders, payments, history, documents] = await Promise.all([
      this.db.selectFrom('payment_order').select(['doc', 'status']).where('contract', '=', id).orderBy('no').execute(),
      this.db.selectFrom('payment').select('doc').where('contract', '=', id).orderBy('order_no').orderBy('no').execute(),
      this.history(v, 'contract', id),
      this.anchorsOf('contract', id),
    ]);
    return {
      ...summary,
      terms: doc,
      orders: orders.map((o) => ({ ...(JSON.parse(o.doc) as object), status: o.status })),
      payments: payments.map((p) => JSON.parse(p.doc) as object),
      history,
      documents,
      proofKey: `contract/contract/${id}`,
    };
  }

  async process(v: Viewer, id: string): Promise<ProcessDetail> {
    const r = await this.db.selectFrom('process').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new QueryError('NOT_FOUND', `no process ${id}`);
    const doc = JSON.parse(r.doc) as Record<string, unknown>;
    const summary = processSummary(r);
    if (r.source !== 'ledger') return { ...summary, detail: doc, bids: [], contracts: [], history: [], documents: [], proofKey: null };
    const [bids, contracts, history, documents] = await Promise.all([
      this.bids(v, id, r.buyer_org ?? ''),
      this.db.selectFrom('contract').select('id').where('process_id', '=', id).orderBy('id').execute(),
      this.history(v, 'tender', id, r.buyer_org),
      this.anchorsOf('tender', id),
    ]);
    // Who bid is known before the opening only to those who may see the sealed bids (bids above).
    const shown = new Set(bids.map((b) => (b as { bidder: string }).bidder));
    const sealed = await this.db.selectFrom('bid').select('bidder').where('tender', '=', id).where('status', '=', 'sealed').execute();
    const hidden = new Set(sealed.map((b) => b.bidder).filter((b) => !shown.has(b)));
    // The opening committee's secret halves are posted on the ledger after the deadline; they are
    // public there, but a page has no use for them. The public halves are what a bidder's browser
    // seals the bid key's shares to.
    const tender = { ...doc, ...(Array.isArray(doc.bidders) ? { bidders: (doc.bidders as string[]).filter((b) => !hidden.has(b)) } : {}), committee: (doc.committee as Array<Record<string, unknown>> | undefined)?.map((s) => ({ memberId: s.memberId, orgId: s.orgId, openingKey: s.openingKey ?? null, keyRegistered: s.openingKey !== null, revealed: s.openingSecret !== null })) };
    return { ...summary, detail: tender, bids, contracts: contracts.map((c) => c.id), history, documents, proofKey: `tender/tender/${id}` };
  }

  /** A tender's bids as `v` may see them: opened bids for all; sealed ones only for the bidder, the buyer and auditors. */
  async bids(v: Viewer, tenderId: string, buyerOrg: string): Promise<object[]> {
    const rows = await this.db.selectFrom('bid').select(['bidder', 'status', 'doc']).where('tender', '=', tenderId).orderBy('bidder').execute();
    const org = orgOf(v);
    return rows
      .filter((b) => b.status !== 'sealed' || seesAll(v) || org === b.bidder || org === buyerOrg)
      .map((b) => JSON.parse(b.doc) as object);
  }

  /** Events about one subject, oldest first, each with its block and tx; `buyerOrg` also sees a tender's sealed-bid events. */
  async history(v: Viewer, kind: string, id: string, buyerOrg?: string | null): Promise<HistoryEntry[]> {
    const rows = await this.db.selectFrom('event').select(['seq', 'height', 'tx_hash', 'type', 'attrs', 'orgs', 'public', 'time']).where('subject_kind', '=', kind).where('subject_id', '=', id).orderBy('seq').execute();
    const org = orgOf(v);
    const signers = new Map<string, { signer: string; org: string }>();
    const hashes = [...new Set(rows.map((r) => r.tx_hash))];
    if (hashes.length) for (const t of await this.db.selectFrom('tx').select(['hash', 'signer', 'org']).where('hash', 'in', hashes).execute()) signers.set(t.hash, t);
    return rows
      .filter((r) => r.public === 1 || seesAll(v) || (org !== null && (org === buyerOrg || r.orgs.split(',').includes(org))))
      .map((r) => ({
        seq: Number(r.seq),
        type: r.type,
        time: r.time,
        height: Number(r.height),
        txHash: r.tx_hash,
        by: signers.get(r.tx_hash)?.signer ?? '',
        byOrg: signers.get(r.tx_hash)?.org ?? '',
        attributes: JSON.parse(r.attrs) as Record<string, string>,
      }));
  }

  /** Documents anchored for a subject: hash, field, tx, block, signer. */
  async anchorsOf(kind: string, id: string): Promise<AnchorEntry[]> {
    const rows = await this.db.selectFrom('anchor').select(['sha256', 'field', 'tx_hash', 'height', 'signer', 'org', 'time']).where('subject_kind', '=', kind).where('subject_id', '=', id).orderBy('height').orderBy('sha256').orderBy('field').execute();
    return rows.map(anchorEntry);
  }

  /** Where and when a document hash was anchored on the ledger (oldest first). */
  async anchorsOfHash(sha256: string): Promise<Array<AnchorEntry & { subject: { kind: string; id: string } }>> {
    const rows = await this.db.selectFrom('anchor').selectAll().where('sha256', '=', sha256).orderBy('height').orderBy('tx_hash').orderBy('field').execute();
    return rows.map((r) => ({ ...anchorEntry(r), subject: { kind: r.subject_kind, id: r.subject_id } }));
  }

  async paymentOrders(_v: Viewer, f: { status?: string; buyer?: string; supplier?: string; from?: string; limit?: number; cursor?: string }): Promise<Page<object>> {
    const limit = clampLimit(f.limit, 1000);
    let q = this.db.selectFrom('payment_order').select(['contract', 'no', 'status', 'doc', 'buyer_org', 'supplier_org', 'issued_at']);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.buyer) q = q.where('buyer_org', '=', f.buyer);
    if (f.supplier) q = q.where('supplier_org', '=', f.supplier);
    if (f.from) q = q.where('issued_at', '>=', f.from);
    if (f.cursor) {
      const [no, contract] = decodeCursor(f.cursor);
      q = q.where(({ eb, or, and }) => or([eb('contract', '>', contract), and([eb('contract', '=', contract), eb('no', '>', no)])]));
    }
    const rows = await q.orderBy('contract').orderBy('no').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map((r) => ({ ...(JSON.parse(r.doc) as object), status: r.status, buyerOrg: r.buyer_org, supplierOrg: r.supplier_org, issuedAt: r.issued_at }));
    const last = rows[limit - 1];
    return rows.length > limit && last ? { items, next: encodeCursor([last.no, last.contract]) } : { items };
  }

  /**
   * A verifier's queue: milestones claimed complete on active contracts with an open verifier
   * slot that `v` fits and has not filled (the slot rules of ledger/modules/contract/README.md:
   * the contract's PPK; a supplier signatory or auditor of a named organization; an auditor of an
   * APIP organization). One person fills at most one slot of a claim, so a milestone `v` has
   * already verified is left out. Only contracts with a claimed milestone are read.
   */
  async awaitingVerification(v: Viewer): Promise<object[]> {
    if (v.kind !== 'member') return [];
    const org = await this.db.selectFrom('org').select(['kind', 'sub_kind']).where('id', '=', v.orgId).executeTakeFirst();
    const apip = org?.kind === 'auditor' && org.sub_kind === 'apip' && v.roles.includes('auditor');
    const orgVerifier = v.roles.includes('supplier_signatory') || v.roles.includes('auditor');
    const rows = await this.db
      .selectFrom('contract')
      .select(['id', 'title', 'buyer_org', 'buyer_name', 'supplier_org', 'supplier_name', 'doc'])
      .where('source', '=', 'ledger')
      .where('status', '=', 'active')
      .where('doc', 'like', '%"status":"claimed"%')
      .orderBy('id')
      .limit(5000)
      .execute();
    type Slot = { kind: string; orgId?: string };
    type Ms = { id: string; title: string; shareBp: number; dueMs: number | null; claimedMs: number | null; status: string; progressBp: number; verifiers: Slot[]; verifications: Array<{ slot: number; memberId: string }> };
    const out: object[] = [];
    for (const r of rows) {
      const c = JSON.parse(r.doc) as { ppk: string; supplier: string; milestones: Ms[] };
      if (c.supplier === v.orgId) continue; // the supplier never verifies its own work
      for (const m of c.milestones) {
        if (m.status !== 'claimed' || m.verifications.some((x) => x.memberId === v.memberId)) continue;
        const filled = new Set(m.verifications.map((x) => x.slot));
        const slot = m.verifiers.findIndex((s, i) => !filled.has(i) && (s.kind === 'ppk' ? c.ppk === v.memberId : s.kind === 'org' ? s.orgId === v.orgId && orgVerifier : s.kind === 'apip' && apip));
        if (slot < 0) continue;
        out.push({
          contractId: r.id,
          title: r.title,
          buyer: { id: r.buyer_org, name: r.buyer_name },
          supplier: { id: r.supplier_org, name: r.supplier_name },
          milestone: { id: m.id, title: m.title, shareBp: m.shareBp, dueMs: m.dueMs, claimedMs: m.claimedMs, verifiers: m.verifiers, verifications: m.verifications },
          slot,
        });
      }
    }
    return out;
  }

  async orgs(): Promise<object[]> {
    const rows = await this.db.selectFrom('org').select(['id', 'name', 'kind', 'sub_kind', 'status']).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, subKind: r.sub_kind, status: r.status }));
  }

  async members(v: Viewer, orgId?: string): Promise<object[]> {
    let q = this.db.selectFrom('member').select(['id', 'org', 'name', 'roles', 'status']).orderBy('id');
    if (orgId) q = q.where('org', '=', orgId);
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, orgId: r.org, name: v.kind === 'public' ? null : r.name, roles: r.roles.split(',').filter(Boolean), status: r.status }));
  }

  async member(id: string): Promise<{ id: string; orgId: string; roles: string[]; status: string; pubKey: string } | undefined> {
    const r = await this.db.selectFrom('member').select(['id', 'org', 'roles', 'status', 'doc']).where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    const doc = JSON.parse(r.doc) as { pubKey: string };
    return { id: r.id, orgId: r.org, roles: r.roles.split(',').filter(Boolean), status: r.status, pubKey: doc.pubKey };
  }

  async orgKind(id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('org').select('kind').where('id', '=', id).executeTakeFirst())?.kind;
  }

  async packages(f: { buyer?: string; status?: string }): Promise<object[]> {
    let q = this.db.selectFrom('package').select('doc').orderBy('id');
    if (f.buyer) q = q.where('org', '=', f.buyer);
    if (f.status) q = q.where('status', '=', f.status);
    return (await q.limit(1000).execute()).map((r) => JSON.parse(r.doc) as object);
  }

  async complaints(v: Viewer, f: { status?: string }): Promise<object[]> {
    let q = this.db.selectFrom('complaint').select(['doc', 'subject_org']).orderBy('filed_at', 'desc').orderBy('id', 'desc');
    if (f.status) q = q.where('status', '=', f.status);
    const rows = await q.limit(500).execute();
    return rows.map((r) => maskComplainant(v, JSON.parse(r.doc) as Record<string, unknown>));
  }

  async sanctions(): Promise<object[]> {
    return (await this.db.selectFrom('sanction').select('doc').orderBy('id').execute()).map((r) => JSON.parse(r.doc) as object);
  }

  async tx(v: Viewer, hash: string): Promise<object> {
    const r = await this.db.selectFrom('tx').selectAll().where('hash', '=', hash.toLowerCase()).executeTakeFirst();
    if (!r) throw new QueryError('NOT_FOUND', `no transaction ${hash}`);
    const org = orgOf(v);
    if (r.code !== 0 && !seesAll(v) && org !== r.org) throw new QueryError('NOT_FOUND', `no transaction ${hash}`);
    return { hash: r.hash, height: Number(r.height), index: r.idx, type: r.type, signer: r.signer, org: r.org, code: r.code, result: r.info, log: r.log, time: r.time };
  }

  /** Refused transactions (evidence of attempts): auditors see all; a member sees their organization's. */
  async refused(v: Viewer, limit = 100): Promise<object[]> {
    let q = this.db.selectFrom('tx').selectAll().where('code', '<>', 0);
    if (!seesAll(v)) {
      const org = orgOf(v);
      if (!org) throw new QueryError('FORBIDDEN', 'refused transactions are shown to members and auditors');
      q = q.where('org', '=', org);
    }
    const rows = await q.orderBy('height', 'desc').orderBy('idx', 'desc').limit(clampLimit(limit, 500)).execute();
    return rows.map((r) => ({ hash: r.hash, height: Number(r.height), type: r.type, signer: r.signer, org: r.org, code: r.code, result: r.info, log: r.log, time: r.time }));
  }

  /**
   * Whether `v` may have the ledger proof of a record. A proof carries the whole record, which
   * cannot be redacted without breaking it, so records that hold what `v` may not see are refused:
   * a sealed bid (but for its bidder, the buyer and auditors), a tender before its opening (its
   * bidder list: the buyer and auditors), a member (names: members only), a complaint (who filed:
   * the filer's organization and auditors).
   */
  async proofVisible(v: Viewer, key: string): Promise<boolean> {
    if (seesAll(v)) return true;
    const org = orgOf(v);
    const [module, kind, ...rest] = key.split('/');
    const path = `${module}/${kind}`;
    if (path === 'tender/bid') {
      const [tenderId, bidder] = rest;
      const bid = await this.db.selectFrom('bid').select('status').where('tender', '=', tenderId ?? '').where('bidder', '=', bidder ?? '').executeTakeFirst();
      const t = await this.db.selectFrom('process').select('buyer_org').where('id', '=', tenderId ?? '').executeTakeFirst();
      return !bid || bid.status !== 'sealed' || (org !== null && (org === bidder || org === t?.buyer_org));
    }
    if (path === 'tender/tender') {
      const t = await this.db.selectFrom('process').select(['buyer_org', 'status']).where('id', '=', rest.join('/')).executeTakeFirst();
      const sealed = await this.db.selectFrom('bid').select('bidder').where('tender', '=', rest.join('/')).where('status', '=', 'sealed').executeTakeFirst();
      return !t || !sealed || !['draft', 'announced', 'opening'].includes(t.status) || (org !== null && org === t.buyer_org);
    }
    if (path === 'identity/member') return v.kind !== 'public';
    if (path === 'complaint/complaint') {
      const c = await this.db.selectFrom('complaint').select('doc').where('id', '=', rest.join('/')).executeTakeFirst();
      return !c || (org !== null && (JSON.parse(c.doc) as { filedByOrg?: string }).filedByOrg === org);
    }
    return true;
  }

  async status(): Promise<{ height: number; appHash: string | null; chainId: string | null; blocks: number }> {
    const meta = new Map((await this.db.selectFrom('meta').selectAll().execute()).map((m) => [m.name, m.value]));
    return { height: Number(meta.get('height') ?? 0), appHash: meta.get('app_hash') ?? null, chainId: meta.get('chain_id') ?? null, blocks: Number(meta.get('height') ?? 0) };
  }

  async recordByKey(key: string): Promise<{ key: string; doc: unknown; height: number } | undefined> {
    const r = await this.db.selectFrom('record').selectAll().where('key', '=', key).executeTakeFirst();
    return r ? { key: r.key, doc: JSON.parse(r.doc), height: Number(r.height) } : undefined;
  }
}

function maskComplainant(v: Viewer, c: Record<string, unknown>): Record<string, unknown> {
  if (seesAll(v) || (v.kind !== 'public' && v.orgId === c.filedByOrg)) return c;
  return { ...c, filedBy: null };
}

function anchorEntry(r: { sha256: string; field: string; tx_hash: string; height: number; signer: string; org: string; time: string }): AnchorEntry {
  return { sha256: r.sha256, field: r.field, txHash: r.tx_hash, height: Number(r.height), by: r.signer, byOrg: r.org, time: r.time };
}

function processSummary(r: Pick<Tables['process'], 'id' | 'source' | 'ocid' | 'package_id' | 'buyer_org' | 'buyer_name' | 'title' | 'method' | 'category' | 'status' | 'value' | 'currency' | 'tender_start' | 'tender_end' | 'updated_height'>): ProcessSummary {
  return {
    id: r.id,
    source: r.source,
    ocid: r.ocid,
    packageId: r.package_id,
    buyer: { id: r.buyer_org, name: r.buyer_name },
    title: r.title,
    method: r.method,
    category: r.category,
    status: r.status,
    value: rupiah(r.value),
    currency: r.currency,
    tenderStart: r.tender_start,
    tenderEnd: r.tender_end,
    updatedHeight: Number(r.updated_height),
  };
}

function contractSummary(r: Pick<Tables['contract'], 'id' | 'source' | 'process_id' | 'buyer_org' | 'buyer_name' | 'supplier_org' | 'supplier_name' | 'title' | 'category' | 'method' | 'status' | 'value' | 'currency' | 'signed_at' | 'ends_at' | 'updated_height'>): ContractSummary {
  return {
    id: r.id,
    source: r.source,
    processId: r.process_id,
    buyer: { id: r.buyer_org, name: r.buyer_name },
    supplier: { id: r.supplier_org, name: r.supplier_name },
    title: r.title,
    category: r.category,
    method: r.method,
    status: r.status,
    value: rupiah(r.value),
    currency: r.currency,
    signedAt: r.signed_at,
    endsAt: r.ends_at,
    updatedHeight: Number(r.updated_height),
  };
}

function clampLimit(n: number | undefined, max = 100): number {
  return Math.min(Math.max(Math.trunc(n ?? 20), 1), max);
}

function withNext<T>(items: T[], more: boolean, _sort: ListFilter['sort'], key: (t: T) => [number, string]): Page<T> {
  const last = items[items.length - 1];
  return more && last ? { items, next: encodeCursor(key(last)) } : { items };
}

export interface ProcessSummary {
  id: string;
  source: string;
  ocid: string;
  packageId: string | null;
  buyer: { id: string | null; name: string };
  title: string;
  method: string;
  category: string;
  status: string;
  value: string | null;
  currency: string;
  tenderStart: string | null;
  tenderEnd: string | null;
  updatedHeight: number;
}
export interface ContractSummary {
  id: string;
  source: string;
  processId: string | null;
  buyer: { id: string | null; name: string };
  supplier: { id: string | null; name: string };
  title: string;
  category: string;
  method: string;
  status: string;
  value: string | null;
  currency: string;
  signedAt: string | null;
  endsAt: string | null;
  updatedHeight: number;
}
export interface HistoryEntry {
  seq: number;
  type: string;
  time: string;
  height: number;
  txHash: string;
  by: string;
  byOrg: string;
  attributes: Record<string, string>;
}
export interface AnchorEntry {
  sha256: string;
  field: string;
  txHash: string;
  height: number;
  by: string;
  byOrg: string;
  time: string;
}
export interface ContractDetail extends ContractSummary {
  terms: Record<string, unknown>;
  orders: object[];
  payments: object[];
  history: HistoryEntry[];
  documents: AnchorEntry[];
  proofKey: string | null;
}
export interface ProcessDetail extends ProcessSummary {
  detail: Record<string, unknown>;
  bids: object[];
  contracts: string[];
  history: HistoryEntry[];
  documents: AnchorEntry[];
  proofKey: string | null;
}
