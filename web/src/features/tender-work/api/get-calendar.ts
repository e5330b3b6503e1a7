/**
 * GET /api/v1/calendar — the ledger calendar, and the ledger's "now" from it. Every deadline is
 * judged by ledger time (decision 0005), which a demo or test network may run faster than the
 * clock: ledger time = startMs + (block time − anchorMs) × scale. This reads the clock in its
 * place of the next block's time, so it is right to within a block.
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export function useCalendar() {
  return useQuery({ queryKey: ['calendar'] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/calendar', { signal })), staleTime: 60_000 });
}

/** Ledger time now, refreshed every `everyMs` (every second when the calendar runs fast). */
export function useLedgerNow(everyMs = 15_000): number {
  const cal = useCalendar().data;
  const [wall, setWall] = useState(() => Date.now());
  const tick = cal && cal.scale > 1 ? 1_000 : everyMs;
  useEffect(() => {
    const h = window.setInterval(() => setWall(Date.now()), tick);
    return () => window.clearInterval(h);
  }, [tick]);
  return cal ? cal.startMs + (wall - cal.anchorMs) * cal.scale : wall;
}
