import type { StoredKey } from '../../../lib/ledger/keystore';

export function DemoSwitcher(_props: { busy: string | null; onChosen(memberId: string, key: StoredKey): Promise<void> }) {
  return null;
}
