/** The tender record (ledger/modules/tender/state.ts) as the API passes it, read into typed values. */
import type { ProcessDetail } from './api/get-process';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export interface EvaluationLine {
  bidder: string;
  qualified: boolean;
  reason: string | null;
  correctedPriceRupiah: string | null;
  heaRupiah: string | null;
  technicalScore: number | null;
}

export interface Tender {
  hpsRupiah: string | null;
  status: string;
  ppk: string | null;
  pokja: string[];
  committee: Array<{ memberId: string; orgId: string; keyRegistered: boolean; revealed: boolean }>;
  threshold: number | null;
  createdMs: number | null;
  announcedMs: number | null;
  bidDeadlineMs: number | null;
  sanggahEndsMs: number | null;
  /** How many sealed bids this reader is shown (the gateway leaves out the bidders it may not name before the opening, so for the public often none). */
  sealedBids: number;
  objections: number;
  questions: number;
  evaluation: { by: string; atMs: number; round: number; lines: EvaluationLine[] } | null;
  award: { winner: string; priceRupiah: string; decidedBy: string; atMs: number; height: number } | null;
  sppbj: { by: string; atMs: number; height: number } | null;
  failure: { by: string; reason: string; atMs: number } | null;
  direct: { kind: string; offerRupiah: string | null; negotiatedRupiah: string | null } | null;
  previousTenderId: string | null;
}

export interface Bid {
  bidder: string;
  status: string;
  submittedMs: number | null;
  openedMs: number | null;
  priceRupiah: string | null;
  tkdnBp: number | null;
  problem: string | null;
}

export function readTender(d: ProcessDetail): Tender {
  const t = obj(d.detail);
  const ev = t.evaluation ? obj(t.evaluation) : null;
  const aw = t.award ? obj(t.award) : null;
  const sp = t.sppbj ? obj(t.sppbj) : null;
  const fl = t.failure ? obj(t.failure) : null;
  const dr = t.direct ? obj(t.direct) : null;
  return {
    hpsRupiah: str(t.hpsRupiah),
    status: str(t.status) ?? d.status,
    ppk: str(t.ppk),
    pokja: arr(t.pokja).map((x) => str(x) ?? ''),
    committee: arr(t.committee).map((c) => {
      const o = obj(c);
      return { memberId: str(o.memberId) ?? '', orgId: str(o.orgId) ?? '', keyRegistered: o.keyRegistered === true, revealed: o.revealed === true };
    }),
    threshold: num(t.threshold),
    createdMs: num(t.createdMs),
    announcedMs: num(t.announcedMs),
    bidDeadlineMs: num(t.bidDeadlineMs),
    sanggahEndsMs: num(t.sanggahEndsMs),
    sealedBids: arr(t.bidders).length,
    objections: num(t.objections) ?? 0,
    questions: num(t.questions) ?? 0,
    evaluation: ev
      ? {
          by: str(ev.by) ?? '',
          atMs: num(ev.atMs) ?? 0,
          round: num(ev.round) ?? 1,
          lines: arr(ev.lines).map((l) => {
            const o = obj(l);
            return { bidder: str(o.bidder) ?? '', qualified: o.qualified === true, reason: str(o.reason), correctedPriceRupiah: str(o.correctedPriceRupiah), heaRupiah: str(o.heaRupiah), technicalScore: num(o.technicalScore) };
          }),
        }
      : null,
    award: aw ? { winner: str(aw.winner) ?? '', priceRupiah: str(aw.priceRupiah) ?? '0', decidedBy: str(aw.decidedBy) ?? '', atMs: num(aw.atMs) ?? 0, height: num(aw.height) ?? 0 } : null,
    sppbj: sp ? { by: str(sp.by) ?? '', atMs: num(sp.atMs) ?? 0, height: num(sp.height) ?? 0 } : null,
    failure: fl ? { by: str(fl.by) ?? '', reason: str(fl.reason) ?? '', atMs: num(fl.atMs) ?? 0 } : null,
    direct: dr ? { kind: str(dr.kind) ?? '', offerRupiah: str(dr.offerRupiah), negotiatedRupiah: str(dr.negotiatedRupiah) } : null,
    previousTenderId: str(t.previousTenderId),
  };
}

export function readBids(d: ProcessDetail): Bid[] {
  return d.bids.map((b) => {
    const content = b.content ? obj(b.content) : null;
    return {
      bidder: str(b.bidder) ?? '',
      status: str(b.status) ?? 'sealed',
      submittedMs: num(b.submittedMs),
      openedMs: num(b.openedMs),
      priceRupiah: content ? str(content.priceRupiah) : null,
      tkdnBp: content ? num(content.tkdnBp) : null,
      problem: str(b.problem),
    };
  });
}
