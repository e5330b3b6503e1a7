/** GET /api/v1/calendar — the ledger calendar, to judge the ledger's deadlines (maintenance end) as the ledger will. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

interface Calendar {
  scale: number;
  anchorMs: number;
  startMs: number;
}

/** Ledger time now (ledger time = startMs + (now − anchorMs) × scale), or null while unknown. */
export function useLedgerNow(): number | null {
  const q = useQuery({
    queryKey: ['calendar'] as const,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/calendar', { signal }))) as unknown as Calendar,
    refetchInterval: 10_000,
  });
  if (!q.data) return null;
  return q.data.startMs + (Date.now() - q.data.anchorMs) * q.data.scale;
}
