/** GET /api/v1/contracts/:id — a contract with its terms, orders, payments, documents and history. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type ContractDetail = Schemas['ContractDetail'];

export const contractKey = (id: string) => ['contract', id] as const;

export function useContract(id: string) {
  return useQuery({
    queryKey: contractKey(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal })),
  });
}
