/**
 * How the app follows the ledger live (web/src/lib/live-plan.ts): the event stream read as the
 * gateway writes it (api/events/hub.ts's frames, cut anywhere by the network), the records an
 * event names, and when which queries are refreshed.
 */
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { sseFrame, GAP_EVENT } from '../api/events/hub.js';
import type { FeedEvent } from '../indexer/feed.js';
import { BROAD_MS, keyNames, namedIds, parseSse, RefreshPlanner, SOON_MS, type SseFrame } from './src/lib/live-plan.js';

const event = (seq: number, type: string, attributes: Record<string, string>): FeedEvent => ({ seq, height: 10 + seq, txIndex: 0, txHash: 'ab'.repeat(32), time: '2026-11-30T01:00:00.000Z', type, attributes, orgs: [], public: true });

test("the gateway's frames read back whole, however the stream is cut", () => {
  const events = [event(1, 'tender.awarded', { tender: 'tender-gedung', winner: 'cv-a', price: '2300000000' }), event(2, 'contract.signed', { contract: 'kontrak-1' })];
  const wire = `retry: 3000\n\n${sseFrame(events[0]!)}: heartbeat\n\n${sseFrame(events[1]!)}event: ${GAP_EVENT}\ndata: {"afterSeq":2,"missedThroughSeq":9}\n\n`;
  for (let cut = 1; cut < wire.length; cut += 7) {
    const got: SseFrame[] = [];
    let buffer = '';
    for (const chunk of [wire.slice(0, cut), wire.slice(cut)]) {
      const { frames, rest } = parseSse(buffer + chunk);
      buffer = rest;
      got.push(...frames);
    }
    assert.equal(buffer, '', `nothing left over (cut at ${cut})`);
    assert.deepEqual(
      got.map((f) => [f.id, f.event]),
      [
        ['1', 'tender.awarded'],
        ['2', 'contract.signed'],
        [undefined, 'gap'],
      ],
      `cut at ${cut}`,
    );
    assert.deepEqual(JSON.parse(got[0]!.data!), events[0]);
  }
  assert.deepEqual(parseSse('id: 3\r\nevent: x\r\ndata: a\r\ndata: b\r\n\r\nid: 4').frames, [{ id: '3', event: 'x', data: 'a\nb' }], 'CRLF and multi-line data');
  assert.equal(parseSse('id: 3\r\nevent: x\r\ndata: a\r\ndata: b\r\n\r\nid: 4').rest, 'id: 4');
});

test('an event names the records in its attributes; a query is named when a part of its key is one', () => {
  const f = parseSse(sseFrame(event(5, 'tender.awarded', { tender: 'tender-gedung', winner: 'cv-a', price: '' }))).frames[0]!;
  assert.deepEqual(namedIds(f), ['tender-gedung', 'cv-a']);
  assert.deepEqual(namedIds({ event: 'x', data: 'not json' }), []);
  assert.deepEqual(namedIds({ event: 'x' }), []);
  const ids = new Set(namedIds(f));
  assert.equal(keyNames(['process', 'tender-gedung'], ids), true);
  assert.equal(keyNames(['process', 'tender-gedung', 'objections'], ids), true);
  assert.equal(keyNames(['process', 'tender-lain'], ids), false);
  assert.equal(keyNames(['supplier', 'opportunities', { q: 'tender-gedung' }], ids), false, 'only whole key parts count');
});

test('named queries are refreshed once per burst of events; the rest at most every BROAD_MS; a gap refreshes everything at once', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    const calls: Array<[string, string[], number]> = [];
    const p = new RefreshPlanner((which, ids) => calls.push([which, [...ids].sort(), Date.now()]));
    const frame = (attrs: Record<string, string>): SseFrame => ({ event: 't', data: JSON.stringify({ attributes: attrs }) });
    const t0 = Date.now();
    // One block's events arrive together: one refresh of what they name, and the screen once.
    p.saw(frame({ tender: 'a' }));
    p.saw(frame({ contract: 'b' }));
    assert.deepEqual(calls, []);
    mock.timers.tick(SOON_MS);
    assert.deepEqual(calls, [
      ['named', ['a', 'b'], t0 + SOON_MS],
      ['all', [], t0 + SOON_MS],
    ]);
    // A second block a second later: its record at once, the screen not before BROAD_MS.
    mock.timers.tick(1_000);
    p.saw(frame({ tender: 'c' }));
    mock.timers.tick(SOON_MS);
    assert.deepEqual(calls.slice(2), [['named', ['c'], t0 + 2 * SOON_MS + 1_000]]);
    p.saw(frame({ tender: 'd' }));
    mock.timers.tick(SOON_MS);
    assert.deepEqual(calls.slice(3), [['named', ['d'], t0 + 3 * SOON_MS + 1_000]]);
    // The screen: BROAD_MS after the last time, not a moment before.
    mock.timers.tick(t0 + SOON_MS + BROAD_MS - 1 - Date.now());
    assert.equal(calls.length, 4);
    mock.timers.tick(1);
    assert.deepEqual(calls.slice(4), [['all', [], t0 + SOON_MS + BROAD_MS]]);
    // Quiet: nothing more.
    mock.timers.tick(5 * BROAD_MS);
    assert.equal(calls.length, 5);
    // A gap: everything at once.
    p.saw({ event: 'gap' }, true);
    assert.deepEqual(calls.at(-1)!.slice(0, 2), ['all', []]);
    // Stopped: pending refreshes are dropped.
    p.saw(frame({ tender: 'e' }));
    p.stop();
    mock.timers.tick(BROAD_MS);
    assert.equal(calls.length, 6);
  } finally {
    mock.timers.reset();
  }
});
