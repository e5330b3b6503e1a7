/** GET /api/v1/processes/:id — the selection a contract is drafted from: award, HPS, PPK, category, rule-set. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type ProcessDetail = Schemas['ProcessDetail'];

/** What drafting needs from the tender record (ledger/modules/tender/state.ts). */
export interface AwardedTender {
  id: string;
  title: string;
  packageId: string | null;
  buyerOrg: string | null;
  category: string;
  method: string;
  status: string;
  rulesetId: string | null;
  hpsRupiah: string | null;
  ppk: string | null;
  award: { winner: string; priceRupiah: string; bidBelowShareOfHps: boolean; decidedBy: string } | null;
  contracts: string[];
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function readAwardedTender(d: ProcessDetail): AwardedTender {
  const t = d.detail as Obj;
  const a = t.award && typeof t.award === 'object' ? (t.award as Obj) : null;
  return {
    id: d.id,
    title: d.title,
    packageId: d.packageId,
    buyerOrg: d.buyer.id,
    category: d.category,
    method: d.method,
    status: str(t.status) ?? d.status,
    rulesetId: str(t.rulesetId),
    hpsRupiah: str(t.hpsRupiah),
    ppk: str(t.ppk),
    award: a ? { winner: str(a.winner) ?? '', priceRupiah: str(a.priceRupiah) ?? '0', bidBelowShareOfHps: a.bidBelowShareOfHps === true, decidedBy: str(a.decidedBy) ?? '' } : null,
    contracts: d.contracts,
  };
}

export function useTender(id: string) {
  return useQuery({
    queryKey: ['process', id] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}', { params: { path: { id } }, signal })),
    select: readAwardedTender,
  });
}
