/**
 * Shows what will be signed (the message and its fields in words), then signs it with the
 * person's own key and follows it to its block (useSubmitTx + TxProgress). The button stays
 * disabled while there are problems, and says why.
 */
import { useId, type ReactNode } from 'react';
import { TxProgress, useSubmitTx, type TxBody, type TxResult } from '../../../lib/ledger/submit';
import { useLang } from '../../../lib/i18n';
import { useTxFeed } from './TxFeed';

export interface SignActionProps {
  /** The ledger message type, e.g. `contract.sign`. */
  type: string;
  /** The body to sign, or null while the form is not complete. */
  body: TxBody | null;
  /** What the person is agreeing to, in words. */
  summary: Array<[string, ReactNode]>;
  label: string;
  /** Why it cannot be signed yet (shown next to the disabled button). */
  blocked?: string | null;
  danger?: boolean;
  onDone?: (r: TxResult) => void;
  /** Called when the person signs (before the network answers): a parent keeps the action on screen. */
  onStart?: () => void;
  /** Extra content between the summary and the button (a confirmation box). */
  children?: ReactNode;
}

export function SignAction({ type, body, summary, label, blocked, danger, onDone, onStart, children }: SignActionProps) {
  const { t } = useLang();
  const tx = useSubmitTx();
  const feed = useTxFeed();
  const hint = useId();
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const disabled = busy || body === null || !!blocked || tx.phase === 'done';
  return (
    <div className={danger ? 'cw-sign cw-sign--danger' : 'cw-sign'} data-sign-for={type}>
      <p className="cw-sign__what">{t('contractWork.sign.what', { type })}</p>
      <dl className="cw-summary">
        {summary.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {children}
      <div className="cw-sign__row">
        <button
          type="button"
          className={danger ? 'button cw-button--danger' : 'button'}
          data-sign={type}
          disabled={disabled}
          aria-describedby={blocked ? hint : undefined}
          onClick={() => {
            if (!body) return;
            onStart?.();
            tx.submit(type, body).then(
              (r) => {
                feed?.report(type, label, r);
                onDone?.(r);
              },
              () => undefined, // shown by TxProgress
            );
          }}
        >
          {label}
        </button>
        {blocked && !busy && tx.phase !== 'done' && (
          <span id={hint} className="field-help">
            {blocked}
          </span>
        )}
        {tx.phase === 'error' && (
          <button type="button" className="button button--secondary" onClick={tx.reset}>
            {t('contractWork.sign.again')}
          </button>
        )}
      </div>
      <TxProgress state={tx} />
    </div>
  );
}
