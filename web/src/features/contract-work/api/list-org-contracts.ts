/**
 * GET /api/v1/contracts?buyer= and each one's detail — an organization's contracts with their
 * terms, to find those whose PPK is the person (the list does not say who the PPK is; the terms do).
 */
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';
import { contractQuery } from './get-contract';

export function useOrgContracts(buyer: string) {
  return useInfiniteQuery({
    queryKey: ['contracts', 'buyer', buyer] as const,
    queryFn: ({ signal, pageParam }) => unwrap(api.GET('/api/v1/contracts', { params: { query: { buyer, source: 'ledger', limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
  });
}

/** The details of the given contracts (filled in as they come). */
export function useContractDetails(ids: string[]) {
  return useQueries({ queries: ids.map((id) => contractQuery(id)) });
}
