/**
 * What a contract program (module) is to the application: named messages with a body schema and
 * a handler, run against a transaction branch. Modules never see ABCI, HTTP or SQL.
 */
import type { z } from 'zod';
import type { StateWriter, StateReader } from './store/store.js';

export interface EventAttribute {
  key: string;
  value: string;
  index: boolean;
}
export interface LedgerEvent {
  type: string;
  attributes: EventAttribute[];
}

/** A validator change decided on the ledger, returned to CometBFT from FinalizeBlock. */
export interface ValidatorUpdate {
  pubKey: Uint8Array; // Ed25519, 32 bytes
  power: number; // 0 removes
}

/** The member who signed the transaction, as identity state knows them. */
export interface Signer {
  memberId: string;
  orgId: string;
  roles: readonly string[];
}

export interface TxContext {
  readonly state: StateWriter;
  readonly signer: Signer;
  readonly height: number;
  /** Ledger time (ledger/calendar.ts): the block time from the header on the ledger calendar, ms since the epoch; never the wall clock. */
  readonly timeMs: number;
  /** The block time in the header itself (only the calendar needs it). */
  readonly blockTimeMs: number;
  readonly chainId: string;
  emit(type: string, attrs: Record<string, string>, indexed?: readonly string[]): void;
  updateValidator(update: ValidatorUpdate): void;
}

/** What a mempool pre-check sees: committed state, the signer, and the ledger time of the last committed block. */
export interface PrecheckView {
  readonly state: StateReader;
  readonly signer: Signer;
  readonly lastTimeMs: number;
}

export interface MessageSpec<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  handle(ctx: TxContext, body: z.infer<S>): void;
  /**
   * Refuses in CheckTx what must never even reach a block (a block keeps a refused transaction's
   * bytes for ever): e.g. a secret posted too early. The handler checks again in FinalizeBlock.
   */
  precheck?(view: PrecheckView, body: z.infer<S>): void;
}

export interface LedgerModule {
  readonly name: string;
  readonly messages: Readonly<Record<string, MessageSpec>>;
  /** Messages that anyone may sign with a key of their own, without being a member (the public). */
  readonly publicMessages?: readonly string[];
  /** Resolves read-only module queries (ABCI Query path /<module>/<name>), JSON out. */
  query?(state: StateReader, path: string[], data: Uint8Array): unknown;
}

export function defineMessage<S extends z.ZodType>(schema: S, handle: (ctx: TxContext, body: z.infer<S>) => void, precheck?: (view: PrecheckView, body: z.infer<S>) => void): MessageSpec<S> {
  return precheck ? { schema, handle, precheck } : { schema, handle };
}
