/**
 * The API's errors: a stable code, an HTTP status and a message in Bahasa Indonesia and English.
 * Ledger refusals keep the ledger's own code and messages (ledger/codes.ts).
 */
import { Codes, codeName } from '../ledger/codes.js';

export const API_ERRORS = {
  VALIDATION: { status: 400, id: 'permintaan tidak valid', en: 'the request is not valid' },
  BAD_CURSOR: { status: 400, id: 'kursor halaman tidak dikenal', en: 'the page cursor is not one this server gave' },
  MALFORMED_TX: { status: 400, id: 'transaksi tidak dapat dibaca', en: 'the transaction cannot be decoded' },
  UNAUTHENTICATED: { status: 401, id: 'silakan masuk terlebih dahulu', en: 'please log in first' },
  BAD_LOGIN: { status: 401, id: 'tanda tangan masuk tidak valid atau tantangan kedaluwarsa', en: 'the login signature is not valid or the challenge expired' },
  BAD_SIGNATURE: { status: 400, id: 'tanda tangan tidak valid untuk kunci ini', en: 'the signature does not verify with this key' },
  FORBIDDEN: { status: 403, id: 'Anda tidak berhak atas tindakan ini', en: 'you are not allowed to do this' },
  NOT_FOUND: { status: 404, id: 'data tidak ditemukan', en: 'not found' },
  CONFLICT: { status: 409, id: 'sudah ada data atau permintaan yang sama', en: 'the same record or request already exists' },
  TOO_LARGE: { status: 413, id: 'berkas terlalu besar', en: 'the file is too large' },
  UNSUPPORTED_TYPE: { status: 415, id: 'jenis berkas tidak diizinkan', en: 'this file type is not allowed' },
  LEDGER_REFUSED: { status: 422, id: 'buku besar menolak transaksi', en: 'the ledger refused the transaction' },
  RATE_LIMITED: { status: 429, id: 'terlalu banyak permintaan; coba lagi sebentar lagi', en: 'too many requests; try again shortly' },
  NODE_UNAVAILABLE: { status: 503, id: 'simpul buku besar tidak dapat dihubungi', en: 'the ledger node cannot be reached' },
  COMMIT_TIMEOUT: { status: 504, id: 'transaksi belum tercatat dalam batas waktu; periksa lagi dengan hash-nya', en: 'the transaction was not committed in time; check again by its hash' },
  INTERNAL: { status: 500, id: 'terjadi kesalahan pada server', en: 'something went wrong on the server' },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? API_ERRORS[code].en);
  }
  get status(): number {
    return API_ERRORS[this.code].status;
  }
  body(): ErrorBody {
    const m = API_ERRORS[this.code];
    return { error: { code: this.code, message: { id: m.id, en: m.en }, ...(this.detail ? { detail: this.detail } : {}), ...(this.extra ?? {}) } };
  }
}

export interface ErrorBody {
  error: { code: string; message: { id: string; en: string }; detail?: string; [k: string]: unknown };
}

/** A ledger result code as the API reports it: name and both messages. */
export function ledgerResult(code: number): { code: number; name: string; message: { id: string; en: string } } {
  const name = codeName(code) ?? 'UNKNOWN';
  const info = (Codes as Record<string, { id: string; en: string }>)[name];
  return { code, name, message: { id: info?.id ?? 'kode tidak dikenal', en: info?.en ?? 'unknown code' } };
}
