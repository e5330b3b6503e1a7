/** GET /api/v1/verifications — the milestones claimed complete that wait for the logged-in person's slot. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type VerificationTask = Schemas['VerificationTask'];

export const verificationsQuery = queryOptions({
  queryKey: ['verifications'] as const,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/verifications', { signal })),
});

export function useVerifications(enabled = true) {
  return useQuery({ ...verificationsQuery, enabled });
}
