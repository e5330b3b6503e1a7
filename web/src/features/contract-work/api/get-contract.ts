/** GET /api/v1/contracts/:id — a contract with its terms, orders, payments, documents and history. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export const contractQuery = (id: string) =>
  queryOptions({
    queryKey: ['contract', id] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal })),
  });

export function useContract(id: string) {
  return useQuery(contractQuery(id));
}
