/** What the indexer emits for each ledger event, in order: the API's SSE stream and webhooks carry these. */
export interface FeedEvent {
  /** Position in the feed: consecutive, the same on every rebuild from height 1. */
  seq: number;
  height: number;
  txIndex: number;
  txHash: string;
  /** Ledger time of the block, ISO 8601. */
  time: string;
  /** `<module>.<event>`, e.g. `execution.payment_order_issued`. */
  type: string;
  attributes: Record<string, string>;
  /** Organizations concerned (signer's, buyer, supplier, bidder, winner), for scoping. */
  orgs: string[];
  /** Whether everyone may read it (a sealed bid's existence is not public). */
  public: boolean;
}
