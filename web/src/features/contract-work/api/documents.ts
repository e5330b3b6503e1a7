/**
 * POST /api/v1/documents (upload, restricted to the organizations of the process), GET
 * /api/v1/documents/verify/:sha256 (is it anchored, is it stored here) and GET
 * /api/v1/documents/:id (download with the session).
 */
import { useQuery } from '@tanstack/react-query';
import { api, ApiProblem, unwrap } from '../../../lib/api';

/** SHA-256 of a file, in the browser (WebCrypto). */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Uploads the file and returns its SHA-256, checked against the hash computed here (what is anchored is what was chosen). */
export async function uploadDocument(file: File, visibility: 'public' | 'restricted' = 'restricted'): Promise<{ sha256: string; id: string }> {
  const local = await sha256Hex(file);
  const form = new FormData();
  form.append('visibility', visibility);
  form.append('file', file, file.name);
  const doc = (await unwrap(api.POST('/api/v1/documents', { body: form as never, bodySerializer: (b: unknown) => b as FormData }))) as { id?: string; sha256?: string };
  if (doc.sha256 !== local || !doc.id) throw new ApiProblem('HASH_MISMATCH', 0, { id: 'hash dokumen di gateway berbeda dengan hash di peramban ini', en: "the gateway's hash of the document differs from this browser's" });
  return { sha256: local, id: doc.id };
}

export function useDocumentInfo(sha256: string) {
  return useQuery({
    queryKey: ['document-verify', sha256] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/documents/verify/{sha256}', { params: { path: { sha256 } }, signal })),
    staleTime: 60_000,
  });
}

/** Downloads a stored document with the session's rights and hands it to the browser as a file. */
export async function downloadDocument(id: string, name: string): Promise<void> {
  const blob = (await unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id } }, parseAs: 'blob' }))) as unknown as Blob;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
