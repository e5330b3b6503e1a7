/**
 * Builds the web app into web/dist (what the gateways serve, api/web-static.ts) when any of its
 * sources is newer than the last build; otherwise does nothing. Run by scripts/setup.sh, so that
 * `npm start` and `npm test` always serve the app as the code stands, and by the end-to-end test.
 */
import fs from 'node:fs';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '..');
const root = path.resolve(web, '..');
export const WEB_DIST = path.join(web, 'dist');
const STAMP = path.join(WEB_DIST, 'index.html');
const SOURCES = [path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(web, 'tsconfig.json'), path.join(web, 'src'), path.join(web, 'public'), path.join(root, 'package-lock.json')];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

export function webBuildIsStale(): boolean {
  if (!fs.existsSync(STAMP)) return true;
  const built = fs.statSync(STAMP).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

/** Builds when stale; returns whether it built. */
export async function buildWebIfStale(log: (m: string) => void = console.log): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  log('building the web app (web/dist)');
  const { build } = await import('vite');
  await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const built = await buildWebIfStale((m) => console.log(`setup: ${m}`));
  if (!built) console.log('setup: web app up to date (web/dist)');
}
