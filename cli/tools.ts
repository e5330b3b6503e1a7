/** Where the project-local CometBFT binary lives (built by scripts/setup.sh). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function cometbftBinary(): string {
  const bin = process.env.PRASASTI_COMETBFT ?? path.join(PROJECT_ROOT, '.tools', 'bin', 'cometbft');
  if (!existsSync(bin)) {
    throw new Error(`CometBFT not found at ${bin}. Run 'bash scripts/setup.sh' first (it builds the pinned version).`);
  }
  return bin;
}

/**
 * The shared reference data (OCDS schemas, real OCDS data, the SPSE export): `PRASASTI_SHARED_DATA`,
 * else `../shared/data` beside the project, else the machine's `/work/shared/data`.
 */
export function sharedDataDir(): string {
  const candidates = [process.env.PRASASTI_SHARED_DATA, path.join(PROJECT_ROOT, '..', 'shared', 'data'), '/work/shared/data'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(path.join(p, 'ocds-schema-1.1.5')));
  if (!found) throw new Error(`shared reference data not found (looked in ${candidates.join(', ')}); set PRASASTI_SHARED_DATA`);
  return found;
}
