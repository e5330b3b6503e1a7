/** The demo people a gateway in demo mode offers (404, i.e. none, when demo mode is off). */
import { queryOptions } from '@tanstack/react-query';
import { api, ApiProblem, unwrap } from '../../../lib/api';

export interface DemoPerson {
  memberId: string;
  name: string;
  orgId: string;
  orgName: string;
  orgKind: string;
  auditorKind: string | null;
  roles: string[];
}

export const demoPeopleQuery = queryOptions({
  queryKey: ['demo-people'] as const,
  queryFn: async ({ signal }): Promise<DemoPerson[] | null> => {
    try {
      return await unwrap(api.GET('/api/v1/demo/people', { signal }));
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 404) return null; // not a demo gateway
      throw e;
    }
  },
  staleTime: 60_000,
});

/** A demo person's seed (base64) and public key (hex); the caller imports it and drops the bytes. */
export async function demoKey(memberId: string): Promise<{ seed: Uint8Array; publicKey: Uint8Array }> {
  const k = await unwrap(api.GET('/api/v1/demo/people/{id}/key', { params: { path: { id: memberId } } }));
  const bin = atob(k.seed);
  const seed = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const publicKey = Uint8Array.from(k.publicKey.match(/../g) ?? [], (h) => parseInt(h, 16));
  return { seed, publicKey };
}
