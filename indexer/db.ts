/**
 * The read models' database: SQLite (better-sqlite3) by default, PostgreSQL (pg) when configured,
 * both behind Kysely. The schema is the same on both; the few dialect differences (types, upsert
 * spelling, collation) are kept in this file.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { newListsGeneration } from './list-index.js';

export type Backend = 'sqlite' | 'postgres';

export interface ReadModelConfig {
  /** `postgres://…` for PostgreSQL; otherwise a SQLite file path (':memory:' for tests). */
  url: string;
}

export interface Tables {
  meta: { name: string; value: string };
  block: { height: number; time: string; hash: string; app_hash: string; txs: number };
  tx: { hash: string; height: number; idx: number; type: string; signer: string; org: string; code: number; info: string; log: string; time: string };
  event: { seq: number; height: number; tx_idx: number; tx_hash: string; type: string; subject_kind: string; subject_id: string; attrs: string; orgs: string; public: number; time: string };
  record: { key: string; module: string; kind: string; id: string; doc: string; height: number };
  org: { id: string; name: string; kind: string; sub_kind: string | null; status: string; doc: string };
  member: { id: string; org: string; name: string; roles: string; status: string; doc: string };
  package: { id: string; org: string; title: string; category: string; method: string; pagu: number; fiscal_year: number; status: string; doc: string };
  process: {
    id: string;
    source: string;
    ocid: string;
    package_id: string | null;
    buyer_org: string | null;
    buyer_name: string;
    title: string;
    method: string;
    category: string;
    status: string;
    value: number | null;
    currency: string;
    tender_start: string | null;
    tender_end: string | null;
    suppliers: string;
    updated_height: number;
    doc: string;
  };
  contract: {
    id: string;
    source: string;
    process_id: string | null;
    buyer_org: string | null;
    buyer_name: string;
    supplier_org: string | null;
    supplier_name: string;
    title: string;
    category: string;
    method: string;
    status: string;
    value: number | null;
    currency: string;
    signed_at: string | null;
    ends_at: string | null;
    updated_height: number;
    doc: string;
  };
  bid: { tender: string; bidder: string; status: string; price: number | null; doc: string };
  /** A supplier registered for a ledger tender (its registration's block): the supplier's own list of tenders. */
  participant: { org: string; tender: string; height: number };
  payment_order: { contract: string; no: number; kind: string; net: number; status: string; issued_at: string; buyer_org: string; supplier_org: string; doc: string };
  payment: { contract: string; order_no: number; no: number; sp2d: string; amount: number; at: string; doc: string };
  complaint: { id: string; subject_kind: string; subject_id: string; subject_org: string; status: string; filed_at: string; doc: string };
  sanction: { id: string; supplier: string; buyer_org: string; status: string; doc: string };
  anchor: { sha256: string; tx_hash: string; height: number; field: string; subject_kind: string; subject_id: string; signer: string; org: string; time: string; seq: number };
  search_token: { token: string; kind: string; id: string };
}

export type ReadDb = Kysely<Tables>;

export interface ReadModels {
  db: ReadDb;
  backend: Backend;
  close(): Promise<void>;
}

export async function openReadModels(config: ReadModelConfig): Promise<ReadModels> {
  if (/^postgres(ql)?:\/\//.test(config.url)) {
    // int8 (bigint) comes back as a JS number: rupiah amounts stay far below 2^53 (Rp 9 000 trillion).
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: config.url, max: 8 });
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    await migrate(db, 'postgres');
    return { db, backend: 'postgres', close: () => db.destroy() };
  }
  const sqlite = new Database(config.url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -131072');
  // Read pages through a memory map rather than a read() and a copy each: list and detail pages of
  // a large database touch many pages once. Address space only; the read models can be rebuilt.
  sqlite.pragma('mmap_size = 17179869184');
  sqlite.pragma('busy_timeout = 5000');
  // LIKE compares case as PostgreSQL's does (a process's supplier filter), so both answer the same.
  sqlite.pragma('case_sensitive_like = true');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, 'sqlite');
  // Statistics for the planner, from a sample of each index (quick on any size), where missing or
  // stale: without them SQLite cannot tell a buyer (a few thousand rows) from a status (a quarter of
  // all contracts) and may walk the wrong index. PostgreSQL keeps its own (autovacuum).
  sqlite.pragma('analysis_limit = 20000');
  sqlite.pragma('optimize = 0x10002');
  return { db, backend: 'sqlite', close: () => db.destroy() };
}

/** Creates the tables and indexes (idempotent). Text keys compare byte-wise on both backends. */
async function migrate(db: ReadDb, backend: Backend): Promise<void> {
  const text = backend === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const big = backend === 'postgres' ? 'BIGINT' : 'INTEGER';
  const ddl = [
    `CREATE TABLE IF NOT EXISTS meta (name ${text} PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS block (height ${big} PRIMARY KEY, time TEXT NOT NULL, hash TEXT NOT NULL, app_hash TEXT NOT NULL, txs INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS tx (hash ${text} PRIMARY KEY, height ${big} NOT NULL, idx INTEGER NOT NULL, type ${text} NOT NULL, signer ${text} NOT NULL, org ${text} NOT NULL, code INTEGER NOT NULL, info TEXT NOT NULL, log TEXT NOT NULL, time TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS tx_height ON tx (height, idx)`,
    `CREATE INDEX IF NOT EXISTS tx_signer ON tx (signer, height)`,
    `CREATE TABLE IF NOT EXISTS event (seq ${big} PRIMARY KEY, height ${big} NOT NULL, tx_idx INTEGER NOT NULL, tx_hash ${text} NOT NULL, type ${text} NOT NULL, subject_kind ${text} NOT NULL, subject_id ${text} NOT NULL, attrs TEXT NOT NULL, orgs ${text} NOT NULL, public INTEGER NOT NULL, time TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS event_subject ON event (subject_kind, subject_id, seq)`,
    `CREATE TABLE IF NOT EXISTS record (key ${text} PRIMARY KEY, module ${text} NOT NULL, kind ${text} NOT NULL, id ${text} NOT NULL, doc TEXT NOT NULL, height ${big} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS org (id ${text} PRIMARY KEY, name ${text} NOT NULL, kind ${text} NOT NULL, sub_kind ${text}, status ${text} NOT NULL, doc TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS member (id ${text} PRIMARY KEY, org ${text} NOT NULL, name ${text} NOT NULL, roles ${text} NOT NULL, status ${text} NOT NULL, doc TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS member_org ON member (org, id)`,
    `CREATE TABLE IF NOT EXISTS package (id ${text} PRIMARY KEY, org ${text} NOT NULL, title ${text} NOT NULL, category ${text} NOT NULL, method ${text} NOT NULL, pagu ${big} NOT NULL, fiscal_year INTEGER NOT NULL, status ${text} NOT NULL, doc TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS package_org ON package (org, id)`,
    `CREATE TABLE IF NOT EXISTS process (id ${text} PRIMARY KEY, source ${text} NOT NULL, ocid ${text} NOT NULL, package_id ${text}, buyer_org ${text}, buyer_name ${text} NOT NULL, title ${text} NOT NULL, method ${text} NOT NULL, category ${text} NOT NULL, status ${text} NOT NULL, value ${big}, currency ${text} NOT NULL, tender_start ${text}, tender_end ${text}, suppliers ${text} NOT NULL, updated_height ${big} NOT NULL, doc TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS process_recent ON process (updated_height, id)`,
    `CREATE INDEX IF NOT EXISTS process_buyer ON process (buyer_org, updated_height, id)`,
    `CREATE INDEX IF NOT EXISTS process_status ON process (status, updated_height, id)`,
    // Lists sorted by value walk this index (queries.ts spells the key the same: a missing value sorts as -1).
    `DROP INDEX IF EXISTS process_value`,
    `CREATE INDEX IF NOT EXISTS process_value_key ON process ((coalesce(value, -1)), id)`,
    `CREATE TABLE IF NOT EXISTS contract (id ${text} PRIMARY KEY, source ${text} NOT NULL, process_id ${text}, buyer_org ${text}, buyer_name ${text} NOT NULL, supplier_org ${text}, supplier_name ${text} NOT NULL, title ${text} NOT NULL, category ${text} NOT NULL, method ${text} NOT NULL, status ${text} NOT NULL, value ${big}, currency ${text} NOT NULL, signed_at ${text}, ends_at ${text}, updated_height ${big} NOT NULL, doc TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS contract_recent ON contract (updated_height, id)`,
    `CREATE INDEX IF NOT EXISTS contract_buyer ON contract (buyer_org, updated_height, id)`,
    `CREATE INDEX IF NOT EXISTS contract_supplier ON contract (supplier_org, updated_height, id)`,
    `CREATE INDEX IF NOT EXISTS contract_status ON contract (status, updated_height, id)`,
    `DROP INDEX IF EXISTS contract_value`,
    `CREATE INDEX IF NOT EXISTS contract_value_key ON contract ((coalesce(value, -1)), id)`,
    `CREATE INDEX IF NOT EXISTS contract_process ON contract (process_id)`,
    `CREATE TABLE IF NOT EXISTS bid (tender ${text} NOT NULL, bidder ${text} NOT NULL, status ${text} NOT NULL, price ${big}, doc TEXT NOT NULL, PRIMARY KEY (tender, bidder))`,
    `CREATE TABLE IF NOT EXISTS participant (org ${text} NOT NULL, tender ${text} NOT NULL, height ${big} NOT NULL, PRIMARY KEY (org, tender))`,
    `CREATE TABLE IF NOT EXISTS payment_order (contract ${text} NOT NULL, no INTEGER NOT NULL, kind ${text} NOT NULL, net ${big} NOT NULL, status ${text} NOT NULL, issued_at ${text} NOT NULL, buyer_org ${text} NOT NULL, supplier_org ${text} NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (contract, no))`,
    `CREATE INDEX IF NOT EXISTS payment_order_status ON payment_order (status, issued_at)`,
    `CREATE TABLE IF NOT EXISTS payment (contract ${text} NOT NULL, order_no INTEGER NOT NULL, no INTEGER NOT NULL, sp2d ${text} NOT NULL, amount ${big} NOT NULL, at ${text} NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (contract, order_no, no))`,
    `CREATE TABLE IF NOT EXISTS complaint (id ${text} PRIMARY KEY, subject_kind ${text} NOT NULL, subject_id ${text} NOT NULL, subject_org ${text} NOT NULL, status ${text} NOT NULL, filed_at ${text} NOT NULL, doc TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS sanction (id ${text} PRIMARY KEY, supplier ${text} NOT NULL, buyer_org ${text} NOT NULL, status ${text} NOT NULL, doc TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS anchor (seq ${big} PRIMARY KEY, sha256 ${text} NOT NULL, tx_hash ${text} NOT NULL, height ${big} NOT NULL, field ${text} NOT NULL, subject_kind ${text} NOT NULL, subject_id ${text} NOT NULL, signer ${text} NOT NULL, org ${text} NOT NULL, time TEXT NOT NULL, UNIQUE (sha256, tx_hash, field))`,
    `CREATE INDEX IF NOT EXISTS anchor_sha ON anchor (sha256, height)`,
    `CREATE INDEX IF NOT EXISTS anchor_subject ON anchor (subject_kind, subject_id)`,
    `CREATE TABLE IF NOT EXISTS search_token (token ${text} NOT NULL, kind ${text} NOT NULL, id ${text} NOT NULL, PRIMARY KEY (token, kind, id))`,
    // A record's tokens, for the per-record word check (one seek to the word's range, read from
    // the index alone) and re-indexing. id first: an index led by kind alone tempted SQLite's
    // planner to answer a word's range from it by reading every token of that kind, instead of
    // the primary key's range on the word.
    `DROP INDEX IF EXISTS search_token_doc`,
    `DROP INDEX IF EXISTS search_token_id`,
    `CREATE INDEX IF NOT EXISTS search_token_record ON search_token (id, kind, token)`,
  ];
  for (const stmt of ddl) await sql.raw(stmt).execute(db);
}

/** Reads a meta value. */
export async function getMeta(db: ReadDb, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

export async function setMeta(db: ReadDb, name: string, value: string): Promise<void> {
  await db.insertInto('meta').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
}

/**
 * Removes every row the ledger produced (a rebuild from height 1 starts here). Imported external
 * processes (source other than 'ledger', ids starting `ext:`) stay.
 */
export async function truncateLedgerRows(db: ReadDb): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of ['meta', 'block', 'tx', 'event', 'record', 'org', 'member', 'package', 'bid', 'participant', 'payment_order', 'payment', 'complaint', 'sanction', 'anchor'] as const) {
      await trx.deleteFrom(t).execute();
    }
    await trx.deleteFrom('process').where('source', '=', 'ledger').execute();
    await trx.deleteFrom('contract').where('source', '=', 'ledger').execute();
    await trx.deleteFrom('search_token').where('id', 'not like', 'ext:%').execute();
    const g = newListsGeneration();
    await trx.insertInto('meta').values(g).onConflict((oc) => oc.column('name').doUpdateSet({ value: g.value })).execute();
  });
}
