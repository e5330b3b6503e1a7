/** GET /api/v1/processes — search and filter procurement processes (tenders), a page at a time. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';
import type { ListFilter } from '../filter';

export type ProcessSummary = Schemas['ProcessSummary'];

export function useProcessSearch(filter: ListFilter, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['processes', 'list', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => unwrap(api.GET('/api/v1/processes', { params: { query: { ...filter, cursor: pageParam, limit: 20 } }, signal })),
    getNextPageParam: (last) => last.next,
    enabled,
  });
}
