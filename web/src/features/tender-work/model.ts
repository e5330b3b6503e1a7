/**
 * The tender record as the workspace reads it (ledger/modules/tender/state.ts, through the
 * gateway's process detail), and what each official may do next with it: the rules of
 * ledger/modules/tender/README.md as the ledger checks them, so that a page offers an action only
 * to whom may sign it, and says why (and until when) it is not yet possible. The ledger checks
 * everything again; this only spares people a refusal.
 */
import type { Schemas } from '../../lib/api';

type ProcessDetail = Schemas['ProcessDetail'];
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const DAY_MS = 86_400_000;
/**
 * Numbers of the rule-set perpres16-2018+12-2021+46-2025/v1 (ledger/rules/ruleset.ts) that the
 * tender program applies; each tender records its rule-set id, and these hold for that one.
 */
export const RULES = {
  pokjaMinMembers: 3,
  openingMinInstitutions: 2,
  openingMaxSeats: 15,
  openingGraceDays: 2,
  sanggahDays: 5,
  sanggahAnswerDays: 3,
  bandingDays: 5,
  /** announce: the bid deadline must be more than one ledger day ahead */
  minBidDays: 1,
} as const;

export interface Seat {
  memberId: string;
  orgId: string;
  /** base64 of the registered X25519 public key */
  openingKey: string | null;
  revealed: boolean;
}

export interface Line {
  bidder: string;
  qualified: boolean;
  reason: string | null;
  correctedPriceRupiah: string | null;
  heaRupiah: string | null;
  technicalScore: number | null;
}

export interface WorkTender {
  id: string;
  title: string;
  packageId: string | null;
  orgId: string;
  method: string;
  category: string;
  status: string;
  rulesetId: string | null;
  hpsRupiah: string | null;
  ppk: string;
  pokja: string[];
  committee: Seat[];
  threshold: number;
  bidDeadlineMs: number | null;
  announcedMs: number | null;
  bidders: string[];
  revealedBy: string[];
  evaluation: { by: string; atMs: number; round: number; lines: Line[] } | null;
  evaluationRound: number;
  awardApprovals: Array<{ memberId: string; winner: string }>;
  award: { winner: string; priceRupiah: string; decidedBy: string; atMs: number } | null;
  sanggahEndsMs: number | null;
  sppbj: { by: string; atMs: number } | null;
  failure: { by: string; reason: string } | null;
  previousTenderId: string | null;
  /** Questions asked and not yet answered, objections filed and not yet answered (from the events). */
  openQuestions: number;
  openObjections: number;
}

export interface WorkBid {
  bidder: string;
  status: 'sealed' | 'opened' | 'unopenable' | string;
  submittedMs: number | null;
  priceRupiah: string | null;
  tkdnBp: number | null;
  problem: string | null;
}

export function readWorkTender(d: ProcessDetail): WorkTender {
  const t = obj(d.detail);
  const ev = t.evaluation ? obj(t.evaluation) : null;
  const aw = t.award ? obj(t.award) : null;
  const count = (type: string) => d.history.filter((e) => e.type === type).length;
  const objFiled = d.history.filter((e) => e.type === 'tender.objection_filed');
  const objAnswered = d.history.filter((e) => e.type === 'tender.objection_answered');
  const reopened = d.history.filter((e) => e.type === 'tender.evaluation_reopened');
  // An upheld objection reopens the evaluation and supersedes every other open one.
  const lastReopen = reopened.length ? reopened[reopened.length - 1]!.seq : -1;
  const answeredNos = new Set(objAnswered.map((e) => e.attributes.no));
  const openObjections = objFiled.filter((e) => e.seq > lastReopen && !answeredNos.has(e.attributes.no)).length;
  return {
    id: d.id,
    title: d.title,
    packageId: d.packageId,
    orgId: str(t.orgId) ?? d.buyer.id ?? '',
    method: d.method,
    category: d.category,
    status: str(t.status) ?? d.status,
    rulesetId: str(t.rulesetId),
    hpsRupiah: str(t.hpsRupiah),
    ppk: str(t.ppk) ?? '',
    pokja: arr(t.pokja).map((x) => str(x) ?? ''),
    committee: arr(t.committee).map((c) => {
      const o = obj(c);
      return { memberId: str(o.memberId) ?? '', orgId: str(o.orgId) ?? '', openingKey: str(o.openingKey), revealed: o.revealed === true };
    }),
    threshold: num(t.threshold) ?? 0,
    bidDeadlineMs: num(t.bidDeadlineMs),
    announcedMs: num(t.announcedMs),
    bidders: arr(t.bidders).map((x) => str(x) ?? ''),
    revealedBy: arr(t.revealedBy).map((x) => str(x) ?? ''),
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
    evaluationRound: num(t.evaluationRound) ?? 1,
    awardApprovals: arr(t.awardApprovals).map((a) => ({ memberId: str(obj(a).memberId) ?? '', winner: str(obj(a).winner) ?? '' })),
    award: aw ? { winner: str(aw.winner) ?? '', priceRupiah: str(aw.priceRupiah) ?? '0', decidedBy: str(aw.decidedBy) ?? '', atMs: num(aw.atMs) ?? 0 } : null,
    sanggahEndsMs: num(t.sanggahEndsMs),
    sppbj: t.sppbj ? { by: str(obj(t.sppbj).by) ?? '', atMs: num(obj(t.sppbj).atMs) ?? 0 } : null,
    failure: t.failure ? { by: str(obj(t.failure).by) ?? '', reason: str(obj(t.failure).reason) ?? '' } : null,
    previousTenderId: str(t.previousTenderId),
    openQuestions: Math.max(0, count('tender.question_asked') - count('tender.question_answered')),
    openObjections,
  };
}

export function readWorkBids(d: ProcessDetail): WorkBid[] {
  return d.bids.map((b) => {
    const content = b.content ? obj(b.content) : null;
    return { bidder: str(b.bidder) ?? '', status: str(b.status) ?? 'sealed', submittedMs: num(b.submittedMs), priceRupiah: content ? str(content.priceRupiah) : null, tkdnBp: content ? num(content.tkdnBp) : null, problem: str(b.problem) };
  });
}

/** Who the logged-in person is, as far as a tender is concerned. */
export interface Me {
  memberId: string;
  orgId: string;
  roles: string[];
}

export type Action =
  | 'register_opening_key'
  | 'announce'
  | 'answer'
  | 'reveal_opening_key'
  | 'close_opening'
  | 'declare_failed'
  | 'evaluate'
  | 'approve_award'
  | 'decide_award'
  | 'answer_objection'
  | 'issue_sppbj';

/** Why an action is not possible yet (an i18n key under tenderWork.why) and, when it is a matter of time, from when. */
export interface Duty {
  action: Action;
  ready: boolean;
  why?: string;
  fromMs?: number;
  params?: Record<string, string | number>;
}

const isPokja = (t: WorkTender, me: Me) => t.pokja.includes(me.memberId);
const seatOf = (t: WorkTender, me: Me) => t.committee.find((s) => s.memberId === me.memberId) ?? null;
const isHead = (t: WorkTender, me: Me) => me.orgId === t.orgId && (me.roles.includes('pa') || me.roles.includes('kpa'));

/**
 * What `me` may do on the tender now, and what they will have to do later with the reason it is
 * not yet possible. `now` is ledger time (see useLedgerNow); `bids` as this person may see them;
 * `objections` the open ones with their kind.
 */
export interface ObjectionState {
  no: number;
  kind: string;
  status: string;
  appealOf: number | null;
  bandingEndsMs: number | null;
}

export function dutiesFor(t: WorkTender, me: Me, now: number, bids: WorkBid[], objections: ObjectionState[] = []): Duty[] {
  const out: Duty[] = [];
  const seat = seatOf(t, me);
  const pokja = isPokja(t, me);
  const deadline = t.bidDeadlineMs;
  const graceEnds = deadline !== null ? deadline + RULES.openingGraceDays * DAY_MS : null;
  const revealed = t.revealedBy.length;
  const sealedBids = bids.filter((b) => b.status === 'sealed').length;
  const anyBid = t.bidders.length > 0 || bids.length > 0;

  if (seat && t.status === 'draft' && !seat.openingKey) out.push({ action: 'register_opening_key', ready: true });
  if (pokja && t.status === 'draft') {
    const missing = t.committee.filter((s) => !s.openingKey).length;
    out.push(missing ? { action: 'announce', ready: false, why: 'keysMissing', params: { missing, seats: t.committee.length } } : { action: 'announce', ready: true });
  }
  if (pokja && t.status === 'announced' && t.openQuestions > 0) {
    out.push(deadline !== null && now >= deadline ? { action: 'answer', ready: false, why: 'questionsClosed' } : { action: 'answer', ready: true, params: { n: t.openQuestions } });
  }
  if (seat && (t.status === 'announced' || t.status === 'opening') && !seat.revealed) {
    out.push(deadline !== null && now < deadline ? { action: 'reveal_opening_key', ready: false, why: 'beforeDeadline', fromMs: deadline } : { action: 'reveal_opening_key', ready: true });
  }
  if (pokja && t.status === 'opening') {
    if (revealed < t.threshold) {
      out.push({ action: 'close_opening', ready: false, why: 'tooFewRevealed', params: { revealed, k: t.threshold } });
    } else if (graceEnds !== null && now < graceEnds) {
      out.push({ action: 'close_opening', ready: false, why: 'graceRunning', fromMs: graceEnds, params: { sealed: sealedBids } });
    } else out.push({ action: 'close_opening', ready: true, params: { sealed: sealedBids } });
  }
  if (pokja && (t.status === 'announced' || t.status === 'opening') && deadline !== null) {
    if (now < deadline) {
      // Not a duty before the deadline; nothing to show.
    } else if (!anyBid) out.push({ action: 'declare_failed', ready: true, why: 'noBid' });
    else if (revealed < t.threshold) {
      out.push(graceEnds !== null && now < graceEnds ? { action: 'declare_failed', ready: false, why: 'graceRunningFail', fromMs: graceEnds, params: { revealed, k: t.threshold } } : { action: 'declare_failed', ready: true, why: 'tooFewOfficers', params: { revealed, k: t.threshold } });
    }
  }
  if (pokja && t.status === 'evaluation') {
    const current = t.evaluation && t.evaluation.round === t.evaluationRound ? t.evaluation : null;
    out.push({ action: 'evaluate', ready: true, ...(current ? { why: 'evaluationRecorded' } : {}) });
    if (current) {
      if (!current.lines.some((l) => l.qualified)) out.push({ action: 'declare_failed', ready: true, why: 'noQualified' });
      else if (t.awardApprovals.some((a) => a.memberId === me.memberId)) out.push({ action: 'approve_award', ready: false, why: 'alreadyApproved', params: { n: t.awardApprovals.length, of: t.pokja.length } });
      else out.push({ action: 'approve_award', ready: true, params: { n: t.awardApprovals.length, of: t.pokja.length } });
    } else out.push({ action: 'approve_award', ready: false, why: 'evaluateFirst' });
  }
  if (isHead(t, me) && t.status === 'award_pending_pa') out.push({ action: 'decide_award', ready: true });
  if (t.status === 'awarded') {
    const open = objections.filter((o) => o.status === 'open');
    for (const o of open) {
      if ((o.kind === 'sanggah' && pokja) || (o.kind === 'banding' && isHead(t, me))) out.push({ action: 'answer_objection', ready: true, params: { no: o.no } });
    }
    if (me.memberId === t.ppk) {
      if (t.sanggahEndsMs !== null && now <= t.sanggahEndsMs) out.push({ action: 'issue_sppbj', ready: false, why: 'sanggahRunning', fromMs: t.sanggahEndsMs + 1 });
      else if (open.length || t.openObjections) out.push({ action: 'issue_sppbj', ready: false, why: 'objectionOpen' });
      else if (appealWindow(objections, now) !== null) out.push({ action: 'issue_sppbj', ready: false, why: 'appealWindow', fromMs: appealWindow(objections, now)! + 1 });
      else out.push({ action: 'issue_sppbj', ready: true });
    }
  }
  return out;
}

/** The end of the latest appeal window still running (a rejected sanggah not yet appealed), or null. */
export function appealWindow(objections: ObjectionState[], now: number): number | null {
  const appealedNos = new Set(objections.filter((o) => o.kind === 'banding').map((o) => o.appealOf));
  const ends = objections.filter((o) => o.kind === 'sanggah' && o.status === 'rejected' && o.bandingEndsMs !== null && o.bandingEndsMs >= now && !appealedNos.has(o.no)).map((o) => o.bandingEndsMs!);
  return ends.length ? Math.max(...ends) : null;
}

/**
 * The ranking the ledger applies to the recorded evaluation (`bestLine`, README "Evaluation and
 * HEA"): qualified bids only; a Seleksi by the highest technical score first; then the lowest HEA;
 * remaining ties to the bid submitted first (the order of `bidders`).
 */
export function ranking(t: WorkTender): Line[] {
  if (!t.evaluation) return [];
  const order = (b: string) => {
    const i = t.bidders.indexOf(b);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const hea = (l: Line) => BigInt(l.heaRupiah ?? l.correctedPriceRupiah ?? '0');
  return t.evaluation.lines
    .filter((l) => l.qualified)
    .sort((a, b) => {
      if (t.method === 'seleksi' && (a.technicalScore ?? 0) !== (b.technicalScore ?? 0)) return (b.technicalScore ?? 0) - (a.technicalScore ?? 0);
      const d = hea(a) - hea(b);
      if (d !== 0n) return d < 0n ? -1 : 1;
      return order(a.bidder) - order(b.bidder);
    });
}

/**
 * The HEA the ledger will compute (Ps 66-67): the corrected price less the domestic preference,
 * TKDN × 25 %, for a corrected price above Rp1.000.000.000 with TKDN at least 25 %.
 */
export function heaOf(correctedRupiah: bigint, tkdnBp: number): bigint {
  if (correctedRupiah > 1_000_000_000n && tkdnBp >= 2_500) {
    const pref = BigInt(Math.floor((tkdnBp * 2_500) / 10_000));
    return (correctedRupiah * (10_000n - pref)) / 10_000n;
  }
  return correctedRupiah;
}

/**
 * The committee rule (README "Creating a tender"): 2–15 seats, at least two institutions, and
 * k ≤ n but above the seats of any single institution. Returns what is wrong (i18n keys under
 * tenderWork.committeeRule), empty when the ledger will accept it.
 */
export function committeeProblems(seats: Array<{ orgId: string }>, k: number): string[] {
  const problems: string[] = [];
  const perOrg = new Map<string, number>();
  for (const s of seats) perOrg.set(s.orgId, (perOrg.get(s.orgId) ?? 0) + 1);
  const most = Math.max(0, ...perOrg.values());
  if (seats.length < 2 || seats.length > RULES.openingMaxSeats) problems.push('seats');
  if (perOrg.size < RULES.openingMinInstitutions) problems.push('institutions');
  if (k > seats.length) problems.push('kAboveN');
  if (k <= most) problems.push('kNotAboveOrg');
  return problems;
}

/** The smallest k the committee rule allows for these seats, or null when none does. */
export function smallestThreshold(seats: Array<{ orgId: string }>): number | null {
  const perOrg = new Map<string, number>();
  for (const s of seats) perOrg.set(s.orgId, (perOrg.get(s.orgId) ?? 0) + 1);
  const k = Math.max(0, ...perOrg.values()) + 1;
  return k <= seats.length ? k : null;
}

/** The Pokja rule (Ps 13): distinct, an odd number, at least three. */
export function pokjaProblems(pokja: string[]): string[] {
  const p: string[] = [];
  if (new Set(pokja).size !== pokja.length) p.push('distinct');
  if (pokja.length < RULES.pokjaMinMembers) p.push('tooFew');
  if (pokja.length % 2 === 0) p.push('even');
  return p;
}
