/** GET /api/v1/workspace/tenders — the tenders the logged-in person has a part in, with which part. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export function useMyTenders() {
  return useQuery({ queryKey: ['workspace', 'tenders'] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/workspace/tenders', { signal })) });
}
