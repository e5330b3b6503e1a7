#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no separate build step).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
const main = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');
const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
