/**
 * The event feed: one `FeedEvent` per ledger event, in ledger order, as the indexer emits them
 * from committed blocks. The in-process hub (`hub.ts`), the SSE stream and the webhooks
 * (`webhooks.ts`) all carry this one shape, and they all decide who may see an event with the
 * two functions below.
 */

import type { FeedEvent } from '../../indexer/feed.js';
export type { FeedEvent };

/**
 * Which events a subscriber receives. Every field narrows; an empty filter receives everything
 * and is meant for trusted in-process consumers only. The HTTP layer always sets `orgs` (the
 * caller's institution) or `publicOnly` (anonymous callers) from the authenticated caller.
 */
export interface FeedFilter {
  /** Event types, exact (`contract.signed`) or a module prefix (`execution.*`); `*` is any. */
  types?: string[];
  /** The subscriber acts for these organizations: public events plus those concerning them. */
  orgs?: string[];
  /** Public events only. */
  publicOnly?: boolean;
}

/** An event is visible to an organization if it is public or concerns that organization. */
export function visibleTo(event: FeedEvent, orgId: string): boolean {
  return event.public || event.orgs.includes(orgId);
}

/** Whether `type` is named by one of `patterns` (exact, `module.*`, or `*`). */
export function typeMatches(type: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** Whether a subscriber with this filter receives the event. */
export function matchesFilter(event: FeedEvent, filter: FeedFilter): boolean {
  if (filter.types !== undefined && !typeMatches(event.type, filter.types)) return false;
  if (filter.publicOnly && !event.public) return false;
  if (filter.orgs !== undefined && !filter.orgs.some((org) => visibleTo(event, org))) return false;
  return true;
}
