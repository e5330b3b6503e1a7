/** GET /api/v1/contracts — search and filter contracts, a page at a time (keyset cursor). */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';
import type { ListFilter } from '../filter';

export type ContractSummary = Schemas['ContractSummary'];

export function useContractSearch(filter: ListFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['contracts', 'list', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => unwrap(api.GET('/api/v1/contracts', { params: { query: { ...filter, cursor: pageParam, limit: 20 } }, signal })),
    getNextPageParam: (last) => last.next,
    enabled,
  });
}
