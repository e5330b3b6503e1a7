/**
 * The ledger calendar (decision 0005). Every deadline, window and late day is judged by ledger
 * time, derived from the block time in the header that the validators agreed on — never from a
 * wall clock:
 *
 *   ledgerMs = startMs + (blockMs − anchorMs) × scale
 *
 * A production network runs with scale 1 and startMs = anchorMs = genesis time, so ledger time is
 * block time. A demo or test network may run its calendar faster (scale 86 400: one real second
 * is one ledger day) so that a year of procurement can be lived through in minutes. The scale is
 * set in genesis and changed only by a governance proposal of the founding institutions, which
 * re-anchors it at the block that executes it (ledger time never jumps); it is in state, so in
 * the AppHash, and shown to everyone who reads the chain. A block's ledger time is fixed when the
 * block begins.
 */
import { decodeRecord, encodeRecord, key } from './store/records.js';
import type { StateReader, StateWriter } from './store/store.js';

export interface Calendar {
  scale: number;
  anchorMs: number; // block time at the anchor (CometBFT genesis_time, or the block that changed the scale)
  startMs: number; // ledger time at the anchor
}

export const DAY_MS = 86_400_000;
const CALENDAR_KEY = key('chain', 'calendar');

export function putCalendar(state: StateWriter, c: Calendar): void {
  state.set(CALENDAR_KEY, encodeRecord(c));
}

export function readCalendar(state: StateReader): Calendar {
  const v = state.get(CALENDAR_KEY);
  return v ? decodeRecord<Calendar>(v) : { scale: 1, anchorMs: 0, startMs: 0 };
}

export function ledgerTimeMs(c: Calendar, blockMs: number): number {
  return c.startMs + (blockMs - c.anchorMs) * c.scale;
}

/** Whole ledger days from `fromMs` to `toMs`, rounded up (a day begun is a day late); 0 if not after. */
export function daysAfter(fromMs: number, toMs: number): number {
  return toMs > fromMs ? Math.ceil((toMs - fromMs) / DAY_MS) : 0;
}
