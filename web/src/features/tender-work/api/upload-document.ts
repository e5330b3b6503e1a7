/**
 * POST /api/v1/documents — stores a file at this gateway (encrypted at rest) so that it can be
 * downloaded; the ledger only ever holds its SHA-256. `public` documents can be downloaded by
 * anyone, `restricted` ones by the organization and auditors.
 */
import { ApiProblem, currentBearer } from '../../../lib/api';

export async function uploadDocument(file: File, visibility: 'public' | 'restricted'): Promise<{ id: string; sha256: string }> {
  const form = new FormData();
  form.set('visibility', visibility);
  form.set('file', file);
  const token = currentBearer();
  let res: Response;
  try {
    res = await fetch(new URL('/api/v1/documents', window.location.origin), { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (e) {
    throw new ApiProblem('NETWORK', 0, null, e instanceof Error ? e.message : String(e));
  }
  const body = (await res.json().catch(() => ({}))) as { id?: string; sha256?: string; error?: { code?: string; message?: { id: string; en: string }; detail?: string } };
  if (res.ok && body.id && body.sha256) return { id: body.id, sha256: body.sha256 };
  throw new ApiProblem(body.error?.code ?? `HTTP_${res.status}`, res.status, body.error?.message ?? null, body.error?.detail);
}
