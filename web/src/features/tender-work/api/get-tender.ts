/** GET /api/v1/processes/:id — a tender as the logged-in official may see it (sealed bids named for the buyer and auditors). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export const tenderQuery = (id: string) =>
  queryOptions({
    // Its own key: what a logged-in official sees differs from the public page's answer.
    queryKey: ['process', id, 'work'] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}', { params: { path: { id } }, signal })),
  });

export function useTender(id: string) {
  return useQuery(tenderQuery(id));
}
