/**
 * Processes imported from outside the ledger (OCDS publications, the SPSE export) as rows of the
 * same read models, marked by `source` and ids starting `ext:`. They are searchable and listed with
 * ledger processes, exported again as OCDS from the releases they came with, and never touched by
 * an indexer rebuild.
 */
import type { ExternalProcess } from '../api/ocds/import.js';
import type { ReadDb } from './db.js';
import { tokens } from './search.js';
import { newListsGeneration } from './list-index.js';
import { maskDeep } from '../api/ops/mask.js';

/** Integer part of a decimal string, for the value filters (the exact amount stays in the row's document). */
function valueOf(amount: string | undefined): number | null {
  if (!amount) return null;
  const n = Number(amount.split('.')[0]);
  return Number.isSafeInteger(n) ? n : null;
}

export function externalId(p: Pick<ExternalProcess, 'source' | 'ocid'>): string {
  return `ext:${p.source}:${p.ocid}`;
}

/** Inserts or replaces imported processes (and their contracts); returns how many were written. */
export async function storeExternal(db: ReadDb, imported: ExternalProcess[], onProgress?: (done: number, total: number) => void): Promise<number> {
  // Published data can carry NIKs and personal NPWPs (BIRMS supplier ids are tax numbers): they are
  // masked before anything is stored, so no answer or export of the gateway can show them.
  const processes = imported.map((p) => maskDeep(p));
  let done = 0;
  for (let i = 0; i < processes.length; i += 100) {
    const batch = processes.slice(i, i + 100);
    await db.transaction().execute(async (trx) => {
      for (const p of batch) {
        const id = externalId(p);
        const suppliers = p.suppliers.map((s) => s.name);
        const row = {
          id,
          source: p.source,
          ocid: p.ocid,
          package_id: null,
          buyer_org: null,
          buyer_name: p.buyer.name,
          title: p.title,
          method: p.method ?? '',
          category: p.category ?? '',
          status: p.status,
          value: valueOf(p.valueAmount),
          currency: p.currency,
          tender_start: p.tenderStart ?? null,
          tender_end: p.tenderEnd ?? null,
          suppliers: suppliers.length ? `|${suppliers.join('|')}|` : '',
          updated_height: 0,
          doc: JSON.stringify(p),
        };
        await trx.insertInto('process').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        await trx.deleteFrom('search_token').where('kind', '=', 'process').where('id', '=', id).execute();
        const pt = tokens([p.title, p.buyer.name, p.ocid, ...suppliers].join(' ')).map((token) => ({ token, kind: 'process', id }));
        if (pt.length) await trx.insertInto('search_token').values(pt).onConflict((oc) => oc.doNothing()).execute();
        for (const c of p.contracts) {
          const cid = `${id}:${c.id}`;
          const award = p.awards.find((a) => a.id === c.awardId);
          const supplierName = award?.supplierNames.join(', ') ?? suppliers.join(', ');
          const crow = {
            id: cid,
            source: p.source,
            process_id: id,
            buyer_org: null,
            buyer_name: p.buyer.name,
            supplier_org: null,
            supplier_name: supplierName,
            title: c.title ?? p.title,
            category: p.category ?? '',
            method: p.method ?? '',
            status: c.status ?? '',
            value: valueOf(c.amount),
            currency: c.currency ?? p.currency,
            signed_at: c.signed ?? null,
            ends_at: null,
            updated_height: 0,
            doc: JSON.stringify({ ...c, ocid: p.ocid, source: p.source }),
          };
          await trx.insertInto('contract').values(crow).onConflict((oc) => oc.column('id').doUpdateSet(crow)).execute();
          await trx.deleteFrom('search_token').where('kind', '=', 'contract').where('id', '=', cid).execute();
          const ct = tokens([crow.title, p.buyer.name, supplierName, p.ocid].join(' ')).map((token) => ({ token, kind: 'contract', id: cid }));
          if (ct.length) await trx.insertInto('search_token').values(ct).onConflict((oc) => oc.doNothing()).execute();
        }
      }
      // Not a block: lists held in memory read everything again (indexer/list-index.ts).
      const g = newListsGeneration();
      await trx.insertInto('meta').values(g).onConflict((oc) => oc.column('name').doUpdateSet({ value: g.value })).execute();
    });
    done += batch.length;
    onProgress?.(done, processes.length);
  }
  return done;
}
