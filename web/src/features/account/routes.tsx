/** Account pages: login, enrolment, and the workspace home that sends each person to their role's pages. */
import type { RouteObject } from 'react-router';

export const accountRoutes: RouteObject[] = [
  { path: 'masuk', lazy: async () => ({ Component: (await import('./components/LoginPage')).LoginPage }) },
  { path: 'daftar', lazy: async () => ({ Component: (await import('./components/EnrolPage')).EnrolPage }) },
  { path: 'kerja', lazy: async () => ({ Component: (await import('./components/WorkspaceHome')).WorkspaceHome }) },
];
