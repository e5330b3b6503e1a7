/**
 * Every result code the ledger returns, in one place (CometBFT kvstore style). Codes are stable:
 * clients, the API and the web app map them to messages. 0 is success. 1–99 are envelope and
 * general errors; each module owns a range of 100 (identity 100–199, plan 200–299, tender 300–399,
 * contract 400–499, execution 500–599, sanction 600–699, complaint 700–799).
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

  TOO_EARLY: { code: 301, en: 'too early: the deadline or window for this step has not been reached', id: 'terlalu awal: batas waktu atau jangka waktu langkah ini belum tiba' },
  TOO_LATE: { code: 302, en: 'too late: the deadline or window for this step has passed', id: 'terlambat: batas waktu atau jangka waktu langkah ini sudah lewat' },
  ABOVE_HPS: { code: 303, en: 'the amount is above the owner estimate (HPS)', id: 'nilai melebihi Harga Perkiraan Sendiri (HPS)' },
  BLACKLISTED: { code: 304, en: 'the supplier is on the blacklist', id: 'penyedia masuk daftar hitam' },
  NOT_REGISTERED: { code: 305, en: 'the supplier has not registered for this tender', id: 'penyedia belum mendaftar pada tender ini' },
  COMMITTEE_INVALID: { code: 306, en: 'the Pokja or opening committee does not meet the rules', id: 'Pokja atau panitia pembukaan tidak memenuhi ketentuan' },
  WINNER_NOT_BEST: { code: 308, en: 'the proposed winner is not the best qualified bid', id: 'calon pemenang bukan penawaran terbaik yang memenuhi syarat' },
  OPENING_KEY_MISMATCH: { code: 310, en: 'the secret key does not belong to the opening key registered for this seat', id: 'kunci rahasia tidak cocok dengan kunci pembukaan yang didaftarkan untuk kursi ini' },
  OBJECTION_PENDING: { code: 309, en: 'an objection or its window is still open', id: 'sanggah atau masa sanggah masih berjalan' },

  BUDGET_EXCEEDED: { code: 401, en: 'the plan package has no budget left for this amount (Ps 52(2))', id: 'pagu paket tidak mencukupi untuk nilai ini (Ps 52(2))' },
  TERMS_INVALID: { code: 402, en: 'the contract terms break a rule of the rule-set', id: 'syarat kontrak melanggar ketentuan' },
  AMENDMENT_CAP: { code: 403, en: 'the amendments would add more than 10 % of the original price (Ps 54)', id: 'adendum akan menambah lebih dari 10 % nilai kontrak awal (Ps 54)' },

  NOT_VERIFIED: { code: 501, en: 'the milestone lacks a required verification', id: 'termin belum diverifikasi oleh semua pejabat yang disyaratkan' },
  OVERPAYMENT: { code: 502, en: 'payment would exceed the amount ordered', id: 'pembayaran akan melebihi nilai perintah bayar' },
  NOT_A_VERIFIER: { code: 503, en: 'the signer is not a required verifier of this milestone', id: 'penanda tangan bukan pemverifikasi yang disyaratkan untuk termin ini' },
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
