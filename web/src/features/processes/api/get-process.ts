/** GET /api/v1/processes/:id — a process (tender) with its bids as the public may see them, contracts, documents and history. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type ProcessDetail = Schemas['ProcessDetail'];

/** The query, shared by the page and the route that starts it while the page's code loads. */
export const processQuery = (id: string) =>
  queryOptions({
    queryKey: ['process', id] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}', { params: { path: { id } }, signal })),
  });

export function useProcess(id: string) {
  return useQuery(processQuery(id));
}
