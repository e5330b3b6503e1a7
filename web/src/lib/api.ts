/**
 * The gateway's API, typed from its OpenAPI document (api-types.ts, `npm run gen:api`), through
 * openapi-fetch. Every call either returns the 200 body or throws an {@link ApiProblem} that
 * carries the API's own message in Bahasa Indonesia and English, so a page can say what went
 * wrong in the reader's language.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './api-types';

export type Schemas = components['schemas'];

/** Same origin: the gateway serves the app and the API together. */
export const api = createClient<paths>({ baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin });

/**
 * The logged-in person's session token: every call through {@link api} carries it (the session
 * module sets it at login and clears it at logout). An answer 401 to a call that carried it means
 * the gateway ended the session (expired, or the member was suspended): the listener logs out.
 */
let bearer: string | null = null;
let onSessionRejected: (() => void) | null = null;
export function setBearer(token: string | null, rejected?: () => void): void {
  bearer = token;
  onSessionRejected = rejected ?? null;
}
export function currentBearer(): string | null {
  return bearer;
}
api.use({
  onRequest({ request }) {
    if (bearer && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${bearer}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && bearer && request.headers.get('authorization') === `Bearer ${bearer}`) onSessionRejected?.();
    return response;
  },
});

/** What went wrong, with a message in both languages when the API gave one. */
export class ApiProblem extends Error {
  constructor(
    /** The API's stable code (NOT_FOUND, VALIDATION, …), or NETWORK when no answer came back. */
    readonly code: string,
    readonly status: number,
    readonly messages: { id: string; en: string } | null,
    readonly detail?: string,
  ) {
    super(messages?.en ?? code);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: { id?: string; en?: string }; detail?: string };
}

/**
 * Unwraps an openapi-fetch call: the data, or an ApiProblem. A fetch that fails before any
 * answer (offline, the gateway down) is a NETWORK problem.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let out: { data?: T; error?: unknown; response: Response };
  try {
    out = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiProblem('NETWORK', 0, null, e instanceof Error ? e.message : String(e));
  }
  if (out.response.ok && out.data !== undefined) return out.data;
  const body = (out.error ?? {}) as ErrorBody;
  const m = body.error?.message;
  throw new ApiProblem(body.error?.code ?? `HTTP_${out.response.status}`, out.response.status, m?.id && m?.en ? { id: m.id, en: m.en } : null, body.error?.detail);
}
