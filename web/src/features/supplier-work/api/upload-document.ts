/**
 * Uploads a document to this gateway's store (POST /api/v1/documents, multipart) with its upload
 * progress — fetch cannot report it, XMLHttpRequest can — and returns its SHA-256, which the
 * transaction then anchors on the ledger. The session's bearer token goes with it.
 */
import { ApiProblem, currentBearer } from '../../../lib/api';

export interface StoredDocument {
  id: string;
  sha256: string;
  size: number;
  filename: string;
}

export function uploadDocument(file: File, visibility: 'public' | 'restricted', onProgress: (fraction: number) => void): Promise<StoredDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/documents');
    const token = currentBearer();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiProblem('NETWORK', 0, null, 'upload failed'));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // not JSON: handled below
      }
      if (xhr.status === 200 && typeof body.sha256 === 'string') {
        onProgress(1);
        return resolve({ id: String(body.id), sha256: body.sha256, size: Number(body.size), filename: String(body.filename ?? file.name) });
      }
      const err = (body.error ?? {}) as { code?: string; message?: { id: string; en: string }; detail?: string };
      reject(new ApiProblem(err.code ?? `HTTP_${xhr.status}`, xhr.status, err.message ?? null, err.detail));
    };
    const form = new FormData();
    form.append('visibility', visibility);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
