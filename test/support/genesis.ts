/** Deterministic test identities and genesis for unit tests of the ledger application. */
import { keyPairFromSeed, buildTx, type Body, type RawKeyPair } from '../../ledger/tx/envelope.js';
import type { AppStateInput } from '../../ledger/genesis.js';
import { createHash } from 'node:crypto';

export const CHAIN = 'prasasti-test';

/** A key pair derived from a name, so tests are reproducible. */
export function testKey(name: string): RawKeyPair {
  return keyPairFromSeed(new Uint8Array(createHash('sha256').update(`prasasti-test-key/${name}`).digest()));
}

export const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export const FOUNDERS = ['lkpp', 'pemkot-bandung', 'bpkp-jabar', 'inspektorat-bandung'] as const;

/** Suppliers in the test genesis (the demo world's, by the same ids), each with `<id>-signatory`. */
export const TEST_SUPPLIERS = [
  { id: 'pt-jalan-mulus', size: 'non_small' },
  { id: 'cv-bangun-sekolah', size: 'small' },
  { id: 'pt-karya-beton', size: 'non_small' },
  { id: 'cv-konsultan-priangan', size: 'small' },
  { id: 'pt-cahaya-pratama', size: 'non_small' },
  { id: 'pt-sarana-medika', size: 'non_small' },
] as const;

/** The city's officials and the auditors, by the demo world's member ids. */
export const TEST_PEOPLE: Array<{ id: string; orgId: string; roles: Array<'pa' | 'ppk' | 'pokja' | 'pejabat_pengadaan' | 'treasury' | 'auditor' | 'supplier_signatory' | 'org_admin'> }> = [
  { id: 'bdg-ppk', orgId: 'pemkot-bandung', roles: ['ppk'] },
  { id: 'bdg-pa-dpu', orgId: 'pemkot-bandung', roles: ['pa'] },
  { id: 'bdg-ppk-jalan', orgId: 'pemkot-bandung', roles: ['ppk'] },
  { id: 'bdg-ppk-sekolah', orgId: 'pemkot-bandung', roles: ['ppk'] },
  { id: 'bdg-pokja-1', orgId: 'pemkot-bandung', roles: ['pokja'] },
  { id: 'bdg-pokja-2', orgId: 'pemkot-bandung', roles: ['pokja'] },
  { id: 'bdg-pokja-3', orgId: 'pemkot-bandung', roles: ['pokja'] },
  { id: 'bdg-pejabat-pengadaan', orgId: 'pemkot-bandung', roles: ['pejabat_pengadaan'] },
  { id: 'bdg-bendahara', orgId: 'pemkot-bandung', roles: ['treasury'] },
  { id: 'insp-auditor', orgId: 'inspektorat-bandung', roles: ['auditor'] },
  { id: 'bpkp-auditor', orgId: 'bpkp-jabar', roles: ['auditor'] },
  ...TEST_SUPPLIERS.flatMap((s) => [
    { id: `${s.id}-signatory`, orgId: s.id, roles: ['supplier_signatory' as const] },
    { id: `${s.id}-admin`, orgId: s.id, roles: ['org_admin' as const] },
  ]),
];

export function testAppState(calendar?: { scale: number; startMs: number | null }): Uint8Array {
  const s: AppStateInput = {
    orgs: [
      { id: 'lkpp', name: 'LKPP', kind: 'regulator', auditorKind: null, founding: true },
      { id: 'pemkot-bandung', name: 'Pemerintah Kota Bandung', kind: 'buyer', auditorKind: null, founding: true },
      { id: 'bpkp-jabar', name: 'BPKP Jawa Barat', kind: 'auditor', auditorKind: 'bpkp', founding: true },
      { id: 'inspektorat-bandung', name: 'Inspektorat Kota Bandung', kind: 'auditor', auditorKind: 'apip', founding: true },
      ...TEST_SUPPLIERS.map((x) => ({ id: x.id, name: `Penyedia ${x.id}`, kind: 'supplier' as const, auditorKind: null, businessSize: x.size, founding: false })),
    ],
    members: [
      ...FOUNDERS.map((o) => ({ id: `${o}-admin`, orgId: o, name: `Admin ${o}`, roles: ['org_admin' as const], pubKey: b64(testKey(`${o}-admin`).publicKey) })),
      ...TEST_PEOPLE.map((p) => ({ id: p.id, orgId: p.orgId, name: `Pejabat ${p.id}`, roles: p.roles, pubKey: b64(testKey(p.id).publicKey) })),
    ],
    ...(calendar ? { calendar } : {}),
    validators: FOUNDERS.map((o) => ({ orgId: o, pubKey: b64(testKey(`validator-${o}`).publicKey) })),
  };
  return new TextEncoder().encode(JSON.stringify(s));
}

export function testValidators() {
  return FOUNDERS.map((o) => ({ pubKey: testKey(`validator-${o}`).publicKey, power: 10 }));
}

/** Signs transactions for named test members, counting nonces locally. */
export class TestSigners {
  private readonly nonces = new Map<string, number>();
  tx(member: string, type: string, body: Body, nonce?: number): Uint8Array {
    const n = nonce ?? (this.nonces.get(member) ?? 0) + 1;
    if (nonce === undefined) this.nonces.set(member, n);
    return buildTx(testKey(member), CHAIN, n, type, body);
  }
  /** Forget a nonce that a rejected transaction did not use. */
  unuse(member: string): void {
    this.nonces.set(member, (this.nonces.get(member) ?? 1) - 1);
  }
}
