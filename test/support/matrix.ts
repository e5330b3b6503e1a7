/**
 * The role × action matrix: one action tried, in the state where it is otherwise valid, signed by
 * every persona of the test genesis and by a member of the public. Each try runs in a block that
 * is finalized but never committed (the store discards it), so every allowed persona can be tried
 * from the same state and the chain moves on only when the test performs the action for real.
 */
import { codeName, type CodeName } from '../../ledger/codes.js';
import type { LedgerModule } from '../../ledger/module.js';
import type { Body } from '../../ledger/tx/envelope.js';
import type { ChainPort } from './chain.js';
import { FOUNDERS, TEST_PEOPLE } from './genesis.js';

/** Someone from the public: a key of their own that belongs to no member. */
export const PUBLIC_PERSONA = 'warga-1';

/** Every member of the test genesis, then the public. */
export const PERSONAS: readonly string[] = [...FOUNDERS.map((o) => `${o}-admin`), ...TEST_PEOPLE.map((p) => p.id), PUBLIC_PERSONA];

/** The organization of a genesis member (undefined for the public). */
export function orgOf(persona: string): string | undefined {
  return TEST_PEOPLE.find((p) => p.id === persona)?.orgId ?? FOUNDERS.find((o) => persona === `${o}-admin`);
}

/**
 * Refusals that say "not this signer". A member refused for any other reason (a bad body, the
 * wrong state) would mean the row does not test what it claims, so it counts as a mismatch.
 */
const MEMBER_REFUSALS: readonly CodeName[] = ['UNAUTHORIZED', 'NOT_A_VERIFIER', 'NOT_REGISTERED'];

export interface Row {
  /** `<module>.<message>` */
  readonly type: string;
  /** The situation, when one message has several rows. */
  readonly label?: string;
  /** Exactly the personas that must be accepted; everyone else must be refused. */
  readonly allowed: readonly string[];
  /** The body each persona sends (some carry the signer's own key, shares or sealed bid). */
  readonly body: (persona: string) => Body | Promise<Body>;
}

interface RowResult {
  readonly row: Row;
  readonly accepted: string[];
  readonly refusals: Map<string, number>;
}

export interface TryOutcome {
  code: number;
  log: string;
  /** The AppHash the block would have produced. */
  appHash: string;
}

export class RoleMatrix {
  private readonly results: RowResult[] = [];
  /** Every disagreement between the expected matrix and the ledger, in words. */
  readonly mismatches: string[] = [];
  private readonly known: Set<string>;

  constructor(
    private readonly port: ChainPort,
    modules: readonly LedgerModule[],
  ) {
    this.known = new Set(modules.flatMap((m) => Object.keys(m.messages).map((k) => `${m.name}.${k}`)));
  }

  /** Runs `type` signed by `persona` in the next block, then throws the block away. */
  async tryOnce(persona: string, type: string, body: Body): Promise<TryOutcome> {
    const { chain, signers } = this.port;
    // Before the first Commit the staged block still holds genesis, which discarding would lose.
    if (chain.app.info().height === 0) throw new Error('commit a first block before trying actions');
    const tx = signers.tx(persona, type, body);
    // The block is never committed, so the nonce stays free whatever the outcome.
    signers.unuse(persona);
    const r = await chain.app.finalizeBlock({ height: chain.height + 1, timeMs: chain.timeMs + 5_000, txs: [tx] });
    await chain.app.store.discardBlock();
    const t = r.txResults[0]!;
    return { code: t.code, log: t.log, appHash: Buffer.from(r.appHash).toString('hex') };
  }

  /** Tries the row's action as every persona and records where the ledger disagrees with `allowed`. */
  async check(row: Row): Promise<void> {
    if (!this.known.has(row.type)) throw new Error(`matrix row for unknown message ${row.type}`);
    for (const a of row.allowed) if (!PERSONAS.includes(a)) throw new Error(`${row.type}: ${a} is not a persona`);
    const chain = this.port.chain;
    const committed = chain.appHash();
    const name = row.label ? `${row.type} (${row.label})` : row.type;
    const result: RowResult = { row, accepted: [], refusals: new Map() };
    for (const persona of PERSONAS) {
      const out = await this.tryOnce(persona, row.type, await row.body(persona));
      const code = codeName(out.code) ?? String(out.code);
      const expectAllowed = row.allowed.includes(persona);
      if (out.code === 0) {
        result.accepted.push(persona);
        if (!expectAllowed) this.mismatches.push(`${name}: ${persona} expected refused, actual accepted`);
        // An accepted transaction at least uses its signer's nonce.
        else if (out.appHash === committed) this.mismatches.push(`${name}: ${persona} accepted but the AppHash did not move`);
        continue;
      }
      result.refusals.set(code, (result.refusals.get(code) ?? 0) + 1);
      if (expectAllowed) {
        this.mismatches.push(`${name}: ${persona} expected accepted, actual ${code} (${out.log})`);
        continue;
      }
      const fitting: readonly string[] = persona === PUBLIC_PERSONA ? ['UNKNOWN_SIGNER'] : MEMBER_REFUSALS;
      if (!fitting.includes(code)) this.mismatches.push(`${name}: ${persona} refused with ${code}, expected ${fitting.join(' or ')} (${out.log})`);
      // A refused transaction leaves state exactly as it was (decision 0004): the same AppHash.
      if (out.appHash !== committed) this.mismatches.push(`${name}: ${persona} refused with ${code} but the block's AppHash changed`);
    }
    if (chain.appHash() !== committed) throw new Error(`${name}: the tries changed the committed AppHash`);
    this.results.push(result);
  }

  /** The messages of `modules` that no row has tried. */
  uncovered(): string[] {
    const tried = new Set(this.results.map((r) => r.row.type));
    return [...this.known].filter((t) => !tried.has(t));
  }

  /** One line per row: who was accepted, and the refusals by code; then the refusals in total. */
  summary(): string {
    const total = new Map<string, number>();
    const width = Math.max(...this.results.map((r) => r.row.type.length + (r.row.label ? r.row.label.length + 3 : 0)));
    const lines = this.results.map(({ row, accepted, refusals }) => {
      for (const [code, n] of refusals) total.set(code, (total.get(code) ?? 0) + n);
      const name = (row.label ? `${row.type} (${row.label})` : row.type).padEnd(width);
      const who = accepted.length === PERSONAS.length ? 'everyone' : accepted.length ? accepted.join(', ') : 'nobody';
      return `${name}  ok: ${who}  |  refused: ${refusals.size ? [...refusals].map(([c, n]) => `${c}×${n}`).join(' ') : 'nobody'}`;
    });
    const tries = this.results.length * PERSONAS.length;
    return [
      `role × action matrix: ${this.results.length} rows × ${PERSONAS.length} personas = ${tries} tries`,
      ...lines,
      `refusals in total: ${[...total].map(([c, n]) => `${c}×${n}`).join(' ')}`,
      ...(this.mismatches.length ? ['MISMATCHES:', ...this.mismatches.map((m) => `  ${m}`)] : []),
    ].join('\n');
  }
}
