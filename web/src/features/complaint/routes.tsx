/** The public complaint form (no login): file a pengaduan about a package, tender or contract, and follow it. */
import type { RouteObject } from 'react-router';

export const complaintRoutes: RouteObject[] = [{ path: 'pengaduan', lazy: async () => ({ Component: (await import('./components/ComplaintPage')).ComplaintPage }) }];
