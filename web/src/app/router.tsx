/**
 * The public portal's pages. The search page is in the first chunk (it is the first screen);
 * every other page is loaded when it is opened.
 */
import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { SearchPage } from '../features/search/components/SearchPage';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <SearchPage /> },
      { path: 'kontrak/:id', lazy: async () => ({ Component: (await import('../features/contracts/components/ContractPage')).ContractPage }) },
      { path: 'tender/:id', lazy: async () => ({ Component: (await import('../features/processes/components/ProcessPage')).ProcessPage }) },
      { path: 'verifikasi', lazy: async () => ({ Component: (await import('../features/verify/components/VerifyPage')).VerifyPage }) },
      { path: 'jaringan', lazy: async () => ({ Component: (await import('../features/network/components/NetworkPage')).NetworkPage }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
