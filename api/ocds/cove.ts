/**
 * libcoveocds, the OCDS data-review library of the Open Contracting Partnership, run on one of our packages —
 * offline, through `cove.py` beside this file, in the project's Python venv (installed by scripts/setup.sh).
 *
 * What is checked: the package against the OCDS 1.1.5 release or record package schema and the release schema
 * (structure, types, required fields, formats such as date-time, unique ids), the closed and open codelists of
 * 1.1.5, and libcoveocds's additional checks; all from the schema folder given (the shared data's copy by default).
 *
 * What is not: the schemas and codelists of the extensions a package declares. libcoveocds would download them;
 * offline it cannot, and lists each one in `raw.extensions.invalid_extensions` as "fetching failed" (and its URL
 * in `raw.offline.refused`). Fields an extension defines — our `bids` — are then validated by the core schema
 * only: they appear among the additional fields, and can raise no error of their own.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PROJECT_ROOT, sharedDataDir } from '../../cli/tools.js';

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cove.py');

/** The part of libcoveocds's API result that we read; the rest stays in `raw`. */
export interface CoveResult {
  version_used: string;
  validation_errors: Array<{ type: string; field: string; description: string; path: string; value: unknown }>;
  additional_closed_codelist_values: Record<string, { path: string; field: string; codelist: string; values: string[] }>;
  additional_open_codelist_values: Record<string, unknown>;
  additional_fields: Array<{ path: string; field: string; usage_count: number }>;
  additional_checks: Record<string, unknown[]>;
  extensions: { invalid_extensions: Array<[string, string]> } | null;
  offline: { standard: string; refused: string[] };
}

export interface CoveOptions {
  /** The folder of the OCDS 1.1.5 schemas and codelists; the shared data's copy by default. */
  schemaDir?: string;
  /** The Python of the venv holding libcoveocds. */
  python?: string;
}

/**
 * Runs libcoveocds on a release or record package file. `errors` are its schema validation errors and the values
 * outside a closed codelist (libcoveocds reports those apart from validation errors, but the schema forbids them).
 */
export async function runCove(packagePath: string, opts: CoveOptions = {}): Promise<{ errors: unknown[]; raw: CoveResult }> {
  const python = opts.python ?? path.join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'python');
  const schemaDir = opts.schemaDir ?? path.join(sharedDataDir(), 'ocds-schema-1.1.5');
  let stdout: string;
  try {
    ({ stdout } = await run(python, [SCRIPT, '--schema-dir', schemaDir, packagePath], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }));
  } catch (e) {
    const err = e as Error & { stderr?: string; code?: string };
    if (err.code === 'ENOENT') throw new Error(`libcoveocds needs the project's Python venv (${python}); run 'bash scripts/setup.sh'`);
    throw new Error(`libcoveocds failed on ${packagePath}: ${(err.stderr ?? err.message).trim().split('\n').slice(-1)[0]}`);
  }
  const raw = JSON.parse(stdout) as CoveResult;
  const closed = Object.values(raw.additional_closed_codelist_values).map((c) => ({ type: 'closedCodelist', field: `${c.path}/${c.field}`, description: `value not in the closed codelist ${c.codelist}`, values: c.values }));
  return { errors: [...raw.validation_errors, ...closed], raw };
}
