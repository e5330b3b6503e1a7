/**
 * A seeded generator of realistic read-model data for the API read benchmark: contracts of
 * Indonesian local governments with titles built from word lists ("Pembangunan Jalan …",
 * "Rehabilitasi Gedung SDN …", "Pengadaan Alat Kesehatan …"), pemda buyers, PT/CV suppliers,
 * log-normal rupiah values, statuses and dates, each with its tender (process row), payment
 * orders, payments, events and their transactions, and the search tokens the indexer would write
 * (tokens() from indexer/search.ts over the same texts as indexer/project.ts).
 *
 * The rows go straight into the read models with bulk inserts: this BYPASSES THE INDEXER (no
 * ledger, no projection), so it measures the query layer and the HTTP API over a large database,
 * not how such a database is built. Secondary indexes are dropped for the load and created again
 * by the read models' own migration (indexer/db.ts), so the indexes are exactly the product's.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { openReadModels } from '../../indexer/db.js';
import { tokens } from '../../indexer/search.js';

/** A small, fast seeded PRNG (sfc32): the same seed gives the same database. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  /** 0 ≤ x < 1 */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** An index into a list whose first items are picked far more often (Zipf-like, s ≈ 1). */
  skewed(n: number): number {
    return Math.min(n - 1, Math.floor(Math.exp(this.next() * Math.log(n + 1)) - 1));
  }
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  weighted<T extends string>(table: ReadonlyArray<readonly [T, number]>): T {
    let x = this.next() * table.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of table) if ((x -= w) < 0) return v;
    return table[table.length - 1]![0];
  }
}

// ---- word lists ----

const KOTA = ['Bandung', 'Bekasi', 'Bogor', 'Depok', 'Cimahi', 'Tasikmalaya', 'Cirebon', 'Sukabumi', 'Banjar', 'Semarang', 'Surakarta', 'Salatiga', 'Magelang', 'Pekalongan', 'Tegal', 'Surabaya', 'Malang', 'Kediri', 'Blitar', 'Madiun', 'Mojokerto', 'Pasuruan', 'Probolinggo', 'Batu', 'Yogyakarta', 'Medan', 'Binjai', 'Pematangsiantar', 'Padang', 'Bukittinggi', 'Pekanbaru', 'Dumai', 'Palembang', 'Jambi', 'Bengkulu', 'Bandar Lampung', 'Metro', 'Pontianak', 'Singkawang', 'Banjarmasin', 'Banjarbaru', 'Samarinda', 'Balikpapan', 'Bontang', 'Tarakan', 'Manado', 'Bitung', 'Palu', 'Makassar', 'Parepare', 'Palopo', 'Kendari', 'Baubau', 'Gorontalo', 'Mataram', 'Bima', 'Kupang', 'Denpasar', 'Ambon', 'Tual', 'Ternate', 'Tidore Kepulauan', 'Jayapura', 'Sorong', 'Serang', 'Cilegon', 'Tangerang', 'Tangerang Selatan', 'Batam', 'Tanjungpinang', 'Banda Aceh', 'Lhokseumawe', 'Langsa', 'Sabang'];
const KABUPATEN = ['Bandung', 'Bandung Barat', 'Garut', 'Sumedang', 'Cianjur', 'Ciamis', 'Kuningan', 'Majalengka', 'Indramayu', 'Subang', 'Purwakarta', 'Karawang', 'Pangandaran', 'Banyumas', 'Cilacap', 'Purbalingga', 'Banjarnegara', 'Kebumen', 'Wonosobo', 'Temanggung', 'Kendal', 'Demak', 'Kudus', 'Jepara', 'Pati', 'Rembang', 'Blora', 'Grobogan', 'Boyolali', 'Klaten', 'Sukoharjo', 'Wonogiri', 'Karanganyar', 'Sragen', 'Sleman', 'Bantul', 'Gunungkidul', 'Kulon Progo', 'Sidoarjo', 'Gresik', 'Lamongan', 'Tuban', 'Bojonegoro', 'Ngawi', 'Ponorogo', 'Pacitan', 'Trenggalek', 'Tulungagung', 'Jember', 'Banyuwangi', 'Bondowoso', 'Situbondo', 'Lumajang', 'Sumenep', 'Pamekasan', 'Sampang', 'Bangkalan', 'Deli Serdang', 'Serdang Bedagai', 'Langkat', 'Karo', 'Simalungun', 'Asahan', 'Tapanuli Utara', 'Agam', 'Tanah Datar', 'Pesisir Selatan', 'Kampar', 'Siak', 'Bengkalis', 'Ogan Komering Ilir', 'Muara Enim', 'Banyuasin', 'Musi Banyuasin', 'Lampung Selatan', 'Lampung Tengah', 'Kubu Raya', 'Sambas', 'Ketapang', 'Kutai Kartanegara', 'Berau', 'Paser', 'Minahasa', 'Bolaang Mongondow', 'Gowa', 'Maros', 'Bone', 'Wajo', 'Bulukumba', 'Lombok Barat', 'Lombok Timur', 'Sumbawa', 'Kupang', 'Manggarai', 'Sikka', 'Badung', 'Gianyar', 'Tabanan', 'Buleleng', 'Maluku Tengah', 'Halmahera Utara', 'Jayapura', 'Merauke', 'Mimika', 'Pandeglang', 'Lebak', 'Aceh Besar', 'Pidie', 'Bireuen'];
const PROVINSI = ['Jawa Barat', 'Jawa Tengah', 'Jawa Timur', 'DI Yogyakarta', 'Banten', 'DKI Jakarta', 'Sumatera Utara', 'Sumatera Barat', 'Riau', 'Sumatera Selatan', 'Lampung', 'Kalimantan Barat', 'Kalimantan Timur', 'Sulawesi Selatan', 'Sulawesi Utara', 'Nusa Tenggara Barat', 'Nusa Tenggara Timur', 'Bali', 'Maluku', 'Papua', 'Aceh'];
const KELURAHAN = ['Sukajadi', 'Sukasari', 'Cibeunying', 'Coblong', 'Dago', 'Lebakgede', 'Cicadas', 'Antapani', 'Arcamanik', 'Gedebage', 'Cibiru', 'Ujungberung', 'Margahayu', 'Kopo', 'Babakan Ciparay', 'Bojongloa', 'Astanaanyar', 'Regol', 'Lengkong', 'Batununggal', 'Kiaracondong', 'Mandalajati', 'Cinambo', 'Panyileukan', 'Rancasari', 'Buahbatu', 'Bandung Kidul', 'Andir', 'Cicendo', 'Sumur Bandung', 'Tegalsari', 'Wonokromo', 'Rungkut', 'Gubeng', 'Kenjeran', 'Tambaksari', 'Lowokwaru', 'Klojen', 'Blimbing', 'Sukun', 'Kedungkandang', 'Banyumanik', 'Tembalang', 'Pedurungan', 'Genuk', 'Gayamsari', 'Candisari', 'Ngaliyan', 'Mijen', 'Gunungpati', 'Tugu', 'Umbulharjo', 'Kotagede', 'Mergangsan', 'Gondokusuman', 'Jetis', 'Tegalrejo', 'Medan Johor', 'Medan Tuntungan', 'Medan Sunggal', 'Medan Helvetia', 'Tampan', 'Marpoyan Damai', 'Ilir Barat', 'Seberang Ulu', 'Tamalate', 'Panakkukang', 'Biringkanaya', 'Tamalanrea', 'Manggala', 'Mariso', 'Rappocini', 'Denpasar Selatan', 'Kuta', 'Ubud', 'Mengwi', 'Kerobokan', 'Jimbaran'];
const JALAN = ['Soekarno-Hatta', 'Ahmad Yani', 'Sudirman', 'Gatot Subroto', 'Diponegoro', 'Pahlawan', 'Merdeka', 'Veteran', 'Pemuda', 'Imam Bonjol', 'Cut Nyak Dien', 'Kartini', 'Hasanuddin', 'Pattimura', 'Gajah Mada', 'Hayam Wuruk', 'Siliwangi', 'Pajajaran', 'Raya Cibiru', 'Raya Kopo', 'Lingkar Selatan', 'Lingkar Utara', 'Kolektor', 'Poros Desa', 'Provinsi Ruas Cikalong', 'Tembus Antar Kecamatan', 'Lingkungan', 'Inspeksi Kanal', 'Arteri Primer'];
const SUNGAI = ['Citarum', 'Cikapundung', 'Ciliwung', 'Cisadane', 'Bengawan Solo', 'Brantas', 'Musi', 'Kapuas', 'Mahakam', 'Barito', 'Batanghari', 'Jeneberang', 'Code', 'Winongo', 'Kali Mas', 'Deli', 'Siak', 'Serayu', 'Progo', 'Cimanuk'];
const DINAS = ['Dinas Pekerjaan Umum dan Penataan Ruang', 'Dinas Pendidikan', 'Dinas Kesehatan', 'Dinas Perhubungan', 'Dinas Sosial', 'Dinas Lingkungan Hidup', 'Dinas Perumahan dan Kawasan Permukiman', 'Dinas Pertanian', 'Dinas Komunikasi dan Informatika', 'Badan Pengelolaan Keuangan Daerah', 'Sekretariat Daerah', 'Sekretariat DPRD', 'Badan Penanggulangan Bencana Daerah', 'Satuan Polisi Pamong Praja', 'Dinas Kependudukan dan Pencatatan Sipil', 'RSUD', 'Dinas Pemadam Kebakaran', 'Dinas Pariwisata dan Kebudayaan'];
const ALKES = ['Alat Kesehatan', 'Alat Kedokteran Umum', 'Alat Laboratorium', 'Peralatan Radiologi', 'Ambulans', 'Tempat Tidur Pasien', 'Alat Kesehatan Gigi', 'Peralatan Sterilisasi', 'Reagen Laboratorium'];
const BARANG = ['Komputer dan Printer', 'Laptop', 'Perangkat Jaringan', 'Server dan Penyimpanan Data', 'Kendaraan Dinas Operasional', 'Sepeda Motor Dinas', 'Mebel Kantor', 'Mebel Sekolah', 'Buku Pelajaran', 'Seragam Sekolah', 'Alat Tulis Kantor', 'Bahan Bakar Minyak', 'Obat dan Bahan Medis Habis Pakai', 'Pakaian Dinas Lapangan', 'Alat Pemadam Kebakaran', 'Pompa Air', 'Genset', 'CCTV', 'Lampu Penerangan Jalan Umum', 'Bibit Tanaman', 'Pupuk Bersubsidi', 'Alat Mesin Pertanian', 'Perahu Karet', 'Tenda Darurat'];
const DOKUMEN = ['Rencana Tata Ruang Wilayah', 'Rencana Detail Tata Ruang', 'Analisis Mengenai Dampak Lingkungan', 'Detail Engineering Design', 'Studi Kelayakan', 'Masterplan Drainase', 'Rencana Pembangunan Jangka Menengah Daerah', 'Kajian Risiko Bencana', 'Rencana Induk Sistem Penyediaan Air Minum'];
const JASA = ['Jasa Kebersihan Gedung', 'Jasa Keamanan Kantor', 'Jasa Cleaning Service', 'Sewa Kendaraan Operasional', 'Jasa Pemeliharaan Taman', 'Jasa Katering Rapat', 'Jasa Pengangkutan Sampah', 'Jasa Asuransi Barang Milik Daerah', 'Jasa Pemeliharaan Jaringan Internet', 'Jasa Percetakan'];

const SUPPLIER_A = ['Karya', 'Bangun', 'Cahaya', 'Sarana', 'Mitra', 'Jaya', 'Mulia', 'Sinar', 'Putra', 'Mandiri', 'Prima', 'Utama', 'Sentosa', 'Abadi', 'Makmur', 'Sejahtera', 'Perkasa', 'Nusantara', 'Persada', 'Gemilang', 'Lestari', 'Berkah', 'Anugerah', 'Tunggal', 'Agung', 'Citra', 'Duta', 'Graha', 'Inti', 'Wijaya'];
const SUPPLIER_B = ['Beton', 'Aspal', 'Teknik', 'Konstruksi', 'Medika', 'Farma', 'Komputindo', 'Informatika', 'Elektrindo', 'Sarana Medis', 'Konsultan', 'Rekayasa', 'Engineering', 'Logistik', 'Niaga', 'Trans', 'Bumi', 'Air', 'Energi', 'Grafika', 'Pangan', 'Agro', 'Marga', 'Tirta', 'Sakti'];
const SUPPLIER_C = ['Parahyangan', 'Priangan', 'Pasundan', 'Mataram', 'Majapahit', 'Sriwijaya', 'Borneo', 'Celebes', 'Andalas', 'Bahari', 'Khatulistiwa', 'Indonesia', 'Raya', 'Timur', 'Barat', 'Selatan', 'Utara', 'Mandala', 'Cemerlang', 'Sentral'];

export type Category = 'works' | 'goods' | 'consultancy' | 'services';
const CATEGORIES: ReadonlyArray<readonly [Category, number]> = [
  ['works', 45],
  ['goods', 35],
  ['consultancy', 10],
  ['services', 10],
];
/** Median contract value (rupiah) and log-normal sigma per category. */
const VALUE: Record<Category, { median: number; sigma: number }> = {
  works: { median: 1_400_000_000, sigma: 1.25 },
  goods: { median: 320_000_000, sigma: 1.35 },
  consultancy: { median: 380_000_000, sigma: 1.0 },
  services: { median: 210_000_000, sigma: 1.1 },
};
export const STATUSES = ['active', 'handover_requested', 'maintenance', 'closed', 'terminated', 'draft'] as const;
const STATUS_WEIGHTS: ReadonlyArray<readonly [(typeof STATUSES)[number], number]> = [
  ['closed', 52],
  ['active', 27],
  ['maintenance', 10],
  ['handover_requested', 4],
  ['terminated', 2],
  ['draft', 5],
];

export interface Buyer {
  id: string;
  name: string;
}
export interface Supplier {
  id: string;
  name: string;
  size: 'small' | 'non_small';
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Every buyer: provinces, cities and regencies (pemda), biggest spenders first. */
export function buyers(): Buyer[] {
  return [
    ...PROVINSI.map((p) => ({ id: `pemprov-${slug(p)}`, name: `Pemerintah Provinsi ${p}` })),
    ...KOTA.map((k) => ({ id: `pemkot-${slug(k)}`, name: `Pemerintah Kota ${k}` })),
    ...KABUPATEN.map((k) => ({ id: `pemkab-${slug(k)}`, name: `Pemerintah Kabupaten ${k}` })),
  ];
}

/** `n` suppliers, PT and CV, with names from the word lists (ids unique, names may repeat as in life). */
export function suppliers(n: number, seed: number): Supplier[] {
  const rng = new Rng(seed ^ 0x5eed);
  const out: Supplier[] = [];
  for (let i = 0; i < n; i++) {
    const pt = rng.next() < 0.6;
    const name = `${pt ? 'PT' : 'CV'} ${rng.pick(SUPPLIER_A)} ${rng.pick(SUPPLIER_B)}${rng.next() < 0.7 ? ` ${rng.pick(SUPPLIER_C)}` : ''}`;
    out.push({ id: `${slug(name)}-${String(i).padStart(5, '0')}`, name, size: pt ? 'non_small' : 'small' });
  }
  return out;
}

/** A title, category and procurement method, as a PPK would write them. */
function title(rng: Rng, category: Category, city: string): { title: string; method: string } {
  const kel = rng.pick(KELURAHAN);
  switch (category) {
    case 'works': {
      const t = rng.int(9);
      const title = [
        () => `Pembangunan Jalan ${rng.pick(JALAN)} Kecamatan ${kel}`,
        () => `Rehabilitasi Gedung SDN ${String(rng.int(300) + 1).padStart(3, '0')} ${city}`,
        () => `Peningkatan Jalan ${rng.pick(JALAN)} Segmen ${rng.int(12) + 1}`,
        () => `Pembangunan Drainase Lingkungan Kelurahan ${kel}`,
        () => `Rehabilitasi Puskesmas ${kel}`,
        () => `Pembangunan Jembatan ${rng.pick(SUNGAI)} Ruas ${kel}`,
        () => `Pemeliharaan Berkala Jalan ${rng.pick(JALAN)} ${city}`,
        () => `Pembangunan Gedung Kantor ${rng.pick(DINAS)}`,
        () => `Normalisasi Sungai ${rng.pick(SUNGAI)} Segmen ${kel}`,
      ][t]!();
      return { title, method: rng.next() < 0.82 ? 'tender' : rng.next() < 0.7 ? 'pengadaan_langsung' : 'penunjukan_langsung' };
    }
    case 'goods': {
      const t = rng.int(5);
      const title = [
        () => `Pengadaan ${rng.pick(ALKES)} Puskesmas ${kel}`,
        () => `Pengadaan ${rng.pick(BARANG)} ${rng.pick(DINAS)}`,
        () => `Belanja ${rng.pick(BARANG)} ${rng.pick(DINAS)} Tahun Anggaran ${2021 + rng.int(6)}`,
        () => `Pengadaan ${rng.pick(ALKES)} RSUD ${city}`,
        () => `Pengadaan Mebel Sekolah SMPN ${rng.int(60) + 1} ${city}`,
      ][t]!();
      return { title, method: rng.weighted([['e_purchasing', 45], ['tender', 25], ['pengadaan_langsung', 30]] as const) };
    }
    case 'consultancy': {
      const t = rng.int(3);
      const title = [
        () => `Jasa Konsultansi Pengawasan Pembangunan Jalan ${rng.pick(JALAN)}`,
        () => `Jasa Konsultansi Perencanaan Rehabilitasi Gedung SDN ${String(rng.int(300) + 1).padStart(3, '0')} ${city}`,
        () => `Penyusunan Dokumen ${rng.pick(DOKUMEN)} ${city}`,
      ][t]!();
      return { title, method: rng.next() < 0.75 ? 'seleksi' : 'pengadaan_langsung' };
    }
    case 'services':
      return { title: `${rng.pick(JASA)} ${rng.pick(DINAS)} ${city}`, method: rng.weighted([['tender', 40], ['pengadaan_langsung', 35], ['e_purchasing', 25]] as const) };
  }
}

const DAY = 86_400_000;
const T0 = Date.UTC(2021, 0, 4);
const SPAN_DAYS = 5 * 365 + 320;
const hex64 = (s: string) => createHash('sha256').update(s).digest('hex');

/** One contract and everything the read models hold about it. */
export interface ContractRows {
  contract: Record<string, string | number | null>;
  process: Record<string, string | number | null>;
  contractTokens: string[];
  processTokens: string[];
  orders: Array<Record<string, string | number>>;
  payments: Array<Record<string, string | number>>;
  events: Array<Record<string, string | number>>;
  txs: Array<Record<string, string | number>>;
}

export interface World {
  buyers: Buyer[];
  suppliers: Supplier[];
}

export function world(contracts: number, seed: number): World {
  return { buyers: buyers(), suppliers: suppliers(Math.max(200, Math.round(contracts / 40)), seed) };
}

/**
 * Contract `i` of the seeded world, with its tender, orders, payments, events and transactions.
 * Contracts are numbered in signing order; heights grow with it (about 5 blocks a minute).
 */
export function contractRows(w: World, seed: number, i: number, n: number, seqStart: number): ContractRows {
  const rng = new Rng((seed * 0x9e3779b1) ^ (i * 0x85ebca6b) ^ 0x1234567);
  // Big pemda buy more, but none buys more than a few percent of the country's contracts.
  const buyer = w.buyers[rng.next() < 0.5 ? rng.int(w.buyers.length) : rng.skewed(w.buyers.length)]!;
  const city = buyer.name.replace(/^Pemerintah (Provinsi|Kota|Kabupaten) /, '');
  const supplier = w.suppliers[rng.next() < 0.7 ? rng.int(w.suppliers.length) : rng.skewed(w.suppliers.length)]!;
  const category = rng.weighted(CATEGORIES);
  const { title: t, method } = title(rng, category, city);
  const v = VALUE[category];
  const value = Math.max(10_000_000, Math.min(500_000_000_000, Math.round((v.median * Math.exp(v.sigma * rng.normal())) / 1000) * 1000));
  const status = rng.weighted(STATUS_WEIGHTS);
  const signedMs = T0 + Math.floor((i / n) * SPAN_DAYS * DAY) + rng.int(DAY);
  const durationDays = category === 'works' ? 90 + rng.int(240) : 30 + rng.int(120);
  const endMs = signedMs + durationDays * DAY;
  const height = 1000 + Math.floor(((signedMs - T0) / 60_000) * 5) + rng.int(5);
  const updatedHeight = status === 'draft' ? height : height + rng.int(Math.floor((durationDays * 1440 * 5) / 2));
  const pad = String(i + 1).padStart(7, '0');
  const id = `kontrak-${pad}`;
  const tenderId = `tender-${pad}`;
  const packageId = `paket-${pad}`;
  const ppk = `${buyer.id}-ppk-${rng.int(20) + 1}`;
  const milestoneCount = category === 'works' ? 3 + rng.int(3) : 1 + rng.int(2);
  const advanceBp = category === 'works' && rng.next() < 0.6 ? 2000 : 0;
  const milestones = Array.from({ length: milestoneCount }, (_, m) => ({
    id: `termin-${m + 1}`,
    name: `Termin ${m + 1}`,
    shareBp: Math.floor(10_000 / milestoneCount),
    dueMs: signedMs + Math.floor(((m + 1) * durationDays * DAY) / milestoneCount),
    status: status === 'closed' || status === 'maintenance' ? 'verified' : status === 'draft' ? 'pending' : m === 0 ? 'verified' : 'pending',
  }));
  const doneMilestones = milestones.filter((m) => m.status === 'verified').length;
  const orderCount = status === 'draft' ? 0 : (advanceBp ? 1 : 0) + doneMilestones + (status === 'closed' ? 1 : 0);
  const seq0 = seqStart;
  const contract = {
    id,
    source: 'ledger',
    process_id: tenderId,
    buyer_org: buyer.id,
    buyer_name: buyer.name,
    supplier_org: supplier.id,
    supplier_name: supplier.name,
    title: t,
    category,
    method,
    status,
    value,
    currency: 'IDR',
    signed_at: status === 'draft' ? null : new Date(signedMs).toISOString(),
    ends_at: status === 'draft' ? null : new Date(endMs).toISOString(),
    updated_height: updatedHeight,
    doc: JSON.stringify({
      id,
      tenderId,
      packageId,
      rulesetId: 'perpres-16-2018-12-2021-46-2025',
      buyerOrg: buyer.id,
      supplier: supplier.id,
      supplierSize: supplier.size,
      ppk,
      title: t,
      category,
      type: category === 'works' ? 'unit_price' : 'lump_sum',
      multiYear: false,
      documentHash: hex64(`dok ${id}`),
      originalValueRupiah: String(value),
      valueRupiah: String(value),
      vatRateBp: 1100,
      advanceBp,
      advanceRupiah: String(Math.floor((value * advanceBp) / 10_000)),
      retentionBp: category === 'works' ? 500 : 0,
      performanceBondRupiah: String(Math.floor(value / 20)),
      performanceBondBase: 'value',
      penaltyPerMillePerDay: 1,
      penaltyCapBp: 500,
      durationDays,
      maintenanceDays: category === 'works' ? 180 : 0,
      milestones,
      amendments: [],
      addedRupiah: '0',
      status,
      signatures: status === 'draft' ? { ppk: null, supplier: null } : { ppk: { memberId: ppk, atMs: signedMs }, supplier: { memberId: `${supplier.id}-direktur`, atMs: signedMs } },
      startMs: status === 'draft' ? null : signedMs,
      endMs: status === 'draft' ? null : endMs,
      totals: { orders: orderCount, paidRupiah: '0' },
      createdBy: ppk,
      createdHeight: height,
      createdMs: signedMs,
    }),
  };
  const hps = Math.round((value * (1.03 + rng.next() * 0.12)) / 1000) * 1000;
  const process = {
    id: tenderId,
    source: 'ledger',
    ocid: `ocds-prst01-${packageId}`,
    package_id: packageId,
    buyer_org: buyer.id,
    buyer_name: buyer.name,
    title: t,
    method,
    category,
    status: status === 'draft' ? 'awarded' : 'contracted',
    value,
    currency: 'IDR',
    tender_start: new Date(signedMs - (30 + rng.int(30)) * DAY).toISOString(),
    tender_end: new Date(signedMs - (10 + rng.int(10)) * DAY).toISOString(),
    suppliers: `|${supplier.id}|`,
    updated_height: height,
    doc: JSON.stringify({ id: tenderId, packageId, orgId: buyer.id, title: t, category, method, hpsRupiah: String(hps), status: 'contracted', award: { winner: supplier.id, priceRupiah: String(value) } }),
  };
  // Exactly the texts indexer/project.ts indexes for a contract and a tender.
  const contractTokens = tokens([id, t, buyer.name, supplier.name, category, method, tenderId].join(' '));
  const processTokens = tokens([tenderId, t, buyer.name, category, method, packageId, supplier.name].join(' '));

  const orders: ContractRows['orders'] = [];
  const payments: ContractRows['payments'] = [];
  const events: ContractRows['events'] = [];
  const txs: ContractRows['txs'] = [];
  let seq = seq0;
  let txn = 0;
  const event = (type: string, atMs: number, h: number, signer: string, org: string, attrs: Record<string, string>) => {
    const hash = hex64(`${seed}/${id}/${txn++}`).toUpperCase();
    txs.push({ hash, height: h, idx: rng.int(40), type: type.replace(/_.*$/, ''), signer, org, code: 0, info: 'OK', log: '', time: new Date(atMs).toISOString() });
    const orgs = [...new Set([org, buyer.id, supplier.id])].sort().join(',');
    events.push({ seq: seq++, height: h, tx_idx: 0, tx_hash: hash, type, subject_kind: 'contract', subject_id: id, attrs: JSON.stringify({ contract: id, ...attrs }), orgs, public: 1, time: new Date(atMs).toISOString() });
  };
  event('contract.created', signedMs - DAY, height - 7200, ppk, buyer.id, { buyer: buyer.id, supplier: supplier.id });
  if (status !== 'draft') {
    event('contract.signed', signedMs, height, `${supplier.id}-direktur`, supplier.id, { by: 'supplier' });
    let no = 0;
    const addOrder = (kind: string, milestoneId: string | null, net: number, atMs: number, paid: boolean) => {
      no++;
      const h = height + Math.floor(((atMs - signedMs) / 60_000) * 5);
      const o = { contractId: id, no, kind, milestoneId, grossRupiah: String(net), advanceRepaymentRupiah: '0', retentionRupiah: '0', lateDays: 0, penaltyAssessedRupiah: '0', penaltyDeductedRupiah: '0', netRupiah: String(net), issuedMs: atMs, issuedHeight: h, paidRupiah: paid ? String(net) : '0', payments: paid ? 1 : 0 };
      orders.push({ contract: id, no, kind, net, status: paid ? 'paid' : 'unpaid', issued_at: new Date(atMs).toISOString(), buyer_org: buyer.id, supplier_org: supplier.id, doc: JSON.stringify(o) });
      event('execution.order_issued', atMs, h, ppk, buyer.id, { order: String(no), net: String(net) });
      if (paid) {
        const at = atMs + (3 + rng.int(20)) * DAY;
        const sp2d = `${String(rng.int(99999)).padStart(5, '0')}/SP2D/${buyer.id.toUpperCase()}/${new Date(at).getUTCFullYear()}`;
        payments.push({ contract: id, order_no: no, no: 1, sp2d, amount: net, at: new Date(at).toISOString(), doc: JSON.stringify({ contractId: id, orderNo: no, no: 1, sp2dNumber: sp2d, amountRupiah: String(net), recordedBy: `${buyer.id}-bendahara`, atMs: at, height: h + 1000 }) });
        event('execution.payment_recorded', at, h + 1000, `${buyer.id}-bendahara`, buyer.id, { order: String(no), amount: String(net) });
      }
    };
    if (advanceBp) addOrder('advance', null, Math.floor((value * advanceBp) / 10_000), signedMs + 7 * DAY, true);
    for (const m of milestones.filter((x) => x.status === 'verified')) addOrder('milestone', m.id, Math.floor(value / milestoneCount), m.dueMs, status === 'closed' || rng.next() < 0.7);
    if (status === 'closed') addOrder('retention', null, Math.floor(value / 20), endMs + 180 * DAY, true);
    if (status === 'terminated') event('contract.terminated', endMs - 30 * DAY, updatedHeight, ppk, buyer.id, { reason: 'wanprestasi' });
  }
  return { contract, process, contractTokens, processTokens, orders, payments, events, txs };
}

const TABLES = ['contract', 'process', 'payment_order', 'payment', 'event', 'tx', 'search_token'] as const;
type Table = (typeof TABLES)[number];
const COLUMNS: Record<Table, string[]> = {
  contract: ['id', 'source', 'process_id', 'buyer_org', 'buyer_name', 'supplier_org', 'supplier_name', 'title', 'category', 'method', 'status', 'value', 'currency', 'signed_at', 'ends_at', 'updated_height', 'doc'],
  process: ['id', 'source', 'ocid', 'package_id', 'buyer_org', 'buyer_name', 'title', 'method', 'category', 'status', 'value', 'currency', 'tender_start', 'tender_end', 'suppliers', 'updated_height', 'doc'],
  payment_order: ['contract', 'no', 'kind', 'net', 'status', 'issued_at', 'buyer_org', 'supplier_org', 'doc'],
  payment: ['contract', 'order_no', 'no', 'sp2d', 'amount', 'at', 'doc'],
  event: ['seq', 'height', 'tx_idx', 'tx_hash', 'type', 'subject_kind', 'subject_id', 'attrs', 'orgs', 'public', 'time'],
  tx: ['hash', 'height', 'idx', 'type', 'signer', 'org', 'code', 'info', 'log', 'time'],
  search_token: ['token', 'kind', 'id'],
};
/** Postgres types of the columns above, for unnest() bulk inserts. */
const PG_TYPES: Record<string, string> = { value: 'int8', updated_height: 'int8', no: 'int4', net: 'int8', order_no: 'int4', amount: 'int8', seq: 'int8', height: 'int8', tx_idx: 'int4', public: 'int4', idx: 'int4', code: 'int4' };

export interface LoadStats {
  contracts: number;
  rows: Record<string, number>;
  seconds: number;
}

/** Writes batches of generated rows; flush() at the end. */
interface Sink {
  add(table: Table, row: Record<string, unknown>): void;
  /** Whether enough rows wait to be written. */
  full(): boolean;
  flush(): Promise<void>;
}

async function generateInto(sink: Sink, contracts: number, seed: number, log: (m: string) => void): Promise<Record<string, number>> {
  const w = world(contracts, seed);
  const counts: Record<string, number> = Object.fromEntries(TABLES.map((t) => [t, 0]));
  let seq = 1;
  const add = (t: Table, r: Record<string, unknown>) => {
    counts[t]!++;
    sink.add(t, r);
  };
  const t0 = performance.now();
  for (let i = 0; i < contracts; i++) {
    const r = contractRows(w, seed, i, contracts, seq);
    seq += r.events.length;
    add('contract', r.contract);
    add('process', r.process);
    for (const o of r.orders) add('payment_order', o);
    for (const p of r.payments) add('payment', p);
    for (const e of r.events) add('event', e);
    for (const x of r.txs) add('tx', x);
    for (const token of r.contractTokens) add('search_token', { token, kind: 'contract', id: r.contract.id });
    for (const token of r.processTokens) add('search_token', { token, kind: 'process', id: r.process.id });
    if (sink.full()) await sink.flush();
    if ((i + 1) % 100_000 === 0) {
      log(`  ${i + 1} contracts generated (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  await sink.flush();
  return counts;
}

/**
 * Creates the read models at `url` (SQLite path or postgres:// URL) with `contracts` generated
 * contracts, bypassing the indexer. The database must be new (empty).
 */
export async function loadReadModels(url: string, contracts: number, seed: number, log: (m: string) => void = () => {}): Promise<LoadStats> {
  const t0 = performance.now();
  // The product's schema and indexes first (migration), so that what is dropped below is recreated identically.
  await (await openReadModels({ url })).close();
  const rows = /^postgres(ql)?:\/\//.test(url) ? await loadPostgres(url, contracts, seed, log) : await loadSqlite(url, contracts, seed, log);
  const r = await openReadModels({ url }); // recreates the dropped indexes
  await r.close();
  if (/^postgres(ql)?:\/\//.test(url)) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    // What autovacuum does on its own shortly after a bulk load; done now so the plans are the settled ones.
    await c.query('VACUUM ANALYZE');
    await c.end();
  }
  return { contracts, rows, seconds: Math.round((performance.now() - t0) / 100) / 10 };
}

async function loadSqlite(file: string, contracts: number, seed: number, log: (m: string) => void): Promise<Record<string, number>> {
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -2000000');
  db.pragma('temp_store = FILE');
  const indexes = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map((t) => `'${t}'`).join(',')})`).all();
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  // Tokens go to a staging table first, then into search_token in key order (appends, not random inserts).
  db.exec('CREATE TABLE load_token (token TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL)');
  const stmts = Object.fromEntries(
    TABLES.map((t) => {
      const target = t === 'search_token' ? 'load_token' : t;
      return [t, db.prepare(`INSERT INTO ${target} (${COLUMNS[t].join(',')}) VALUES (${COLUMNS[t].map((c) => `@${c}`).join(',')})`)];
    }),
  ) as Record<Table, Database.Statement>;
  const pending: Array<[Table, Record<string, unknown>]> = [];
  const write = db.transaction((batch: Array<[Table, Record<string, unknown>]>) => {
    for (const [t, r] of batch) stmts[t].run(r);
  });
  const counts = await generateInto(
    {
      add: (t, r) => pending.push([t, r]),
      full: () => pending.length >= 200_000,
      flush: async () => {
        if (pending.length) write(pending.splice(0));
      },
    },
    contracts,
    seed,
    log,
  );
  log('  search tokens in key order');
  db.exec('INSERT INTO search_token (token, kind, id) SELECT token, kind, id FROM load_token ORDER BY token, kind, id');
  db.exec('DROP TABLE load_token');
  db.close();
  return counts;
}

async function loadPostgres(url: string, contracts: number, seed: number, log: (m: string) => void): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("SET maintenance_work_mem = '1GB'");
  await c.query('SET synchronous_commit = off');
  const ix = await c.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE '%\\_pkey'`, [[...TABLES]]);
  for (const r of ix.rows) await c.query(`DROP INDEX "${r.indexname}"`);
  // The big primary key is built once after the load (a sort), not row by row.
  await c.query('ALTER TABLE search_token DROP CONSTRAINT search_token_pkey');
  const buffers = new Map<Table, Array<Record<string, unknown>>>(TABLES.map((t) => [t, []]));
  const insert = async (t: Table, rows: Array<Record<string, unknown>>) => {
    if (!rows.length) return;
    const cols = COLUMNS[t];
    const arrays = cols.map((col) => rows.map((r) => r[col] ?? null));
    const types = cols.map((col) => `$${cols.indexOf(col) + 1}::${PG_TYPES[col] ?? 'text'}[]`);
    await c.query(`INSERT INTO ${t} (${cols.join(',')}) SELECT * FROM unnest(${types.join(',')})`, arrays);
  };
  let waiting = 0;
  const flushAll = async () => {
    for (const [t, rows] of buffers) {
      await insert(t, rows);
      buffers.set(t, []);
    }
  };
  const counts = await generateInto(
    {
      add: (t, r) => {
        buffers.get(t)!.push(r);
        waiting++;
      },
      full: () => waiting >= 200_000,
      flush: async () => {
        await flushAll();
        waiting = 0;
      },
    },
    contracts,
    seed,
    log,
  );
  log('  search token primary key');
  await c.query('ALTER TABLE search_token ADD CONSTRAINT search_token_pkey PRIMARY KEY (token, kind, id)');
  await c.end();
  return counts;
}
