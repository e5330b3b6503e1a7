/**
 * Importing an SPSE export (LKPP's e-procurement system, rows of its data service "ISB") as `ExternalProcess`es.
 * The rows of one tender (`kd_tender`) are joined across the export's files — announcement, finished tender,
 * award values, stage schedule, participants with their bids, award letters (SPPBJ), contracts — and become OCDS 1.1
 * releases, one per event: the announcement (planning and tender), the bids, the winner, each SPPBJ, each contract,
 * and a failed or cancelled tender's end. The process is then read from those releases like any OCDS source.
 *
 * Personal data stays out. The export names officials (PPK, Pokja) with their staff numbers (NIP), suppliers'
 * legal representatives and bank account holders, and gives tax numbers (NPWP, whose 16-digit form is a person's
 * NIK for individuals). None of these is read into a release except through the checks below:
 * - suppliers are identified by SPSE's own supplier code (`kd_penyedia`), never by a tax number;
 * - a supplier's name is published only when it is a business: its name carries a legal form (PT, CV, …), a
 *   contract row of the export says it is a business entity, or the tender is for business entities ("Badan
 *   Usaha") and its 16-digit NPWP is not a NIK; otherwise it is "Penyedia SPSE <kd_penyedia>";
 * - free text (a contract's scope of work) is left out when it holds a NIK/NPWP/account number, an e-mail, a phone
 *   number, or the name of any official or representative in the export.
 *
 * Times in SPSE are local; Kabupaten Bandung is in WIB (UTC+07:00).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { personalDataIn } from '../../ledger/modules/identity/personal-data.js';
import { MERGE_RULES_1_1 } from './releases.js';
import { ExactNumbers, isCompanyName, isIsoDateTime, processFromReleases, type ExternalProcess, type ImportReport } from './import.js';

type Json = Record<string, unknown>;
type Row = Record<string, unknown>;

/** The export's files, found by the end of their names (the numbers before it vary between exports). */
const FILES = {
  pengumuman: 'SPSE-TenderPengumuman.json',
  selesai: 'SPSE-TenderSelesai.json',
  nilai: 'SPSE-TenderSelesaiNilai.json',
  jadwal: 'SPSE-JadwalTahapanTender.json',
  peserta: 'SPSE-PesertaTender.json',
  sppbj: 'SPSE-TenderEkontrak-1SPPBJ.json',
  kontrak: 'SPSE-TenderEkontrak-2Kontrak.json',
} as const;
type Table = keyof typeof FILES;

export interface SpseOptions {
  /** The LPSE's time zone offset; SPSE writes local times. */
  utcOffset?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Reads an SPSE export folder: one process per announced tender. */
export function importSpseExport(dir: string, opts: SpseOptions = {}): { processes: ExternalProcess[]; report: ImportReport } {
  const source = `spse:${path.basename(path.resolve(dir)).replace(/^spse-(isb-)?/, '')}`;
  const offset = opts.utcOffset ?? '+07:00';
  const report: ImportReport = { source, read: 0, imported: 0, skipped: [], notes: [] };
  const numbers = new ExactNumbers();
  const names = readdirSync(dir);
  const tables = {} as Record<Table, Array<{ row: Row; ref: string }>>;
  for (const [table, suffix] of Object.entries(FILES) as Array<[Table, string]>) {
    const file = names.find((n) => n.endsWith(suffix));
    tables[table] = [];
    if (!file) continue;
    const text = readFileSync(path.join(dir, file), 'utf8');
    numbers.add(text);
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch (e) {
      rows = (e as Error).message;
    }
    if (!Array.isArray(rows)) {
      report.read++;
      report.skipped.push({ ref: file, reason: typeof rows === 'string' ? `not JSON (${rows})` : 'not an array of rows' });
      continue;
    }
    rows.forEach((row, i) => {
      report.read++;
      const ref = `${file}#${i + 1}${isObject(row) && row.kd_tender !== undefined ? ` (kd_tender ${String(row.kd_tender)})` : ''}`;
      if (!isObject(row) || code(row.kd_tender) === undefined) report.skipped.push({ ref, reason: 'row without a tender code (kd_tender)' });
      else tables[table].push({ row, ref });
    });
  }
  const guard = new PersonalData(Object.values(tables).flat().map((r) => r.row));
  const businesses = new Set(tables.kontrak.filter(({ row }) => /badan usaha/i.test(str(row.tipe_penyedia) ?? '') || isCompanyName(str(row.bentuk_usaha_penyedia) ?? '')).map(({ row }) => code(row.kd_penyedia)));

  const byTender = (table: Table) => {
    const m = new Map<string, Array<{ row: Row; ref: string }>>();
    for (const r of tables[table]) {
      const kd = code(r.row.kd_tender)!;
      const rows = m.get(kd);
      if (rows) rows.push(r);
      else m.set(kd, [r]);
    }
    return m;
  };
  const joined = Object.fromEntries((Object.keys(FILES) as Table[]).map((t) => [t, byTender(t)])) as Record<Table, Map<string, Array<{ row: Row; ref: string }>>>;
  const used = (rs: Array<{ ref: string }>) => (report.imported += rs.length);
  const skip = (rs: Array<{ ref: string }>, reason: string) => rs.forEach(({ ref }) => report.skipped.push({ ref, reason }));

  const processes: ExternalProcess[] = [];
  const announced = [...joined.pengumuman.keys()];
  announced.forEach((kd, n) => {
    const [first, ...again] = joined.pengumuman.get(kd)!;
    skip(again, 'the tender is announced twice; the first announcement row is used');
    const rows = (t: Table) => joined[t].get(kd) ?? [];
    const t = new TenderRows(kd, first!, rows, offset, guard, businesses);
    const built = t.releases();
    if ('skip' in built) {
      skip([first!, ...(Object.keys(FILES) as Table[]).filter((x) => x !== 'pengumuman').flatMap(rows)], built.skip);
    } else {
      try {
        processes.push(processFromReleases(source, `spse-${kd}`, built.releases, { rules: MERGE_RULES_1_1, numbers, notes: report.notes }));
        used(built.used);
        for (const s of built.skipped) report.skipped.push(s);
        for (const note of built.notes) report.notes.push({ ref: `spse-${kd}`, note });
      } catch (e) {
        skip([...built.used, ...built.skipped], `its releases cannot be compiled: ${(e as Error).message}`);
      }
    }
    opts.onProgress?.(n + 1, announced.length);
  });
  // Rows of tenders that were never announced have nothing to join to.
  for (const table of Object.keys(FILES) as Table[]) {
    if (table === 'pengumuman') continue;
    for (const [kd, rs] of joined[table]) if (!joined.pengumuman.has(kd)) skip(rs, 'no announcement row for this tender');
  }
  return { processes, report };
}

/** The rows of one tender, turned into OCDS releases. */
class TenderRows {
  private readonly notes: string[] = [];
  private readonly used: Array<{ ref: string }> = [];
  private readonly skipped: Array<{ ref: string; reason: string }> = [];

  constructor(
    private readonly kd: string,
    private readonly announcement: { row: Row; ref: string },
    private readonly rows: (t: Table) => Array<{ row: Row; ref: string }>,
    private readonly offset: string,
    private readonly guard: PersonalData,
    private readonly businesses: Set<string | undefined>,
  ) {}

  releases(): { skip: string } | { releases: Json[]; used: Array<{ ref: string }>; skipped: Array<{ ref: string; reason: string }>; notes: string[] } {
    const a = this.announcement.row;
    const title = str(a.nama_paket);
    const announced = this.time(a.tgl_pengumuman_tender);
    if (!title) return { skip: 'tender without a name (nama_paket)' };
    if (!announced) return { skip: `tender without a valid announcement time (tgl_pengumuman_tender ${JSON.stringify(a.tgl_pengumuman_tender)})` };
    this.used.push(this.announcement);
    const ocid = `spse-${this.kd}`;
    const finished = this.first('selesai', 'the tender has two finished-tender rows; the first is used');
    const f = finished?.row ?? {};
    const base = (stage: string, date: string, tag: string[]): Json => ({ ocid, id: `${ocid}-${stage}`, date, tag, initiationType: 'tender', language: 'id' });

    const satkerId = str(a.kd_satker_str) ?? str(a.kd_satker) ?? 'satker';
    const buyer = { id: satkerId, name: str(a.nama_satker) ?? satkerId };
    const buyerParty = { ...buyer, roles: ['buyer', 'procuringEntity'] };
    const schedule = this.schedule();
    const bidEnd = schedule.find((s) => /^(upload|pemasukan) dokumen penawaran/i.test(s.title))?.dueDate;
    const enquiry = schedule.find((s) => /^penjelasan dokumen (lelang|pemilihan)/i.test(s.title));
    const method = METHOD[str(a.mtd_pemilihan)?.toLowerCase() ?? ''];
    if (!method) this.notes.push(`method ${JSON.stringify(a.mtd_pemilihan)} has no OCDS equivalent`);
    const category = ocdsCategory(str(a.jenis_pengadaan));
    if (!category) this.notes.push(`procurement type ${JSON.stringify(a.jenis_pengadaan)} has no OCDS category`);
    const mak = str(f.mak)?.replace(/\.$/, '');
    const tender: Json = {
      id: this.kd,
      title,
      status: 'active',
      procuringEntity: buyer,
      ...(num(a.hps) !== undefined ? { value: idr(num(a.hps)!) } : {}),
      ...(method ? { procurementMethod: method } : {}),
      ...(str(a.mtd_pemilihan) ? { procurementMethodDetails: str(a.mtd_pemilihan) } : {}),
      ...(category ? { mainProcurementCategory: category } : {}),
      ...(str(a.mtd_evaluasi) ? { awardCriteriaDetails: str(a.mtd_evaluasi) } : {}),
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: announced, ...(bidEnd ? { endDate: bidEnd } : {}) },
      ...(enquiry ? { enquiryPeriod: { startDate: enquiry.startDate, endDate: enquiry.dueDate } } : {}),
      ...(schedule.length ? { milestones: schedule.map(({ startDate, ...m }) => ({ ...m, description: `Jadwal: ${startDate} s.d. ${m.dueDate}` })) } : {}),
    };
    const planning = {
      budget: {
        ...(mak ? { id: mak } : {}),
        description: [str(a.sumber_dana) ? `Sumber dana ${str(a.sumber_dana)}` : '', str(a.kd_rup) ? `paket RUP ${str(a.kd_rup)}` : ''].filter(Boolean).join(', '),
        ...(num(a.pagu) !== undefined ? { amount: idr(num(a.pagu)!) } : {}),
      },
    };
    const releases: Json[] = [{ ...base('pengumuman', announced, ['planning', 'tender']), parties: [buyerParty], buyer, planning, tender }];

    // Bids: a registered participant who submitted no price is not a tenderer in OCDS.
    const bidders: Array<{ ref: Json; party: Json; row: Row }> = [];
    for (const p of this.rows('peserta')) {
      const r = p.row;
      if (code(r.kd_penyedia) === undefined) this.skipped.push({ ref: p.ref, reason: 'empty participant row (no supplier)' });
      else if (num(r.nilai_penawaran) === undefined) this.skipped.push({ ref: p.ref, reason: 'registered participant who submitted no bid' });
      else {
        this.used.push(p);
        const org = this.supplier(r, str(a.jenis_pengadaan));
        bidders.push({ ref: org, party: { ...org, roles: ['tenderer'] }, row: r });
      }
    }
    if (bidders.length) {
      releases.push({
        ...base('penawaran', bidEnd ?? announced, ['tenderUpdate']),
        parties: bidders.map((b) => b.party),
        tender: { id: this.kd, numberOfTenderers: bidders.length, tenderers: bidders.map((b) => b.ref) },
        // Bids extension (as our own releases): each bid's price as submitted.
        bids: { details: bidders.map((b) => ({ id: `${ocid}-peserta-${code(b.row.kd_peserta) ?? String(b.ref.id)}`, tenderers: [b.ref], value: idr(num(b.row.nilai_penawaran)!) })) },
      });
    }

    // The winner: the award value row, else the participant marked as winner.
    const status = str(a.status_tender) ?? '';
    const finalStatus = /^selesai$/i.test(status) ? 'complete' : /gagal|batal/i.test(status) ? (str(a.ket_ditutup) ? 'cancelled' : 'unsuccessful') : /^berlangsung$/i.test(status) ? undefined : 'unknown';
    if (finalStatus === 'unknown') this.notes.push(`tender status ${JSON.stringify(a.status_tender)} is not known; left active`);
    const valueRows = this.rows('nilai');
    const winnerValue = valueRows.find((v) => code(v.row.kd_penyedia) !== undefined);
    for (const v of valueRows) {
      if (v === winnerValue) this.used.push(v);
      else this.skipped.push({ ref: v.ref, reason: code(v.row.kd_penyedia) === undefined ? 'no winner in the award value row (tender still running)' : 'a second award value row for the tender' });
    }
    const winnerBid = bidders.find((b) => b.row.pemenang === 1);
    const winnerRow = winnerValue?.row ?? winnerBid?.row;
    const awardId = `${ocid}-award`;
    const winner = winnerRow ? this.supplier(winnerRow, str(a.jenis_pengadaan)) : undefined;
    if (winner && finalStatus === 'complete') {
      const w = winnerValue?.row ?? {};
      const price = num(w.nilai_negosiasi) ?? num(w.nilai_terkoreksi) ?? num(w.nilai_penawaran) ?? num(winnerBid?.row.nilai_terkoreksi) ?? num(winnerBid?.row.nilai_penawaran);
      const awardDate = this.time(f.tgl_penetapan_pemenang) ?? this.time(w.tgl_penetapan_pemenang) ?? schedule.find((s) => /^penetapan pemenang/i.test(s.title))?.dueDate ?? announced;
      releases.push({
        ...base('pemenang', awardDate, ['award']),
        parties: [{ ...winner, roles: ['tenderer', 'supplier'] }],
        tender: { id: this.kd, status: 'complete' },
        awards: [{ id: awardId, title, status: 'active', date: awardDate, ...(price !== undefined ? { value: idr(price) } : {}), suppliers: [winner] }],
      });
    } else if (finalStatus && finalStatus !== 'unknown' && finalStatus !== 'complete') {
      // The export dates a status by the day it was exported, when this release's information was recorded; a few
      // tenders are announced after that day, and their end cannot come before their start.
      const latest = releases.map((r) => String(r.date)).reduce((x, y) => (Date.parse(y) > Date.parse(x) ? y : x));
      const exported = this.time(a.tanggal_status);
      const at = exported && Date.parse(exported) >= Date.parse(latest) ? exported : latest;
      if (exported && at !== exported) this.notes.push(`status date ${exported} is before the tender's last event; dated ${at}`);
      releases.push({
        ...base('status', at, [finalStatus === 'cancelled' ? 'tenderCancellation' : 'tenderUpdate', ...(winner ? ['awardCancellation'] : [])]),
        ...(winner ? { parties: [{ ...winner, roles: ['tenderer'] }] } : {}),
        tender: { id: this.kd, status: finalStatus },
        ...(winner ? { awards: [{ id: awardId, title, status: 'cancelled', suppliers: [winner] }] } : {}),
      });
    }
    if (finished && finalStatus === 'complete') this.used.push(finished);
    else if (finished) this.skipped.push({ ref: finished.ref, reason: 'finished-tender row for a tender not finished in its announcement' });

    const awarded = winner && finalStatus === 'complete';
    for (const s of this.rows('sppbj')) {
      const when = this.time(s.row.tgl_sppbj);
      if (!awarded) this.skipped.push({ ref: s.ref, reason: 'SPPBJ for a tender without an award in the export' });
      else if (!when || !str(s.row.no_sppbj)) this.skipped.push({ ref: s.ref, reason: 'SPPBJ without its number or date' });
      else {
        this.used.push(s);
        const price = num(s.row.harga_final);
        releases.push({
          ...base(`sppbj-${releases.length}`, when, ['awardUpdate']),
          awards: [{ id: awardId, ...(price !== undefined ? { value: idr(price) } : {}), documents: [{ id: str(s.row.no_sppbj), documentType: 'awardNotice', title: `SPPBJ ${str(s.row.no_sppbj)}`, datePublished: when, language: 'id' }] }],
        });
      }
    }
    for (const k of this.rows('kontrak')) {
      const r = k.row;
      const signed = this.time(r.tgl_kontrak);
      if (!awarded) {
        this.skipped.push({ ref: k.ref, reason: 'contract for a tender without an award in the export' });
        continue;
      }
      if (!signed) {
        this.skipped.push({ ref: k.ref, reason: `contract without a valid date (tgl_kontrak ${JSON.stringify(r.tgl_kontrak)})` });
        continue;
      }
      this.used.push(k);
      if (code(r.kd_penyedia) !== undefined && winner && `spse-penyedia-${code(r.kd_penyedia)}` !== winner.id) this.notes.push(`contract ${str(r.no_kontrak)} names another supplier than the award`);
      const start = this.time(r.tgl_kontrak_awal);
      const end = this.time(r.tgl_kontrak_akhir);
      // The export gives start = end for every contract; a period of no time says nothing, so it is left out.
      const period = start && end && Date.parse(end) > Date.parse(start) ? { period: { startDate: start, endDate: end } } : {};
      const scope = this.freeText(r.lingkup_pekerjaan);
      const cStatus = CONTRACT_STATUS[str(r.status_kontrak)?.toLowerCase() ?? ''];
      if (!cStatus) this.notes.push(`contract status ${JSON.stringify(r.status_kontrak)} has no OCDS equivalent`);
      releases.push({
        ...base(`kontrak-${releases.length}`, signed, ['contract']),
        contracts: [{
          id: str(r.no_kontrak) ?? `${ocid}-kontrak-${releases.length}`,
          awardID: awardId,
          title,
          ...(scope ? { description: scope } : {}),
          ...(cStatus ? { status: cStatus } : {}),
          ...(num(r.nilai_kontrak) !== undefined ? { value: idr(num(r.nilai_kontrak)!) } : {}),
          dateSigned: signed,
          ...period,
        }],
      });
    }
    return { releases, used: this.used, skipped: this.skipped, notes: this.notes };
  }

  private first(t: Table, twice: string) {
    const [one, ...more] = this.rows(t);
    for (const m of more) this.skipped.push({ ref: m.ref, reason: twice });
    return one;
  }

  /** The stage schedule as milestones, in time order; a stage without a name is skipped. */
  private schedule(): Array<{ id: string; title: string; code: string; startDate: string; dueDate: string }> {
    const out: Array<{ id: string; title: string; code: string; startDate: string; dueDate: string }> = [];
    for (const s of this.rows('jadwal')) {
      const r = s.row;
      const title = str(r.nama_tahapan);
      const startDate = this.time(r.tgl_awal);
      const dueDate = this.time(r.tgl_akhir);
      if (!title) this.skipped.push({ ref: s.ref, reason: `stage without a name (kd_akt ${String(r.kd_akt)})` });
      else if (!startDate || !dueDate) this.skipped.push({ ref: s.ref, reason: 'stage without valid start and end times' });
      else {
        this.used.push(s);
        out.push({ id: code(r.kd_tahapan) ?? `${this.kd}-${out.length}`, title, code: code(r.kd_akt) ?? '', startDate, dueDate });
      }
    }
    return out.sort((x, y) => Date.parse(x.startDate) - Date.parse(y.startDate) || Date.parse(x.dueDate) - Date.parse(y.dueDate));
  }

  /** A supplier as an organization reference: SPSE's supplier code, and its name only when it is a business. */
  private supplier(r: Row, procurementType: string | undefined): { id: string; name: string } {
    const kd = code(r.kd_penyedia)!;
    const name = str(r.nama_penyedia);
    const npwp16 = (str(r.npwp_penyedia_16) ?? str(r.npwp_16_penyedia) ?? '').replace(/\D/g, '');
    // The 16-digit NPWP of a business is 0 and its old 15 digits; any other 16 digits are a person's NIK.
    const nik = npwp16.length === 16 && !npwp16.startsWith('0');
    const business = !!name && (isCompanyName(name) || this.businesses.has(kd) || (/badan usaha/i.test(procurementType ?? '') && !nik));
    if (name && !business) this.notes.push(`supplier ${kd}: not shown to be a business, name withheld`);
    return { id: `spse-penyedia-${kd}`, name: business ? name! : `Penyedia SPSE ${kd}` };
  }

  /** Free text without HTML, or nothing when it may hold personal data. */
  private freeText(v: unknown): string | undefined {
    const raw = str(v);
    if (!raw) return undefined;
    const plain = raw.replace(/<br\s*\/?>|<\/p>/gi, '\n').replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s*\n\s*/g, '\n').trim();
    if (!plain) return undefined;
    const why = this.guard.in(plain);
    if (why) {
      this.notes.push(`free text left out: it may hold ${why}`);
      return undefined;
    }
    return plain;
  }

  /** An SPSE time as ISO 8601 in the LPSE's zone: "2025-02-11 10:00:00" and "2025-04-11" are local, other "…Z" times UTC. */
  private time(v: unknown): string | undefined {
    const s = str(v);
    if (!s) return undefined;
    let out: string | undefined;
    const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(s);
    // SPSE's e-kontrak writes a date as midnight UTC ("2025-03-21T00:00:00.000000Z"): it is that local date.
    const date = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z$/.exec(s);
    if (local) out = `${local[1]}T${local[2] ?? '00:00:00'}${local[2]?.length === 5 ? ':00' : ''}${this.offset}`;
    else if (date) out = `${date[1]}T00:00:00${this.offset}`;
    else if (/Z$|[+-]\d{2}:\d{2}$/.test(s) && Number.isFinite(Date.parse(s))) out = inZone(Date.parse(s), this.offset);
    if (out && isIsoDateTime(out)) return out;
    this.notes.push(`time ${JSON.stringify(v)} is not understood`);
    return undefined;
  }
}

/**
 * Guards free text against personal data: what the ledger's guard refuses (NIK, NPWP, account numbers, e-mail
 * addresses, phone numbers), and the names of the officials, representatives and account holders in the export.
 */
class PersonalData {
  private readonly names: string[];

  constructor(rows: Row[]) {
    const names = new Set<string>();
    for (const r of rows) {
      // A bank account in the supplier's own name ("Alocita Mandiri, PT") is the company's.
      const holder = str(r.nama_pemilik_rek_bank) ?? '';
      const companyAccount = isCompanyName(holder) || holder.toLowerCase() === (str(r.nama_penyedia) ?? '').toLowerCase();
      for (const field of ['nama_ppk', 'nama_pokja', 'wakil_sah_penyedia', ...(companyAccount ? [] : ['nama_pemilik_rek_bank'])]) {
        for (const n of (str(r[field]) ?? '').split(';')) {
          // "DENI GUNAWAN,ST.,MM" → "deni gunawan": the name without academic titles.
          const name = n.split(',')[0]!.replace(/^(ir|dr|drs|dra|h|hj|prof)\.?\s+/i, '').trim().toLowerCase();
          if (name.length >= 4) names.add(name);
        }
      }
    }
    this.names = [...names];
  }

  in(text: string): string | undefined {
    const lower = text.toLowerCase();
    if (this.names.some((n) => lower.includes(n))) return 'the name of an official or representative';
    return personalDataIn(text);
  }
}

const METHOD: Record<string, string> = { tender: 'open', 'tender cepat': 'open', seleksi: 'selective', 'pengadaan langsung': 'direct', 'e-purchasing': 'direct', 'penunjukan langsung': 'limited' };
const CONTRACT_STATUS: Record<string, string> = { 'kontrak sedang berjalan': 'active', 'kontrak selesai': 'terminated', 'kontrak dihentikan': 'terminated', 'kontrak diputus': 'terminated', 'kontrak dibatalkan': 'cancelled' };

function ocdsCategory(jenis: string | undefined): string | undefined {
  if (!jenis) return undefined;
  if (/^pekerjaan konstruksi/i.test(jenis)) return 'works';
  if (/^(pengadaan )?barang/i.test(jenis)) return 'goods';
  if (/^jasa (konsultansi|lainnya)/i.test(jenis)) return 'services';
  return undefined;
}

const idr = (amount: number) => ({ amount, currency: 'IDR' });

/** A moment written in a fixed offset, to the second: 2025-03-21T00:00:00Z in +07:00 is 2025-03-21T07:00:00+07:00. */
function inZone(ms: number, offset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) throw new Error(`not a UTC offset: ${offset}`);
  const shift = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return `${new Date(ms + shift).toISOString().slice(0, 19)}${offset}`;
}

function isObject(v: unknown): v is Row {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
/** A code SPSE writes as a number or a string (kd_tender, kd_penyedia, …), as text. */
function code(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v);
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
