/**
 * What the supplier workspace reads: open tenders (opportunities), the tenders the organization
 * won, its contracts, a tender with its clarifications and objections, a contract, and the ledger
 * calendar (deadlines are judged in ledger time, which a test network may run faster than the clock).
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export interface OpportunityFilter {
  category?: string;
  minValue?: number;
  maxValue?: number;
  q?: string;
}

export function useOpportunities(f: OpportunityFilter) {
  return useQuery({
    queryKey: ['supplier', 'opportunities', f] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes', { params: { query: { status: 'announced', source: 'ledger', limit: 100, q: f.q || undefined, category: f.category || undefined, minValue: f.minValue, maxValue: f.maxValue } }, signal })),
  });
}

export function useWonTenders(orgId: string) {
  return useQuery({
    queryKey: ['supplier', 'won', orgId] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes', { params: { query: { supplier: orgId, source: 'ledger', limit: 100 } }, signal })),
  });
}

/** The tenders the company registered for, with its bid's state (GET /workspace/participations). */
export function useParticipations() {
  return useQuery({ queryKey: ['supplier', 'participations'] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/workspace/participations', { signal })) });
}

export function useMyContracts(orgId: string) {
  return useQuery({
    queryKey: ['supplier', 'contracts', orgId] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/contracts', { params: { query: { supplier: orgId, source: 'ledger', limit: 100 } }, signal })),
  });
}

export const tenderQuery = (id: string) =>
  queryOptions({ queryKey: ['process', id] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}', { params: { path: { id } }, signal })) });
export const useTender = (id: string) => useQuery(tenderQuery(id));

export const useQuestions = (id: string) =>
  useQuery({ queryKey: ['process', id, 'questions'] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}/questions', { params: { path: { id } }, signal })) });

export const useObjections = (id: string) =>
  useQuery({ queryKey: ['process', id, 'objections'] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes/{id}/objections', { params: { path: { id } }, signal })) });

export const useContract = (id: string) =>
  useQuery({ queryKey: ['contract', id] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal })) });

/** The ledger calendar; `ledgerNow()` estimates ledger time from this clock. */
export function useLedgerClock() {
  const q = useQuery({ queryKey: ['calendar'] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/calendar', { signal })), staleTime: 60_000 });
  const c = q.data;
  return { ready: !!c, ledgerNow: () => (c ? c.startMs + (Date.now() - c.anchorMs) * c.scale : Date.now()), scale: c?.scale ?? 1 };
}
