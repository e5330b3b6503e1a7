/** OCDS for processes in the read models: ledger processes from their mirrored records, imported ones from their stored releases. */
import type { Queries } from '../../indexer/queries.js';
import type { ReadDb } from '../../indexer/db.js';
import { compileReleases, processReleases, recordPackage, releasePackage, type ProcessRecords, type Publication } from './releases.js';

type Json = Record<string, unknown>;

export class OcdsPublisher {
  constructor(
    private readonly db: ReadDb,
    private readonly queries: Queries,
    private readonly pub: Publication,
    private readonly now: () => number = Date.now,
  ) {}

  /** The records of one ledger process (a tender id), as releases.ts needs them. */
  private async records(tenderId: string): Promise<ProcessRecords | null> {
    const tender = await this.queries.recordByKey(`tender/tender/${tenderId}`);
    if (!tender) return null;
    const t = tender.doc as ProcessRecords['tender'] & { packageId: string };
    const pkg = (await this.queries.recordByKey(`plan/package/${t.packageId}`))?.doc as ProcessRecords['pkg'] | undefined;
    if (!pkg) return null;
    const docs = async (prefix: string) =>
      (await this.db.selectFrom('record').select('doc').where('key', '>=', prefix).where('key', '<', `${prefix}\uffff`).orderBy('key').execute()).map((r) => JSON.parse(r.doc) as unknown);
    const contractRow = await this.db.selectFrom('contract').select('id').where('process_id', '=', tenderId).where('source', '=', 'ledger').orderBy('id').executeTakeFirst();
    const contract = contractRow ? ((await this.queries.recordByKey(`contract/contract/${contractRow.id}`))?.doc as ProcessRecords['contract']) : null;
    const orgs = await this.db.selectFrom('org').select(['id', 'name']).execute();
    return {
      pkg,
      tender: t,
      bids: (await docs(`tender/bid/${tenderId}/`)) as ProcessRecords['bids'],
      contract: contract ?? null,
      orders: contract ? ((await docs(`execution/order/${contract.id}/`)) as ProcessRecords['orders']) : [],
      payments: contract ? ((await docs(`execution/payment/${contract.id}/`)) as ProcessRecords['payments']) : [],
      orgNames: new Map(orgs.map((o) => [o.id, o.name])),
    };
  }

  /** The releases of a process and, for an imported one, the compiled release made with its own version's merge rules. */
  private async releases(processId: string): Promise<{ releases: Json[]; compiled?: Json } | null> {
    const row = await this.db.selectFrom('process').select(['source', 'doc']).where('id', '=', processId).executeTakeFirst();
    if (!row) return null;
    if (row.source !== 'ledger') {
      const p = JSON.parse(row.doc) as { releases?: Json[]; compiledRelease?: Json };
      return { releases: p.releases ?? [], ...(p.compiledRelease ? { compiled: p.compiledRelease } : {}) };
    }
    const r = await this.records(processId);
    return r ? { releases: processReleases(r, this.pub) } : null;
  }

  async releasePackage(processId: string): Promise<object | null> {
    const rs = await this.releases(processId);
    return rs && rs.releases.length ? releasePackage(rs.releases, this.pub, this.now(), processId) : null;
  }

  async recordPackage(processId: string): Promise<object | null> {
    const rs = await this.releases(processId);
    if (!rs || !rs.releases.length) return null;
    const pkg = recordPackage(rs.releases, this.pub, this.now(), processId) as { records: Array<{ compiledRelease: unknown }> };
    if (rs.compiled && pkg.records[0]) pkg.records[0].compiledRelease = rs.compiled;
    return pkg;
  }

  /** Compiled releases of every process, ledger and imported, in id order. */
  async *bulk(): AsyncIterable<object> {
    let after = '';
    for (;;) {
      const ids = await this.db.selectFrom('process').select('id').where('id', '>', after).orderBy('id').limit(200).execute();
      if (!ids.length) return;
      for (const { id } of ids) {
        const rs = await this.releases(id);
        if (rs && rs.releases.length) yield rs.compiled ?? compileReleases(rs.releases);
      }
      after = ids[ids.length - 1]!.id;
    }
  }
}
