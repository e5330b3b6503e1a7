/**
 * Tender (selection) state. One record per selection, whatever its method:
 *   tender/tender/<tenderId>                   → Tender
 *   tender/registration/<tenderId>/<orgId>     → Registration
 *   tender/bid/<tenderId>/<orgId>              → Bid (sealed until opening)
 *   tender/question/<tenderId>/<nnnn>          → Question (clarification, with its answer)
 *   tender/objection/<tenderId>/<nnnn>         → Objection (sanggah or sanggah banding)
 *   tender/opening-key/<publicKeyHex>          → {tenderId, memberId} (who first registered the key, where)
 */
import { decodeRecord, encodeRecord, key } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';
import type { Category, Method } from '../../rules/ruleset.js';

export type TenderStatus =
  | 'draft' // created by the PPK; the opening committee registers its keys
  | 'announced' // open for registration, questions and sealed bids until the deadline
  | 'opening' // past the deadline; officers reveal their key shares
  | 'evaluation' // every bid opened; the Pokja evaluates and approves a winner
  | 'award_pending_pa' // the Pokja agreed; above the threshold the PA decides
  | 'awarded' // objection (sanggah) windows run
  | 'sppbj' // award letter issued: a contract may be drafted
  | 'failed';

export interface CommitteeSeat {
  memberId: string;
  orgId: string;
  openingKey: Uint8Array | null; // X25519, registered by the officer before the announcement; one tender only
  openingSecret: Uint8Array | null; // its secret half, posted after the deadline (anyone can re-check the opening)
}

export interface EvaluationLine {
  bidder: string;
  qualified: boolean;
  reason: string | null; // required when disqualified
  correctedPriceRupiah: string | null; // null for an unopenable bid
  technicalScore: number | null; // 0–100, Seleksi
  heaRupiah: string | null; // evaluated price with domestic preference (Ps 66-67)
}

export interface Award {
  winner: string;
  priceRupiah: string; // corrected price of the winning bid (or the negotiated / ordered price)
  bidBelowShareOfHps: boolean; // bid below 80 % of HPS: the performance bond is taken on HPS (Ps 33)
  decidedBy: 'pokja' | 'pa' | 'pejabat_pengadaan' | 'ppk';
  deciders: string[];
  atMs: number;
  height: number;
}

export interface Tender {
  id: string;
  packageId: string;
  orgId: string;
  title: string;
  category: Category;
  method: Method;
  rulesetId: string;
  hpsRupiah: string;
  hpsBreakdownHash: string | null;
  ppk: string;
  pokja: string[];
  committee: CommitteeSeat[];
  threshold: number;
  previousTenderId: string | null;
  status: TenderStatus;
  bidDeadlineMs: number | null;
  announcedMs: number | null;
  bidders: string[]; // orgs with a sealed bid, in order of first submission
  revealedBy: string[]; // opening officers who posted their shares, in order
  questions: number;
  objections: number;
  evaluation: { by: string; atMs: number; round: number; lines: EvaluationLine[] } | null;
  evaluationRound: number;
  awardApprovals: Array<{ memberId: string; winner: string }>;
  award: Award | null;
  sanggahEndsMs: number | null;
  sppbj: { by: string; atMs: number; height: number } | null;
  failure: { by: string; reason: string; atMs: number } | null;
  /** Short paths: what was recorded instead of a competition. */
  direct: { kind: 'pengadaan_langsung'; offerRupiah: string; negotiatedRupiah: string } | { kind: 'e_purchasing'; catalogueRef: string; items: Array<{ name: string; quantity: number; unitPriceRupiah: string }> } | null;
  createdBy: string;
  createdHeight: number;
  createdMs: number;
}

export interface Registration {
  tenderId: string;
  orgId: string;
  by: string;
  atMs: number;
}

export interface Bid {
  tenderId: string;
  bidder: string;
  submittedBy: string;
  submittedMs: number;
  submittedHeight: number;
  version: number; // a bidder may replace its sealed bid before the deadline
  commitment: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  sealedShares: Uint8Array[];
  shareHashes: Uint8Array[];
  revealed: Array<Uint8Array | null>; // valid shares, by committee seat
  invalidSeats: number[]; // seats whose sealed share did not open with the officer's key or did not match its hash
  status: 'sealed' | 'opened' | 'unopenable';
  openedMs: number | null;
  content: { priceRupiah: string; tkdnBp: number; validityDays: number; technicalHash: string } | null;
  problem: string | null;
}

export interface Question {
  tenderId: string;
  no: number;
  askedBy: string; // org
  text: string;
  askedMs: number;
  answer: string | null;
  answeredBy: string | null;
  answeredMs: number | null;
}

export interface Objection {
  tenderId: string;
  no: number;
  kind: 'sanggah' | 'banding';
  appealOf: number | null; // the sanggah a banding appeals
  filedBy: string; // org
  filedByMember: string;
  text: string;
  evidenceHashes: string[];
  filedMs: number;
  status: 'open' | 'upheld' | 'rejected' | 'superseded';
  answer: string | null;
  answeredBy: string | null;
  answeredMs: number | null;
  answeredLate: boolean; // answered after the rule-set's window
  bandingEndsMs: number | null; // works: an appeal may follow a rejected sanggah until then
}

const pad = (n: number) => String(n).padStart(4, '0');

export const tenderKeys = {
  tender: (id: string) => key('tender', 'tender', id),
  tenderPrefix: () => key('tender', 'tender', ''),
  registration: (t: string, org: string) => key('tender', 'registration', t, org),
  registrationPrefix: (t: string) => key('tender', 'registration', t, ''),
  bid: (t: string, org: string) => key('tender', 'bid', t, org),
  bidPrefix: (t: string) => key('tender', 'bid', t, ''),
  question: (t: string, no: number) => key('tender', 'question', t, pad(no)),
  questionPrefix: (t: string) => key('tender', 'question', t, ''),
  objection: (t: string, no: number) => key('tender', 'objection', t, pad(no)),
  objectionPrefix: (t: string) => key('tender', 'objection', t, ''),
  openingKey: (pk: Uint8Array) => key('tender', 'opening-key', Buffer.from(pk).toString('hex')),
};

export class TenderStore {
  constructor(protected readonly s: StateReader) {}
  private one<T>(k: Uint8Array): T | undefined {
    const v = this.s.get(k);
    return v ? decodeRecord<T>(v) : undefined;
  }
  private many<T>(prefix: Uint8Array): T[] {
    return this.s.scan(prefix).map(([, v]) => decodeRecord<T>(v));
  }
  tender(id: string) {
    return this.one<Tender>(tenderKeys.tender(id));
  }
  tenders(): Tender[] {
    return this.many<Tender>(tenderKeys.tenderPrefix());
  }
  registration(t: string, org: string) {
    return this.one<Registration>(tenderKeys.registration(t, org));
  }
  registrations(t: string) {
    return this.many<Registration>(tenderKeys.registrationPrefix(t));
  }
  bid(t: string, org: string) {
    return this.one<Bid>(tenderKeys.bid(t, org));
  }
  bids(t: string) {
    return this.many<Bid>(tenderKeys.bidPrefix(t));
  }
  question(t: string, no: number) {
    return this.one<Question>(tenderKeys.question(t, no));
  }
  questions(t: string) {
    return this.many<Question>(tenderKeys.questionPrefix(t));
  }
  objection(t: string, no: number) {
    return this.one<Objection>(tenderKeys.objection(t, no));
  }
  objections(t: string) {
    return this.many<Objection>(tenderKeys.objectionPrefix(t));
  }
  openingKeyUse(pk: Uint8Array): { tenderId: string; memberId: string } | undefined {
    return this.one<{ tenderId: string; memberId: string }>(tenderKeys.openingKey(pk));
  }
}

export class TenderWriter extends TenderStore {
  constructor(private readonly w: StateWriter) {
    super(w);
  }
  putTender(t: Tender) {
    this.w.set(tenderKeys.tender(t.id), encodeRecord(t));
  }
  putRegistration(r: Registration) {
    this.w.set(tenderKeys.registration(r.tenderId, r.orgId), encodeRecord(r));
  }
  putBid(b: Bid) {
    this.w.set(tenderKeys.bid(b.tenderId, b.bidder), encodeRecord(b));
  }
  putQuestion(q: Question) {
    this.w.set(tenderKeys.question(q.tenderId, q.no), encodeRecord(q));
  }
  putObjection(o: Objection) {
    this.w.set(tenderKeys.objection(o.tenderId, o.no), encodeRecord(o));
  }
  claimOpeningKey(pk: Uint8Array, use: { tenderId: string; memberId: string }) {
    this.w.set(tenderKeys.openingKey(pk), encodeRecord(use));
  }
}
