/**
 * The web app's two catalogues (web/src/i18n/id.json, en.json) against each other and against
 * the code: the same keys, no empty value, the same placeholders, every key the code asks for
 * present, and a word for every status, method and ledger event the pages may show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CONTRACT_STATUSES, METHODS, PROCESS_STATUSES } from './src/features/search/filter.js';

type Tree = { [k: string]: string | Tree };
const here = import.meta.dirname;
const load = (lang: string) => JSON.parse(fs.readFileSync(path.join(here, 'src/i18n', `${lang}.json`), 'utf8')) as Tree;
const catalogues = { id: load('id'), en: load('en') };

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const flat = { id: flatten(catalogues.id), en: flatten(catalogues.en) };
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Keys as the code names them: plural forms collapse to their base key. */
const baseKeys = new Set([...flat.id.keys()].map((k) => k.replace(PLURAL, '')));
const hasKey = (k: string) => baseKeys.has(k);
const hasPrefix = (p: string) => [...baseKeys].some((k) => k.startsWith(p));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('api-types.ts') ? [p] : [];
  });
}

test('both catalogues have the same keys', () => {
  const id = [...flat.id.keys()].sort();
  const en = [...flat.en.keys()].sort();
  assert.deepEqual(
    id.filter((k) => !flat.en.has(k)),
    [],
    'keys in id.json missing from en.json',
  );
  assert.deepEqual(
    en.filter((k) => !flat.id.has(k)),
    [],
    'keys in en.json missing from id.json',
  );
});

test('no value is empty', () => {
  for (const [lang, m] of Object.entries(flat)) for (const [k, v] of m) assert.ok(v.trim().length > 0, `${lang}: ${k} is empty`);
});

test('each key has the same placeholders in both languages', () => {
  const names = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).filter((n) => n !== 'count').sort();
  for (const [k, v] of flat.id) assert.deepEqual(names(flat.en.get(k) ?? ''), names(v), `placeholders of ${k}: got ${names(flat.en.get(k) ?? '')} in en, want ${names(v)}`);
});

test('every key the code uses is in the catalogues', () => {
  const namespaces = new Set(Object.keys(catalogues.id));
  const missing: string[] = [];
  let literals = 0;
  let prefixes = 0;
  for (const file of sourceFiles(path.join(here, 'src'))) {
    const src = fs.readFileSync(file, 'utf8');
    const where = path.relative(here, file);
    // Any quoted 'namespace.key' in the code is a key (t('…'), and keys chosen by a condition).
    for (const m of src.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)+)'/g)) {
      const key = m[1]!;
      if (!namespaces.has(key.split('.')[0]!)) continue;
      literals++;
      if (!hasKey(key)) missing.push(`${where}: ${key}`);
    }
    // t(`namespace.${…}`): the fixed part must start some key.
    for (const m of src.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) {
      const prefix = m[1]!;
      if (!prefix) continue; // `${kind}.${status}`: the kinds are checked below
      prefixes++;
      if (!hasPrefix(prefix)) missing.push(`${where}: ${prefix}…`);
    }
  }
  assert.ok(literals > 100 && prefixes > 10, `found ${literals} keys and ${prefixes} key prefixes in web/src; the scan is broken`);
  assert.deepEqual(missing, [], 'keys used in web/src but missing from the catalogues');
});

test('every status, method and ledger event a page may show has its words', () => {
  const want: string[] = [];
  for (const s of [...CONTRACT_STATUSES, ...PROCESS_STATUSES]) want.push(`status.${s}`);
  for (const m of METHODS) want.push(`method.${m}`);
  for (const s of ['pending', 'claimed', 'verified']) want.push(`milestoneStatus.${s}`);
  for (const s of ['unpaid', 'part_paid', 'paid']) want.push(`orderStatus.${s}`);
  for (const s of ['proposed', 'approved', 'cancelled']) want.push(`amendmentStatus.${s}`);
  for (const s of ['sealed', 'opened', 'unopenable']) want.push(`bidStatus.${s}`);
  // The events of the programs whose records the public pages show, read from their source.
  const modules = path.join(here, '../ledger/modules');
  for (const mod of ['contract', 'execution', 'tender', 'sanction', 'complaint']) {
    for (const f of fs.readdirSync(path.join(modules, mod)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of fs.readFileSync(path.join(modules, mod, f), 'utf8').matchAll(/emit\(\s*'([a-z]+\.[a-z_]+)'/g)) want.push(`event.${m[1]}`);
    }
  }
  assert.ok(want.filter((k) => k.startsWith('event.')).length > 40, 'found too few ledger events; the scan is broken');
  assert.deepEqual(
    [...new Set(want)].filter((k) => !hasKey(k)),
    [],
    'words missing',
  );
});
