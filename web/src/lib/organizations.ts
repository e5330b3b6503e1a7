/**
 * Organizations and their members, as the public may see them (ids, roles, organization; names
 * of people are shown to members only, docs/decisions/0007). Shared by every page that says who
 * did something.
 */
import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api';

export interface Organization {
  id: string;
  name: string;
  kind: string;
  subKind: string | null;
  status: string;
}
export interface Member {
  id: string;
  orgId: string;
  name: string | null;
  roles: string[];
  status: string;
}

export const organizationsQuery = queryOptions({
  queryKey: ['orgs'] as const,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/orgs', { signal })) as Promise<Organization[]>,
  staleTime: 5 * 60_000,
});

export function useOrganizations() {
  return useQuery(organizationsQuery);
}

/** id → organization, empty while loading. */
export function useOrganizationIndex(): Map<string, Organization> {
  const { data } = useOrganizations();
  return new Map((data ?? []).map((o) => [o.id, o]));
}

/** The members of the given organizations, as one id → member map (fills in as answers come). */
export function useMemberIndex(orgIds: Array<string | null | undefined>): Map<string, Member> {
  const ids = [...new Set(orgIds.filter((x): x is string => !!x && x !== 'public'))].sort();
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['orgs', id, 'members'] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/v1/orgs/{id}/members', { params: { path: { id } }, signal })) as Promise<Member[]>,
      staleTime: 5 * 60_000,
    })),
  });
  const out = new Map<string, Member>();
  for (const r of results) for (const m of r.data ?? []) out.set(m.id, m);
  return out;
}
