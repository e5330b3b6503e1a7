/** The tender workspace's pages (Pokja, PPK, opening officers, PA/KPA), loaded on demand. */
import type { RouteObject } from 'react-router';

const home = async () => ({ Component: (await import('./components/TenderWorkHome')).TenderWorkHome });

export const tenderWorkRoutes: RouteObject[] = [
  { path: 'kerja/tender', lazy: home },
  { path: 'kerja/pokja', lazy: home },
  { path: 'kerja/tender/baru', lazy: async () => ({ Component: (await import('./components/CreateTenderPage')).CreateTenderPage }) },
  { path: 'kerja/tender/:id', lazy: async () => ({ Component: (await import('./components/TenderWorkPage')).TenderWorkPage }) },
];
