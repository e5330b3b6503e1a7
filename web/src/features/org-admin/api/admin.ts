/** What the organization admin's page reads and the off-ledger decisions it records. */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';

export type Enrolment = Schemas['Enrolment'];

export interface OrgMember {
  id: string;
  orgId: string;
  name: string | null;
  roles: string[];
  status: string;
}

export const enrolmentsQuery = queryOptions({
  queryKey: ['org-admin', 'enrolments'] as const,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/enrolments', { signal })),
  refetchInterval: 15_000,
  staleTime: 0,
});

export const orgMembersQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['org-admin', 'members', orgId] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/orgs/{id}/members', { params: { path: { id: orgId } }, signal })) as Promise<OrgMember[]>,
    staleTime: 0,
  });

/** After the admin's add_member / rotate_key committed: the gateway checks the ledger and records it. */
export function markApproved(id: string): Promise<Enrolment> {
  return unwrap(api.POST('/api/v1/enrolments/{id}/approve', { params: { path: { id } } }));
}

export function reject(id: string, reason: string): Promise<Enrolment> {
  return unwrap(api.POST('/api/v1/enrolments/{id}/reject', { params: { path: { id } }, body: { reason } }));
}

/** Which roles each kind of organization may hold (the ledger's rule, ledger/modules/identity/state.ts). */
export const ROLES_BY_KIND: Record<string, string[]> = {
  buyer: ['pa', 'kpa', 'ppk', 'pokja', 'pejabat_pengadaan', 'treasury', 'org_admin'],
  supplier: ['supplier_signatory', 'org_admin'],
  auditor: ['auditor', 'org_admin'],
  regulator: ['auditor', 'org_admin'],
};

export const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
