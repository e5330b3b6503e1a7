/**
 * What lib/live.ts decides, without a browser: reading server-sent event frames, the records an
 * event names, and when to refresh which queries.
 */
export const SOON_MS = 200;
export const BROAD_MS = 10_000;

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
}

/**
 * Splits the text received so far into complete frames (blank-line terminated, as the SSE format
 * says) and the incomplete rest. Comment lines (`: heartbeat`) and `retry:` fields are dropped; a
 * frame with no field left is not returned.
 */
export function parseSse(text: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = [];
  const blocks = text.split(/\r\n\r\n|\n\n|\r\r/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const frame: SseFrame = {};
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id' || field === 'event') frame[field] = value;
      else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    }
    if (frame.id !== undefined || frame.event !== undefined || frame.data !== undefined) frames.push(frame);
  }
  return { frames, rest };
}

/** The record ids a feed event names: the values of its attributes (tender, contract, winner, …). */
export function namedIds(frame: SseFrame): string[] {
  if (!frame.data) return [];
  try {
    const event = JSON.parse(frame.data) as { attributes?: Record<string, unknown> };
    return Object.values(event.attributes ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);
  } catch {
    return [];
  }
}

/** Whether a query's key names one of `ids` (a key part equal to one of them). */
export function keyNames(queryKey: readonly unknown[], ids: ReadonlySet<string>): boolean {
  return queryKey.some((part) => typeof part === 'string' && ids.has(part));
}

/**
 * Decides, from the frames as they come, what to refresh and when: the queries naming an event's
 * records soon, the rest of the screen at most every `broadMs`. `now` and the timers are passed in
 * so that the schedule can be tested without a browser.
 */
export class RefreshPlanner {
  private ids = new Set<string>();
  private soon: ReturnType<typeof setTimeout> | null = null;
  private broad: ReturnType<typeof setTimeout> | null = null;
  private lastBroad = -Infinity;

  constructor(
    private readonly refresh: (which: 'named' | 'all', ids: ReadonlySet<string>) => void,
    private readonly now: () => number = Date.now,
    private readonly soonMs = SOON_MS,
    private readonly broadMs = BROAD_MS,
  ) {}

  /** A feed event arrived (or a gap: `everything`). */
  saw(frame: SseFrame, everything = false): void {
    if (everything) {
      this.runBroad();
      return;
    }
    for (const id of namedIds(frame)) this.ids.add(id);
    if (this.ids.size && !this.soon)
      this.soon = setTimeout(() => {
        this.soon = null;
        const ids = this.ids;
        this.ids = new Set();
        this.refresh('named', ids);
      }, this.soonMs);
    if (!this.broad) this.broad = setTimeout(() => this.runBroad(), Math.max(this.soonMs, this.lastBroad + this.broadMs - this.now()));
  }

  private runBroad(): void {
    if (this.broad) clearTimeout(this.broad);
    this.broad = null;
    this.lastBroad = this.now();
    this.refresh('all', new Set());
  }

  stop(): void {
    if (this.soon) clearTimeout(this.soon);
    if (this.broad) clearTimeout(this.broad);
    this.soon = this.broad = null;
  }
}
