/**
 * The health of each validator, as this gateway's node sees the chain: which validators signed the
 * commits of the last blocks (CometBFT `/commit`), their voting power (`/validators`), and which
 * institution runs each (the ledger's `identity/validator/<pubKey>` records). A validator that
 * signs is up; one that missed some of the window is lagging; one that signed none is down.
 * Nothing here is taken on the word of another gateway: it is what the blocks say.
 */
import type { ReadDb } from '../indexer/db.js';

/** Blocks looked at. */
export const HEALTH_WINDOW = 20;
/** Answers are reused this long: every page view of /jaringan would otherwise ask the node 22 times. */
const CACHE_MS = 3_000;

export interface ValidatorHealth {
  address: string;
  pubKey: string;
  power: number;
  orgId: string | null;
  orgName: string | null;
  /** Commits of the window this validator signed. */
  signed: number;
  lastSignedHeight: number | null;
  state: 'up' | 'lagging' | 'down';
}

export interface NetworkHealth {
  height: number;
  window: number;
  /** This gateway's own node. */
  node: { moniker: string; catchingUp: boolean; peers: number; validatorAddress: string };
  validators: ValidatorHealth[];
}

async function rpc<T>(url: string, method: string, params: Record<string, string> = {}): Promise<T> {
  const q = new URLSearchParams(params).toString();
  const r = await fetch(`${url}/${method}${q ? `?${q}` : ''}`, { signal: AbortSignal.timeout(5_000) });
  if (!r.ok) throw new Error(`${method}: HTTP ${r.status}`);
  const body = (await r.json()) as { result?: T; error?: { message: string; data?: string } };
  if (!body.result) throw new Error(`${method}: ${body.error?.data ?? body.error?.message ?? 'no result'}`);
  return body.result;
}

export class NetworkMonitor {
  private cached: { at: number; value: Promise<NetworkHealth> } | null = null;

  constructor(
    private readonly rpcUrl: string,
    private readonly db: ReadDb,
    private readonly now: () => number = Date.now,
  ) {}

  health(): Promise<NetworkHealth> {
    if (this.cached && this.now() - this.cached.at < CACHE_MS) return this.cached.value;
    const value = this.read();
    this.cached = { at: this.now(), value };
    value.catch(() => {
      if (this.cached?.value === value) this.cached = null;
    });
    return value;
  }

  private async read(): Promise<NetworkHealth> {
    const [status, net, vals] = await Promise.all([
      rpc<{ node_info: { moniker: string }; sync_info: { latest_block_height: string; catching_up: boolean }; validator_info: { address: string } }>(this.rpcUrl, 'status'),
      rpc<{ n_peers: string }>(this.rpcUrl, 'net_info'),
      rpc<{ validators: Array<{ address: string; pub_key: { value: string }; voting_power: string }> }>(this.rpcUrl, 'validators', { per_page: '100' }),
    ]);
    const height = Number(status.sync_info.latest_block_height);
    const from = Math.max(1, height - HEALTH_WINDOW + 1);
    const heights = Array.from({ length: height - from + 1 }, (_, i) => from + i);
    // The commit of block h holds the signatures of the validators of h (flag 2 = signed for the block).
    const commits = await Promise.all(
      heights.map(async (h) => {
        const c = await rpc<{ signed_header: { commit: { signatures: Array<{ block_id_flag: number; validator_address: string }> } } }>(this.rpcUrl, 'commit', { height: String(h) });
        return { h, signers: new Set(c.signed_header.commit.signatures.filter((s) => s.block_id_flag === 2).map((s) => s.validator_address.toUpperCase())) };
      }),
    );
    const records = await this.db.selectFrom('record').select('doc').where('key', '>=', 'identity/validator/').where('key', '<', 'identity/validator0').execute();
    const orgOfKey = new Map<string, string>();
    for (const r of records) {
      const d = JSON.parse(r.doc) as { orgId: string; pubKey: string };
      orgOfKey.set(d.pubKey.toLowerCase(), d.orgId);
    }
    const orgIds = [...new Set(orgOfKey.values())];
    const names = new Map((orgIds.length ? await this.db.selectFrom('org').select(['id', 'name']).where('id', 'in', orgIds).execute() : []).map((o) => [o.id, o.name]));
    const validators = vals.validators.map((v): ValidatorHealth => {
      const key = Buffer.from(v.pub_key.value, 'base64');
      const address = v.address.toUpperCase();
      const signedAt = commits.filter((c) => c.signers.has(address)).map((c) => c.h);
      const orgId = orgOfKey.get(key.toString('hex')) ?? null;
      const signed = signedAt.length;
      return {
        address,
        pubKey: v.pub_key.value,
        power: Number(v.voting_power),
        orgId,
        orgName: orgId ? (names.get(orgId) ?? null) : null,
        signed,
        lastSignedHeight: signed ? Math.max(...signedAt) : null,
        state: signed === 0 ? 'down' : signed >= Math.ceil(commits.length * 0.9) ? 'up' : 'lagging',
      };
    });
    return {
      height,
      window: commits.length,
      node: { moniker: status.node_info.moniker, catchingUp: status.sync_info.catching_up, peers: Number(net.n_peers), validatorAddress: status.validator_info.address.toUpperCase() },
      validators,
    };
  }
}
