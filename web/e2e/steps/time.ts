/**
 * The ledger calendar of an end-to-end world, moved by the founding institutions' governance vote
 * (`identity.propose` / `identity.approve` `{kind: 'set_time_scale'}`, ledger/modules/identity):
 * a test passes a bid deadline or a sanggah window in seconds, then sets the calendar back to real
 * time so that people in the browser have the time they need. Signed in Node by the founders'
 * admins, whose keys the world keeps.
 */
import { loadKeys } from '../../../cli/keyfile.js';
import { NetworkPort, SignerPool } from '../../../cli/lifecycle.js';
import { DAY_MS } from '../../../ledger/calendar.js';
import type { World } from '../world.js';

const pools = new WeakMap<World, SignerPool>();

/**
 * The world's one signer pool for Node-side transactions (founders, suppliers' bids in a test):
 * one place counts each member's nonces.
 */
export function poolOf(world: World): SignerPool {
  let p = pools.get(world);
  if (!p) {
    p = new SignerPool(world.tn.net.layout.chainId, loadKeys(world.tn.net.layout.keysDir));
    pools.set(world, p);
  }
  return p;
}

/** A port through node 0 with the world's pool. */
export function portOf(world: World): NetworkPort {
  return new NetworkPort(poolOf(world), world.tn.net.rpcUrl(0));
}

/** Sets the ledger calendar's speed (1 = real time) by a vote of the founding institutions. */
export async function setTimeScale(world: World, scale: number): Promise<void> {
  const port = portOf(world);
  const cal = await port.query<{ scale: number }>('/calendar');
  if (cal.scale === scale) return;
  const founders = world.tn.net.layout.nodes.map((n) => `${n.institution.id}-admin`);
  const needed = Math.ceil((2 * founders.length) / 3);
  const proposalId = `kalender-${scale}-${Date.now().toString(36)}`;
  const must = async (member: string, type: string, body: Record<string, unknown>) => {
    const out = await port.send(member, type, body as never);
    if (out.code !== 0) throw new Error(`${type} by ${member} refused (${out.code}): ${out.log}`);
  };
  await must(founders[0]!, 'identity.propose', { proposalId, action: { kind: 'set_time_scale', scale } });
  for (const f of founders.slice(1, needed)) await must(f, 'identity.approve', { proposalId });
  const after = await port.query<{ scale: number }>('/calendar');
  if (after.scale !== scale) throw new Error(`the calendar runs at ${after.scale}, not ${scale}, after the vote`);
}

/**
 * Moves ledger time at least `days` forward: the calendar runs fast (so that the jump takes about
 * half a minute, whatever its length) until then, and is set back to real time. Returns the ledger
 * time after. The jump overshoots by the few blocks the vote back takes.
 */
export async function fastForward(world: World, days: number): Promise<number> {
  const port = portOf(world);
  const target = (await port.now()) + days * DAY_MS;
  const scale = Math.min(1_000_000, Math.max(2, Math.round((days * DAY_MS) / 30_000)));
  await setTimeScale(world, scale);
  await port.waitFor(target);
  await setTimeScale(world, 1);
  return port.now();
}

/**
 * Waits until the world's gateway has indexed every block node 0 has committed (every Node-side
 * transaction goes through node 0), so that a page opened next shows what was just signed there.
 */
export async function indexed(world: World): Promise<void> {
  const height = Math.max(poolOf(world).lastHeight, (await world.tn.net.status(0)).height);
  await world.gw.indexedTo(height, 60_000);
}
