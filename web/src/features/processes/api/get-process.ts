/** GET /api/v1/processes/:id — a process (tender) with its bids as the public may see them, contracts, documents and history. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type ProcessDetail = Schemas['ProcessDetail'];

export function useProcess(id: string) {
  return useQuery({
    queryKey: ['process', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}', { params: { path: { id } }, signal })),
  });
}
