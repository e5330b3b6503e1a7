/**
 * Enrolment from this browser: the key is made here (non-extractable), the request is signed with
 * it (proof of possession) and sent to this gateway, which keeps it off the ledger until the
 * institution's admin decides. The requests made here are remembered on this device so their
 * status can be followed.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';
import { ed25519Sign, toBase64, toHex } from '../../../lib/ledger/webcrypto';
import { deleteKey, generateKeyPair, saveKey } from '../../../lib/ledger/keystore';

export type Enrolment = Schemas['Enrolment'];
export type EnrolmentKind = Enrolment['kind'];
type EnrolBody = paths['/api/v1/enrolments']['post']['requestBody']['content']['application/json'];

/** The exact text signed with the new key; the gateway checks it the same way (api/enrolment.ts). */
export function enrolmentMessage(chainId: string, r: { kind: EnrolmentKind; orgId: string; memberId: string; name: string; roles: string[]; publicKey: string }): string {
  return ['prasasti-enrol-v1', chainId, r.kind, r.orgId, r.memberId, r.name, [...r.roles].sort().join(','), r.publicKey.toLowerCase()].join('\n');
}

const TRACK_KEY = 'prasasti.enrolments';
export interface Tracked {
  id: string;
  chain: string;
  memberId: string;
}
export function trackedEnrolments(chain: string): Tracked[] {
  try {
    const all = JSON.parse(window.localStorage.getItem(TRACK_KEY) ?? '[]') as Tracked[];
    return Array.isArray(all) ? all.filter((t) => t.chain === chain) : [];
  } catch {
    return [];
  }
}
function track(t: Tracked): void {
  try {
    const all = JSON.parse(window.localStorage.getItem(TRACK_KEY) ?? '[]') as Tracked[];
    window.localStorage.setItem(TRACK_KEY, JSON.stringify([t, ...(Array.isArray(all) ? all : [])].slice(0, 20)));
  } catch {
    // not remembered: the page still shows this request until it is left
  }
}
export function forget(id: string): void {
  try {
    const all = JSON.parse(window.localStorage.getItem(TRACK_KEY) ?? '[]') as Tracked[];
    window.localStorage.setItem(TRACK_KEY, JSON.stringify(all.filter((t) => t.id !== id)));
  } catch {
    // nothing to forget
  }
}

/**
 * Makes the key, signs and sends the request. A new member's key is stored as their key; a
 * replacement waits in its own slot until the ledger registers it (the login page then uses it).
 */
export async function enrol(chain: string, r: { kind: EnrolmentKind; orgId: string; memberId: string; name: string; roles: string[] }): Promise<Enrolment> {
  const pair = await generateKeyPair();
  const publicKey = toHex(pair.publicKey);
  const req = { ...r, name: r.name.trim(), roles: r.kind === 'new' ? [...new Set(r.roles)].sort() : [], publicKey };
  const signature = toBase64(await ed25519Sign(pair.privateKey, new TextEncoder().encode(enrolmentMessage(chain, req))));
  const slot = r.kind === 'new' ? 'current' : 'next';
  await saveKey(chain, r.memberId, pair, 'browser', slot);
  try {
    const e = await unwrap(api.POST('/api/v1/enrolments', { body: { ...req, roles: req.roles as EnrolBody['roles'], signature } }));
    track({ id: e.id, chain, memberId: e.memberId });
    return e;
  } catch (err) {
    await deleteKey(chain, r.memberId, slot); // no request, no key to keep
    throw err;
  }
}

export const enrolmentQuery = (id: string) =>
  queryOptions({
    queryKey: ['enrolment', id] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/enrolments/{id}', { params: { path: { id } }, signal })),
    // Pending: ask again now and then, the admin may decide at any moment.
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 5_000 : false),
    staleTime: 0,
  });
