/** The contract side's workspace pages: the PA's plan, the PPK's contracts, verification, the treasury. Loaded on demand. */
import type { RouteObject } from 'react-router';

export const contractWorkRoutes: RouteObject[] = [
  { path: 'kerja/pa', lazy: async () => ({ Component: (await import('./components/PackagesPage')).PackagesPage }) },
  { path: 'kerja/ppk', lazy: async () => ({ Component: (await import('./components/PpkHomePage')).PpkHomePage }) },
  { path: 'kerja/ppk/kontrak-baru/:tenderId', lazy: async () => ({ Component: (await import('./components/DraftContractPage')).DraftContractPage }) },
  { path: 'kerja/ppk/kontrak/:id', lazy: async () => ({ Component: (await import('./components/ContractWorkPage')).ContractWorkPage }) },
  { path: 'kerja/verifikasi', lazy: async () => ({ Component: (await import('./components/VerificationQueuePage')).VerificationQueuePage }) },
  { path: 'kerja/verifikasi/:contractId/:milestoneId', lazy: async () => ({ Component: (await import('./components/VerifyMilestonePage')).VerifyMilestonePage }) },
  { path: 'kerja/bendahara', lazy: async () => ({ Component: (await import('./components/TreasuryPage')).TreasuryPage }) },
  { path: 'kerja/bendahara/:contractId/:orderNo', lazy: async () => ({ Component: (await import('./components/RecordPaymentPage')).RecordPaymentPage }) },
];
