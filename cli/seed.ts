/**
 * Seeds the demo world's people and organizations (shared/design/DEMO-WORLD.md) through real
 * signed transactions: Kota Bandung's officials are added by its admin, the auditors' people by
 * theirs, and every supplier joins through a governance proposal approved by a 2/3 quorum of the
 * founding institutions. Then the PA adopts and publishes the city's RUP packages. Names are
 * fictional; no NIK, NPWP or contact data goes on the ledger.
 */
import { MemberSigner, queryJson } from './client.js';
import { loadKeys, newMemberKey, saveKey, type MemberKey } from './keyfile.js';
import type { NetworkLayout } from './network.js';

interface Person {
  id: string;
  name: string;
  roles: string[];
}

const PEOPLE: Record<string, Person[]> = {
  'pemkot-bandung': [
    { id: 'bdg-pa-dpu', name: 'Ir. Hendra Kusumawijaya, M.T. (Kepala Dinas PU)', roles: ['pa'] },
    { id: 'bdg-ppk-jalan', name: 'Dedi Supriatna, S.T. (PPK Jalan)', roles: ['ppk'] },
    { id: 'bdg-ppk-sekolah', name: 'Rina Marlina, S.T. (PPK Sekolah)', roles: ['ppk'] },
    { id: 'bdg-pokja-1', name: 'Asep Saepudin, S.E. (Pokja UKPBJ)', roles: ['pokja'] },
    { id: 'bdg-pokja-2', name: 'Siti Nurhaliza, S.Kom. (Pokja UKPBJ)', roles: ['pokja'] },
    { id: 'bdg-pokja-3', name: 'Bambang Hermawan, S.T. (Pokja UKPBJ)', roles: ['pokja'] },
    { id: 'bdg-pejabat-pengadaan', name: 'Yuliani Rahayu, S.E. (Pejabat Pengadaan)', roles: ['pejabat_pengadaan'] },
    { id: 'bdg-bendahara', name: 'Agus Gunawan, S.E. (Bendahara / BUD)', roles: ['treasury'] },
  ],
  'inspektorat-bandung': [{ id: 'insp-auditor', name: 'Drs. Wawan Setiawan (Auditor Inspektorat)', roles: ['auditor'] }],
  'bpkp-jabar': [{ id: 'bpkp-auditor', name: 'Lestari Wulandari, Ak. (Auditor BPKP)', roles: ['auditor'] }],
};

const SUPPLIERS: Array<{ id: string; name: string; signatory: string; size: 'small' | 'non_small' }> = [
  { id: 'pt-jalan-mulus', name: 'PT Jalan Mulus Konstruksi', signatory: 'Budi Santoso (Direktur Utama)', size: 'non_small' },
  { id: 'cv-bangun-sekolah', name: 'CV Bangun Sekolah Mandiri', signatory: 'Ujang Sulaeman (Direktur)', size: 'small' },
  { id: 'pt-sarana-medika', name: 'PT Sarana Medika Nusantara', signatory: 'dr. Maya Puspita (Direktur)', size: 'non_small' },
  { id: 'cv-konsultan-priangan', name: 'CV Konsultan Teknik Priangan', signatory: 'Iwan Kurniawan, S.T. (Direktur)', size: 'small' },
  { id: 'pt-cahaya-pratama', name: 'PT Cahaya Pratama Abadi', signatory: 'Rudi Hartono (Direktur)', size: 'non_small' },
  { id: 'pt-karya-beton', name: 'PT Karya Beton Parahyangan', signatory: 'Taufik Hidayat (Direktur)', size: 'non_small' },
  { id: 'cv-mitra-aspal', name: 'CV Mitra Aspal Sejahtera', signatory: 'Neneng Hasanah (Direktur)', size: 'small' },
  { id: 'pt-medika-utama', name: 'PT Medika Utama Persada', signatory: 'Hendro Wibisono (Direktur)', size: 'non_small' },
];

/** The demo world's RUP packages (Pemerintah Kota Bandung, fiscal year 2026), adopted by the PA. */
const PACKAGES = [
  { packageId: 'rehab-jalan-soekarno-hatta', title: 'Rehabilitasi Jalan Soekarno-Hatta Segmen Gedebage–Cibiru', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0024', paguRupiah: '9200000000' },
  { packageId: 'pengawasan-jalan-soekarno-hatta', title: 'Jasa Konsultansi Pengawasan Rehabilitasi Jalan Soekarno-Hatta', workUnit: 'Dinas Pekerjaan Umum', category: 'consultancy', method: 'seleksi', budgetLine: '1.03.10.2.01.0025', paguRupiah: '640000000' },
  { packageId: 'rehab-sdn-045', title: 'Rehabilitasi Gedung SDN 045 Kota Bandung', workUnit: 'Dinas Pendidikan', category: 'works', method: 'tender', budgetLine: '1.01.02.2.01.0031', paguRupiah: '2450000000' },
  { packageId: 'alkes-puskesmas-2026', title: 'Pengadaan Alat Kesehatan Puskesmas Kota Bandung', workUnit: 'Dinas Kesehatan', category: 'goods', method: 'tender', budgetLine: '1.02.02.2.02.0009', paguRupiah: '3750000000' },
  { packageId: 'atk-dpu-2026', title: 'Belanja Alat Tulis Kantor Dinas Pekerjaan Umum', workUnit: 'Dinas Pekerjaan Umum', category: 'goods', method: 'pengadaan_langsung', budgetLine: '1.03.01.2.06.0001', paguRupiah: '185000000' },
  { packageId: 'atk-dpu-2026-tambahan-1', title: 'Belanja Alat Tulis Kantor Dinas Pekerjaan Umum (Tambahan I)', workUnit: 'Dinas Pekerjaan Umum', category: 'goods', method: 'pengadaan_langsung', budgetLine: '1.03.01.2.06.0001', paguRupiah: '120000000' },
  { packageId: 'atk-dpu-2026-tambahan-2', title: 'Belanja Alat Tulis Kantor Dinas Pekerjaan Umum (Tambahan II)', workUnit: 'Dinas Pekerjaan Umum', category: 'goods', method: 'pengadaan_langsung', budgetLine: '1.03.01.2.06.0001', paguRupiah: '110000000' },
];

function must(what: string, out: { code: number; log: string }): void {
  if (out.code !== 0) throw new Error(`seed: ${what} rejected (${out.code}): ${out.log}`);
}

/** Adds the demo people, suppliers and RUP packages; skips what is already on the ledger. */
export async function seedDemoWorld(layout: NetworkLayout, rpcUrl: string, log: (m: string) => void = () => {}): Promise<{ members: number; packages: number }> {
  const keys = loadKeys(layout.keysDir);
  const signer = (id: string) => new MemberSigner(keys.get(id)!, layout.chainId, rpcUrl);
  const existing = new Set((await queryJson<Array<{ id: string }>>(rpcUrl, '/identity/members')).map((m) => m.id));
  const keyFor = (id: string): MemberKey => {
    const k = keys.get(id) ?? newMemberKey(id);
    if (!keys.has(id)) {
      saveKey(layout.keysDir, k);
      keys.set(id, k);
    }
    return k;
  };
  let added = 0;
  for (const [orgId, people] of Object.entries(PEOPLE)) {
    if (!layout.nodes.some((n) => n.institution.id === orgId)) continue;
    const admin = signer(`${orgId}-admin`);
    for (const p of people) {
      if (existing.has(p.id)) continue;
      must(`member ${p.id}`, await admin.send('identity.add_member', { memberId: p.id, name: p.name, roles: p.roles, pubKey: keyFor(p.id).publicKey }));
      added++;
      log(`  + ${p.id} (${p.roles.join(', ')}) at ${orgId}`);
    }
  }
  const founders = layout.nodes.map((n) => signer(`${n.institution.id}-admin`));
  const needed = Math.ceil((2 * founders.length) / 3);
  for (const s of SUPPLIERS) {
    const adminId = `${s.id}-admin`;
    if (existing.has(adminId)) continue;
    const proposalId = `join-${s.id}`;
    must(`proposal ${proposalId}`, await founders[0]!.send('identity.propose', {
      proposalId,
      action: { kind: 'add_org', org: { id: s.id, name: s.name, kind: 'supplier', auditorKind: null, businessSize: s.size }, admin: { memberId: adminId, name: `Admin ${s.name}`, pubKey: keyFor(adminId).publicKey } },
    }));
    for (let i = 1; i < needed; i++) must(`approval ${proposalId}`, await founders[i]!.send('identity.approve', { proposalId }));
    const sig = `${s.id}-signatory`;
    must(`member ${sig}`, await signer(adminId).send('identity.add_member', { memberId: sig, name: s.signatory, roles: ['supplier_signatory'], pubKey: keyFor(sig).publicKey }));
    added += 2;
    log(`  + ${s.name} (approved by ${needed} of ${founders.length} founding institutions)`);
  }
  let packages = 0;
  const pa = signer('bdg-pa-dpu');
  const existingPackages = new Set((await queryJson<Array<{ id: string }>>(rpcUrl, '/plan/packages')).map((p) => p.id));
  for (const p of PACKAGES) {
    if (existingPackages.has(p.packageId)) continue;
    must(`package ${p.packageId}`, await pa.send('plan.create_package', { ...p, fiscalYear: 2026, justification: null }));
    must(`publish ${p.packageId}`, await pa.send('plan.publish_package', { packageId: p.packageId }));
    packages++;
    log(`  + RUP ${p.packageId} (${p.method}, Rp${Number(p.paguRupiah).toLocaleString('id-ID')})`);
  }
  return { members: added, packages };
}
