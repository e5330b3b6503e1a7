/** GET /api/v1/processes/:id/questions — the clarification questions and the Pokja's answers. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type Question = Schemas['TenderQuestion'];

export function useQuestions(id: string, enabled = true) {
  return useQuery({
    queryKey: ['process', id, 'questions'] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}/questions', { params: { path: { id } }, signal })),
    enabled,
  });
}
