/** GET /api/v1/packages?buyer= — the RUP packages of one organization. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

/** A plan package as the plan program keeps it (ledger/modules/plan/README.md). */
export interface Package {
  id: string;
  orgId: string;
  workUnit: string;
  title: string;
  fiscalYear: number;
  category: string;
  method: string;
  budgetLine: string;
  paguRupiah: string;
  committedRupiah: string;
  selectionId: string | null;
  justification: string | null;
  status: string;
  createdBy: string;
  publishedTimeMs: number | null;
}

export const packagesQuery = (buyer: string) =>
  queryOptions({
    queryKey: ['packages', buyer] as const,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/packages', { params: { query: { buyer } }, signal }))) as unknown as Package[],
  });

export function usePackages(buyer: string) {
  return useQuery(packagesQuery(buyer));
}
