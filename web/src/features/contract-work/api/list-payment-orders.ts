/** GET /api/v1/payment-orders?buyer=&status= — the orders the ledger issued that the treasury pays (and the CSV address of the same list). */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export type OrderStatus = 'unpaid' | 'part_paid' | 'paid';

/** A payment order as the treasury list gives it (ledger/modules/execution/README.md). */
export interface TreasuryOrder {
  contractId: string;
  no: number;
  kind: string;
  milestoneId: string | null;
  grossRupiah: string;
  advanceRepaymentRupiah: string;
  retentionRupiah: string;
  lateDays: number;
  penaltyDeductedRupiah: string;
  netRupiah: string;
  paidRupiah: string;
  payments: number;
  status: string;
  supplierOrg: string;
  issuedAt: string;
  issuedHeight: number;
}

export function usePaymentOrders(buyer: string, status: OrderStatus) {
  return useInfiniteQuery({
    queryKey: ['payment-orders', buyer, status] as const,
    queryFn: async ({ signal, pageParam }) => {
      const page = await unwrap(api.GET('/api/v1/payment-orders', { params: { query: { buyer, status, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } }, signal }));
      return { items: page.items as unknown as TreasuryOrder[], next: page.next };
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
  });
}

/** The same list as CSV (one page; the Link header names the next). */
export const paymentOrdersCsvHref = (buyer: string, status: OrderStatus) => `/api/v1/payment-orders.csv?${new URLSearchParams({ buyer, status, limit: '1000' }).toString()}`;
