import { useLang } from '../../lib/i18n';

type Tone = 'neutral' | 'progress' | 'good' | 'warn' | 'bad';

/** Status words and their colour: words always, colour as a second cue. */
const TONES: Record<string, Tone> = {
  draft: 'neutral',
  created: 'neutral',
  active: 'progress',
  announced: 'progress',
  open: 'progress',
  evaluation: 'progress',
  award_pending_pa: 'progress',
  awarded: 'progress',
  sppbj: 'good',
  handover_requested: 'progress',
  maintenance: 'progress',
  closed: 'good',
  completed: 'good',
  contracted: 'good',
  paid: 'good',
  verified: 'good',
  approved: 'good',
  claimed: 'warn',
  part_paid: 'warn',
  unpaid: 'warn',
  pending: 'neutral',
  sealed: 'neutral',
  opened: 'good',
  unopenable: 'bad',
  opening: 'progress',
  proposed: 'warn',
  cancelled: 'neutral',
  failed: 'bad',
  terminated: 'bad',
};

export function StatusBadge({ status, kind = 'status' }: { status: string; kind?: 'status' | 'milestoneStatus' | 'orderStatus' | 'amendmentStatus' | 'bidStatus' }) {
  const { t } = useLang();
  const tone = TONES[status] ?? 'neutral';
  return <span className={`badge badge--${tone}`}>{t(`${kind}.${status}`, { defaultValue: status.replace(/_/g, ' ') })}</span>;
}
