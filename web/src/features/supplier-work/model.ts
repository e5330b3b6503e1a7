/** The parts of a tender record (ledger/modules/tender/README.md) the supplier's pages need, read once. */
import type { Schemas } from '../../lib/api';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export interface SupplierTender {
  id: string;
  title: string;
  status: string;
  category: string;
  method: string;
  buyerName: string;
  hpsRupiah: string | null;
  bidDeadlineMs: number | null;
  committee: Array<{ memberId: string; orgId: string; openingKey: string | null }>;
  threshold: number | null;
  award: { winner: string; priceRupiah: string } | null;
  sanggahEndsMs: number | null;
}

export interface BidReceipt {
  version: number;
  commitment: string;
  height: number;
  txHash: string;
  time: string;
}

export interface MyBid {
  status: string;
  version: number | null;
  submittedMs: number | null;
  priceRupiah: string | null;
  problem: string | null;
}

export function readTender(d: Schemas['ProcessDetail']): SupplierTender {
  const t = obj(d.detail);
  const aw = t.award ? obj(t.award) : null;
  return {
    id: d.id,
    title: d.title,
    status: str(t.status) ?? d.status,
    category: d.category,
    method: d.method,
    buyerName: d.buyer.name,
    hpsRupiah: str(t.hpsRupiah) ?? d.value,
    bidDeadlineMs: num(t.bidDeadlineMs),
    committee: arr(t.committee).map((c) => {
      const o = obj(c);
      return { memberId: str(o.memberId) ?? '', orgId: str(o.orgId) ?? '', openingKey: str(o.openingKey) };
    }),
    threshold: num(t.threshold),
    award: aw ? { winner: str(aw.winner) ?? '', priceRupiah: str(aw.priceRupiah) ?? '0' } : null,
    sanggahEndsMs: num(t.sanggahEndsMs),
  };
}

/** Whether `org` registered for the tender (its `tender.registered` event, which the organization sees). */
export function isRegistered(d: Schemas['ProcessDetail'], org: string): boolean {
  return d.history.some((e) => e.type === 'tender.registered' && e.attributes.supplier === org);
}

/** Every sealed bid `org` submitted to this tender, with its block and transaction: the receipts. */
export function bidReceipts(d: Schemas['ProcessDetail'], org: string): BidReceipt[] {
  return d.history
    .filter((e) => e.type === 'tender.bid_sealed' && e.attributes.bidder === org)
    .map((e) => ({ version: Number(e.attributes.version ?? 0), commitment: e.attributes.commitment ?? '', height: e.height, txHash: e.txHash, time: e.time }));
}

/** `org`'s bid as the ledger holds it (the bidder sees its own sealed bid). */
export function myBid(d: Schemas['ProcessDetail'], org: string): MyBid | null {
  const b = d.bids.find((x) => x.bidder === org);
  if (!b) return null;
  const content = b.content ? obj(b.content) : null;
  return { status: str(b.status) ?? 'sealed', version: num(b.version), submittedMs: num(b.submittedMs), priceRupiah: content ? str(content.priceRupiah) : null, problem: str(b.problem) };
}

/** Whole rupiah typed with or without thousands dots; null when it is not a positive whole number. */
export function parseRupiahInput(s: string): string | null {
  const d = s.replace(/[.\s]/g, '').replace(/^Rp/i, '');
  return /^[1-9]\d{0,17}$/.test(d) ? d : null;
}

export const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
