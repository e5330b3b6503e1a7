/** Server state lives in TanStack Query only; one client for the app. */
import { QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './api';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The ledger only grows; a page read a few seconds ago is still right.
        staleTime: 10_000,
        // A missing record or a bad request will not improve by asking again.
        retry: (count, e) => !(e instanceof ApiProblem && e.status >= 400 && e.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
