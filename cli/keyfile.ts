/** Member key files: {"memberId", "publicKey" (base64), "seed" (base64)}; kept mode 0600. */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { keyPairFromSeed, type RawKeyPair } from '../ledger/tx/envelope.js';

export interface MemberKey extends RawKeyPair {
  memberId: string;
}

export function newMemberKey(memberId: string): MemberKey {
  return { memberId, ...keyPairFromSeed(new Uint8Array(randomBytes(32))) };
}

export function saveKey(dir: string, k: MemberKey): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${k.memberId}.json`);
  writeFileSync(file, JSON.stringify({ memberId: k.memberId, publicKey: Buffer.from(k.publicKey).toString('base64'), seed: Buffer.from(k.seed).toString('base64') }, null, 2) + '\n', { mode: 0o600 });
  return file;
}

export function loadKey(file: string): MemberKey {
  const j = JSON.parse(readFileSync(file, 'utf8')) as { memberId: string; seed: string };
  return { memberId: j.memberId, ...keyPairFromSeed(new Uint8Array(Buffer.from(j.seed, 'base64'))) };
}

export function loadKeys(dir: string): Map<string, MemberKey> {
  const out = new Map<string, MemberKey>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const k = loadKey(path.join(dir, f));
    out.set(k.memberId, k);
  }
  return out;
}
