/** GET /api/v1/documents/verify/:sha256 — whether, when and by whom a document hash was anchored. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type DocumentVerification = Schemas['DocumentVerification'];

export function useVerification(sha256: string | null) {
  return useQuery({
    queryKey: ['verify', sha256],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/documents/verify/{sha256}', { params: { path: { sha256: sha256! } }, signal })),
    enabled: sha256 !== null,
    // What the ledger holds can only grow: an answer stays right for a while.
    staleTime: 30_000,
  });
}
