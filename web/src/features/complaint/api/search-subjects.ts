/** What a complaint can be about, found by words: contracts, tenders and RUP packages on the ledger. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export type SubjectKind = 'contract' | 'tender' | 'package';
export interface SubjectHit {
  kind: SubjectKind;
  id: string;
  title: string;
  buyer: string;
}

async function search(kind: SubjectKind, q: string, signal: AbortSignal): Promise<SubjectHit[]> {
  if (kind === 'contract') {
    const page = await unwrap(api.GET('/api/v1/contracts', { params: { query: { q: q || undefined, source: 'ledger', limit: 20 } }, signal }));
    return page.items.map((c) => ({ kind, id: c.id, title: c.title, buyer: c.buyer.name }));
  }
  if (kind === 'tender') {
    const page = await unwrap(api.GET('/api/v1/processes', { params: { query: { q: q || undefined, source: 'ledger', limit: 20 } }, signal }));
    return page.items.map((p) => ({ kind, id: p.id, title: p.title, buyer: p.buyer.name }));
  }
  const all = (await unwrap(api.GET('/api/v1/packages', { signal }))) as Array<Record<string, unknown>>;
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return all
    .map((p) => ({ kind, id: String(p.id ?? p.packageId ?? ''), title: String(p.title ?? ''), buyer: String(p.orgId ?? '') }))
    .filter((p) => p.id && words.every((w) => `${p.title} ${p.id}`.toLowerCase().includes(w)))
    .slice(0, 20);
}

/** Matching subjects of one kind (an empty query lists the most recent). */
export function useSubjectSearch(kind: SubjectKind, q: string) {
  return useQuery({ queryKey: ['complaint-subjects', kind, q] as const, queryFn: ({ signal }) => search(kind, q, signal) });
}

/** One subject by its kind and id (a link to the form names it), or null when the ledger has none. */
export function useSubjectById(subject: { kind: SubjectKind; id: string } | null) {
  return useQuery({
    queryKey: ['complaint-subject', subject?.kind, subject?.id] as const,
    enabled: subject !== null,
    queryFn: async ({ signal }): Promise<SubjectHit | null> => {
      const s = subject!;
      if (s.kind === 'contract') {
        const c = await unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id: s.id } }, signal }));
        return { kind: s.kind, id: c.id, title: c.title, buyer: c.buyer.name };
      }
      if (s.kind === 'tender') {
        const p = await unwrap(api.GET('/api/v1/processes/{id}', { params: { path: { id: s.id } }, signal }));
        return { kind: s.kind, id: p.id, title: p.title, buyer: p.buyer.name };
      }
      return (await search('package', s.id, signal)).find((h) => h.id === s.id) ?? null;
    },
  });
}
