/**
 * The public portal's pages. The search page is in the first chunk (it is the first screen);
 * every other page is loaded when it is opened, and a page's data is asked for at the same time
 * as its code rather than after it.
 */
import { createBrowserRouter } from 'react-router';
import type { QueryClient } from '@tanstack/react-query';
import { Layout } from './Layout';
import { SearchPage } from '../features/search/components/SearchPage';
import { contractQuery } from '../features/contracts/api/get-contract';
import { processQuery } from '../features/processes/api/get-process';
import { organizationsQuery } from '../lib/organizations';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';
import { InitialLoading } from './InitialLoading';
import { accountRoutes } from '../features/account/routes';
import { orgAdminRoutes } from '../features/org-admin/routes';
import { tenderWorkRoutes } from '../features/tender-work/routes';
import { complaintRoutes } from '../features/complaint/routes';
import { supplierRoutes } from '../features/supplier-work/routes';
import { auditRoutes } from '../features/audit/routes';
import { contractWorkRoutes } from '../features/contract-work/routes';

export function createRouter(queryClient: QueryClient) {
  // Starts the fetches without waiting for them: the page shows its own loading state and errors.
  const prefetch = (...starts: Array<(c: QueryClient) => Promise<void>>) => {
    for (const start of starts) void start(queryClient);
    return null;
  };
  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteError />,
      // A deep link waits for its page's code: say so.
      hydrateFallbackElement: <InitialLoading />,
      children: [
        { index: true, element: <SearchPage /> },
        {
          path: 'kontrak/:id',
          loader: ({ params }) => prefetch((c) => c.prefetchQuery(contractQuery(params.id ?? '')), (c) => c.prefetchQuery(organizationsQuery)),
          lazy: async () => ({ Component: (await import('../features/contracts/components/ContractPage')).ContractPage }),
        },
        {
          path: 'tender/:id',
          loader: ({ params }) => prefetch((c) => c.prefetchQuery(processQuery(params.id ?? '')), (c) => c.prefetchQuery(organizationsQuery)),
          lazy: async () => ({ Component: (await import('../features/processes/components/ProcessPage')).ProcessPage }),
        },
        { path: 'verifikasi', lazy: async () => ({ Component: (await import('../features/verify/components/VerifyPage')).VerifyPage }) },
        { path: 'jaringan', lazy: async () => ({ Component: (await import('../features/network/components/NetworkPage')).NetworkPage }) },
        ...accountRoutes,
        ...orgAdminRoutes,
        ...tenderWorkRoutes,
        ...complaintRoutes,
        ...supplierRoutes,
        ...auditRoutes,
        ...contractWorkRoutes,
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
