/**
 * Every result code the ledger returns, in one place (CometBFT kvstore style). Codes are stable:
 * clients, the API and the web app map them to messages. 0 is success. 1–99 are envelope and
 * general errors; each module owns a range of 100 (identity 100–199, plan 200–299).
 */
export const CODESPACE = 'prasasti';

interface CodeInfo {
  readonly code: number;
  readonly en: string;
  readonly id: string;
}

export const Codes = {
  OK: { code: 0, en: 'accepted', id: 'diterima' },
  MALFORMED: { code: 1, en: 'transaction bytes are not a canonical Prasasti envelope', id: 'byte transaksi bukan amplop Prasasti yang kanonik' },
  OVERSIZE: { code: 2, en: 'transaction is larger than the size limit', id: 'transaksi melebihi batas ukuran' },
  WRONG_CHAIN: { code: 3, en: 'transaction is for another chain', id: 'transaksi untuk jaringan lain' },
  BAD_SIGNATURE: { code: 4, en: 'signature does not verify', id: 'tanda tangan tidak valid' },
  UNKNOWN_SIGNER: { code: 5, en: 'signer key belongs to no member', id: 'kunci penanda tangan bukan milik anggota mana pun' },
  NONCE_REPLAYED: { code: 6, en: 'nonce already used (replay)', id: 'nonce sudah dipakai (pengulangan)' },
  NONCE_OUT_OF_ORDER: { code: 7, en: 'nonce skips ahead of the next expected one', id: 'nonce melompati urutan yang diharapkan' },
  UNKNOWN_TYPE: { code: 8, en: 'unknown transaction type', id: 'jenis transaksi tidak dikenal' },
  INVALID_BODY: { code: 9, en: 'transaction body is invalid', id: 'isi transaksi tidak valid' },
  SIGNER_SUSPENDED: { code: 10, en: 'signer is suspended', id: 'penanda tangan sedang dibekukan' },
  KEY_REVOKED: { code: 11, en: 'signer key was rotated out and can no longer sign', id: 'kunci penanda tangan sudah diganti dan tidak dapat dipakai lagi' },
  UNAUTHORIZED: { code: 12, en: 'signer lacks the role or organization this action needs', id: 'penanda tangan tidak memiliki peran atau instansi yang diperlukan' },
  NOT_FOUND: { code: 13, en: 'record not found', id: 'data tidak ditemukan' },
  ALREADY_EXISTS: { code: 14, en: 'record already exists', id: 'data sudah ada' },
  INVALID_STATE: { code: 15, en: 'action not allowed in the current state', id: 'tindakan tidak diizinkan pada status saat ini' },
  PERSONAL_DATA: { code: 16, en: 'personal data (NIK, NPWP, phone, e-mail, bank account) is not allowed on the ledger', id: 'data pribadi (NIK, NPWP, telepon, surel, rekening) tidak boleh dicatat di buku besar' },
  BAD_QUERY: { code: 17, en: 'query path or data is invalid', id: 'jalur atau data kueri tidak valid' },

  ROLE_NOT_ALLOWED_FOR_ORG: { code: 101, en: 'role does not fit the kind of organization', id: 'peran tidak sesuai dengan jenis instansi' },
  LAST_ADMIN: { code: 102, en: 'an organization must keep at least one active admin', id: 'instansi harus tetap memiliki paling sedikit satu admin aktif' },
  KEY_IN_USE: { code: 103, en: 'public key is already registered', id: 'kunci publik sudah terdaftar' },
  NOT_FOUNDING: { code: 104, en: 'only admins of founding institutions take part in governance', id: 'hanya admin instansi pendiri yang ikut dalam tata kelola' },
  ALREADY_APPROVED: { code: 105, en: 'this institution has already approved the proposal', id: 'instansi ini sudah menyetujui usulan tersebut' },
  PROPOSAL_CLOSED: { code: 106, en: 'proposal is no longer open', id: 'usulan sudah ditutup' },
  VALIDATOR_SET_UNSAFE: { code: 107, en: 'validator change would leave fewer than one validator', id: 'perubahan validator akan menyisakan kurang dari satu validator' },

  METHOD_NOT_ALLOWED: { code: 201, en: 'the procurement method does not fit this category and value', id: 'metode pemilihan tidak sesuai dengan jenis dan nilai paket' },
  JUSTIFICATION_REQUIRED: { code: 202, en: 'this method needs a stated justification', id: 'metode ini memerlukan alasan yang dicatat' },
} as const satisfies Record<string, CodeInfo>;

export type CodeName = keyof typeof Codes;

const byNumber = new Map<number, CodeName>(Object.entries(Codes).map(([name, info]) => [info.code, name as CodeName]));

export function codeName(code: number): CodeName | undefined {
  return byNumber.get(code);
}

/** The failure a handler returns: a stable code and a detail safe to show to anyone. */
export class LedgerError extends Error {
  constructor(
    readonly codeName: CodeName,
    readonly detail?: string,
  ) {
    super(detail ? `${Codes[codeName].en}: ${detail}` : Codes[codeName].en);
  }
  get code(): number {
    return Codes[this.codeName].code;
  }
}

export function fail(name: CodeName, detail?: string): never {
  throw new LedgerError(name, detail);
}
