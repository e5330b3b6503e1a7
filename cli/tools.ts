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
