/** GET /api/v1/complaints — every complaint on the ledger (who filed one is hidden from the public). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export interface ComplaintRecord {
  id: string;
  subject: { kind: string; id: string };
  subjectOrg: string;
  text: string;
  status: string;
  filedMs: number;
  filedHeight: number;
  triage: { by: string; org: string; note: string; atMs: number } | null;
  answer: { by: string; org: string; text: string; outcome: string; atMs: number } | null;
}

export const complaintsQuery = queryOptions({
  queryKey: ['complaints'] as const,
  queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/complaints', { signal }))) as unknown as ComplaintRecord[],
});

export function useComplaints() {
  return useQuery(complaintsQuery);
}
