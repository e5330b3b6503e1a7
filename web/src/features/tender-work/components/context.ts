/** What every section of the tender workspace page reads. */
import type { Session } from '../../../lib/session';
import type { Schemas } from '../../../lib/api';
import type { Duty, WorkBid, WorkTender } from '../model';

export interface WorkContext {
  detail: Schemas['ProcessDetail'];
  tender: WorkTender;
  bids: WorkBid[];
  me: Session;
  /** Ledger time now. */
  now: number;
  duties: Duty[];
  orgName(id: string): string;
  memberName(id: string): string;
}
