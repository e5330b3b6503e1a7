/** GET /api/v1/status — this gateway's node: chain, height, what the indexer has read, AppHash. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export function useNodeStatus() {
  return useQuery({
    queryKey: ['status'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/status', { signal })),
    // Blocks come every second or so; the height is the one number here that should move.
    refetchInterval: 5_000,
    staleTime: 0,
  });
}
