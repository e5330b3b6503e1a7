/** The organization admin's page: members, roles, suspensions, key rotation, enrolment approvals. */
import type { RouteObject } from 'react-router';

export const orgAdminRoutes: RouteObject[] = [{ path: 'admin', lazy: async () => ({ Component: (await import('./components/OrgAdminPage')).OrgAdminPage }) }];
