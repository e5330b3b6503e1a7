/**
 * Pages follow the ledger live. The app reads the gateway's event stream (`GET /api/v1/events`,
 * server-sent events, sent as the logged-in person so that their own institution's events come
 * too) and refreshes what is on screen when a block changes it:
 *
 * - a query whose key names a record an event names (`['process', 'tender-…']` when the event
 *   says `tender: tender-…`) is refreshed at once (after 200 ms, so one block's events give one
 *   refresh);
 * - every other query on screen (lists, counts) is refreshed at most every 10 s, so a
 *   busy network does not make every open page ask the gateway again at each block.
 *
 * The gateway sends an event only after its read models hold the block, so the refreshed answer
 * has it. A dropped stream is resumed with `Last-Event-ID`; when the gateway can no longer replay
 * what was missed (a `gap`), everything on screen is refreshed once, and so is any answer that
 * came before the stream opened.
 * The stream is read with `fetch` rather than `EventSource`, which can send no `Authorization`
 * header and needs a listener per event name.
 */
import { useEffect } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { currentBearer } from './api';
import { useSession } from './session';
import { keyNames, parseSse, RefreshPlanner } from './live-plan';

const RETRY_MIN_MS = 3_000;
const RETRY_MAX_MS = 60_000;

/** Follows the stream until `signal` aborts; reconnects with Last-Event-ID after a drop. */
async function follow(client: QueryClient, signal: AbortSignal): Promise<void> {
  const planner = new RefreshPlanner((which, ids) => {
    const predicate = which === 'named' ? (q: Query) => keyNames(q.queryKey, ids) : undefined;
    void client.invalidateQueries({ predicate, refetchType: 'active' });
  });
  signal.addEventListener('abort', () => planner.stop());
  let lastId: string | null = null;
  let retryMs = RETRY_MIN_MS;
  let first = true;
  while (!signal.aborted) {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      const bearer = currentBearer();
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      if (lastId) headers['last-event-id'] = lastId;
      const res = await fetch('/api/v1/events', { headers, signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
      // What changed between an answer already on screen and the stream's start is not in the
      // stream: those answers are asked again (usually none, the stream opens with the first page).
      if (first) {
        const openedAt = Date.now();
        void client.invalidateQueries({ predicate: (q) => q.state.dataUpdatedAt > 0 && q.state.dataUpdatedAt < openedAt, refetchType: 'active' });
      }
      first = false;
      retryMs = RETRY_MIN_MS;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const { frames, rest } = parseSse(buffer + value);
        buffer = rest;
        for (const f of frames) {
          if (f.id) lastId = f.id;
          planner.saw(f, f.event === 'gap');
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, retryMs));
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  }
}

/** Keeps the pages on screen in step with the ledger while the app is open (see the module comment). */
export function useLiveLedger(): void {
  const client = useQueryClient();
  const member = useSession()?.memberId ?? null;
  useEffect(() => {
    if (typeof window === 'undefined' || typeof TextDecoderStream === 'undefined') return;
    const ac = new AbortController();
    void follow(client, ac.signal);
    return () => ac.abort();
  }, [client, member]);
}
