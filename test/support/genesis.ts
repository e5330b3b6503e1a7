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

export function testAppState(): Uint8Array {
  const s: AppStateInput = {
    orgs: [
      { id: 'lkpp', name: 'LKPP', kind: 'regulator', auditorKind: null, founding: true },
      { id: 'pemkot-bandung', name: 'Pemerintah Kota Bandung', kind: 'buyer', auditorKind: null, founding: true },
      { id: 'bpkp-jabar', name: 'BPKP Jawa Barat', kind: 'auditor', auditorKind: 'bpkp', founding: true },
      { id: 'inspektorat-bandung', name: 'Inspektorat Kota Bandung', kind: 'auditor', auditorKind: 'apip', founding: true },
    ],
    members: [
      ...FOUNDERS.map((o) => ({ id: `${o}-admin`, orgId: o, name: `Admin ${o}`, roles: ['org_admin' as const], pubKey: b64(testKey(`${o}-admin`).publicKey) })),
      { id: 'bdg-ppk', orgId: 'pemkot-bandung', name: 'PPK Jalan', roles: ['ppk'], pubKey: b64(testKey('bdg-ppk').publicKey) },
      { id: 'bdg-pa-dpu', orgId: 'pemkot-bandung', name: 'Kepala Dinas PU', roles: ['pa'], pubKey: b64(testKey('bdg-pa-dpu').publicKey) },
    ],
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
