/**
 * The S-curve of a contract: the share of the work planned to be done by each milestone's due
 * date, against the share verified by the officials the terms name, over time. Both in basis
 * points of the whole contract.
 */
import type { Terms } from '../../lib/contract-record';

export interface CurvePoint {
  ms: number;
  bp: number;
}

export function plannedCurve(t: Terms): CurvePoint[] {
  if (t.startMs === null) return [];
  const pts: CurvePoint[] = [{ ms: t.startMs, bp: 0 }];
  let cum = 0;
  for (const m of [...t.milestones].filter((m) => m.dueMs !== null).sort((a, b) => a.dueMs! - b.dueMs!)) {
    cum += m.shareBp;
    pts.push({ ms: m.dueMs!, bp: Math.min(cum, 10_000) });
  }
  return pts;
}

/** A milestone counts when its last verification lands (that is when the ledger orders its payment). */
export function actualCurve(t: Terms): CurvePoint[] {
  if (t.startMs === null) return [];
  const done = t.milestones
    .filter((m) => m.status === 'verified' && m.verifications.length > 0)
    .map((m) => ({ ms: Math.max(...m.verifications.map((v) => v.atMs)), bp: m.shareBp }))
    .sort((a, b) => a.ms - b.ms);
  const pts: CurvePoint[] = [{ ms: t.startMs, bp: 0 }];
  let cum = 0;
  for (const d of done) {
    cum += d.bp;
    pts.push({ ms: d.ms, bp: Math.min(cum, 10_000) });
  }
  return pts;
}
