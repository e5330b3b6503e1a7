/** GET /api/v1/processes/:id/objections — sanggah and sanggah banding with their answers. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type Objection = Schemas['TenderObjection'];

export function useObjections(id: string, enabled = true) {
  return useQuery({
    queryKey: ['process', id, 'objections'] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}/objections', { params: { path: { id } }, signal })),
    enabled,
  });
}
