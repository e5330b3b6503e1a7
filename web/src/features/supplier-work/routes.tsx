/** The supplier's workspace (supplier_signatory): opportunities, a tender (register, ask, sealed bid, sanggah), own contracts. */
import type { RouteObject } from 'react-router';

export const supplierRoutes: RouteObject[] = [
  { path: 'kerja/penyedia', lazy: async () => ({ Component: (await import('./components/SupplierHome')).SupplierHome }) },
  { path: 'kerja/penyedia/tender/:id', lazy: async () => ({ Component: (await import('./components/SupplierTenderPage')).SupplierTenderPage }) },
  { path: 'kerja/penyedia/kontrak/:id', lazy: async () => ({ Component: (await import('./components/SupplierContractPage')).SupplierContractPage }) },
];
