/** The auditor's workspace (APIP, BPKP, BPK, KPK): complaints queue, refused transactions, a record's full trail and its ledger proof. */
import type { RouteObject } from 'react-router';

export const auditRoutes: RouteObject[] = [
  { path: 'kerja/audit', lazy: async () => ({ Component: (await import('./components/AuditHome')).AuditHome }) },
  { path: 'kerja/audit/jejak', lazy: async () => ({ Component: (await import('./components/AuditTrailPage')).AuditTrailPage }) },
];
