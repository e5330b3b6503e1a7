/**
 * Projection: from what one committed block wrote (state records, tx results, events) to read-model
 * rows. Every ledger record is mirrored in `record`; the records people search and filter get a
 * typed row too. All of it runs inside the one database transaction that also moves the cursor.
 */
import type { Transaction } from 'kysely';
import { decodeRecord } from '../ledger/store/records.js';
import type { StateReader } from '../ledger/store/store.js';
import type { LedgerEvent } from '../ledger/module.js';
import type { TxResult } from '../ledger/app.js';
import type { Organization, Member } from '../ledger/modules/identity/state.js';
import type { Package } from '../ledger/modules/plan/state.js';
import type { Tender, Bid, Registration } from '../ledger/modules/tender/state.js';
import type { Contract } from '../ledger/modules/contract/state.js';
import type { PaymentOrder, Payment } from '../ledger/modules/execution/orders.js';
import type { Complaint } from '../ledger/modules/complaint/state.js';
import type { Case } from '../ledger/modules/sanction/state.js';
import type { Tables } from './db.js';
import { tokens } from './search.js';
import { readRecord } from './replica.js';
import type { FeedEvent } from './feed.js';

type Trx = Transaction<Tables>;
const dec = new TextDecoder();

/** Records that are indexes or counters of the ledger itself, not facts people read. */
const NOT_MIRRORED = [/^identity\/nonce\//, /^identity\/key\//, /^tender\/opening-key\//, /^execution\/sp2d\//, /^contract\/by-tender\//];

/** JSON for a record: byte strings as lowercase hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
}

export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export interface BlockMeta {
  height: number;
  timeMs: number;
  hash: string;
  appHash: string;
  txHashes: string[];
  /** Decoded tx bodies (undefined for a tx that did not decode). */
  bodies: Array<{ type: string; body: unknown; signerKey?: string } | undefined>;
}

export interface ProjectOptions {
  ocidPrefix: string;
}

export class Projector {
  constructor(private readonly opts: ProjectOptions) {}

  /** Writes the rows for one block; returns the feed events it recorded, in order. */
  async block(trx: Trx, state: StateReader, writes: Array<[Uint8Array, Uint8Array | null]>, results: TxResult[], b: BlockMeta, nextSeq: number): Promise<{ events: FeedEvent[]; nextSeq: number }> {
    const time = iso(b.timeMs)!;
    await trx.insertInto('block').values({ height: b.height, time, hash: b.hash, app_hash: b.appHash, txs: results.length }).onConflict((oc) => oc.column('height').doNothing()).execute();
    const touchedContracts = new Set<string>();
    for (const [k, v] of writes) {
      const key = dec.decode(k);
      if (NOT_MIRRORED.some((re) => re.test(key))) continue;
      await this.record(trx, state, key, v, b.height, touchedContracts);
    }
    // A contract's payment rows name its parties; an order or payment may change without the contract.
    for (const id of touchedContracts) await this.contractTotals(trx, state, id);
    const events: FeedEvent[] = [];
    let seq = nextSeq;
    let anchorSeq: number | undefined;
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      const txHash = b.txHashes[i]!;
      const head = r.events.find((e) => e.type === 'tx');
      const attr = (e: LedgerEvent | undefined, name: string) => e?.attributes.find((a) => a.key === name)?.value ?? '';
      const type = head ? attr(head, 'type') : (b.bodies[i]?.type ?? '');
      // The same bytes can be included again after a failure (a refused tx does not use up its
      // nonce): the row shows the inclusion that succeeded, else the latest failure.
      // A refused tx emits no events: its signer comes from the envelope's key, as identity knows it.
      const signer = head ? { member: attr(head, 'signer'), org: attr(head, 'org') } : signerOf(state, b.bodies[i]?.signerKey);
      const txRow = { hash: txHash, height: b.height, idx: i, type, signer: signer.member, org: signer.org, code: r.code, info: r.info, log: r.log, time };
      await trx
        .insertInto('tx')
        .values(txRow)
        .onConflict((oc) => oc.column('hash').doUpdateSet(txRow).where('tx.code', '<>', 0))
        .execute();
      if (r.code !== 0) continue;
      for (const e of r.events) {
        if (e.type === 'tx') continue;
        const attrs = Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));
        const subject = subjectOf(e.type, attrs);
        const orgs = [...new Set([attr(head, 'org'), attrs.org, attrs.buyer, attrs.supplier, attrs.bidder, attrs.winner, ...partiesOf(state, attrs)].filter((x): x is string => !!x))].sort();
        const pub = isPublicEvent(e.type);
        await trx
          .insertInto('event')
          .values({ seq, height: b.height, tx_idx: i, tx_hash: txHash, type: e.type, subject_kind: subject.kind, subject_id: subject.id, attrs: JSON.stringify(attrs), orgs: orgs.join(','), public: pub ? 1 : 0, time })
          .onConflict((oc) => oc.column('seq').doNothing())
          .execute();
        events.push({ seq, height: b.height, txIndex: i, txHash, time, type: e.type, attributes: attrs, orgs, public: pub });
        seq++;
      }
      const decoded = b.bodies[i];
      if (decoded) {
        for (const a of anchorsIn(decoded.body)) {
          const subject = bodySubject(decoded.body);
          // Numbered here, not by the database: an auto-increment is not reset by a rebuild and, in
          // PostgreSQL, skips the values of a rolled-back transaction.
          anchorSeq ??= Number((await trx.selectFrom('anchor').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst())?.last ?? 0) + 1;
          await trx
            .insertInto('anchor')
            .values({ seq: anchorSeq++, sha256: a.sha256, tx_hash: txHash, height: b.height, field: a.field, subject_kind: subject.kind, subject_id: subject.id, signer: attr(head, 'signer'), org: attr(head, 'org'), time })
            .onConflict((oc) => oc.columns(['sha256', 'tx_hash', 'field']).doNothing())
            .execute();
        }
      }
    }
    return { events, nextSeq: seq };
  }

  private async record(trx: Trx, state: StateReader, key: string, value: Uint8Array | null, height: number, touchedContracts: Set<string>): Promise<void> {
    const [module = '', kind = '', ...rest] = key.split('/');
    const id = rest.join('/');
    if (value === null) {
      await trx.deleteFrom('record').where('key', '=', key).execute();
      return;
    }
    const rec = decodeRecord<unknown>(value);
    const doc = toJson(rec);
    await trx
      .insertInto('record')
      .values({ key, module, kind, id, doc, height })
      .onConflict((oc) => oc.column('key').doUpdateSet({ doc, height }))
      .execute();
    const path = `${module}/${kind}`;
    switch (path) {
      case 'identity/org': {
        const o = rec as Organization;
        const row = { id: o.id, name: o.name, kind: o.kind, sub_kind: o.auditorKind ?? o.businessSize ?? null, status: o.status, doc };
        await trx.insertInto('org').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        return;
      }
      case 'identity/member': {
        const m = rec as Member;
        const row = { id: m.id, org: m.orgId, name: m.name, roles: m.roles.join(','), status: m.status, doc: toJson({ id: m.id, orgId: m.orgId, name: m.name, roles: m.roles, status: m.status, pubKey: m.pubKey, keys: m.keys, createdHeight: m.createdHeight }) };
        await trx.insertInto('member').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        return;
      }
      case 'plan/package': {
        const p = rec as Package;
        const row = { id: p.id, org: p.orgId, title: p.title, category: p.category, method: p.method, pagu: Number(p.paguRupiah), fiscal_year: p.fiscalYear, status: p.status, doc };
        await trx.insertInto('package').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        return;
      }
      case 'tender/tender':
        return this.tender(trx, state, rec as Tender, doc, height);
      case 'tender/registration': {
        // Written once by tender.register; its block orders the supplier's own list.
        const r = rec as Registration;
        await trx.insertInto('participant').values({ org: r.orgId, tender: r.tenderId, height }).onConflict((oc) => oc.columns(['org', 'tender']).doNothing()).execute();
        return;
      }
      case 'tender/bid': {
        const bid = rec as Bid;
        const row = { tender: bid.tenderId, bidder: bid.bidder, status: bid.status, price: bid.content ? Number(bid.content.priceRupiah) : null, doc: toJson(publicBid(bid)) };
        await trx.insertInto('bid').values(row).onConflict((oc) => oc.columns(['tender', 'bidder']).doUpdateSet(row)).execute();
        const t = readRecord<Tender>(state, `tender/tender/${bid.tenderId}`);
        if (t) await this.tender(trx, state, t, toJson(t), height);
        return;
      }
      case 'contract/contract': {
        const c = rec as Contract;
        const buyer = readRecord<Organization>(state, `identity/org/${c.buyerOrg}`);
        const supplier = readRecord<Organization>(state, `identity/org/${c.supplier}`);
        const t = readRecord<Tender>(state, `tender/tender/${c.tenderId}`);
        const row = {
          id: c.id,
          source: 'ledger',
          process_id: c.tenderId,
          buyer_org: c.buyerOrg,
          buyer_name: buyer?.name ?? c.buyerOrg,
          supplier_org: c.supplier,
          supplier_name: supplier?.name ?? c.supplier,
          title: c.title,
          category: c.category,
          method: t?.method ?? '',
          status: c.status,
          value: Number(c.valueRupiah),
          currency: 'IDR',
          signed_at: iso(c.startMs),
          ends_at: iso(c.endMs),
          updated_height: height,
          doc,
        };
        await trx.insertInto('contract').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        await this.index(trx, 'contract', c.id, [c.id, c.title, row.buyer_name, row.supplier_name, c.category, row.method, c.tenderId]);
        touchedContracts.add(c.id);
        return;
      }
      case 'execution/order':
      case 'execution/payment':
        touchedContracts.add(rest[0]!);
        return;
      case 'complaint/complaint': {
        const c = rec as Complaint;
        const row = { id: c.id, subject_kind: c.subject.kind, subject_id: c.subject.id, subject_org: c.subjectOrg, status: c.status, filed_at: iso(c.filedMs)!, doc };
        await trx.insertInto('complaint').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        return;
      }
      case 'sanction/case': {
        const c = rec as Case;
        const row = { id: c.id, supplier: c.supplier, buyer_org: c.buyerOrg, status: c.status, doc };
        await trx.insertInto('sanction').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        return;
      }
    }
  }

  private async tender(trx: Trx, state: StateReader, t: Tender, doc: string, height: number): Promise<void> {
    const buyer = readRecord<Organization>(state, `identity/org/${t.orgId}`);
    const winner = t.award ? readRecord<Organization>(state, `identity/org/${t.award.winner}`) : undefined;
    const row = {
      id: t.id,
      source: 'ledger',
      ocid: `${this.opts.ocidPrefix}-${t.packageId}`,
      package_id: t.packageId,
      buyer_org: t.orgId,
      buyer_name: buyer?.name ?? t.orgId,
      title: t.title,
      method: t.method,
      category: t.category,
      status: t.status,
      value: Number(t.award?.priceRupiah ?? t.hpsRupiah),
      currency: 'IDR',
      tender_start: iso(t.announcedMs),
      tender_end: iso(t.bidDeadlineMs),
      // Bidders stay out of the public columns until the bids are opened (they are sealed until then).
      suppliers: t.award ? `|${t.award.winner}|` : '',
      updated_height: height,
      doc,
    };
    await trx.insertInto('process').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    await this.index(trx, 'process', t.id, [t.id, t.title, row.buyer_name, t.category, t.method, t.packageId, winner?.name ?? '']);
  }

  /** Payment orders and payments of a contract, with the parties copied in for filtering. */
  private async contractTotals(trx: Trx, state: StateReader, contractId: string): Promise<void> {
    const c = readRecord<Contract>(state, `contract/contract/${contractId}`);
    if (!c) return;
    const pad = (n: number) => String(n).padStart(4, '0');
    for (let no = 1; ; no++) {
      const o = readRecord<PaymentOrder>(state, `execution/order/${contractId}/${pad(no)}`);
      if (!o) break;
      const paid = BigInt(o.paidRupiah);
      const status = paid === 0n ? 'unpaid' : paid >= BigInt(o.netRupiah) ? 'paid' : 'part_paid';
      const row = { contract: contractId, no, kind: o.kind, net: Number(o.netRupiah), status, issued_at: iso(o.issuedMs)!, buyer_org: c.buyerOrg, supplier_org: c.supplier, doc: toJson(o) };
      await trx.insertInto('payment_order').values(row).onConflict((oc) => oc.columns(['contract', 'no']).doUpdateSet(row)).execute();
      for (let p = 1; p <= o.payments; p++) {
        const pay = readRecord<Payment>(state, `execution/payment/${contractId}/${pad(no)}/${pad(p)}`);
        if (!pay) continue;
        const prow = { contract: contractId, order_no: no, no: p, sp2d: pay.sp2dNumber, amount: Number(pay.amountRupiah), at: iso(pay.atMs)!, doc: toJson(pay) };
        await trx.insertInto('payment').values(prow).onConflict((oc) => oc.columns(['contract', 'order_no', 'no']).doUpdateSet(prow)).execute();
      }
    }
  }

  private async index(trx: Trx, kind: string, id: string, texts: string[]): Promise<void> {
    await trx.deleteFrom('search_token').where('kind', '=', kind).where('id', '=', id).execute();
    const rows = tokens(texts.join(' ')).map((token) => ({ token, kind, id }));
    if (rows.length) await trx.insertInto('search_token').values(rows).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** A bid as the read model keeps it: never the ciphertext or shares, the price only once opened. */
function publicBid(b: Bid) {
  return {
    tenderId: b.tenderId,
    bidder: b.bidder,
    submittedBy: b.submittedBy,
    submittedMs: b.submittedMs,
    submittedHeight: b.submittedHeight,
    version: b.version,
    commitment: b.commitment,
    status: b.status,
    openedMs: b.openedMs,
    content: b.content,
    problem: b.problem,
    invalidSeats: b.invalidSeats,
  };
}

/** The member and organization a signing key belongs to (empty for a key no member holds). */
function signerOf(state: StateReader, keyHex: string | undefined): { member: string; org: string } {
  if (!keyHex) return { member: '', org: '' };
  const k = readRecord<{ memberId: string }>(state, `identity/key/${keyHex}`);
  const m = k ? readRecord<Member>(state, `identity/member/${k.memberId}`) : undefined;
  return m ? { member: m.id, org: m.orgId } : { member: '', org: '' };
}

/** The buying organization (and supplier) of the tender or contract an event is about: they are concerned by it. */
function partiesOf(state: StateReader, attrs: Record<string, string>): string[] {
  if (attrs.contract) {
    const c = readRecord<Contract>(state, `contract/contract/${attrs.contract}`);
    return c ? [c.buyerOrg, c.supplier] : [];
  }
  if (attrs.tender) {
    const t = readRecord<Tender>(state, `tender/tender/${attrs.tender}`);
    return t ? [t.orgId] : [];
  }
  return [];
}

const SUBJECT_ATTRS: Array<[string, string]> = [
  ['contract', 'contract'],
  ['tender', 'tender'],
  ['package', 'package'],
  ['complaint', 'complaint'],
  ['case', 'sanction'],
  ['proposal', 'proposal'],
  ['member', 'member'],
  ['org', 'org'],
];

function subjectOf(type: string, attrs: Record<string, string>): { kind: string; id: string } {
  for (const [attr, kind] of SUBJECT_ATTRS) if (attrs[attr]) return { kind, id: attrs[attr]! };
  return { kind: type.split('.')[0] ?? '', id: '' };
}

/** Events everyone may read. A sealed bid's existence is known only to its bidder and the buyer until the opening. */
export function isPublicEvent(type: string): boolean {
  return type !== 'tender.bid_sealed';
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Every document hash a transaction body anchors: fields named …Hash / …Hashes holding SHA-256 hex. */
export function anchorsIn(body: unknown, path = ''): Array<{ sha256: string; field: string }> {
  const out: Array<{ sha256: string; field: string }> = [];
  if (Array.isArray(body)) body.forEach((v, i) => out.push(...anchorsIn(v, `${path}[${i}]`)));
  else if (body && typeof body === 'object' && !(body instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(body)) {
      const field = path ? `${path}.${k}` : k;
      if (/hash(es)?$/i.test(k)) {
        const values = Array.isArray(v) ? v : [v];
        for (const x of values) if (typeof x === 'string' && HEX64.test(x)) out.push({ sha256: x, field });
      } else out.push(...anchorsIn(v, field));
    }
  }
  return out;
}

function bodySubject(body: unknown): { kind: string; id: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  for (const [field, kind] of [
    ['contractId', 'contract'],
    ['tenderId', 'tender'],
    ['packageId', 'package'],
    ['complaintId', 'complaint'],
    ['caseId', 'sanction'],
  ] as const) {
    if (typeof b[field] === 'string') return { kind, id: b[field] };
  }
  return { kind: '', id: '' };
}
