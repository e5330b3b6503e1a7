/** GET /api/v1/packages — the organization's published RUP packages (a tender starts from one). */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export interface Package {
  id: string;
  orgId: string;
  title: string;
  workUnit: string;
  category: string;
  method: string;
  paguRupiah: string;
  selectionId: string | null;
  status: string;
  fiscalYear: number;
}

export function usePublishedPackages(orgId: string) {
  return useQuery({
    queryKey: ['packages', orgId, 'published'] as const,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/packages', { params: { query: { buyer: orgId, status: 'published' } }, signal }))) as unknown as Package[],
  });
}
