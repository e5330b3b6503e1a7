/** GET /api/v1/processes?buyer=&status=sppbj — selections with an award letter (SPPBJ), where a contract may be drafted. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export function useAwardedTenders(buyer: string) {
  return useInfiniteQuery({
    queryKey: ['processes', 'sppbj', buyer] as const,
    queryFn: ({ signal, pageParam }) => unwrap(api.GET('/api/v1/processes', { params: { query: { buyer, status: 'sppbj', source: 'ledger', limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
  });
}
