/**
 * Process and contract lists answered from memory: the columns that lists filter and sort on, one
 * typed array per column, and each search word's matches as a bitset, read from the read models
 * and kept up to date from them. The database stays the only store and the SQL path in queries.ts
 * stays the reference: this gives the same rows in the same order (indexer/list-index.test.ts
 * compares the two on random data and queries, on SQLite and PostgreSQL), and it gives them in a
 * few milliseconds whatever the words, filters and sort, where an index walk can take seconds
 * (two common words that are rare together, a common word whose matches sort late; see
 * bench/README.md, api-read).
 *
 * Freshness: before each answer the read models' cursor (meta `height`) and generation (meta
 * `lists_generation`, changed by imports and rebuilds) are read. Rows changed by the blocks since
 * the last answer (`updated_height` in that range) are read again with their search tokens; a new
 * generation reloads everything. So a list is never older than the read models it is answered from,
 * whether the indexer runs in this process or another.
 *
 * Ids compare as JavaScript strings (UTF-16 code units) where SQL compares bytes; the two orders
 * differ only between characters above U+FFFF and U+E000–U+FFFF, which no id holds (ledger ids are
 * `a-z 0-9 -`, imported ones `ext:` + an OCID).
 */
import { randomUUID } from 'node:crypto';
import type { SelectQueryBuilder } from 'kysely';
import type { ReadDb, Tables } from './db.js';
import type { ListFilter } from './queries.js';
import { queryTerms } from './search.js';

export type ListKind = 'process' | 'contract';
type SortBy = 'recent' | 'value';

/** A list's words, filters and sort (queries.ts ListFilter), with its cursor decoded. */
export type ListQuery = Omit<ListFilter, 'cursor' | 'limit'> & {
  /** The last row's sort key and id. */
  after?: [number, string];
};

const BATCH = 20_000;
/** Words whose matches are kept; the least recently used go first. At 10⁶ rows a bitset is 125 KB. */
const MAX_TERMS = 512;
/** A code that no value has: a filter on a value never seen matches nothing. */
const UNSEEN = -2;
const NULL = -1;

interface Row {
  id: string;
  updated_height: number;
  value: number | null;
  buyer_org: string | null;
  status: string;
  method: string;
  category: string;
  source: string;
  /** contract: supplier_org; process: the `|a|b|` suppliers list. */
  party: string | null;
  /** contract: signed_at; process: tender_start. */
  date: string | null;
}

/** Strings of a column as small integers, so that a filter compares numbers. */
class Codes {
  private readonly map = new Map<string, number>();
  code(s: string | null): number {
    if (s === null) return NULL;
    let c = this.map.get(s);
    if (c === undefined) this.map.set(s, (c = this.map.size));
    return c;
  }
  find(s: string): number {
    return this.map.get(s) ?? UNSEEN;
  }
}

type Bits = Uint32Array;

function grow<T extends Float64Array | Int32Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/** One kind's rows in memory. */
class Table {
  n = 0;
  ids: string[] = [];
  readonly slots = new Map<string, number>();
  height = new Float64Array(1024);
  /** NaN when the row has no value. */
  value = new Float64Array(1024);
  buyer = new Int32Array(1024);
  status = new Int32Array(1024);
  method = new Int32Array(1024);
  category = new Int32Array(1024);
  source = new Int32Array(1024);
  /** contract: supplier code. */
  supplier = new Int32Array(1024);
  /** process: the suppliers list, searched as SQL's `like '%|x|%'`. */
  suppliers: string[] = [];
  date: Array<string | null> = [];
  readonly codes = new Codes();
  /** Each search word's matches. */
  readonly terms = new Map<string, Bits>();
  /** Word loads in flight, with the rows changed while they read (re-checked when they finish). */
  readonly loading = new Map<string, { promise: Promise<Bits>; changed: Map<number, string[]> }>();

  /**
   * Every slot by (height, id) and by (value or -1, id), both descending, so that a list sorted
   * either way is read in order and stops when its page is full. Null until first needed, and again
   * after changes too many to move one by one.
   */
  private orders: { recent: Int32Array; value: Int32Array } | null = null;

  constructor(readonly kind: ListKind) {}

  key(by: SortBy, s: number): number {
    if (by === 'recent') return this.height[s]!;
    const v = this.value[s]!;
    return Number.isNaN(v) ? -1 : v;
  }

  /** The first position in `by`'s order whose row comes after (k, id) — or at it too, with `orEqual`. */
  seek(by: SortBy, k: number, id: string, orEqual: boolean): number {
    const ord = this.order(by);
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = ord[mid]!;
      const km = this.key(by, s);
      const idm = this.ids[s]!;
      const after = km < k || (km === k && (idm < id || (orEqual && idm === id)));
      if (after) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  order(by: SortBy): Int32Array {
    if (!this.orders) {
      const build = (b: SortBy) => {
        const o = new Int32Array(Math.max(1024, this.n * 2));
        const view = o.subarray(0, this.n);
        for (let i = 0; i < this.n; i++) view[i] = i;
        view.sort((x, y) => {
          const kx = this.key(b, x);
          const ky = this.key(b, y);
          if (kx !== ky) return ky - kx;
          const ix = this.ids[x]!;
          const iy = this.ids[y]!;
          return ix === iy ? 0 : ix < iy ? 1 : -1;
        });
        return o;
      };
      this.orders = { recent: build('recent'), value: build('value') };
    }
    return this.orders[by];
  }

  /** Forgets the orders: rebuilt when next needed (after a bulk change, cheaper than moving each row). */
  dropOrders(): void {
    this.orders = null;
  }

  private unorder(s: number, len: number): void {
    if (!this.orders) return;
    for (const by of ['recent', 'value'] as const) {
      const ord = this.orders[by];
      const at = this.seek(by, this.key(by, s), this.ids[s]!, false) - 1;
      if (ord[at] !== s) throw new Error(`list order broken at slot ${s}`);
      ord.copyWithin(at, at + 1, len);
    }
  }

  private reorder(s: number, len: number): void {
    if (!this.orders) return;
    for (const by of ['recent', 'value'] as const) {
      let ord = this.orders[by];
      if (ord.length < len + 1) {
        const bigger = new Int32Array(ord.length * 2);
        bigger.set(ord);
        this.orders[by] = ord = bigger;
      }
      // n is len here: seek reads the order's first len slots.
      const at = this.seekIn(by, len, this.key(by, s), this.ids[s]!);
      ord.copyWithin(at + 1, at, len);
      ord[at] = s;
    }
  }

  /** seek over the first `len` positions (while a row is out of the order). */
  private seekIn(by: SortBy, len: number, k: number, id: string): number {
    const n = this.n;
    this.n = len;
    try {
      return this.seek(by, k, id, false);
    } finally {
      this.n = n;
    }
  }

  upsert(r: Row): number {
    let s = this.slots.get(r.id);
    if (s !== undefined) {
      this.unorder(s, this.n);
      this.write(s, r);
      this.reorder(s, this.n - 1);
      return s;
    }
    s = this.n;
    this.slots.set(r.id, s);
    this.ids[s] = r.id;
    this.grow(s + 1);
    this.write(s, r);
    this.reorder(s, s);
    this.n++;
    return s;
  }

  private grow(size: number): void {
    this.height = grow(this.height, size);
    this.value = grow(this.value, size);
    this.buyer = grow(this.buyer, size);
    this.status = grow(this.status, size);
    this.method = grow(this.method, size);
    this.category = grow(this.category, size);
    this.source = grow(this.source, size);
    this.supplier = grow(this.supplier, size);
  }

  private write(s: number, r: Row): void {
    this.height[s] = Number(r.updated_height);
    this.value[s] = r.value === null ? NaN : Number(r.value);
    this.buyer[s] = this.codes.code(r.buyer_org);
    this.status[s] = this.codes.code(r.status);
    this.method[s] = this.codes.code(r.method);
    this.category[s] = this.codes.code(r.category);
    this.source[s] = this.codes.code(r.source);
    if (this.kind === 'contract') this.supplier[s] = this.codes.code(r.party);
    else this.suppliers[s] = r.party ?? '';
    this.date[s] = r.date;
  }

  /** A bitset sized for the rows there are now. */
  bits(from?: Bits): Bits {
    const words = (this.n + 31) >>> 5;
    if (from && from.length >= words) return from;
    const b = new Uint32Array(Math.max(words, 32));
    if (from) b.set(from);
    return b;
  }

  /** Sets or clears `slot` in every word kept (and in those being read), from the row's tokens now. */
  retoken(slot: number, tokens: string[]): void {
    for (const [term, bits] of this.terms) {
      const b = this.bits(bits);
      if (b !== bits) this.terms.set(term, b);
      setBit(b, slot, tokens.some((t) => t.startsWith(term)));
    }
    for (const l of this.loading.values()) l.changed.set(slot, tokens);
  }
}

function popcount(b: Bits): number {
  let n = 0;
  for (let w = 0; w < b.length; w++) {
    let x = b[w]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

function setBit(b: Bits, i: number, on: boolean): void {
  if (on) b[i >>> 5]! |= 1 << (i & 31);
  else b[i >>> 5]! &= ~(1 << (i & 31));
}

export class ListIndex {
  private readonly tables = { process: new Table('process'), contract: new Table('contract') };
  private height = -1;
  private generation: string | null = null;
  private loaded: Promise<void> | null = null;
  private syncing: Promise<void> | null = null;

  constructor(private readonly db: ReadDb) {}

  /** Reads every row (once; again after an import or a rebuild). */
  ready(): Promise<void> {
    this.loaded ??= this.load().catch((e: unknown) => {
      this.loaded = null;
      throw e;
    });
    return this.loaded;
  }

  private async load(): Promise<void> {
    const { height, generation } = await this.meta();
    const tables = { process: new Table('process'), contract: new Table('contract') };
    for (const kind of ['process', 'contract'] as const) {
      let after = '';
      for (;;) {
        const rows = await this.rows(kind, { after });
        for (const r of rows) tables[kind].upsert(r);
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1]!.id;
      }
    }
    for (const t of Object.values(tables)) {
      t.order('recent');
      t.order('value');
    }
    Object.assign(this.tables, tables);
    this.height = height;
    this.generation = generation;
  }

  private async meta(): Promise<{ height: number; generation: string }> {
    const rows = await this.db.selectFrom('meta').select(['name', 'value']).where('name', 'in', ['height', 'lists_generation']).execute();
    const get = (n: string) => rows.find((r) => r.name === n)?.value;
    return { height: Number(get('height') ?? '0'), generation: get('lists_generation') ?? '' };
  }

  /** Rows by id order after `after` (a batch), or those changed in heights (from, to]. */
  private rows(kind: ListKind, range: { after: string } | { from: number; to: number }): Promise<Row[]> {
    const cols = ['id', 'updated_height', 'value', 'buyer_org', 'status', 'method', 'category', 'source'] as const;
    // The two tables hold the columns a list needs under different names; the conditions below use
    // only names they share.
    const q = (
      kind === 'contract'
        ? this.db.selectFrom('contract').select([...cols, 'supplier_org as party', 'signed_at as date'])
        : this.db.selectFrom('process').select([...cols, 'suppliers as party', 'tender_start as date'])
    ) as unknown as SelectQueryBuilder<Tables, 'contract', Row>;
    return ('after' in range ? q.where('id', '>', range.after).orderBy('id').limit(BATCH) : q.where('updated_height', '>', range.from).where('updated_height', '<=', range.to)).execute();
  }

  /** Brings memory up to the read models: the rows of the blocks indexed since, or everything after an import or rebuild. */
  private sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        const { height, generation } = await this.meta();
        if (generation !== this.generation || height < this.height) {
          this.loaded = null;
          await this.ready();
          return;
        }
        if (height === this.height) return;
        for (const kind of ['process', 'contract'] as const) {
          const rows = await this.rows(kind, { from: this.height, to: height });
          await this.changed(kind, rows);
        }
        this.height = height;
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private async changed(kind: ListKind, rows: Row[]): Promise<void> {
    const t = this.tables[kind];
    // Moving a row in the sort orders shifts the rows after it: past a few thousand rows, sorting
    // again is cheaper.
    if (rows.length > Math.max(2_000, t.n / 100)) t.dropOrders();
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const tokens = new Map<string, string[]>(batch.map((r) => [r.id, []]));
      const found = await this.db.selectFrom('search_token').select(['id', 'token']).where('kind', '=', kind).where('id', 'in', [...tokens.keys()]).execute();
      for (const f of found) tokens.get(f.id)!.push(f.token);
      for (const r of batch) t.retoken(t.upsert(r), tokens.get(r.id)!);
    }
  }

  /** The rows matching one query word (every word of the row that starts with it), read once and then kept. */
  private async term(t: Table, term: string): Promise<Bits> {
    const kept = t.terms.get(term);
    if (kept) {
      // Most recently used last: the first in the map is the next to go.
      t.terms.delete(term);
      t.terms.set(term, kept);
      return kept;
    }
    const inFlight = t.loading.get(term);
    if (inFlight) return inFlight.promise;
    const changed = new Map<number, string[]>();
    const promise = (async () => {
      try {
        const rows = await this.db.selectFrom('search_token').select('id').where('kind', '=', t.kind).where('token', '>=', term).where('token', '<', `${term}\uffff`).execute();
        const b = t.bits();
        for (const r of rows) {
          const s = t.slots.get(r.id);
          // A row whose tokens are in but whose columns are not yet (a block being read): it is
          // re-checked when that block is.
          if (s !== undefined) setBit(b, s, true);
        }
        // Rows changed while the word was being read: their tokens now decide.
        for (const [slot, tokens] of changed) setBit(b, slot, tokens.some((tk) => tk.startsWith(term)));
        const bits = t.bits(b);
        t.terms.set(term, bits);
        if (t.terms.size > MAX_TERMS) t.terms.delete(t.terms.keys().next().value!);
        return bits;
      } finally {
        t.loading.delete(term);
      }
    })();
    t.loading.set(term, { promise, changed });
    return promise;
  }

  /**
   * The ids of one page of a list, in order: at most `limit` rows after `q.after`. The same rows
   * as the SQL in queries.ts: every query word the start of a word of the row, the filters as SQL
   * compares them (a missing value or date matches no bound), sorted by the height or by the value
   * (missing as -1), then the id.
   */
  async page(kind: ListKind, q: ListQuery, limit: number): Promise<string[]> {
    await this.ready();
    await this.sync();
    const t = this.tables[kind];
    const terms = queryTerms(q.q ?? '');
    let cand: Bits | null = null;
    for (const term of terms) {
      const bits = t.bits(await this.term(t, term));
      if (!cand) cand = bits.slice();
      else for (let w = 0; w < cand.length; w++) cand[w]! &= bits[w]!;
    }
    const code = (v: string | undefined) => (v ? t.codes.find(v) : undefined);
    const buyer = code(q.buyer);
    const status = code(q.status);
    const method = code(q.method);
    const category = code(q.category);
    const source = code(q.source);
    const supplier = kind === 'contract' ? code(q.supplier) : undefined;
    // A value no row has: nothing matches (and nothing need be read to know it).
    if ([buyer, status, method, category, source, supplier].includes(UNSEEN)) return [];
    const supplierMark = kind === 'process' && q.supplier ? `|${q.supplier}|` : undefined;
    const { minValue, maxValue, from, to } = q;
    const passes = (s: number): boolean => {
      if (buyer !== undefined && t.buyer[s] !== buyer) return false;
      if (status !== undefined && t.status[s] !== status) return false;
      if (method !== undefined && t.method[s] !== method) return false;
      if (category !== undefined && t.category[s] !== category) return false;
      if (source !== undefined && t.source[s] !== source) return false;
      if (supplier !== undefined && t.supplier[s] !== supplier) return false;
      if (supplierMark !== undefined && !t.suppliers[s]!.includes(supplierMark)) return false;
      const v = t.value[s]!;
      if (minValue !== undefined && !(v >= minValue)) return false;
      if (maxValue !== undefined && !(v <= maxValue)) return false;
      if (from || to) {
        const d = t.date[s];
        if (d === null || d === undefined || (from && d < from) || (to && d > to)) return false;
      }
      return true;
    };
    const by: SortBy = q.sort === 'value_desc' || q.sort === 'value_asc' ? 'value' : 'recent';
    const desc = q.sort !== 'value_asc';
    const after = q.after;
    const ids: string[] = [];

    // Few candidates: each is looked at and the best kept. Many (or every row): the sort order is
    // read from the cursor on until the page is full — about limit × rows / candidates positions,
    // which is fewer than the candidates when they are more than √(limit × rows).
    const matches = cand ? popcount(cand) : t.n;
    if (cand && matches * matches <= limit * t.n) {
      const keys: number[] = [];
      const better = (k1: number, id1: string, k2: number, id2: string) => (desc ? k1 > k2 || (k1 === k2 && id1 > id2) : k1 < k2 || (k1 === k2 && id1 < id2));
      for (let w = 0; w < cand.length; w++) {
        let word = cand[w]!;
        while (word !== 0) {
          const s = (w << 5) | (31 - Math.clz32(word & -word));
          word &= word - 1;
          if (s >= t.n || !passes(s)) continue;
          const k = t.key(by, s);
          const id = t.ids[s]!;
          if (after && !better(after[0], after[1], k, id)) continue;
          if (ids.length === limit && !better(k, id, keys[limit - 1]!, ids[limit - 1]!)) continue;
          let i = ids.length === limit ? limit - 1 : ids.length;
          while (i > 0 && better(k, id, keys[i - 1]!, ids[i - 1]!)) {
            keys[i] = keys[i - 1]!;
            ids[i] = ids[i - 1]!;
            i--;
          }
          keys[i] = k;
          ids[i] = id;
        }
      }
      return ids;
    }
    const ord = t.order(by);
    const take = (s: number): boolean => {
      if (cand && !(cand[s >>> 5]! & (1 << (s & 31)))) return false;
      if (!passes(s)) return false;
      ids.push(t.ids[s]!);
      return ids.length === limit;
    };
    if (desc) {
      for (let i = after ? t.seek(by, after[0], after[1], false) : 0; i < t.n; i++) if (take(ord[i]!)) break;
    } else {
      for (let i = (after ? t.seek(by, after[0], after[1], true) : t.n) - 1; i >= 0; i--) if (take(ord[i]!)) break;
    }
    return ids;
  }
}

/** Marks the read models as changed other than by blocks (an import, a rebuild): lists reload. */
export function newListsGeneration(): { name: string; value: string } {
  return { name: 'lists_generation', value: randomUUID() };
}
